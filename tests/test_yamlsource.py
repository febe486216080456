"""The safe YAML reader: every defence of security.md's bad-input list, under both parsers.

Numbers in the case ids (``#12``) refer to the "Bad-input test list" of
``research/security.md``. Every case runs under libyaml's parser and the pure-Python one
(``ceasewatch.yamlsource._Loader`` swapped), since libyaml-less wheels fall back silently.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from ceasewatch import files, yamlsource
from ceasewatch.yamlsource import MAX_BYTES, Document, Mark, YamlError, decode, parse, read_file

from .conftest import YAML_LOADERS, MakeDataset, validate_json


@pytest.fixture(params=YAML_LOADERS)
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the test under one parser; returns ``"libyaml"`` or ``"pure"``."""
    monkeypatch.setattr(yamlsource, "_Loader", request.param)
    return "pure" if request.param is yaml.BaseLoader else "libyaml"


def load(raw: bytes | str, *, lazy: bool = False) -> Document:
    """What ``read_file`` does after its file checks: decode, then parse."""
    return parse(decode(raw.encode() if isinstance(raw, str) else raw), "x.yaml", lazy=lazy)


def billion_laughs() -> str:
    lines = ['a0: &a0 ["lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Bad:
    """An input the loader must refuse, and exactly how."""

    id: str
    raw: bytes | str
    code: str
    line: int
    column: int
    message: str  # a part of the message that must appear
    #: where the pure parser's position differs from libyaml's: (line, column)
    pure_at: tuple[int, int] | None = None


BAD = [
    # tags (1-5): code execution through tags, and harmless tags refused the same way
    Bad(
        "#1 python/object/apply",
        "x: !!python/object/apply:os.system ['touch /tmp/pwned']\n",
        "yaml-tag",
        1,
        4,
        "explicit tags (`tag:yaml.org,2002:python/object/apply:os.system`) are not allowed",
    ),
    Bad(
        "#2 python/name",
        "x: !!python/name:os.system\n",
        "yaml-tag",
        1,
        4,
        "`tag:yaml.org,2002:python/name:os.system`",
    ),
    Bad(
        "#3 python/object/new",
        "x: !!python/object/new:type [x, [], {}]\n",
        "yaml-tag",
        1,
        4,
        "`tag:yaml.org,2002:python/object/new:type`",
    ),
    Bad("#4 custom tag", "x: !custom tag\n", "yaml-tag", 1, 4, "explicit tags (`!custom`)"),
    Bad("#5 !!str", "x: !!str 5\n", "yaml-tag", 1, 4, "`tag:yaml.org,2002:str`"),
    Bad(
        "#5 tag on a key",
        "a: 1\n!!str b: 2\n",
        "yaml-tag",
        2,
        1,
        "remove the tag and quote the value if it must stay text",
    ),
    Bad(
        "#5 %TAG directive",
        "%TAG !e! tag:example.com,2000:\n---\na: !e!foo 1\n",
        "yaml-tag",
        3,
        4,
        "`tag:example.com,2000:foo`",
    ),
    # anchors and aliases (6, 7)
    Bad(
        "#6 billion laughs",
        billion_laughs(),
        "yaml-anchor",
        1,
        5,
        "anchors (`&name`) are not allowed",
    ),
    Bad("#7 self alias", "a: &x [1, *x]\n", "yaml-anchor", 1, 4, "anchors (`&name`)"),
    Bad("#7 bare alias", "a: *x\n", "yaml-anchor", 1, 4, "aliases (`*name`) are not allowed"),
    # nesting and size (8-11)
    Bad(
        "#8 100,000-deep flow nesting",
        "[" * 100_000 + "]" * 100_000,
        "yaml-too-deep",
        1,
        # libyaml scans ahead and stops at its own cap of 1000 levels; the pure parser stops
        # at ours (32). Both say the same thing.
        1001,
        "values are nested more than 32 levels deep",
        pure_at=(1, 33),
    ),
    Bad(
        "#8 40-deep flow nesting",
        "a: " + "[" * 40 + "]" * 40 + "\n",
        "yaml-too-deep",
        1,
        35,  # the root mapping is level 1, so the 32nd `[` (at column 4 + 31) is level 33
        "nested more than 32 levels",
    ),
    Bad(
        "#9 1000 nested block mappings",
        "".join(" " * i + "a:\n" for i in range(1000)),
        "yaml-too-deep",
        33,
        33,
        "nested more than 32 levels",
    ),
    Bad(
        "#9 nested block sequences",
        "- " * 40 + "x\n",
        "yaml-too-deep",
        1,
        65,
        "nested more than 32 levels",
    ),
    Bad(
        "#11 50,000 keys",
        "".join(f"k{i}: v\n" for i in range(50_000)),
        "yaml-too-large",
        10_000,  # node 20,001 is the value of line 10,000 (the root mapping is node 1)
        8,
        "the file has more than 20000 values; split it up",
    ),
    # duplicate and merge keys (12-15)
    Bad(
        "#12 duplicate key",
        "a: 1\na: 2\n",
        "yaml-duplicate-key",
        2,
        1,
        "duplicate key `a` (first at line 1); keep only one",
    ),
    Bad(
        "#12 duplicate nested key",
        "id: x\nlocation:\n  place: a\n  region: b\n  place: c\n",
        "yaml-duplicate-key",
        5,
        3,
        "duplicate key `place` (first at line 3)",
    ),
    Bad(
        "#12 duplicate key, one quoted",
        "a: 1\n'a': 2\n",
        "yaml-duplicate-key",
        2,
        1,
        "duplicate key `a` (first at line 1)",
    ),
    Bad(
        "#13 duplicate key in a flow mapping",
        "a: {k: 1, k: 2}\n",
        "yaml-duplicate-key",
        1,
        11,
        "duplicate key `k` (first at line 1)",
    ),
    Bad(
        "#15 merge key with anchors",
        "b: &b {a: 1}\nc: {<<: *b, a: 2}\n",
        "yaml-anchor",
        1,
        4,
        "anchors (`&name`) are not allowed",
    ),
    Bad(
        "#15 merge key alone",
        "c: {<<: {a: 1}, a: 2}\n",
        "yaml-merge-key",
        1,
        5,
        "merge keys (`<<`) are not allowed; write the fields out in full",
    ),
    Bad(
        "#15 block merge key",
        "c:\n  a: 2\n  <<: {b: 1}\n",
        "yaml-merge-key",
        3,
        3,
        "merge keys (`<<`)",
    ),
    # empty files and wrong roots (23, 24)
    Bad("#23 empty file", "", "yaml-not-mapping", 1, 1, "the file is empty"),
    Bad("#23 only a comment", "# only a comment\n", "yaml-not-mapping", 1, 1, "the file is empty"),
    Bad("#23 ~", "~\n", "yaml-not-mapping", 1, 1, "the file is empty"),
    Bad("#23 only a BOM", b"\xef\xbb\xbf", "yaml-not-mapping", 1, 1, "the file is empty"),
    Bad("#24 list root", "- a\n", "yaml-not-mapping", 1, 1, "the file holds a list, but"),
    Bad("#24 scalar root", "just text\n", "yaml-not-mapping", 1, 1, "holds a single value"),
    Bad("#24 quoted scalar root", "'a: 1'\n", "yaml-not-mapping", 1, 1, "holds a single value"),
    # several documents (25)
    Bad(
        "#25 two documents",
        "a: 1\n---\nb: 2\n",
        "yaml-multiple-documents",
        2,
        1,
        "more than one YAML document; keep one per file and remove the `---` separator",
    ),
    Bad(
        "#25 empty second document",
        "a: 1\n---\n",
        "yaml-multiple-documents",
        2,
        1,
        "more than one YAML document",
    ),
    # complex keys (26)
    Bad(
        "#26 flow sequence key",
        "{[a, b]: 1}\n",
        "yaml-complex-key",
        1,
        2,
        "a key must be plain text, not a list or a mapping",
    ),
    Bad("#26 explicit ? key", "? [a]\n: 1\n", "yaml-complex-key", 1, 3, "a key must be plain text"),
    Bad("#26 mapping key", "? {a: 1}\n: 1\n", "yaml-complex-key", 1, 3, "a key must be plain"),
    # syntax (27 and others)
    Bad(
        "#27 tab indentation",
        "a:\n\tb: 1\n",
        "yaml-syntax",
        2,
        1,
        "cannot start any token",
    ),
    Bad(
        "unclosed quote",
        'a: "abc\n',
        "yaml-syntax",
        2,
        1,
        "YAML syntax error: found unexpected end of stream",
    ),
    Bad(
        "bad indentation",
        "a: 1\n b: 2\n",
        "yaml-syntax",
        2,
        3,
        "YAML syntax error: mapping values are not allowed",
    ),
    Bad(
        "lone surrogate escape",
        'a: "\\ud800"\n',
        "yaml-syntax",
        1,
        7,
        "YAML syntax error: found invalid Unicode character escape code",
        pure_at=(1, 4),
    ),
    Bad(
        "lone surrogate escape in a key",
        'a: 1\n"x\\udfff": 1\n',
        "yaml-syntax",
        2,
        5,
        "found invalid Unicode character escape code",
        pure_at=(2, 1),
    ),
    # encodings (28, 29)
    Bad("#28 NUL in a value", b"a: b\x00c\n", "file-encoding", 1, 5, "the file contains a NUL"),
    Bad("#28 NUL on line 2", b"a: 1\nb: xy\x00\n", "file-encoding", 2, 6, "a NUL byte"),
    Bad(
        "#29 Latin-1",
        "a: 1\nb: caf\xe9\n".encode("latin-1"),
        "file-encoding",
        2,
        7,
        "the file is not valid UTF-8 text; re-save it as UTF-8",
    ),
    Bad("#29 UTF-16 with BOM", "a: 1\n".encode("utf-16"), "file-encoding", 1, 1, "not valid UTF-8"),
    Bad("#29 UTF-16-LE no BOM", "a: 1\n".encode("utf-16-le"), "file-encoding", 1, 2, "a NUL byte"),
    Bad("#29 UTF-16-BE no BOM", "a: 1\n".encode("utf-16-be"), "file-encoding", 1, 1, "a NUL byte"),
    Bad("#29 truncated UTF-8", b"a: \xd0\n", "file-encoding", 1, 4, "not valid UTF-8"),
    Bad(
        "#29 UTF-8 surrogate bytes", b"a: \xed\xa0\x80\n", "file-encoding", 1, 4, "not valid UTF-8"
    ),
]


def _expected_at(case: Bad, loader: str) -> Mark:
    if loader == "pure" and case.pure_at is not None:
        return Mark(*case.pure_at)
    return Mark(case.line, case.column)


@pytest.mark.parametrize("lazy", [False, True], ids=["every position", "lazy"])
@pytest.mark.parametrize("case", BAD, ids=[c.id for c in BAD])
def test_bad_input_is_refused_with_a_located_error(case: Bad, loader: str, lazy: bool) -> None:
    # Lazy, a nested duplicate key is found without the first one's position: the same
    # error must still name the first one's line.
    with pytest.raises(YamlError) as info:
        load(case.raw, lazy=lazy)
    err = info.value
    assert (err.code, err.mark) == (case.code, _expected_at(case, loader))
    assert case.message in err.message
    assert str(err) == err.message


def test_every_defence_runs_through_the_cli_with_exit_code_1(make_dataset: MakeDataset) -> None:
    """The same inputs as incident files: one located diagnostic each, and exit code 1."""
    files = {f"incidents/bad-{i:02d}.yaml": case.raw for i, case in enumerate(BAD)}
    root = make_dataset(files)
    result = validate_json(root)
    assert result.exit_code == 1
    got: dict[str, list[tuple[str, int, int, str]]] = {}
    for d in result.problems(quality=True):
        got.setdefault(d["file"], []).append((d["code"], d["line"], d["column"], d["message"]))
    assert sorted(got) == sorted(files)
    for i, case in enumerate(BAD):
        raw = case.raw.encode() if isinstance(case.raw, str) else case.raw
        [(code, line, column, message)] = got[f"incidents/bad-{i:02d}.yaml"]
        if len(raw) > MAX_BYTES:  # refused for its size before it is parsed
            assert (code, line, column) == ("yaml-too-large", 1, 1), case.id
            assert f"over the limit of {MAX_BYTES}" in message
        else:
            assert (code, line, column) == (case.code, case.line, case.column), case.id
            assert case.message in message, case.id


# --- inputs that load, and keep what the author wrote -------------------------------------


def _nested_lists(depth: int) -> list[object]:
    out: list[object] = []
    for _ in range(depth - 1):
        out = [out]
    return out


GOOD = [
    pytest.param(
        "#14 keys that collide once typed", "on: push\nyes: 1\n", {"on": "push", "yes": "1"}
    ),
    pytest.param(
        "#16 Norway and friends",
        "country: NO\nstatus: off\nactive: yes\nn: n\n",
        {"country": "NO", "status": "off", "active": "yes", "n": "n"},
    ),
    pytest.param("#17 sexagesimal", "time: 22:30\nt: 1:30:00\n", {"time": "22:30", "t": "1:30:00"}),
    pytest.param(
        "#18 impossible dates stay text",
        "date: 2024-02-30\nd2: 2024-03-00\nd3: 2024-03-01T10:00:00+02:00\n",
        {"date": "2024-02-30", "d2": "2024-03-00", "d3": "2024-03-01T10:00:00+02:00"},
    ),
    pytest.param(
        "#19 octal-looking and zip codes",
        "id: 010\nzip: 08\nhex: 0x1F\nbin: 0b101\nu: 1_000\n",
        {"id": "010", "zip": "08", "hex": "0x1F", "bin": "0b101", "u": "1_000"},
    ),
    pytest.param("#20 5000 digits", "n: " + "1" * 5000 + "\n", {"n": "1" * 5000}),
    pytest.param(
        "#20 sexagesimal overflow",
        "n: " + ":".join(["59"] * 3000) + "\n",
        {"n": ":".join(["59"] * 3000)},
    ),
    pytest.param(
        "#21 version numbers and floats",
        "version: 1.10\ne: 1e3\ninf: .inf\nnan: .NaN\n",
        {"version": "1.10", "e": "1e3", "inf": ".inf", "nan": ".NaN"},
    ),
    pytest.param("#22 the value =", "x: =\n", {"x": "="}),
    pytest.param(
        "nulls: only plain ~, null, empty",
        "a: ~\nb: null\nc:\nd: '~'\ne: ''\nf: \"null\"\ng: NULL\nh: nULL\n",
        {"a": None, "b": None, "c": None, "d": "~", "e": "", "f": "null", "g": None, "h": "nULL"},
    ),
    pytest.param("a quoted << is an ordinary key", '"<<": x\n', {"<<": "x"}),
    pytest.param("explicit document markers", "---\na: 1\n...\n", {"a": "1"}),
    pytest.param("%YAML directive", "%YAML 1.1\n---\na: on\n", {"a": "on"}),
    pytest.param(
        "#31 escapes make control characters (kept; output escapes them)",
        'a: "\\e[2J\\e]0;owned\\a"\n',
        {"a": "\x1b[2J\x1b]0;owned\x07"},
    ),
    pytest.param(
        "#48 confusables, zero-width and bidi stay as written",
        'party: "Ukra\\u0456ne"\nid: "INC-1\\u200b"\nt: "\\u202eevil"\n',
        {"party": "Ukra\u0456ne", "id": "INC-1\u200b", "t": "\u202eevil"},
    ),
    pytest.param(
        "#49 fuzzy dates stay text",
        "a: March\nb: 1/2/3\nc: 99999999999999999999\nd: 12:00 EST\n",
        {"a": "March", "b": "1/2/3", "c": "99999999999999999999", "d": "12:00 EST"},
    ),
    pytest.param(
        "nested lists and mappings",
        "a:\n  - {b: [1, 2], c: d}\n  - e\n",
        {"a": [{"b": ["1", "2"], "c": "d"}, "e"]},
    ),
    pytest.param(
        "32 levels is the limit, not over it",
        "a: " + "[" * 31 + "]" * 31 + "\n",
        {"a": _nested_lists(31)},
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [p.values[1:] for p in GOOD], ids=[p.values[0] for p in GOOD]
)
def test_accepted_input_keeps_every_scalar_as_written(
    text: str, expected: object, loader: str
) -> None:
    assert load(text).data == expected


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(b"\xef\xbb\xbfa: 1\n", id="#30 UTF-8 BOM"),
        pytest.param(b"a: 1\r\nb: 2\r\n", id="CRLF line ends"),
    ],
)
def test_utf8_bom_and_crlf_are_accepted(raw: bytes, loader: str) -> None:
    doc = load(raw)
    assert doc.data == ({"a": "1"} if raw.startswith(b"\xef") else {"a": "1", "b": "2"})
    assert doc.mark(("a",)) == Mark(1, 4)


@pytest.mark.parametrize("lazy", [False, True], ids=["every position", "lazy"])
def test_every_value_and_key_keeps_its_position(loader: str, lazy: bool) -> None:
    text = (
        "id: x-1\n"
        "location:\n"
        "  place: Kavkazskaya\n"
        "  coordinates: {lat: 45.44, lon: 40.67}\n"
        "claims:\n"
        "  - source: kremlin\n"
        "    means: [drone, missile]\n"
        "  - source: rt\n"
        "empty:\n"
    )
    doc = load(text, lazy=lazy)
    assert doc.path == "x.yaml"
    assert doc.mark(()) == Mark(1, 1)
    assert doc.mark(("id",)) == Mark(1, 5)
    assert doc.mark(("id",), key=True) == Mark(1, 1)
    assert doc.mark(("location",)) == Mark(3, 3)
    assert doc.mark(("location",), key=True) == Mark(2, 1)
    assert doc.mark(("location", "place")) == Mark(3, 10)
    assert doc.mark(("location", "coordinates")) == Mark(4, 16)
    assert doc.mark(("location", "coordinates", "lon")) == Mark(4, 34)
    assert doc.mark(("location", "coordinates", "lon"), key=True) == Mark(4, 29)
    assert doc.mark(("claims", 0)) == Mark(6, 5)
    assert doc.mark(("claims", 0, "means", 1)) == Mark(7, 20)
    assert doc.mark(("claims", 1, "source")) == Mark(8, 13)
    assert doc.mark(("empty",)) == Mark(9, 7)
    # a path that is not in the file falls back to its nearest ancestor
    assert doc.mark(("claims", 1, "url")) == Mark(8, 5)
    assert doc.mark(("claims", 7, "url")) == Mark(6, 3)  # no claims[7]: the list itself
    assert doc.mark(("claims", 7, "url"), key=True) == Mark(5, 1)  # ... or its key
    assert doc.mark(("nothing", "here")) == Mark(1, 1)


@pytest.mark.parametrize(
    "brk",
    [
        pytest.param("\r", id="lone CR"),
        pytest.param("\x85", id="NEL"),
        pytest.param("\u2028", id="LS"),
        pytest.param("\u2029", id="PS"),
    ],
)
def test_a_break_editors_do_not_count_keeps_later_lines_right(brk: str, loader: str) -> None:
    # Inside a quoted value libyaml starts a new line; editors and GitHub do not.
    doc = load(f'a: "x{brk}y"\nb: 2\n')
    assert doc.mark(("b",)) == Mark(2, 4)
    assert doc.mark(("b",), key=True) == Mark(2, 1)


# --- file-level defences (10, 50) ---------------------------------------------------------


def test_oversized_file_is_refused_before_it_is_read(tmp_path: Path, loader: str) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"x: " + b"a" * 300_000 + b"\n")  # 10: a single 300 KB scalar
    with pytest.raises(YamlError) as info:
        read_file(path, "big.yaml")
    assert (info.value.code, info.value.mark) == ("yaml-too-large", Mark(1, 1))
    assert info.value.message == ("the file is 300004 bytes, over the limit of 262144; split it up")


def test_file_at_the_size_limit_is_read(tmp_path: Path, loader: str) -> None:
    path = tmp_path / "edge.yaml"
    path.write_bytes(b"x: " + b"a" * (MAX_BYTES - 4) + b"\n")
    assert path.stat().st_size == MAX_BYTES
    assert read_file(path, "edge.yaml").data == {"x": "a" * (MAX_BYTES - 4)}


def _special(tmp_path: Path, kind: str) -> Path:
    target = tmp_path / "real.yaml"
    target.write_text("a: 1\n")
    path = tmp_path / f"{kind}.yaml"
    if kind == "link-to-proc":
        os.symlink("/proc/self/environ", path)
    elif kind == "link-to-file":
        os.symlink(target, path)
    elif kind == "dangling-link":
        os.symlink(tmp_path / "missing", path)
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "directory":
        path.mkdir()
    return path


SPECIAL_FILES = [
    ("link-to-proc", "file-symlink", "the file is a symbolic link; data files must be regular"),
    ("link-to-file", "file-symlink", "the file is a symbolic link"),
    ("dangling-link", "file-symlink", "the file is a symbolic link"),
    ("fifo", "file-unreadable", "not a regular file"),
    ("directory", "file-unreadable", "not a regular file"),
    ("missing", "file-unreadable", "cannot read the file: No such file or directory"),
]


@pytest.mark.parametrize(
    ("stated", "actual", "expected"),
    [
        pytest.param(10, 10, 10, id="as stated"),
        pytest.param(4, 10, 10, id="grew since it was stated"),
        pytest.param(4, MAX_BYTES + 10, MAX_BYTES + 1, id="grew past the limit"),
        pytest.param(20, 10, 10, id="shrank since"),
    ],
)
def test_a_file_is_read_whole_up_to_one_byte_past_the_limit(
    tmp_path: Path, stated: int, actual: int, expected: int
) -> None:
    # read_bytes reads the size lstat gave; a file that changed meanwhile is still read to
    # its end, or to one byte past the limit (then refused as too large).
    path = tmp_path / "x.yaml"
    path.write_bytes(b"a" * actual)
    fd = os.open(path, os.O_RDONLY)
    try:
        assert files.read_fd(fd, stated, MAX_BYTES + 1) == b"a" * expected
    finally:
        os.close(fd)


def test_a_file_as_stated_is_read_in_one_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the size stated and no byte more: that is the end, without a read to see it
    path = tmp_path / "x.yaml"
    path.write_bytes(b"a" * 10)
    reads: list[int] = []
    real = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: reads.append(n) or real(fd, n))
    fd = os.open(path, os.O_RDONLY)
    try:
        assert files.read_fd(fd, 10, MAX_BYTES + 1) == b"a" * 10
    finally:
        os.close(fd)
    assert reads == [11]


@pytest.mark.parametrize(("kind", "code", "message"), SPECIAL_FILES)
def test_links_and_special_files_are_refused(
    tmp_path: Path, kind: str, code: str, message: str
) -> None:
    """50: a link to /proc/self/environ must not leak it; a FIFO must not hang the run."""
    path = _special(tmp_path, kind)
    with pytest.raises(YamlError) as info:
        read_file(path, f"{kind}.yaml")
    assert (info.value.code, info.value.mark) == (code, Mark(1, 1))
    assert message in info.value.message


def test_links_and_fifos_in_a_dataset_are_reported_not_followed(
    make_dataset: MakeDataset,
) -> None:
    root = make_dataset({"incidents/ok/real.txt": "secret: value\n"})
    os.symlink("/proc/self/environ", root / "incidents" / "environ.yaml")
    os.symlink(root / "incidents" / "ok" / "real.txt", root / "incidents" / "inside.yaml")
    os.mkfifo(root / "incidents" / "pipe.yaml")
    os.symlink("/etc", root / "incidents" / "etc")  # a link to a folder: reported, not walked
    (root / "incidents" / "folder.yaml").mkdir()  # a folder named x.yaml is a folder
    (root / "incidents" / "folder.yaml" / "notes.txt").write_text("not data\n")
    result = validate_json(root)
    assert result.exit_code == 1
    assert result.diagnostics() == [
        ("incidents/environ.yaml", 1, 1, "file-symlink", "error"),
        ("incidents/etc", 1, 1, "file-symlink", "error"),
        ("incidents/inside.yaml", 1, 1, "file-symlink", "error"),
        ("incidents/pipe.yaml", 1, 1, "file-unreadable", "error"),
    ]
    assert "secret" not in result.stdout
    assert result.json()["summary"]["incidents"] == 3


# --- no other exception escapes; hostile inputs stay cheap ---------------------------------


def test_a_lone_surrogate_in_the_text_is_an_error_not_a_crash(loader: str) -> None:
    """§1.2: libyaml raises UnicodeEncodeError on it; callers of parse() get a YamlError."""
    with pytest.raises(YamlError) as info:
        parse("a: \ud800\n")
    assert info.value.code == "yaml-syntax"


def test_deep_nesting_and_laughs_return_a_located_error(loader: str) -> None:
    """8 and 6 must be refused, not explored: they come back as errors at a position."""
    for text in ("[" * 100_000 + "]" * 100_000, "{a: " * 100_000 + "}" * 100_000, billion_laughs()):
        with pytest.raises(YamlError) as info:
            load(text)
        assert info.value.code in {"yaml-too-deep", "yaml-anchor"}
        assert info.value.mark.line == 1
        assert info.value.mark.column > 1


NASTY = st.sampled_from(
    [
        "\n",
        "\r",
        "\t",
        " ",
        ":",
        "- ",
        "? ",
        "[",
        "]",
        "{",
        "}",
        ",",
        "#",
        "&a",
        "*a",
        "!",
        "!!",
        "|",
        ">",
        "'",
        '"',
        "%",
        "@",
        "`",
        "---",
        "...",
        "<<",
        "\\",
        "\x00",
        "\x1b",
        "\x85",
        "\u2028",
        "\ufeff",
        "\ud7ff",
        "\U0001f600",
        "a",
        "0",
        "~",
        "null",
    ]
)


@settings(derandomize=True, max_examples=300, deadline=None)
@given(st.one_of(st.binary(max_size=200), st.lists(NASTY, max_size=40).map("".join)))
def test_no_exception_but_yamlerror_escapes(raw: bytes | str) -> None:
    for cls in (yaml.BaseLoader, yamlsource._CParser or yaml.BaseLoader):
        old = yamlsource._Loader
        yamlsource._Loader = cls
        try:
            doc = load(raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw)
        except YamlError as exc:
            assert exc.code.startswith(("yaml-", "file-"))
            assert exc.mark.line >= 1
            assert exc.mark.column >= 1
        else:
            assert isinstance(doc.data, dict)
        finally:
            yamlsource._Loader = old
