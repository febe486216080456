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
from .loading import KIND_DIRS, LINK, PROJECT_FILE, SetupError

if TYPE_CHECKING:
    from .loading import Dataset

#: The layout of a cache file; a file of another layout is ignored and replaced.
FORMAT = 2
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


def digest_of(path: Path | str) -> bytes:
    """A hash of what a run would read at ``path``: the bytes of a regular file, the target
    of a link, else what kind of thing it is (or that it is missing)."""
    try:
        # Without following a link, and without waiting on a pipe: a run reads neither.
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK)
    except OSError as exc:
        return _not_read(path, exc)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return f"special {stat.S_IFMT(st.st_mode)}".encode()
        # os.read, not a file object: about twice as fast for thousands of small files.
        raw = os.read(fd, max(st.st_size, 0) + 1)
        while len(raw) <= st.st_size:
            more = os.read(fd, 1 << 16)
            if not more:
                break
            raw += more
        return hashlib.blake2b(raw, digest_size=20).digest()
    except OSError as exc:
        return f"unreadable {exc.errno}".encode()
    finally:
        os.close(fd)


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


def _not_read(path: Path | str, exc: OSError) -> bytes:
    try:
        st = os.lstat(path)
    except OSError:
        return f"missing {exc.errno}".encode()
    if stat.S_ISLNK(st.st_mode):
        return b"link " + os.fsencode(os.readlink(path))
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
    """The cache of one dataset: what each incident file left behind in the last run
    (:class:`filewise.Unit`), by a hash of its path and bytes under the hash of everything
    else it depends on (:meth:`context_key`), and the possible duplicates found among them."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.path = folder(root) / RUN_FILE
        #: Whether :meth:`load` found a cache of this very context.
        self.loaded = False

    def context_key(self, today: date, data: Dataset, found: list[tuple[str, str]]) -> bytes:
        """The hash of everything an incident file's results depend on besides its own
        bytes: this ceasewatch, the dataset's place, the day, how each data folder is, the
        project file, every agreement and tally (and any link), the polygon files."""
        h = hashlib.blake2b(_program(), digest_size=32)
        h.update(f"{self.root.resolve()}\n{today.isoformat()}\n".encode("utf-8", "surrogateescape"))
        for name in KIND_DIRS:
            where = self.root / name
            h.update(f"{name} {where.is_symlink()} {where.is_dir()}\n".encode())
        files = [(PROJECT_FILE, "project")] + [(r, k) for k, r in found if k != "incident"]
        for rel, kind in files:
            digest = b"link" if kind == LINK else digest_of(self.root / rel)
            h.update(f"{kind} {rel}\n".encode("utf-8", "surrogateescape"))
            h.update(digest)
        for name, target, digest in _extras(self.root, data):
            h.update(f"{name} {target}\n".encode("utf-8", "surrogateescape"))
            h.update(digest)
        return h.digest()

    def load(self, key: bytes) -> tuple[dict[bytes, Any], list[tuple[bytes, bytes]]]:
        """The units stored under the context ``key`` (plain values, by each file's key)
        and the possible duplicates among them; nothing when another context wrote it."""
        try:
            raw = self.path.read_bytes()
        except OSError:
            return {}, []
        try:
            if not raw.startswith(MAGIC):
                raise ValueError("not a ceasewatch cache")
            # The user's own folder, outside every dataset (see the module's docstring);
            # marshal builds plain values only, never objects of arbitrary classes.
            fmt, version, root, stored_key, units, pairs = marshal.loads(raw[len(MAGIC) :])  # noqa: S302
            if not isinstance(units, dict) or not isinstance(pairs, list):
                raise ValueError("not a ceasewatch cache")
        except (ValueError, EOFError, TypeError):
            note(f"ignored a corrupt cache file ({self.path}); it will be rebuilt")
            return {}, []
        if fmt != FORMAT or version != __version__:
            note(f"ignored a cache written by another ceasewatch ({version}); it will be rebuilt")
            return {}, []
        if root != str(self.root.resolve()):
            note(f"ignored a cache of another dataset ({self.path}); it will be rebuilt")
            return {}, []
        if stored_key != key:
            return {}, []
        self.loaded = True
        return units, pairs

    def save(self, key: bytes, units: dict[bytes, Any], pairs: list[tuple[bytes, bytes]]) -> None:
        """Store ``units`` and ``pairs`` under ``key``, replacing the last run's; a cache
        that cannot be written is only a note."""
        try:
            blob = MAGIC + marshal.dumps(
                (FORMAT, __version__, str(self.root.resolve()), key, units, pairs)
            )
        except ValueError:
            return  # a value marshal cannot write: this run is not cached
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
