"""The cache never changes a result: every output of ``check`` and ``validate`` is the same
byte for byte with and without it, on the bundled dataset and a generated one, and after
each kind of edit; a damaged cache is ignored with a note and rebuilt."""

from __future__ import annotations

import io
import json
import marshal
import os
import re
import shutil
import struct
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ceasewatch import api, cache, cachecodec, cachefile, cacherun, filewise, parallel, stamps
from ceasewatch.layout import discover
from ceasewatch.reporters import REPORTER_BY_NAME

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))
import generate  # noqa: E402

TODAY = date(2026, 1, 15)
FORMATS = ("text", "json", "sarif", "table", "github")


def outputs(root: Path, *, use_cache: bool) -> dict[str, str]:
    """Every check format, and validation as JSON, of the dataset at ``root``."""
    out: dict[str, str] = {}
    report = api.check(root, today=TODAY, cache=use_cache)
    for fmt in FORMATS:
        buffer = io.StringIO()
        REPORTER_BY_NAME[fmt](stream=buffer, err=buffer, prefix="").check(report)
        out[fmt] = buffer.getvalue()
    # github's stop-commands token is random by design: the rest must match
    out["github"] = re.sub(r"::[0-9a-f]{32}::|stop-commands::[0-9a-f]{32}", "TOKEN", out["github"])
    validation = api.validate(root, today=TODAY, cache=use_cache)
    buffer = io.StringIO()
    REPORTER_BY_NAME["json"](stream=buffer, err=buffer, prefix="").validation(validation)
    out["validate"] = buffer.getvalue()
    # one filtered run: the filters apply to what the cache gives back
    filtered = api.check(
        root, today=TODAY, cache=use_cache, since=date(2025, 3, 20), until=date(2025, 4, 5)
    )
    out["filtered"] = json.dumps([f.as_dict() for f in filtered.findings])
    reviewed = api.check(root, today=TODAY, cache=use_cache, show_reviewed=True)
    buffer = io.StringIO()
    REPORTER_BY_NAME["text"](stream=buffer, err=buffer, prefix="").check(reviewed)
    out["reviewed"] = buffer.getvalue()
    return out


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    """The cache in a temporary folder; each incident file read afresh (not taken from the
    cache) is listed."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    calls: list[str] = []
    units = filewise.Run.units

    def counting(self: filewise.Run, rels: Sequence[str]) -> list[cachecodec.Unit]:
        calls.extend(rels)
        return units(self, rels)

    monkeypatch.setattr(filewise.Run, "units", counting)
    return calls


def same_with_and_without(root: Path, calls: list[str]) -> None:
    """Uncached, then cached twice (written, then read): the same bytes every time, and
    the second cached pass reads no incident file again."""
    fresh = outputs(root, use_cache=False)
    assert outputs(root, use_cache=True) == fresh
    before = len(calls)
    assert outputs(root, use_cache=True) == fresh
    assert len(calls) == before, "the unchanged dataset was computed again"


def bundled(tmp_path: Path) -> Path:
    root = tmp_path / "bundled"
    root.mkdir()
    shutil.copy(REPO / "ceasewatch.yaml", root)
    for folder in ("agreements", "incidents", "tallies"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, root / folder)
    return root


def test_bundled_dataset_same_with_cache_and_after_edits(
    tmp_path: Path, counted: list[str]
) -> None:
    root = bundled(tmp_path)
    same_with_and_without(root, counted)
    first = sorted((root / "incidents").rglob("*.yaml"))[0]
    first.write_text(first.read_text().replace("outcome: hit", "outcome: intercepted", 1))
    same_with_and_without(root, counted)


def test_generated_dataset_same_with_cache_after_every_kind_of_edit(
    tmp_path: Path, counted: list[str]
) -> None:
    root = tmp_path / "generated"
    paths = generate.build(root, 40)
    same_with_and_without(root, counted)
    # a file changed
    paths[3].write_text(paths[3].read_text().replace("outcome: hit", "outcome: unknown"))
    paths[5].write_text(paths[5].read_text().replace("act: strike", "act: strike\nnote: edited"))
    same_with_and_without(root, counted)
    # a file added (a copy: a duplicate id and a possible duplicate, both reported)
    shutil.copy(paths[7], root / "incidents" / "2025" / "copy.yaml")
    same_with_and_without(root, counted)
    # a file removed
    paths[9].unlink()
    same_with_and_without(root, counted)
    # the project file changed (a source's affiliation: the findings' support changes)
    project = root / "ceasewatch.yaml"
    project.write_text(project.read_text().replace("kind: media\n", "kind: media\n", 1) + "\n")
    text = project.read_text()
    project.write_text(text.replace("  reuters:\n    name: Reuters\n", "  reuters:\n    name: R\n"))
    same_with_and_without(root, counted)
    # an agreement changed
    agreement = sorted((root / "agreements").glob("*.yaml"))[0]
    agreement.write_text(agreement.read_text().replace("for: 30 days", "for: 20 days", 1))
    same_with_and_without(root, counted)
    # an error: the cached run keeps it, and the models the reporters read
    paths[11].write_text(paths[11].read_text().replace("act: strike", "act: [strike]"))
    same_with_and_without(root, counted)


def test_another_day_is_another_run(tmp_path: Path, counted: list[str]) -> None:
    root = tmp_path / "generated"
    generate.build(root, 5)
    api.validate(root, today=TODAY, cache=True)
    api.validate(root, today=TODAY, cache=True)
    api.validate(root, today=date(2026, 1, 16), cache=True)
    assert len(counted) == 10


def _stored(fmt: int, version: str, root: str) -> bytes:
    return cache.MAGIC + cachefile.frame((fmt, version, root, b"")) + cachefile.frame(None)


@pytest.mark.parametrize(
    ("content", "note"),
    [
        (lambda root: b"garbage", "corrupt"),
        (lambda root: cache.MAGIC + b"\x00\x01", "corrupt"),
        # a record's length beyond any the cache writes: refused before it is read
        (lambda root: cache.MAGIC + struct.pack("<Q", 1 << 62), "corrupt"),
        (lambda root: _stored(0, "0.0", root), "another ceasewatch"),
        (lambda root: _stored(cache.FORMAT, cache.__version__, "/else"), "another dataset"),
        # another key: an ordinary change, rebuilt without a word
        (lambda root: _stored(cache.FORMAT, cache.__version__, root), ""),
    ],
)
@pytest.mark.parametrize("name", [cache.RUN_FILE, cache.UNITS_FILE, cache.STAMPS_FILE])
def test_damaged_cache_is_ignored_with_a_note_and_rebuilt(
    tmp_path: Path,
    counted: list[str],
    capsys: pytest.CaptureFixture[str],
    content: Callable[[str], bytes],
    note: str,
    name: str,
) -> None:
    root = tmp_path / "generated"
    generate.build(root, 5)
    fresh = api.validate(root, today=TODAY)
    store = cache.folder(root) / name
    store.parent.mkdir(parents=True)
    store.write_bytes(content(str(root.resolve())))
    capsys.readouterr()
    assert api.validate(root, today=TODAY, cache=True) == fresh
    err = capsys.readouterr().err
    assert (note in err and "rebuilt" in err) if note else err == ""
    api.validate(root, today=TODAY, cache=True)
    assert capsys.readouterr().err == ""
    # the uncached run, then the rebuild, 5 files each; the last run read them from the cache
    assert len(counted) == 10


@pytest.mark.parametrize("name", [cache.RUN_FILE, cache.UNITS_FILE])
def test_cache_file_cut_short_is_ignored_with_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    root = tmp_path / "generated"
    generate.build(root, 5)
    fresh = outputs(root, use_cache=False)
    api.check(root, today=TODAY, cache=True)
    stored = cache.folder(root) / name
    stored.write_bytes(stored.read_bytes()[:-20])
    if name == cache.UNITS_FILE:
        (cache.folder(root) / cache.RUN_FILE).unlink()  # else the whole run is read back
    capsys.readouterr()
    assert outputs(root, use_cache=True) == fresh
    assert "ignored a corrupt cache file" in capsys.readouterr().err


def test_polygon_file_is_part_of_the_key(tmp_path: Path, counted: list[str]) -> None:
    root = tmp_path / "generated"
    generate.build(root, 5)
    (root / "areas").mkdir()
    square = {
        "type": "Polygon",
        "coordinates": [[[30, 46], [40, 46], [40, 52], [30, 52], [30, 46]]],
    }
    (root / "areas" / "east.geojson").write_text(json.dumps(square))
    project = root / "ceasewatch.yaml"
    project.write_text(
        project.read_text() + "  east:\n    name: East\n    polygon: areas/east.geojson\n"
    )
    same_with_and_without(root, counted)
    (root / "areas" / "east.geojson").write_text("not json")
    same_with_and_without(root, counted)


def test_models_are_read_when_asked_and_clear_removes_the_cache(
    tmp_path: Path, counted: list[str]
) -> None:
    root = tmp_path / "generated"
    paths = generate.build(root, 5)
    fresh = api.check(root, today=TODAY)
    api.check(root, today=TODAY, cache=True)
    cached = api.check(root, today=TODAY, cache=True)
    assert len(counted) == 10
    assert dict(cached.incidents) == dict(fresh.incidents)
    assert dict(cached.agreements) == dict(fresh.agreements)
    assert cached.findings == fresh.findings
    # a file changed after the run was read from the cache: never a model of other data
    other = api.check(root, today=TODAY, cache=True)
    paths[0].write_text(paths[0].read_text() + "note: late\n")
    with pytest.raises(cache.Changed):
        other.incidents[paths[0].stem]
    assert api.clear_cache(root)
    assert not cache.folder(root).exists()
    assert not api.clear_cache(root)


def test_worker_processes_give_the_same_results_in_the_same_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files read, checked and evaluated by this process and a worker: the same outputs,
    byte for byte, as one process (forced here: the dataset is far under the size that
    starts workers; chunks of a few files, so that the worker takes part)."""
    compute = filewise.compute
    monkeypatch.setattr(parallel, "CHUNK", 4)

    def jobs(n: int) -> None:
        monkeypatch.setattr(filewise, "compute", lambda *a, **k: compute(*a, **(k | {"jobs": n})))

    root = tmp_path / "generated"
    paths = generate.build(root, 60)
    jobs(1)
    one = outputs(root, use_cache=False)
    assert one["text"].count("\n") > 20  # findings, not only problems
    jobs(2)
    assert outputs(root, use_cache=False) == one
    paths[4].write_text(paths[4].read_text().replace("id:", "id: [", 1))  # a YAML error
    jobs(1)
    one = outputs(root, use_cache=False)
    jobs(2)
    assert outputs(root, use_cache=False) == one


def test_one_changed_file_is_the_only_one_read_again(tmp_path: Path, counted: list[str]) -> None:
    """After one file changes, a cached run reads that file alone, and finds what a fresh
    run finds: possible duplicates included, with files that did not change."""
    root = tmp_path / "generated"
    paths = generate.build(root, 30)
    api.check(root, today=TODAY, cache=True)
    counted.clear()
    # a copy of another incident, under its own id: a possible duplicate of an unchanged file
    twin = paths[2].read_text().replace(f"id: {paths[2].stem}", f"id: {paths[6].stem}")
    paths[6].write_text(twin)
    cached = outputs(root, use_cache=True)
    assert counted == [paths[6].relative_to(root).as_posix()]
    assert "possible-duplicate" in cached["validate"]
    assert cached == outputs(root, use_cache=False)


def _cached(tmp_path: Path, count: int) -> tuple[Path, list[Path], dict[str, str]]:
    """``count`` generated incidents, their outputs without the cache, and the cache
    written by one check: the dataset's root, its incident files, those outputs."""
    root = tmp_path / "generated"
    paths = generate.build(root, count)
    fresh = outputs(root, use_cache=False)
    api.check(root, today=TODAY, cache=True)
    return root, paths, fresh


def _units_records(root: Path) -> tuple[Any, Any, list[tuple[bytes, bytes]]]:
    """The units file of ``root``'s cache: its header, the pairs, each (key, unit blob)."""
    # header, pairs, then (key, unit) records, then None (see cache.Store._write)
    with (cache.folder(root) / cache.UNITS_FILE).open("rb") as fh:
        assert fh.read(len(cache.MAGIC)) == cache.MAGIC
        header, pairs = cachefile.load(fh), cachefile.load(fh)
        units = []
        while (record := cachefile.load(fh)) is not None:
            units.append(record)
    return header, pairs, units


def _run_records(root: Path) -> list[Any]:
    """Every record of ``root``'s run file, as plain values."""
    with (cache.folder(root) / cache.RUN_FILE).open("rb") as fh:
        assert fh.read(len(cache.MAGIC)) == cache.MAGIC
        records = [cachefile.load(fh)]
        while records[-1] is not None:
            records.append(cachefile.load(fh))
    return records


def test_after_one_change_the_run_file_holds_what_a_fresh_run_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Spans read from the cache are written back as they were read, not encoded again:
    # what the run's file then holds is what a run without a cache would write.
    root, paths, _ = _cached(tmp_path, 12)
    paths[5].write_text(paths[5].read_text().replace("# A synthetic", "# An edited synthetic"))
    encoded: list[object] = []
    moment = cachecodec.moment
    monkeypatch.setattr(cachecodec, "moment", lambda m: encoded.append(m) or moment(m))
    api.check(root, today=TODAY, cache=True)
    # the changed file's times only (its unit, its span, its findings'), not every file's
    assert 0 < len(encoded) <= 8
    monkeypatch.undo()
    after_change = _run_records(root)
    cache.clear(root)
    api.check(root, today=TODAY, cache=True)
    assert _run_records(root) == after_change


def test_the_run_file_in_chunks_reads_back_whole(
    tmp_path: Path, counted: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every list of the run's file that grows with the incidents (the files, the ids and
    files of the incidents, the findings, the spans) is written in chunks; read back, they
    give the same results as a run without the cache."""
    monkeypatch.setattr(cacherun, "CHUNK", 3)
    root = tmp_path / "generated"
    generate.build(root, 24)
    same_with_and_without(root, counted)
    records = _run_records(root)
    header, payload, chunks, end = records[0], records[1], records[2:-1], records[-1]
    assert header[0] == cache.FORMAT and end is None
    lengths = payload["lengths"]
    # the project file, 2 agreements, 24 incidents; 24 ids and files; findings; spans
    assert lengths[:3] == [27, 24, 24] and lengths[3] > 3 and lengths[5] == 24
    assert "files" not in payload and "incidents" not in payload
    assert [len(c) for c in chunks] == [
        min(3, n - i) for n in lengths if n is not None for i in range(0, n, 3)
    ]


def _stored_units(root: Path) -> dict[bytes, Any]:
    """Each unit of ``root``'s cache as plain values, by key."""
    return {key: marshal.loads(blob) for key, blob in _units_records(root)[2]}


def _bad_url_hash(unit: tuple[Any, ...]) -> tuple[Any, ...]:
    entry = list(unit[4])
    entry[4] = ("not a hash",)  # each claim URL's hash
    return (*unit[:4], tuple(entry), *unit[5:])


def _bad_outline(unit: tuple[Any, ...]) -> tuple[Any, ...]:
    return (*unit[:8], ("UA", "yes"), *unit[9:])  # a country and a verdict that is not a bool


@pytest.mark.parametrize(
    "damage",
    [lambda unit: ("not", "a", "unit"), _bad_url_hash, _bad_outline],
    ids=["shape", "url-hash", "outline"],
)
def test_a_unit_that_does_not_decode_is_read_afresh(
    tmp_path: Path,
    counted: list[str],
    capsys: pytest.CaptureFixture[str],
    damage: Callable[[tuple[Any, ...]], tuple[Any, ...]],
) -> None:
    root, paths, fresh = _cached(tmp_path, 5)
    units_file = cache.folder(root) / cache.UNITS_FILE
    header, pairs, units = _units_records(root)
    units[0] = (units[0][0], marshal.dumps(damage(marshal.loads(units[0][1]))))
    records = [header, pairs, *units, None]
    units_file.write_bytes(cache.MAGIC + b"".join(cachefile.frame(r) for r in records))
    (cache.folder(root) / cache.RUN_FILE).unlink()  # else the whole run is read back
    counted.clear()
    capsys.readouterr()
    assert outputs(root, use_cache=True) == fresh
    assert "ignored a corrupt entry of the cache" in capsys.readouterr().err
    assert len(counted) == 1 and counted[0] in {p.relative_to(root).as_posix() for p in paths}


def test_a_damaged_point_verdict_is_not_reused(tmp_path: Path) -> None:
    # A file edited elsewhere reuses the verdicts its last unit kept of its points against
    # the polygon areas; a verdict that is not a bool is refused, not read as one.
    root, _, _ = _cached(tmp_path, 5)
    units_file = cache.folder(root) / cache.UNITS_FILE
    header, pairs, units = _units_records(root)
    i = next(i for i, (_, blob) in enumerate(units) if marshal.loads(blob)[9])
    unit = marshal.loads(units[i][1])
    # the opposite verdict, as an int: taken for a bool, it would change the findings
    flipped = tuple((area, lon, lat, int(not inside)) for area, lon, lat, inside in unit[9])
    units[i] = (units[i][0], marshal.dumps((*unit[:9], flipped)))
    records = [header, pairs, *units, None]
    units_file.write_bytes(cache.MAGIC + b"".join(cachefile.frame(r) for r in records))
    edited = root / unit[0]
    edited.write_text(edited.read_text().replace("# A synthetic", "# An edited synthetic"))
    assert outputs(root, use_cache=True) == outputs(root, use_cache=False)


def test_library_versions_are_those_importlib_metadata_gives() -> None:
    import importlib.metadata as metadata

    versions = cache._versions()
    for name in cache.LIBRARIES:
        try:
            expected = metadata.version(name)
        except metadata.PackageNotFoundError:
            expected = "none"
        assert versions[name] == expected, name


def test_files_are_hashed_again_only_when_their_status_changed(
    tmp_path: Path, counted: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "generated"
    paths = generate.build(root, 5)
    time.sleep(0.05)  # the edit below gets a later change time than the files' writing
    # as if the files had been written long before the runs: their stamps are trusted
    later = time.time_ns() + 10 * stamps.MARGIN_NS
    monkeypatch.setattr(stamps.time, "time_ns", lambda: later)
    hashed: list[str] = []
    digest_of = cache.digest_of

    def counting(path: Path | str) -> bytes:
        hashed.append(Path(path).relative_to(root).as_posix())
        return digest_of(path)

    monkeypatch.setattr(cache, "digest_of", counting)
    api.check(root, today=TODAY, cache=True)
    assert len(hashed) == 1 + 2 + 5  # the project, the agreements, the incidents
    hashed.clear()
    api.check(root, today=TODAY, cache=True)
    assert hashed == []
    # an edit that keeps the file's size and modification time: its change time shows it
    edited = paths[2]
    before = edited.stat()
    text = edited.read_text()
    upper = re.sub(r"^title: (.*)$", lambda m: "title: " + m[1].upper(), text, count=1, flags=re.M)
    edited.write_text(upper)
    os.utime(edited, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert edited.stat().st_size == before.st_size and edited.read_text() != text
    api.check(root, today=TODAY, cache=True)
    assert hashed == [edited.relative_to(root).as_posix()]
    assert outputs(root, use_cache=True) == outputs(root, use_cache=False)


def test_files_changed_just_before_a_run_are_hashed_every_run(
    tmp_path: Path, counted: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # within the margin of the run that hashed it, a second edit could leave a file's
    # status as it was: such a file's stamp is not trusted
    root = tmp_path / "generated"
    generate.build(root, 3)
    hashed: list[str] = []
    digest_of = cache.digest_of
    monkeypatch.setattr(cache, "digest_of", lambda p: hashed.append(str(p)) or digest_of(p))
    for _ in range(2):
        hashed.clear()
        api.check(root, today=TODAY, cache=True)
        assert len(hashed) == 1 + 2 + 3


def test_a_damaged_stamp_is_ignored(tmp_path: Path, counted: list[str]) -> None:
    # a stamps file of the right layout whose stamps are not bytes: each file is hashed
    root = tmp_path / "generated"
    generate.build(root, 3)
    fresh = outputs(root, use_cache=False)
    store = cache.Store(root)
    rels = [rel for _, rel in discover(root)]
    trusted = time.time_ns() + 100 * stamps.MARGIN_NS
    store._write(store.stamps_path, cache.STAMPS_FILE.encode(), [(trusted, dict.fromkeys(rels, 5))])
    assert outputs(root, use_cache=True) == fresh


def test_after_one_change_the_other_units_are_copied_as_they_lie(
    tmp_path: Path, counted: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The stored units are handed out once and let go (none left when the file is written
    # back), then copied from the last file in a few reads: the file holds what a fresh
    # run writes.
    root = tmp_path / "generated"
    paths = generate.build(root, 30)
    api.check(root, today=TODAY, cache=True)
    paths[12].write_text(paths[12].read_text().replace("# A synthetic", "# An edited synthetic"))
    left: list[int] = []
    copies: list[tuple[int, int]] = []
    framed, copy = cachefile.Stored.framed, cachefile.Stored._copy

    def spy_framed(self: cachefile.Stored, units: Any) -> Any:
        left.append(len(self._blobs))
        return framed(self, units)

    def spy_copy(self: cachefile.Stored, start: int, end: int) -> bytes:
        copies.append((start, end))
        return copy(self, start, end)

    monkeypatch.setattr(cachefile.Stored, "framed", spy_framed)
    monkeypatch.setattr(cachefile.Stored, "_copy", spy_copy)
    counted.clear()
    changed = outputs(root, use_cache=True)
    assert counted == [paths[12].relative_to(root).as_posix()]
    assert left == [0] and len(copies) == 2  # before and after the changed file
    copied = _stored_units(root)
    shutil.rmtree(cache.folder(root))
    assert outputs(root, use_cache=True) == changed == outputs(root, use_cache=False)
    assert copied == _stored_units(root)


def test_a_units_file_cut_short_before_it_is_copied_back_is_not_written(
    tmp_path: Path,
    counted: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root, paths, fresh = _cached(tmp_path, 10)
    units_file = cache.folder(root) / cache.UNITS_FILE
    before = units_file.read_bytes()
    paths[3].write_text(paths[3].read_text().replace("# A synthetic", "# An edited synthetic"))
    load = cache.Store.load

    def load_then_cut(self: cache.Store, key: bytes) -> Any:
        got = load(self, key)
        os.truncate(units_file, len(cache.MAGIC) + 64)  # another process, meanwhile
        return got

    monkeypatch.setattr(cache.Store, "load", load_then_cut)
    capsys.readouterr()
    report = api.check(root, today=TODAY, cache=True)
    assert "cannot write the cache" in capsys.readouterr().err
    assert units_file.stat().st_size == len(cache.MAGIC) + 64  # not replaced by half a file
    assert not list(units_file.parent.glob(".units.*"))  # nor a temporary one left
    monkeypatch.setattr(cache.Store, "load", load)
    uncached = api.check(root, today=TODAY, cache=False)
    assert [f.as_dict() for f in report.findings] == [f.as_dict() for f in uncached.findings]
    assert outputs(root, use_cache=True) == fresh  # the damaged file ignored, and rebuilt
    assert units_file.read_bytes() != before


def test_a_file_edited_while_a_run_reads_it_keeps_that_run_out_of_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Hashed at the start, edited before it is read: the run reports what it read, keeps
    # that file's unit under the bytes it read, and keeps no whole run (its key was made
    # from the bytes before the edit).
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = tmp_path / "generated"
    paths = generate.build(root, 6)
    late = paths[4]
    units = filewise.Run.units
    read: list[str] = []

    def edit_first(self: filewise.Run, rels: Sequence[str]) -> list[cachecodec.Unit]:
        if not read:
            late.write_text(late.read_text().replace("\ntitle: ", "\ntitle: Edited, "))
        read.extend(rels)
        return units(self, rels)

    monkeypatch.setattr(filewise.Run, "units", edit_first)
    during = api.check(root, today=TODAY, cache=True)
    assert not (cache.folder(root) / cache.RUN_FILE).exists()
    read.clear()
    read.append("edited already")
    after = api.check(root, today=TODAY, cache=True)
    assert read == ["edited already"]  # every unit kept, the edited one under its new bytes
    fresh = api.check(root, today=TODAY, cache=False)
    assert [f.as_dict() for f in during.findings] == [f.as_dict() for f in fresh.findings]
    assert [f.as_dict() for f in after.findings] == [f.as_dict() for f in fresh.findings]
    assert (cache.folder(root) / cache.RUN_FILE).exists()


@pytest.mark.parametrize("name", [cache.UNITS_FILE, cache.RUN_FILE])
def test_a_record_whose_bytes_changed_is_not_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    # One bit of an incident's path flipped in a stored record: still plain values that
    # marshal reads, but not those written. The checksum refuses the record.
    root, paths, fresh = _cached(tmp_path, 5)
    stored = cache.folder(root) / name
    data = bytearray(stored.read_bytes())
    rel = paths[2].relative_to(root).as_posix().encode()
    at = data.index(rel) + rel.index(b"-gen-") + len(b"-gen-")
    data[at] ^= 1  # a digit of its number: "0" becomes "1"
    stored.write_bytes(bytes(data))
    if name == cache.UNITS_FILE:
        (cache.folder(root) / cache.RUN_FILE).unlink()  # else the whole run is read back
    capsys.readouterr()
    assert outputs(root, use_cache=True) == fresh
    assert "ignored a corrupt cache file" in capsys.readouterr().err
