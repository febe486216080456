"""A run file by file (what ``check`` and ``validate`` do) finds exactly what checking and
evaluating the whole dataset at once finds: every diagnostic, every reviewed warning, every
finding with its span and context, on the bundled data and on generated data with errors,
duplicates, repeated URLs and reviews; with one process and with two."""

from __future__ import annotations

import dataclasses
import itertools
import marshal
import os
import pickle
import re
import shutil
import sys
from datetime import date
from pathlib import Path

import pytest

from ceasewatch import api, cachecodec, engine, parallel, runs
from ceasewatch.filewise import PREFILL, Run
from ceasewatch.layout import discover

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))
import generate  # noqa: E402

TODAY = date(2026, 1, 15)


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of a few files: with two processes, the worker takes part in these small
    datasets too (with the usual chunk, the parent's first one would hold every file)."""
    monkeypatch.setattr(parallel, "CHUNK", 4)


def whole(root: Path) -> tuple[object, ...]:
    """Diagnostics, reviewed warnings and findings of the whole dataset loaded at once."""
    data = api.load(root, today=TODAY)
    valid = not any(d.severity == "error" for d in data.diagnostics)
    result = engine.run(data) if valid else engine.Result()
    return (
        data.diagnostics,
        data.reviewed,
        [cachecodec.finding(f) for f in result.findings],
        [cachecodec.finding(f) for f in result.unattributed],
    )


def filewise(root: Path, jobs: int) -> tuple[object, ...]:
    snap = runs.run(root, today=TODAY, evaluate=True, jobs=jobs)
    assert snap.result is not None
    return (
        snap.diagnostics,
        snap.reviewed,
        [cachecodec.finding(f) for f in snap.result.findings],
        [cachecodec.finding(f) for f in snap.result.unattributed],
    )


@pytest.mark.parametrize("jobs", [1, 2])
def test_bundled_dataset(tmp_path: Path, jobs: int) -> None:
    root = tmp_path / "bundled"
    root.mkdir()
    shutil.copy(REPO / "ceasewatch.yaml", root)
    for folder in ("agreements", "incidents", "tallies"):
        shutil.copytree(REPO / folder, root / folder)
    expected = whole(root)
    assert expected[2], "the bundled data has findings"
    assert expected[1], "the bundled data has reviewed warnings"
    assert filewise(root, jobs) == expected


@pytest.mark.parametrize("jobs", [1, 2])
def test_generated_dataset_with_problems_across_files(tmp_path: Path, jobs: int) -> None:
    root = tmp_path / "generated"
    paths = generate.build(root, 40)
    # a possible duplicate (a copy under its own id) and a URL cited by unrelated incidents
    paths[6].write_text(
        paths[2].read_text().replace(f"id: {paths[2].stem}", f"id: {paths[6].stem}")
    )
    url = "https://example.org/one-page"
    for path in paths[10:13]:
        path.write_text(path.read_text().replace("url: https://", f"url: {url}#", 1))
    for path in paths[10:13]:
        text = path.read_text()
        start = text.index(f"url: {url}#")
        end = text.index("\n", start)
        path.write_text(text[:start] + f"url: {url}" + text[end:])
    # a review that matches its warning, and one that matches nothing
    paths[2].write_text(
        paths[2].read_text()
        + f"reviewed:\n- code: possible-duplicate\n  of: {paths[6].stem}\n  note: checked\n"
        + "- code: claim-undated\n  note: stale\n"
    )
    valid = whole(root)
    assert not any(d.severity == "error" for d in valid[0])  # type: ignore[attr-defined]
    codes = {d.code for d in valid[0]}  # type: ignore[attr-defined]
    assert {"url-repeated", "review-stale", "possible-duplicate"} <= codes
    assert valid[1] and valid[2]
    assert filewise(root, jobs) == valid
    # errors: one file, and the same id twice; the engine then runs for none
    paths[20].write_text(paths[20].read_text().replace("act: strike", "act: [strike]"))
    shutil.copy(paths[21], paths[21].with_name("copy.yaml"))
    # a salvaged file: its first claim is rejected, so the URL the others share is at
    # claims[1] in the file though claims[0] in what is left of it
    paths[11].write_text(
        paths[11].read_text().replace("claims:\n", "claims:\n- source: [bad]\n", 1)
    )
    invalid = whole(root)
    repeated = [d for d in invalid[0] if d.code == "url-repeated"]  # type: ignore[attr-defined]
    assert any(d.file.endswith(paths[11].name) and d.field == "claims[0].url" for d in repeated), (
        repeated
    )
    assert {"id-duplicate", "id-filename"} <= {d.code for d in invalid[0]}  # type: ignore[attr-defined]
    assert filewise(root, jobs) == invalid


def test_findings_read_back_share_what_computed_ones_share(tmp_path: Path) -> None:
    # the cache's decoder builds shared findings in one step: the same values, and the same
    # objects shared, as sharing a finding decoded the plain way
    from ceasewatch.engine.findings import shared

    root = tmp_path / "generated"
    generate.build(root, 60)
    snap = runs.run(root, today=TODAY, evaluate=True, jobs=1)
    assert snap.result is not None and snap.result.findings
    plain: dict[object, object] = {}
    direct: dict[object, object] = {}
    pairs = []
    for f in snap.result.findings:
        stored = cachecodec.finding(f)
        a = shared(cachecodec.to_finding(stored, plain), plain, f.incident, f.file)
        b = cachecodec.to_shared(stored, direct, f.incident, f.file)
        assert a == b and cachecodec.finding(a) == cachecodec.finding(b) == stored
        pairs.append((a, b))
    for (a1, b1), (a2, b2) in itertools.combinations(pairs, 2):
        for name in ("claims", "denied_by", "claimed_by", "agreement", "span"):
            assert (getattr(a1, name) is getattr(a2, name)) == (
                getattr(b1, name) is getattr(b2, name)
            ), name


def test_findings_read_back_hold_each_word_once(tmp_path: Path) -> None:
    # Each finding's words can come out of the cache as copies of their own (units sent
    # back by worker processes lose the interning of their strings); decoded, equal words
    # are one object, whatever finding or unit they came from.
    root = tmp_path / "generated"
    generate.build(root, 60)
    snap = runs.run(root, today=TODAY, evaluate=True, jobs=1)
    assert snap.result is not None
    stored = [pickle.loads(pickle.dumps(cachecodec.finding(f))) for f in snap.result.findings]
    equal = [(a, b) for a, b in itertools.combinations(stored, 2) if a[4] == b[4]]
    assert equal and all(a[4] is not b[4] for a, b in equal)  # statuses: copies
    memo: dict[object, object] = {}
    read = [cachecodec.to_shared(t, memo) for t in stored]
    for a, b in itertools.combinations(read, 2):
        for name in ("party", "status", "event", "support"):
            if getattr(a, name) == getattr(b, name):
                assert getattr(a, name) is getattr(b, name), name
        for mine, theirs in ((a.readings, b.readings), (a.context, b.context)):
            for key in mine.keys() & theirs.keys():
                assert next(k for k in mine if k == key) is next(k for k in theirs if k == key)


def test_units_read_back_keep_the_paths_and_digests_the_run_holds(tmp_path: Path) -> None:
    root = tmp_path / "generated"
    generate.build(root, 5)
    run = Run(root, TODAY, True, discover(root))
    rel = discover(root)[-1][1]
    value = marshal.loads(marshal.dumps(cachecodec.unit(run.unit(rel))))
    held = ("".join(rel), bytes(bytearray(value[2])))  # equal to the unit's, not the same
    assert held[0] is not value[0] and held[1] is not value[2]
    unit = cachecodec.to_units([value], {}, known=[held])[0]
    assert unit.rel is held[0] and unit.digest is held[1] and unit.entry is not None
    assert unit.entry.file is held[0] and all(f.file is held[0] for f in unit.findings)
    other = cachecodec.to_units([value], {}, known=[("elsewhere.yaml", b"\0" * 20)])[0]
    assert (other.rel, other.digest) == (value[0], value[2])


def test_units_worked_out_here_hold_repeated_values_once(tmp_path: Path) -> None:
    # What many incidents repeat (where the id is, a region, a list of target categories)
    # is one object across the units this process works out, as across decoded ones.
    root = tmp_path / "generated"
    generate.build(root, 40)
    run = Run(root, TODAY, True, discover(root))
    entries = [
        u.entry for kind, rel in discover(root) if kind == "incident" if (u := run.unit(rel)).entry
    ]
    checked = {"id_at": 0, "region": 0, "categories": 0}
    for a, b in itertools.combinations(entries, 2):
        pairs = {
            "id_at": (a.id_at, b.id_at),
            "region": (a.near.region, b.near.region),
            "categories": (a.near.categories, b.near.categories),
        }
        for name, (x, y) in pairs.items():
            if x == y and x:
                assert x is y, name
                checked[name] += 1
    assert all(checked.values()), checked  # each kind of value was repeated somewhere


def test_a_damaged_word_does_not_stand_for_another_entry(tmp_path: Path) -> None:
    # Words are kept once in a dict of their own: a damaged finding whose party is one of
    # the memo's own keys cannot make a later, sound finding read that entry.
    root = tmp_path / "generated"
    generate.build(root, 60)
    snap = runs.run(root, today=TODAY, evaluate=True, jobs=1)
    assert snap.result is not None and snap.result.findings
    sound = cachecodec.finding(snap.result.findings[0])
    damaged = list(sound)
    # the key one of the sound finding's readings is kept under
    damaged[3] = ("readings", next(iter(sound[14].values())))
    memo: dict[object, object] = {}
    cachecodec.to_shared(tuple(damaged), memo)
    read = cachecodec.to_shared(sound, {})
    assert cachecodec.to_shared(sound, memo) == read


def test_workers_share_the_outlines_built_before_they_fork(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ceasewatch import geo

    root = tmp_path / "generated"
    generate.build(root, 8)
    built = tmp_path / "built"
    prepared = geo._prepared

    def recording(geojson: dict[str, object]) -> object:
        with built.open("a") as fh:  # a file: a worker's lists are its own
            fh.write(f"{os.getpid()}\n")
        return prepared(geojson)

    monkeypatch.setattr(geo, "_prepared", recording)
    runs.run(root, today=TODAY, evaluate=True, jobs=2)
    assert built.read_text().split() == [str(os.getpid())]  # once, in this process


def test_a_batch_gives_each_file_the_unit_it_gets_alone(tmp_path: Path) -> None:
    # Run.units takes each step for a whole batch before the next: each file's unit is
    # still the one it gets on its own, whatever its neighbours (a file that is not YAML,
    # one that does not type, one salvaged, and sound ones, some of which make findings).
    root = tmp_path / "generated"
    paths = generate.build(root, 40)
    paths[3].write_text("id: [unclosed\n")
    paths[5].write_text(paths[5].read_text().replace("act: strike", "act: [strike]"))
    paths[8].write_text(paths[8].read_text().replace("claims:\n", "claims:\n- source: [x]\n", 1))
    paths[9].write_text(paths[9].read_text().replace("- source: ", "- source: nobody-", 1))
    # A point in Poland and one at sea: the batch's points of one country are tested
    # together (a unit's outline), as are its points against the polygon areas (its places).
    paths[11].write_text(
        re.sub(r"lat: .*\n  +lon: .*\n", "lat: 52.2\n    lon: 21.0\n", paths[11].read_text())
    )
    for k in range(12, 20):  # at sea (whether the place is tested depends on the rest)
        sea = re.sub(r"lat: .*\n +lon: .*\n", "lat: 43.5\n    lon: 34.0\n", paths[k].read_text())
        paths[k].write_text(sea)
    rels = [rel for kind, rel in discover(root) if kind == "incident"]
    assert len(rels) >= PREFILL
    alone = [Run(root, TODAY, True, discover(root)).unit(rel) for rel in rels]
    together = Run(root, TODAY, True, discover(root)).units(rels)
    assert [cachecodec.unit(u) for u in together] == [cachecodec.unit(u) for u in alone]
    assert {u.outline[1] for u in alone if u.outline} == {True, False}
    assert {p[3] for u in alone for p in u.places} == {True, False}
    codes = {d.code for u in alone for d in u.diagnostics}
    assert {"yaml-syntax", "schema-type", "ref-unknown"} <= codes
    assert any(u.entry is None for u in alone) and any(u.findings for u in alone)
    salvaged = [u for u in alone if u.entry and any(d.severity == "error" for d in u.diagnostics)]
    assert salvaged  # a file with an error whose model was kept


def test_a_shared_finding_keeps_every_field_but_its_versions(tmp_path: Path) -> None:
    # shared() builds the finding field by field: each must come through, whatever it is.
    from ceasewatch.engine.findings import shared

    root = tmp_path / "generated"
    generate.build(root, 60)
    found = engine.run(api.load(root, today=TODAY))
    assert found.findings and all(f.versions and f.context for f in found.findings)
    for f in found.findings + found.unattributed:
        copy = shared(f, {}, f.incident, f.file)
        for name in (field.name for field in dataclasses.fields(f)):
            assert getattr(copy, name) == (() if name == "versions" else getattr(f, name)), name
