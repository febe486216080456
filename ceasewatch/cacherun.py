"""The cache's run file: a whole run's snapshot (what it found, its findings and each
incident's span), written a chunk at a time and read back whole (see :mod:`.cache`)."""

from __future__ import annotations

import itertools
from collections.abc import Collection, Iterator
from typing import TYPE_CHECKING, Any, BinaryIO

from .cache import digest_of, extras
from .cachecodec import diagnostic, finding, span, to_diagnostic, to_finding, to_span
from .cachefile import load
from .timeutil import Span

if TYPE_CHECKING:
    from .cache import Store
    from .loading import Dataset
    from .quality import Entry
    from .runs import Snapshot

#: Findings or spans written in one record of the run's file.
CHUNK = 1000
#: The most spans whose encoding the run's file keeps at once for reuse.
MEMO_SPANS = 5_000


def run_records(
    store: Store,
    snap: Snapshot,
    data: Dataset,
    entries: list[Entry],
    memo: dict[Any, Any],
) -> Iterator[Any]:
    """The records of a run's file: what it found apart from its findings and spans, then
    the findings, the unattributed ones and the spans in chunks (each list's length is in
    the first record); ``entries``: each incident's; ``memo``: the one
    :func:`cachecodec.to_units` filled, whose spans are written as they were read."""
    result = snap.result
    spans = snap.spans()
    # Every list that grows with the incidents is written in chunks: whole, the names of a
    # hundred thousand files made one record of 12 MB, held twice as it was written.
    lists: list[Collection[Any] | None] = [
        snap.files,
        # two lists of the strings the run holds: pairs would be a tuple per incident
        [e.id for e in entries],
        [e.file for e in entries],
        None if result is None else result.findings,
        None if result is None else result.unattributed,
        spans,
    ]
    yield {
        "extras": extras(store.root, data),
        "diagnostics": [diagnostic(d) for d in snap.diagnostics],
        "reviewed": [(diagnostic(d), n) for d, n in snap.reviewed],
        "zone": snap.zone_name,
        "parties": snap.parties,
        "sources": snap.sources,
        "agreement_ids": snap.agreement_ids,
        "term_ids": snap.term_ids,
        "agreements": [(a.model.id, a.file) for a in data.agreements],
        "titles": dict(snap.titles),
        "lengths": [None if items is None else len(items) for items in lists],
    }
    # Findings and incidents share their span objects (and, read from the cache, the
    # incidents their hours): each is written out once, a third of the time of this file.
    # Emptied now and then: a fresh run's spans are one per incident, and kept all at once
    # their encodings would weigh 25 MB at 100,000 incidents. Spans read from the cache
    # keep the encoding they were read from (held anyway, as the keys of ``memo``): after
    # one change, encoding them again was a tenth of the run.
    read = {id(v): (v, k[1]) for k, v in memo.items() if type(v) is Span and k[0] == "span"}
    done: dict[int, Any] = dict(read)
    for n, items in enumerate(lists):
        # The spans' pairs taken from the dict a chunk at a time, not listed all at once.
        each = iter(items.items() if isinstance(items, dict) else items or ())
        while chunk := list(itertools.islice(each, CHUNK)):
            if len(done) > MEMO_SPANS + len(read):
                done = dict(read)
            if n < 3:
                yield chunk
            elif n == 5:
                yield [(k, span(v, done)) for k, v in chunk]
            else:
                yield [finding(f, done) for f in chunk]


def _chunks(fh: BinaryIO, length: int | None) -> list[Any] | None:
    """``length`` values read back from the chunks :func:`run_records` wrote."""
    if length is None:
        return None
    out: list[Any] = []
    while len(out) < length:
        chunk = load(fh)
        if not isinstance(chunk, list) or not chunk:
            raise ValueError("a chunk is missing")
        out.extend(chunk)
    if len(out) != length:
        raise ValueError("a chunk is too long")
    return out


def to_snapshot(store: Store, fh: BinaryIO, evaluate: bool) -> Snapshot | None:
    """The snapshot :func:`run_records` wrote (None when a polygon file changed since, or
    when findings are asked of a run that made none)."""
    from .engine import Result
    from .runs import FileModels, Snapshot

    payload = load(fh)
    for name, target, digest in payload["extras"]:
        if str((store.root / name).resolve()) != target or digest_of(store.root / name) != digest:
            return None
    lengths = payload["lengths"]
    if evaluate and lengths[3] is None:
        return None
    files, ids, incident_files, findings, unattributed, spans = (_chunks(fh, n) for n in lengths)
    result = None
    if evaluate:
        result = Result(
            [to_finding(f) for f in findings or ()],
            [to_finding(f) for f in unattributed or ()],
        )
    return Snapshot(
        files=files or [],
        diagnostics=[to_diagnostic(d) for d in payload["diagnostics"]],
        reviewed=[(to_diagnostic(d), n) for d, n in payload["reviewed"]],
        zone_name=payload["zone"],
        parties=payload["parties"],
        sources=payload["sources"],
        agreements=FileModels(store.root, dict(payload["agreements"]), store.digests, "agreement"),
        titles=payload["titles"],
        agreement_ids=payload["agreement_ids"],
        term_ids=payload["term_ids"],
        incidents=FileModels(
            store.root,
            dict(zip(ids or (), incident_files or (), strict=True)),
            store.digests,
            "incident",
        ),
        result=result,
        spans=lambda: {k: to_span(v) for k, v in spans or ()},
    )
