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
import itertools
import os
import shutil
import stat
import sys
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from . import __version__
from .cachefile import Stored, frame, frame_parts, load
from .files import read_fd, write_atomic
from .layout import KIND_DIRS, LINK, PROJECT_FILE, SetupError
from .stamps import Stamps

if TYPE_CHECKING:
    from .loading import Dataset
    from .quality import Entry
    from .runs import Snapshot

#: The layout of a cache file; a file of another layout is ignored and replaced.
FORMAT = 9
MAGIC = b"ceasewatch-cache\n"
#: The last run's results whole (read when no file changed), and each file's own.
RUN_FILE = "run"
UNITS_FILE = "units"
#: What each data file's bytes hashed to, by its status (:mod:`.stamps`).
STAMPS_FILE = "stamps"
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
        # its size and a byte more: a file that grew since hashes as another
        raw = read_fd(fd, max(st.st_size, 0), max(st.st_size, 0) + 1)
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
    """This ceasewatch (its version, and the size and time of each of its files) and the
    version of each library that decides results."""
    h = hashlib.blake2b(digest_size=20)
    h.update(f"{FORMAT} {__version__} {sys.version_info[:2]}".encode())
    package = os.path.dirname(os.path.abspath(__file__))
    stack, files = [package], []
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != "__pycache__":
                        stack.append(entry.path)
                elif entry.is_file():
                    st = entry.stat()
                    files.append(f"{entry.path[len(package) :]} {st.st_size} {st.st_mtime_ns}")
    h.update("\n".join(sorted(files)).encode("utf-8", "surrogateescape"))
    h.update(repr(_versions()).encode())
    return h.digest()


def _versions() -> dict[str, str]:
    """The version of each of :data:`LIBRARIES` as :mod:`importlib.metadata` would give it
    (the first folder on the path that has it installed), from the folders' listings: a
    tenth of the time, importing that module apart."""
    wanted = {_normal(name): name for name in LIBRARIES}
    out = dict.fromkeys(LIBRARIES, "none")
    found: set[str] = set()
    for folder_ in sys.path:
        try:
            names = os.listdir(folder_ or ".")
        except OSError:
            continue
        for entry in names:
            stem, dot, suffix = entry.rpartition(".")
            if not dot or suffix not in ("dist-info", "egg-info"):
                continue
            name, _, version = stem.partition("-")
            key = _normal(name)
            if key in wanted and key not in found:
                found.add(key)
                out[wanted[key]] = version
    return out


def _normal(name: str) -> str:
    return name.lower().replace("-", "_").replace(".", "_")


class Store:
    """The cache of one dataset: what each incident file left behind in the last run
    (:class:`cachecodec.Unit`), by a hash of its path and bytes under the hash of everything
    else it depends on (:meth:`context_key`), and the possible duplicates found among them."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.path = folder(root) / UNITS_FILE
        self.run_path = folder(root) / RUN_FILE
        self.stamps_path = folder(root) / STAMPS_FILE
        self._stamps: Stamps | None = None
        #: Whether :meth:`load` found a cache of this very context.
        self.loaded = False
        #: Each data file's digest, as :meth:`run_key` read them.
        self.digests: dict[str, bytes] = {}
        #: The units file :meth:`load` read.
        self._stored = Stored()

    def run_key(self, today: date, found: list[tuple[str, str]]) -> bytes:
        """The hash of everything a whole run depends on: this ceasewatch, the dataset's
        place, the day, how each data folder is, every data file's path and bytes (the
        polygon files apart: the project file names them, and :meth:`read_run` checks them)."""
        return self._hash(today, found, [])

    def _hash(
        self,
        today: date,
        found: list[tuple[str, str]],
        extras: list[tuple[str, str, bytes]],
    ) -> bytes:
        """The hash of this ceasewatch, the dataset's place, the day, how each data folder
        is, the project file and ``found`` (each path and digest: read once a run, kept in
        :attr:`digests`), and ``extras`` (polygon files: name, where it leads, digest)."""
        h = hashlib.blake2b(_program(), digest_size=32)
        h.update(f"{self.root.resolve()}\n{today.isoformat()}\n".encode("utf-8", "surrogateescape"))
        for name in KIND_DIRS:
            where = self.root / name
            h.update(f"{name} {where.is_symlink()} {where.is_dir()}\n".encode())
        base = str(self.root) + "/"
        for rel, kind in [(PROJECT_FILE, "project")] + [(r, k) for k, r in found]:
            digest = self.digests.get(rel)
            if digest is None:
                stamps = self.stamps()  # read only when a file is not hashed yet
                digest = b"link" if kind == LINK else stamps.digest(base + rel, rel, digest_of)
                self.digests[rel] = digest
            h.update(f"{kind} {rel}\n".encode("utf-8", "surrogateescape"))
            h.update(digest)
        for name, target, digest in extras:
            h.update(f"{name} {target}\n".encode("utf-8", "surrogateescape"))
            h.update(digest)
        return h.digest()

    def stamps(self) -> Stamps:
        """The files' stamps the last run left (none if its file is missing or damaged)."""
        if self._stamps is None:
            started, known = 0, {}
            fh = self._open(self.stamps_path, STAMPS_FILE.encode())
            if fh is not None:
                with fh:
                    try:
                        started, known = load(fh)
                        if not isinstance(started, int) or not isinstance(known, dict):
                            raise TypeError("not stamps")
                    except (ValueError, EOFError, TypeError):
                        where = self.stamps_path
                        note(f"ignored a corrupt cache file ({where}); it will be rebuilt")
                        started, known = 0, {}
            self._stamps = Stamps(started, known)
        return self._stamps

    def save_stamps(self) -> None:
        """Leave this run's stamps for the next, if they differ from the last run's, and let
        them go: once every file is hashed (:meth:`run_key`), this run needs them no more."""
        stamps = self._stamps
        if stamps is not None:
            if stamps.changed:
                self._write(self.stamps_path, STAMPS_FILE.encode(), [(stamps.now, stamps.next)])
            self._stamps = Stamps(stamps.now, {})

    def read_run(self, key: bytes, evaluate: bool) -> Snapshot | None:
        """The last run's snapshot if it was made under ``key`` (with findings, when
        ``evaluate``), else None."""
        fh = self._open(self.run_path, key)
        if fh is None:
            return None
        from . import cacherun

        with fh:
            try:
                return cacherun.to_snapshot(self, fh, evaluate)
            except (ValueError, TypeError, KeyError, IndexError, AttributeError, EOFError):
                note(f"ignored a corrupt cache file ({self.run_path}); it will be rebuilt")
                return None

    def write_run(
        self,
        key: bytes,
        snap: Snapshot,
        data: Dataset,
        entries: list[Entry],
        memo: dict[Any, Any],
    ) -> None:
        """Store a whole run's snapshot under ``key`` (``entries``: each incident's;
        ``memo``: see :func:`cacherun.run_records`), its findings and spans a chunk at a
        time as they are encoded."""
        from . import cacherun
        from .cachecodec import Uncacheable

        records = cacherun.run_records(self, snap, data, entries, memo)
        try:
            self._write(self.run_path, key, records)
        except Uncacheable:
            return

    def context_key(self, today: date, data: Dataset, found: list[tuple[str, str]]) -> bytes:
        """The hash of everything an incident file's results depend on besides its own
        bytes: this ceasewatch, the dataset's place, the day, how each data folder is, the
        project file, every agreement and tally (and any link), the polygon files."""
        shared = [(k, r) for k, r in found if k != "incident"]
        return self._hash(today, shared, extras(self.root, data))

    def load(self, key: bytes) -> tuple[dict[bytes, int], list[tuple[bytes, bytes]]]:
        """The units stored under the context ``key`` (where each lies in the file, by each
        file's key; :meth:`take` hands out each blob once) and the possible duplicates among
        them; nothing when another context wrote it. The file stays open until
        :meth:`close`: :meth:`save` copies the units a run keeps from it."""
        fh = self._open(self.path, key)
        if fh is None:
            return {}, []
        try:
            pairs = self._stored.read(fh)
        except (ValueError, EOFError, TypeError):
            note(f"ignored a corrupt cache file ({self.path}); it will be rebuilt")
            return {}, []
        self.loaded = True
        return self._stored.where, pairs

    def take(self, key: bytes) -> bytes:
        """The blob of the unit :meth:`load` found under ``key`` (see :class:`Stored`)."""
        return self._stored.take(key)

    def save(
        self,
        key: bytes,
        units: Iterable[tuple[bytes, bytes | None]],
        pairs: list[tuple[bytes, bytes]],
    ) -> None:
        """Store ``units`` ((key, blob) pairs, written one at a time as they come; a blob of
        None: the unit :meth:`load` found under that key, copied as it lies in its file)
        and ``pairs`` under ``key``, replacing the last run's."""
        # framed as written (inside _write's guard): a record marshal refuses is only a note
        chunks = itertools.chain((frame(p) for p in [pairs]), self._stored.framed(units))
        self._write(self.path, key, chunks, framed=True)

    def close(self) -> None:
        """Let go of the units file :meth:`load` opened."""
        self._stored.close()

    def _open(self, path: Path, key: bytes) -> BinaryIO | None:
        """``path`` open after its header, if it was written under ``key`` by this
        ceasewatch for this dataset; else None (with a note on stderr when the file is
        damaged, another ceasewatch's or another dataset's)."""
        try:
            fh = open(path, "rb")  # noqa: SIM115 - returned open, closed by the caller
        except OSError:
            return None
        try:
            if fh.read(len(MAGIC)) != MAGIC:
                raise ValueError("not a ceasewatch cache")
            fmt, version, root, stored_key = load(fh)
        except (ValueError, EOFError, TypeError):
            fh.close()
            note(f"ignored a corrupt cache file ({path}); it will be rebuilt")
            return None
        problem = None
        if fmt != FORMAT or version != __version__:
            problem = f"ignored a cache written by another ceasewatch ({version})"
        elif root != str(self.root.resolve()):
            problem = f"ignored a cache of another dataset ({path})"
        if problem is not None or stored_key != key:
            fh.close()
            if problem is not None:
                note(f"{problem}; it will be rebuilt")
            return None
        return fh

    def _write(
        self, path: Path, key: bytes, records: Iterable[Any], *, framed: bool = False
    ) -> None:
        """Store ``records`` under ``key`` at ``path``, one ``marshal`` record after the
        other (never the whole file in memory; ``framed``: each is bytes framed already),
        whole or not at all; a cache that cannot be written is only a note."""
        header = (FORMAT, __version__, str(self.root.resolve()), key)
        chunks = itertools.chain(
            [MAGIC, frame(header)],
            records if framed else itertools.chain.from_iterable(map(frame_parts, records)),
            [frame(None)],
        )
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, chunks, replace=True)
        except ValueError:
            return  # a value marshal cannot write: this run is not cached
        except OSError as exc:
            note(f"cannot write the cache ({path}): {exc.strerror}")


def note(message: str) -> None:
    """A note on stderr: the cache is a convenience, never a reason to fail."""
    print(f"ceasewatch: note: {message}", file=sys.stderr)


def extras(root: Path, data: Dataset) -> list[tuple[str, str, bytes]]:
    """The polygon files the project names: (name, where it leads, digest)."""
    out = []
    if data.project is not None:
        for area in data.project.model.areas.values():
            if isinstance(area.polygon, str):
                target = str((root / area.polygon).resolve())
                out.append((area.polygon, target, digest_of(root / area.polygon)))
    return out
