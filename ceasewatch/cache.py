"""The cache: a run's diagnostics and findings, reused while nothing they depend on changes.

Its key is a hash of everything a run reads or depends on: every data file's path and
bytes (the project file, agreements, incidents, tallies, the polygon files the project
names), how each data folder is (a real folder or a link), this ceasewatch (its version and
the size and time of each of its files, so an edited checkout counts as another program),
the libraries that decide results (time zones, outlines, the schema), and the day checked
against. Any change gives another key, and the run is done afresh: the cache cannot give
the results of other data.

It lives in the user's cache folder (``$XDG_CACHE_HOME/ceasewatch``, else
``~/.cache/ceasewatch``), one folder per dataset (by a hash of its absolute path), never
inside the dataset: data files come from strangers' pull requests, and a cache a pull
request could commit would be read by the next run. It is written whole or not at all; a
file that is corrupt, of another format or of another dataset is ignored (with a note on
stderr) and replaced.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import shutil
import stat
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .files import write_atomic
from .loading import KIND_DIRS, LINK, PROJECT_FILE, SetupError, discover

if TYPE_CHECKING:
    from .loading import Dataset
    from .runs import Snapshot

#: The layout of a cache file; a file of another layout is ignored and replaced.
FORMAT = 1
MAGIC = b"ceasewatch-cache\n"
RUN_FILE = "run"
#: The libraries whose version can change a result.
LIBRARIES = ("pydantic", "pydantic-core", "shapely", "countryinfo", "pycountry", "tzdata", "PyYAML")


class Changed(SetupError):
    """A file changed while a run read from the cache was being reported on."""


def base() -> Path:
    """The folder of every dataset's cache."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    home = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return home / "ceasewatch"


def folder(root: Path) -> Path:
    """The cache folder of the dataset at ``root``."""
    name = hashlib.sha256(str(root.resolve()).encode("utf-8", "surrogateescape")).hexdigest()
    return base() / name[:32]


def clear(root: Path) -> bool:
    """Remove the cache of the dataset at ``root``; whether there was one."""
    where = folder(root)
    if not where.exists():
        return False
    shutil.rmtree(where)
    return True


def digest_of(path: Path) -> bytes:
    """A hash of what a run would read at ``path``: the bytes of a regular file, the target
    of a link, else what kind of thing it is (or that it is missing)."""
    try:
        st = os.lstat(path)
    except OSError as exc:
        return f"missing {exc.errno}".encode()
    if stat.S_ISLNK(st.st_mode):
        return b"link " + os.fsencode(os.readlink(path))
    if not stat.S_ISREG(st.st_mode):
        return f"special {stat.S_IFMT(st.st_mode)}".encode()
    try:
        with open(path, "rb") as fh:
            return hashlib.blake2b(fh.read(), digest_size=20).digest()
    except OSError as exc:
        return f"unreadable {exc.errno}".encode()


def _program() -> bytes:
    """This ceasewatch and the libraries that decide results."""
    import importlib.metadata as metadata

    h = hashlib.blake2b(digest_size=20)
    h.update(f"{FORMAT} {__version__} {sys.version_info[:2]}".encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*")):
        if "__pycache__" not in path.parts and path.is_file():
            st = path.stat()
            h.update(f"{path.relative_to(package)} {st.st_size} {st.st_mtime_ns}\n".encode())
    for name in LIBRARIES:
        try:
            h.update(f"{name} {metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name} none\n".encode())
    return h.digest()


class Store:
    """The cache of one dataset."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.path = folder(root) / RUN_FILE
        #: Each data file's digest, as :meth:`key` read them.
        self.digests: dict[str, bytes] = {}

    def key(self, today: date) -> bytes:
        """The hash of everything the run depends on (the polygon files apart: their names
        are in the project file, and :meth:`read` checks them)."""
        h = hashlib.blake2b(_program(), digest_size=32)
        h.update(f"{self.root.resolve()}\n{today.isoformat()}\n".encode("utf-8", "surrogateescape"))
        for name in KIND_DIRS:
            where = self.root / name
            h.update(f"{name} {where.is_symlink()} {where.is_dir()}\n".encode())
        files = [(PROJECT_FILE, "project")] + [(rel, kind) for kind, rel in discover(self.root)]
        for rel, kind in files:
            digest = b"link" if kind == LINK else digest_of(self.root / rel)
            self.digests[rel] = digest
            h.update(f"{kind} {rel}\n".encode("utf-8", "surrogateescape"))
            h.update(digest)
        return h.digest()

    def read(self, key: bytes, evaluate: bool) -> Snapshot | None:
        """The snapshot stored for ``key`` (with findings, when ``evaluate``), else None."""
        try:
            raw = self.path.read_bytes()
        except OSError:
            return None
        try:
            if not raw.startswith(MAGIC):
                raise ValueError("not a ceasewatch cache")
            # The user's own folder, outside every dataset (see the module's docstring);
            # marshal builds plain values only, never objects of arbitrary classes.
            fmt, version, root, stored_key, payload = marshal.loads(raw[len(MAGIC) :])  # noqa: S302
        except (ValueError, EOFError, TypeError):
            note(f"ignored a corrupt cache file ({self.path}); it will be rebuilt")
            return None
        if fmt != FORMAT or version != __version__:
            note(f"ignored a cache written by another ceasewatch ({version}); it will be rebuilt")
            return None
        if root != str(self.root.resolve()):
            note(f"ignored a cache of another dataset ({self.path}); it will be rebuilt")
            return None
        if stored_key != key:
            return None
        try:
            return _decode(self, payload, evaluate)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError):
            note(f"ignored a corrupt cache file ({self.path}); it will be rebuilt")
            return None

    def write(self, key: bytes, snap: Snapshot, data: Dataset) -> None:
        """Store ``snap`` under ``key``; a cache that cannot be written is only a note."""
        from . import cachecodec as codec

        try:
            payload = _encode(self, snap, data)
            blob = MAGIC + marshal.dumps(
                (FORMAT, __version__, str(self.root.resolve()), key, payload)
            )
        except (codec.Uncacheable, ValueError):
            return  # a value the codec cannot write exactly: this run is not cached
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, blob, replace=True)
        except OSError as exc:
            note(f"cannot write the cache ({self.path}): {exc.strerror}")


def note(message: str) -> None:
    """A note on stderr: the cache is a convenience, never a reason to fail."""
    print(f"ceasewatch: note: {message}", file=sys.stderr)


def _extras(root: Path, data: Dataset) -> list[tuple[str, str, bytes]]:
    """The polygon files the project names: (name, where it leads, digest)."""
    out = []
    if data.project is not None:
        for area in data.project.model.areas.values():
            if isinstance(area.polygon, str):
                target = str((root / area.polygon).resolve())
                out.append((area.polygon, target, digest_of(root / area.polygon)))
    return out


def _encode(store: Store, snap: Snapshot, data: Dataset) -> dict[str, Any]:
    from . import cachecodec as codec

    result = snap.result
    return {
        "extras": _extras(store.root, data),
        "files": snap.files,
        "diagnostics": [codec.diagnostic(d) for d in snap.diagnostics],
        "reviewed": [(codec.diagnostic(d), n) for d, n in snap.reviewed],
        "zone": snap.zone_name,
        "parties": snap.parties,
        "sources": snap.sources,
        "agreement_ids": snap.agreement_ids,
        "term_ids": snap.term_ids,
        "agreements": [(a.model.id, a.file) for a in data.agreements],
        "incidents": [(i.model.id, i.file) for i in data.incidents],
        "spans": {k: codec.span(v) for k, v in snap.spans().items()},
        "findings": None if result is None else [codec.finding(f) for f in result.findings],
        "unattributed": None if result is None else [codec.finding(f) for f in result.unattributed],
    }


def _decode(store: Store, payload: dict[str, Any], evaluate: bool) -> Snapshot | None:
    from . import cachecodec as codec
    from .engine import Result
    from .runs import Snapshot, file_models

    for name, target, digest in payload["extras"]:
        if str((store.root / name).resolve()) != target or digest_of(store.root / name) != digest:
            return None
    if evaluate and payload["findings"] is None:
        return None
    result = None
    if evaluate:
        result = Result(
            [codec.to_finding(f) for f in payload["findings"]],
            [codec.to_finding(f) for f in payload["unattributed"]],
        )
    spans = payload["spans"]
    return Snapshot(
        files=payload["files"],
        diagnostics=[codec.to_diagnostic(d) for d in payload["diagnostics"]],
        reviewed=[(codec.to_diagnostic(d), n) for d, n in payload["reviewed"]],
        zone_name=payload["zone"],
        parties=payload["parties"],
        sources=payload["sources"],
        agreements=file_models(store.root, payload["agreements"], store.digests, "agreement"),
        agreement_ids=payload["agreement_ids"],
        term_ids=payload["term_ids"],
        incidents=file_models(store.root, payload["incidents"], store.digests, "incident"),
        result=result,
        spans=lambda: {k: codec.to_span(v) for k, v in spans.items()},
    )
