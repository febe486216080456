"""A run of ``check`` or ``validate``, file by file.

The project file, the agreements and the tallies are read first (a few files). Then each
incident file is read, typed, checked and evaluated on its own (a batch of files a step at
a time), and leaves behind only a :class:`Unit`: its diagnostics, its findings, and the few
facts the checks across files need (:class:`~ceasewatch.quality.Entry`). Its model is let
go as soon as its batch is done, so memory grows with what a run reports, not with the
data. Units are what the cache keeps per file (after one file changes, only that file is
read again) and what worker processes send back (each core does the whole of its files'
work). The checks across files (ids used twice, possible duplicates, URLs cited by
unrelated incidents, reviews) then run over the units.

The result is the same, byte for byte, as checking the whole dataset at once
(``api.load``): the same checks, in the same functions, on the same files.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import cache as cache_
from . import cachecodec as codec
from . import yamlsource
from .cachecodec import Unit
from .checks import check_context
from .duplicates import MAX_FRESH, known_pairs
from .engine import Result, order
from .engine.evaluation import Context
from .engine.findings import shared
from .engine.traversal import findings as incident_findings
from .identity import duplicate_ids, id_filename
from .loading import LINK, PROJECT_FILE, Dataset, Loaded, _display, _load, _load_all, discover
from .models import Incident
from .quality import Entry, across, domains_of, incident_quality, points_outside, reviews_of
from .runs import Progress, Snapshot, snapshot
from .yamlsource import Document, Mark, YamlError, decode, read_bytes, read_file

if TYPE_CHECKING:
    from .geo import Placed


class Run:
    """One run's shared part: the project, agreements and tallies, read and checked, and
    what each incident file is checked and evaluated against."""

    def __init__(
        self, root: Path, today: date, evaluate: bool, found: list[tuple[str, str]]
    ) -> None:
        self.root = root
        self._root = str(root)  # joined as text: a Path per file costs more than reading it
        self.data = _load_all(root, incidents=False, found=found)
        self.checker = check_context(self.data, today)
        project = self.data.project.model if self.data.project is not None else None
        self.zone_name = project.timezone if project is not None else None
        self.domains = domains_of(self.data)
        # Errors in the shared files stop the engine for every incident.
        clean = not any(d.severity == "error" for d in self.data.diagnostics)
        self.evaluate = evaluate and project is not None and clean
        self._context: Context | None = None
        #: The values findings repeat, kept once (see :func:`shared`).
        self.memo: dict[Any, Any] = {}
        self.keep = codec.keeper(self.memo)
        self.agreements = sorted(self.data.agreements, key=lambda a: a.model.id)
        #: Units the last run kept of files that have changed since, whose points'
        #: verdicts a changed file may reuse (only when few files changed).
        self.prior: list[Unit] = []

    @property
    def context(self) -> Context | None:
        """What the engine works out once per run (None: the run does not evaluate); built
        when the first file needs it, so a run served by the cache never builds it."""
        if self._context is None and self.evaluate:
            # brief: a unit keeps no verdicts (explain and the report evaluate afresh)
            self._context = Context(self.data, brief=True)
            for u in self.prior:
                self._context.areas.seed(u.places)
        return self._context

    def unit(self, rel: str) -> Unit:
        """Read, type, check and (when the run evaluates) evaluate one incident file."""
        return self.units([rel])[0]

    def units(self, rels: Sequence[str]) -> list[Unit]:
        """:meth:`unit` of each of ``rels``, each step taken for them all before the next:
        a step's code then stays in the processor's caches from one file to the next, where
        file by file every step evicts the others' (a fifth to a quarter less time, measured
        in docs/performance.md). Each file's own work and results are those of :meth:`unit`."""
        files = [(rel, _display(rel)) for rel in rels]
        scratches = [
            Dataset(self.root, self.data.project, self.data.agreements, tallies=self.data.tallies)
            for _ in rels
        ]
        digests: list[bytes | None] = []
        docs: list[Document | YamlError] = []
        for rel, display in files:
            digest: bytes | None = None
            try:
                raw = read_bytes(os.path.join(self._root, rel))
                digest = hashlib.blake2b(raw, digest_size=20).digest()
                docs.append(yamlsource.parse(decode(raw), display, lazy=True))
            except YamlError as exc:
                docs.append(exc)
            digests.append(digest)
        items = [
            _load(scratch, rel, rel, Incident, iter([got]))
            for scratch, (rel, _), got in zip(scratches, files, docs, strict=True)
        ]
        for scratch, item in zip(scratches, items, strict=True):
            if item is not None:
                self.checker.data = scratch
                self.checker.incident(item)
                id_filename(scratch, item, "incident")
        outlines = self.outlines([item.model if item is not None else None for item in items])
        for scratch, item, outline in zip(scratches, items, outlines, strict=True):
            if item is not None:
                incident_quality(scratch, item, self.domains, outline[1] if outline else None)
        zone_name = self.zone_name or "UTC"
        entries = [
            Entry.of(item, zone_name, self.keep) if item is not None else None for item in items
        ]
        if self.context is not None and len(rels) >= PREFILL:
            self.context.prefill(item.model for item in items if item is not None)
        together = zip(files, digests, scratches, items, entries, outlines, strict=True)
        return [
            self._evaluated(rel, display, digest, scratch, item, entry, outline)
            for (rel, display), digest, scratch, item, entry, outline in together
        ]

    def _evaluated(
        self,
        rel: str,
        display: str,
        digest: bytes | None,
        scratch: Dataset,
        item: Loaded[Incident] | None,
        entry: Entry | None,
        outline: tuple[str, bool] | None,
    ) -> Unit:
        """One file's unit, with its findings when the run evaluates (see :meth:`units`)."""
        if item is None or entry is None:
            return Unit(rel, display, digest, tuple(scratch.diagnostics), None, True)
        failed = any(d.severity == "error" for d in scratch.diagnostics)
        result = Result()
        context = self.context
        places: tuple[Placed, ...] = ()
        if context is not None and not failed:
            log = context.areas.log = []
            try:
                incident_findings(context, self.agreements, item, result)
            finally:
                context.areas.log = None
            places = tuple(dict.fromkeys(log))
        return Unit(
            rel,
            display,
            digest,
            tuple(scratch.diagnostics),
            entry,
            failed or context is not None,
            # The versions (condition by condition) are for explain and the report, which
            # evaluate afresh; let go here, they would hold every incident's reading.
            tuple(shared(f, self.memo, entry.id, entry.file) for f in result.findings),
            tuple(shared(f, self.memo, entry.id, entry.file) for f in result.unattributed),
            outline,
            places,
        )

    def outlines(self, incs: Sequence[Incident | None]) -> list[tuple[str, bool] | None]:
        """Each incident's country and whether its point lies outside it, as a unit keeps it
        (None: not known): reused from :attr:`prior` for a point they hold, the others'
        points tested together (:func:`points_outside`)."""
        out = [self._reused(inc) if inc is not None else None for inc in incs]
        fresh = [
            (i, inc)
            for i, (inc, o) in enumerate(zip(incs, out, strict=True))
            if o is None and inc is not None
        ]
        tested = points_outside([inc for _, inc in fresh])
        for (i, inc), outside in zip(fresh, tested, strict=True):
            if outside is not None and inc.location.country is not None:
                out[i] = codec.outline(inc.location.country, outside, self.memo)
        return out

    def _reused(self, inc: Incident) -> tuple[str, bool] | None:
        coords, country = inc.location.coordinates, inc.location.country
        if coords is None or country is None:
            return None
        for u in self.prior:
            o = u.outline
            if o is not None and o[0] == country and u.entry is not None:
                near = u.entry.near
                if near.lat == coords.lat and near.lon == coords.lon:
                    return o
        return None

    def locate(self, rels: dict[str, str]) -> Callable[[str, tuple[str | int, ...]], Mark]:
        """Where a value sits in an incident file whose model was let go: the file is read
        again (only for the few places a warning across files points at)."""

        def at(file: str, path: tuple[str | int, ...]) -> Mark:
            try:
                return read_file(self.root / rels[file], file).mark(path)
            except (YamlError, KeyError):
                return Mark(1, 1)  # the file changed or went since it was checked

        return at


def compute(
    root: Path,
    today: date,
    evaluate: bool,
    *,
    progress: Progress | None = None,
    jobs: int | None = None,
    store: cache_.Store | None = None,
    found: list[tuple[str, str]] | None = None,
    key: bytes | None = None,
) -> Snapshot:
    """Check (and, with ``evaluate``, evaluate) the dataset at ``root`` file by file (a
    batch at a time, see :meth:`Run.units`), with
    ``jobs`` processes, reusing the units ``store`` holds for files that did not change
    (``found`` and ``key``: the files and the run's key, when the caller has them; the
    store's digests are then those of this run)."""
    if found is None:
        found = discover(root)
    run = Run(root, today, evaluate, found)
    rels = [rel for kind, rel in found if kind == "incident"]
    known: dict[bytes, int] = {}
    old_pairs: list[tuple[bytes, bytes]] = []
    context_key = b""
    if store is not None:
        context_key = store.context_key(today, run.data, found)
        known, old_pairs = store.load(context_key)
    # Not a copy (a hundred thousand entries): files that changed since they were hashed
    # are listed in `moved` instead.
    digests = store.digests if store is not None else {}
    moved: set[str] = set()
    take = store.take if store is not None else None
    units, keys, fresh = _units(run, rels, known, take, context_key, jobs, progress, digests, moved)
    if progress is not None:
        progress("across", 0, 1)
    data = run.data
    data.files = [PROJECT_FILE] + [_display(rel) for kind, rel in found if kind != LINK]
    entries = [u.entry for u in units if u.entry is not None]
    keyed = [k for u, k in zip(units, keys, strict=True) if u.entry is not None]
    for u in units:
        data.diagnostics.extend(u.diagnostics)
    duplicate_ids(data, ((e.id, e.file, e.id_at) for e in entries), "incident")
    by_file = {u.file: u.rel for u in units}
    locate = run.locate(by_file)
    pairs = across(
        data,
        entries,
        run.zone_name,
        locate,
        known_pairs([e.near for e in entries], keyed, old_pairs, known, run.zone_name),
    )
    reviews_of(data, entries, locate)
    data.diagnostics.sort()
    result: Result | None = None
    if evaluate:
        result = Result()
        if not any(d.severity == "error" for d in data.diagnostics):
            for u in units:
                result.findings.extend(u.findings)
                result.unattributed.extend(u.unattributed)
            order(result)
    if store is not None:
        kept = [(x, y) for x, y in ((keyed[i], keyed[j]) for i, j in pairs) if x and y]
        current = [k for k in keys if k is not None]
        same = len(current) == len(known) and all(k in known for k in current)
        # Nothing changed since the last run read it: the file stays as it is.
        if not store.loaded or fresh or not same or set(kept) != set(old_pairs):
            # Units from the cache are copied as they lie in its file (None), others encoded
            # one at a time as the file is written.
            kept_units = (
                (k, None if k in known else codec.packed(u))
                for u, k in zip(units, keys, strict=True)
                if k is not None
            )
            store.save(context_key, kept_units, kept)
    # The store's digests are those of the files read, unless one changed meanwhile.
    snap = snapshot(run, units, entries, result, None if moved else digests or None)
    # Kept whole only if every file still had the bytes the run's key was made from.
    if store is not None and key is not None and not moved:
        store.write_run(key, snap, data, entries, run.memo)
    return snap


def _units(
    run: Run,
    rels: list[str],
    known: dict[bytes, int],
    take: Callable[[bytes], bytes] | None,
    context_key: bytes,
    jobs: int | None,
    progress: Progress | None,
    digests: dict[str, bytes],
    moved: set[str],
) -> tuple[list[Unit], list[bytes | None], int]:
    """Every incident file's unit, in the files' order, from the cache where it holds one
    (``known``: the keys it holds; ``take``: the blob of one); the key each is kept under
    (None: not to be kept); how many were worked out afresh. ``digests``: each file's, as
    hashed (added to for files not hashed yet); ``moved`` gets the files whose bytes were
    not those any more when they were read."""
    units: list[Unit | None] = [None] * len(rels)
    keys: list[bytes | None] = [None] * len(rels)
    todo: list[int] = []
    base = str(run.root) + "/"  # strings, not Path objects: thousands of files
    hits: list[int] = []
    for i, rel in enumerate(rels):
        if context_key:
            digest = digests.get(rel) or cache_.digest_of(base + rel)
            digests[rel] = digest
            keys[i] = key = _key(context_key, rel, digest)
            if key in known:
                hits.append(i)
                continue
        todo.append(i)
    hit_keys = [k for k in (keys[i] for i in hits) if k is not None]
    assert take is not None or not hit_keys
    # Without their point verdicts: copied as they lie, these units are not encoded again.
    held = [(rels[i], digests[rels[i]]) for i in hits]
    decoded = codec.decoded(hit_keys, take, run.memo, places=False, known=held)
    for i, hit, unit in zip(hits, hit_keys, decoded, strict=True):
        if unit is not None and (unit.complete or not run.evaluate):
            units[i] = unit
            continue
        if unit is None:
            cache_.note(f"ignored a corrupt entry of the cache for {rels[i]}")
        known.pop(hit)  # corrupt, or kept by a run that did not evaluate: done afresh
        todo.append(i)
    todo.sort()
    if todo and len(todo) <= MAX_FRESH:
        # What the cache holds of files that changed (or went): a changed file's point,
        # often the same as before, is looked for among them.
        kept = set(hit_keys)
        stale = [k for k in known if k not in kept]
        if take is not None and len(stale) <= MAX_FRESH:
            run.prior = [u for u in codec.decoded(stale, take, run.memo) if u is not None]
    for done, (i, unit) in enumerate(_work(run, [rels[i] for i in todo], todo, jobs), 1):
        units[i] = unit
        if unit.digest is None:
            keys[i] = None  # unreadable: read again next time
        elif context_key and unit.digest != digests.get(unit.rel):
            # changed since it was hashed: kept under the bytes it was checked from
            moved.add(unit.rel)
            keys[i] = _key(context_key, unit.rel, unit.digest)
        if progress is not None and done % 100 == 0:
            progress("files", done, len(todo))
    return [u for u in units if u is not None], keys, len(todo)


def _key(context_key: bytes, rel: str, digest: bytes) -> bytes:
    """The cache key of one file's unit: its path and bytes, under everything else."""
    return hashlib.blake2b(
        context_key + rel.encode("utf-8", "surrogateescape") + b"\0" + digest, digest_size=20
    ).digest()


#: Files a process works on together, step by step (see :meth:`Run.units`).
BATCH = 64
#: From how many files on, a batch's points are tested against the areas together.
PREFILL = 16


def _work(
    run: Run, rels: list[str], index: list[int], jobs: int | None
) -> Iterator[tuple[int, Unit]]:
    from . import parallel

    if jobs is None:
        jobs = parallel.workers(len(rels))
    if jobs > 1 and len(rels) > 1:
        from .parallel import units

        yield from zip(index, units(run, rels, jobs), strict=True)
        return
    for k in range(0, len(rels), BATCH):
        yield from zip(index[k : k + BATCH], run.units(rels[k : k + BATCH]), strict=True)
