"""``ceasewatch report`` (issue 7): the golden report of a hostile fixture, its stamp,
determinism, atomic output, the filters, and what GitHub's renderer makes of it.

The report is rendered with ``cmarkgfm`` (GitHub's cmark-gfm) in its unsafe mode, so that
raw HTML from the data would show up as tags. Mentions and ``#123`` references are GitHub
post-processing that cmark-gfm does not do: they are checked on the Markdown text itself.
"""

from __future__ import annotations

import os
import random
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import cmarkgfm
import pytest

from ceasewatch import __version__
from ceasewatch import markdown as md
from ceasewatch import report as report_
from ceasewatch.api import load

from . import helpers_ci
from .conftest import TODAY, CliResult, run_cli
from .golden import check_golden

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
DATASET = TESTS / "data" / "report-dataset"

#: The date of every commit the stamp tests make.
DATE = "2025-05-01T12:00:00+00:00"
#: The stamp line: the only line that depends on where the files are (git or not).
STAMP_RE = re.compile(r"^data as of.*$", re.MULTILINE)

#: The findings of the fixture, as (incident, accused party).
ALL_FINDINGS = {
    ("2025-03-20-refinery", "ukraine"),
    ("2025-03-27-substation", "russia"),
    ("2025-03-28-outcome-unknown", "russia"),
    ("2025-04-02-depot", "russia"),
    ("2025-04-02-depot", "ukraine"),
}


# --- helpers -----------------------------------------------------------------------------------


def report(root: Path, *args: str) -> CliResult:
    return run_cli(["report", "--root", str(root), "--today", TODAY, *args])


def ok_report(root: Path, *args: str) -> str:
    result = report(root, *args)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def normalise_stamp(text: str) -> str:
    assert len(STAMP_RE.findall(text)) == 1, "expected exactly one stamp line"
    return STAMP_RE.sub("data as of STAMP", text)


def render(text: str) -> str:
    return cmarkgfm.github_flavored_markdown_to_html(
        text, options=cmarkgfm.Options.CMARK_OPT_UNSAFE
    )


def no_git_above(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Make sure git finds no repository at or above ``folder``'s children."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(folder))


def copy_dataset(src: Path, dest: Path, order: random.Random | None = None) -> Path:
    """Copy a dataset, creating its folders and files in a shuffled order when asked."""
    files = sorted(p.relative_to(src) for p in src.rglob("*") if p.is_file())
    if order is not None:
        order.shuffle(files)
    dest.mkdir(parents=True)
    for rel in files:
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        (dest / rel).write_bytes((src / rel).read_bytes())
    return dest


def git(repo: Path, *args: str) -> str:
    """git in ``repo``, every commit dated 1 May 2025 (the stamp shows the date)."""
    dates = {"GIT_AUTHOR_DATE": DATE, "GIT_COMMITTER_DATE": DATE}
    return helpers_ci.git(repo, *args, env=dates).strip()


#: The fixture's parties, by the names the report gives them.
PARTY_IDS = {"Russia": "russia", "Ukraine": "ukraine"}


def finding_headings(text: str) -> set[tuple[str, str]]:
    """(incident, party id) of every finding heading of the report."""
    found = re.findall(r"^#### `(\S+)`: alleged against (.+) \(`\S+`\)$", text, re.MULTILINE)
    return {(i, PARTY_IDS[p]) for i, p in found}


def claim_urls(root: Path) -> set[str]:
    data = load(root, today=date.fromisoformat(TODAY))
    return {c.url for i in data.incidents for c in i.model.claims if c.url}


class Html(HTMLParser):
    """Every tag, and every link with its text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "a":
            self._href = dict(attrs).get("href") or ""
            self._text = []
        if tag == "img":
            self.links.append((dict(attrs).get("src") or "", "<img>"))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append((self._href, "".join(self._text)))
            self._href = None


#: The only tags the report's own Markdown produces.
ALLOWED_TAGS = {
    "h1",
    "h2",
    "h3",
    "h4",
    "p",
    "br",
    "ul",
    "li",
    "strong",
    "em",
    "code",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "a",
}


def markdown_tables(text: str) -> list[list[str]]:
    """The Markdown tables: runs of consecutive lines starting with a pipe."""
    tables: list[list[str]] = []
    current: list[str] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            current.append(line)
        elif current:
            tables.append(current)
            current = []
    return tables


def cells(row: str) -> list[str]:
    """A row split as cmark-gfm splits it: on each pipe not right after a backslash."""
    assert row.startswith("|"), row
    assert row.endswith("|"), row
    assert not row.endswith("\\|"), row
    return re.split(r"(?<!\\)\|", row)[1:-1]


# --- golden and contents -----------------------------------------------------------------------


def test_golden_report() -> None:
    check_golden("report/report.md", normalise_stamp(ok_report(DATASET)))


def test_golden_report_narrowed() -> None:
    text = ok_report(DATASET, "--agreement", "energy-pause", "--since", "2025-04-01")
    check_golden("report/report-since-2025-04-01.md", normalise_stamp(text))


def test_report_contents() -> None:
    text = ok_report(DATASET)
    lines = text.splitlines()
    assert lines[0].startswith("# Fixture ")
    assert lines[2] == "Period covered: 2025-03-20 to 2025-05-10.  "
    assert lines[3].startswith("data as of")
    assert lines[3].endswith(f"ceasewatch {md.text(__version__)}.")
    # Section order
    order = [
        "## At a glance",
        "## How to read this report",
        "## Energy pause",
        "### When it is in force, according to whom",
        "```mermaid",
        "gantt",
        "### Term: No strikes on energy",
        "### Alleged violations by party, status and support",
        "### Alleged violations per week",
        "### Alleged violations of: No strikes on energy",
        "#### Within the term, but no source blames anyone",
        "## Sources",
        "## Data quality",
    ]
    at = [next(i for i, line in enumerate(lines) if line.startswith(h)) for h in order]
    assert at == sorted(at)
    assert "not verdicts" in text
    # The headline first: counts with their caveat, before how to read them
    glance = text.split("## At a glance")[1].split("## How to read this report")[0]
    assert "**Counts are not rates of violation.**" in glance
    assert "not how often each side violates an agreement" in glance
    assert "2 of 5 rest on the adversary's word alone" in glance
    assert "| **alleged violations** | 3 | 2 | 5 |" in glance.splitlines()
    assert "Accusations resting on the adversary's word alone" not in text  # no longer last
    # In-force and term readings, each with who states it, by name
    kremlin = "Kremlin \\<img src=https\\://t.example/p.gif>"
    mfa = "MFA @\u2060octocat o/r#\u20602 #\u2060123"
    assert f"- from 2025-03-18T17:00:00+03:00, for 30 days: per {kremlin}" in lines
    assert f"- from 2025-03-25, for 30 days: per {mfa}" in lines
    assert f"- Reading per {mfa}: targets energy" in lines
    assert "Agreement `energy-pause`. Parties: Russia, Ukraine. Mediators: United States." in lines
    # One heading per finding: a stable anchor for each
    headings = [line for line in lines if line.startswith("#### `2025")]
    assert len(headings) == len(set(headings)) == len(ALL_FINDINGS)
    assert finding_headings(text) == ALL_FINDINGS
    # Contested, with a general denial; blames another party
    assert f"- Contested: {kremlin} (general denial)" in lines
    assert "- Contested: Ministry \\| of Defence second line (blames Ukraine)" in lines
    # Inferred fields are marked
    assert "- Coordinates: 44.1, 39.07 (exact) *(editor's inference)*" in lines
    assert any(
        line.startswith("- Date: 2025-03-28 20:00") and "*(editor's inference)*" in line
        for line in lines
    )
    # Contingent: holds and fails; possible: what is undecided
    assert (
        f"- Holds under: in force per {kremlin}, term per {kremlin} + Ministry \\| of "
        f"Defence second line; in force per {kremlin}, term per {mfa}" in lines
    )
    assert any(line.startswith("- Undecided under: ") for line in lines)
    # Unattributed
    assert any(line.startswith("| 2025-04-05-line |") for line in lines)
    # Sources by name, affiliations and accused parties by name
    assert f"| {kremlin} | official | Russia | 1 | no one |" in lines
    assert (
        "| MFA @\u2060octocat o/r#\u20602 #\u2060123 | official | Ukraine | 2 | Russia (2) |"
        in lines
    )
    # Data quality: warnings by code, inferred incidents
    assert "| incident-no-claims: No accusing or denying claim | 1 |" in lines
    assert "Incidents with fields inferred by the dataset editor: 2 of 6." in lines
    assert "- `2025-03-20-refinery`: location.coordinates" in lines
    assert "- `2025-03-28-outcome-unknown`: occurred" in lines


def test_unsplittable_claim_url_is_text() -> None:
    """A URL the schema admits but urllib cannot split (``https://[x``) is shown as text."""
    text = ok_report(DATASET)
    assert "https\\://\\[evil.example/x\\](javascript:alert(1))" in text


# --- the stamp ---------------------------------------------------------------------------------


def test_stamp_outside_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    no_git_above(monkeypatch, tmp_path)
    root = copy_dataset(DATASET, tmp_path / "data")
    stamp = report_.stamp(root)
    assert stamp == report_.Stamp(None, None, False)
    line = f"data as of: the files on disk (not in a git repository); ceasewatch {__version__}"
    assert stamp.line() == line
    assert ok_report(root).splitlines()[3] == md.text(line) + "."


def test_stamp_in_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    no_git_above(monkeypatch, tmp_path)
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "--quiet")
    root = copy_dataset(DATASET, repo / "datasets" / "fixture")
    git(repo, "add", "-A")
    git(repo, "commit", "--quiet", "-m", "data")
    sha = git(repo, "rev-parse", "HEAD")

    clean = report_.stamp(root)
    assert clean == report_.Stamp(sha, "2025-05-01", False)
    line = f"data as of 2025-05-01 (commit {sha[:12]}); ceasewatch {__version__}"
    assert clean.line() == line
    first = ok_report(root)
    # the hash comes from git and stays whole (a hash from the data would be cut)
    head, tail = line.split(sha[:12])
    assert first.splitlines()[3] == f"{md.text(head)} {sha[:12]}{md.text(tail)}."
    assert f"(commit {sha[:12]})" in first

    # A commit that does not touch the dataset changes neither the stamp nor the report.
    (repo / "README.md").write_text("readme\n", encoding="utf-8")
    git(repo, "add", "README.md")
    git(repo, "commit", "--quiet", "-m", "readme")
    assert report_.stamp(root) == clean
    assert ok_report(root) == first

    # A changed file: the same commit, with uncommitted changes.
    incident = root / "incidents" / "2025" / "2025-05-10-late.yaml"
    incident.write_text(incident.read_text(encoding="utf-8") + "note: edited\n", "utf-8")
    dirty = report_.stamp(root)
    assert dirty == report_.Stamp(sha, "2025-05-01", True)
    assert dirty.line() == (
        f"data as of 2025-05-01 (commit {sha[:12]}) with uncommitted changes; "
        f"ceasewatch {__version__}"
    )
    assert "with uncommitted changes" in ok_report(root).splitlines()[3]
    git(repo, "checkout", "--", ".")
    assert report_.stamp(root) == clean

    # A new, untracked file counts as a change too.
    (root / "incidents" / "2025" / "2025-05-11-new.yaml").write_text(
        incident.read_text(encoding="utf-8").replace("2025-05-10-late", "2025-05-11-new"),
        encoding="utf-8",
    )
    assert report_.stamp(root).dirty

    # Committing it moves the stamp to the new commit.
    git(repo, "add", "-A")
    git(repo, "commit", "--quiet", "-m", "more data")
    newer = git(repo, "rev-parse", "HEAD")
    assert newer != sha
    assert report_.stamp(root) == report_.Stamp(newer, "2025-05-01", False)


# --- determinism -------------------------------------------------------------------------------


def test_two_runs_are_identical() -> None:
    assert ok_report(DATASET).encode() == ok_report(DATASET).encode()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_shuffled_file_order_gives_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    no_git_above(monkeypatch, tmp_path)
    plain = copy_dataset(DATASET, tmp_path / "plain")
    shuffled = copy_dataset(DATASET, tmp_path / "elsewhere" / "shuffled", random.Random(seed))
    expected = ok_report(plain)
    assert ok_report(shuffled).encode() == expected.encode()
    assert normalise_stamp(expected) == normalise_stamp(ok_report(DATASET))


# --- writing to a file ---------------------------------------------------------------------------


def test_output_file_replaces_an_existing_one_atomically(tmp_path: Path) -> None:
    expected = ok_report(DATASET)
    out = tmp_path / "out" / "report.md"
    out.parent.mkdir()
    out.write_text("old report\n", encoding="utf-8")
    # A second name for the old file: a rename leaves it alone, an in-place rewrite would not.
    os.link(out, tmp_path / "out" / "alias.md")
    result = report(DATASET, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert out.read_bytes() == expected.encode()
    assert (tmp_path / "out" / "alias.md").read_text(encoding="utf-8") == "old report\n"
    assert sorted(p.name for p in out.parent.iterdir()) == ["alias.md", "report.md"]


def test_output_file_is_created(tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    result = report(DATASET, "--output", str(out))
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes() == ok_report(DATASET).encode()
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]


def test_failed_rename_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "report.md"
    out.write_text("old report\n", encoding="utf-8")

    def fail(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("ceasewatch.files.os.replace", fail)
    result = report(DATASET, "-o", str(out))
    assert result.exit_code == 2
    assert "cannot write" in result.stderr
    assert out.read_text(encoding="utf-8") == "old report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]


def broken_copy(tmp_path: Path) -> Path:
    root = copy_dataset(DATASET, tmp_path / "broken")
    incident = root / "incidents" / "2025" / "2025-05-10-late.yaml"
    text = incident.read_text(encoding="utf-8")
    incident.write_text(text.replace("country: UA", "country: XX"), encoding="utf-8")
    return root


def test_invalid_data_writes_nothing(tmp_path: Path) -> None:
    root = broken_copy(tmp_path)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    existing = out_dir / "existing.md"
    existing.write_text("old report\n", encoding="utf-8")
    before = existing.stat()

    result = report(root, "-o", str(existing))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "place-country" in result.stderr
    assert "nothing written" in result.stderr
    assert existing.read_text(encoding="utf-8") == "old report\n"
    assert existing.stat().st_ino == before.st_ino
    assert existing.stat().st_mtime_ns == before.st_mtime_ns

    missing = out_dir / "new.md"
    result = report(root, "-o", str(missing))
    assert result.exit_code == 1
    assert not missing.exists()
    assert [p.name for p in out_dir.iterdir()] == ["existing.md"]


def test_invalid_data_prints_no_report(tmp_path: Path) -> None:
    result = report(broken_copy(tmp_path))
    assert result.exit_code == 1
    assert result.stdout == ""


# --- filters -----------------------------------------------------------------------------------

SECOND_AGREEMENT = """\
id: lines-truce
title: Truce on power lines
parties: [russia, ukraine]
in_force:
  - from: 2025-03-01
    until: 2025-06-01
    per: [reuters]
terms:
  - id: no-line-strikes
    title: No strikes on power lines or substations
    prohibits:
      targets: [energy/power/line, energy/power/substation]
      per: [reuters]
"""


def test_agreement_narrows_the_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    no_git_above(monkeypatch, tmp_path)
    one = copy_dataset(DATASET, tmp_path / "one")
    two = copy_dataset(DATASET, tmp_path / "two")
    (two / "agreements" / "lines-truce.yaml").write_text(SECOND_AGREEMENT, encoding="utf-8")

    both = ok_report(two)
    assert "## Energy pause" in both
    assert "## Truce on power lines" in both
    # Only the first agreement: exactly the report of the dataset without the second one.
    assert ok_report(two, "--agreement", "energy-pause") == ok_report(one)
    # Only the second one: none of the first.
    only = ok_report(two, "--agreement", "lines-truce")
    assert "## Truce on power lines" in only
    assert "Energy pause" not in only
    assert "No strikes on energy" not in only
    assert finding_headings(only) == {
        ("2025-03-27-substation", "russia"),
        ("2025-03-28-outcome-unknown", "russia"),
        ("2025-05-10-late", "russia"),
    }
    assert "| 2025-04-05-line |" in only  # unattributed under this agreement too
    # Both, named
    assert ok_report(two, "--agreement", "lines-truce", "--agreement", "energy-pause") == both


def test_unknown_agreement_is_a_usage_error() -> None:
    result = report(DATASET, "--agreement", "energy-paus")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "did you mean `energy-pause`" in result.stderr


PERIODS = [
    (
        ["--since", "2025-04-01"],
        {("2025-04-02-depot", "russia"), ("2025-04-02-depot", "ukraine")},
        "2025-04-01 to the end",
    ),
    (
        ["--until", "2025-03-26"],
        {("2025-03-20-refinery", "ukraine")},
        "the start to 2025-03-26",
    ),
    (
        ["--since", "2025-03-27", "--until", "2025-03-27"],
        {("2025-03-27-substation", "russia")},
        "2025-03-27 to 2025-03-27",
    ),
    (
        # 29 March, Kyiv time: the end of the Kherson window (02:00), not the day before.
        ["--since", "2025-03-29", "--until", "2025-03-31"],
        {("2025-03-28-outcome-unknown", "russia")},
        "2025-03-29 to 2025-03-31",
    ),
    (["--since", "2025-05-01"], set(), "2025-05-01 to the end"),
]


@pytest.mark.parametrize(("args", "expected", "period"), PERIODS)
def test_period_narrows_the_report(
    args: list[str], expected: set[tuple[str, str]], period: str
) -> None:
    text = ok_report(DATASET, *args)
    assert finding_headings(text) == expected
    assert f"Period covered: {period}.  " in text.splitlines()
    # The same incidents as `check` keeps for the same period.
    check = run_cli(["check", "--root", str(DATASET), "--format", "json", "--today", TODAY, *args])
    assert check.exit_code == 0, check.stderr
    assert {(f["incident"], f["party"]) for f in check.json()["findings"]} == expected
    # Summary rows and chart tables count only those findings.
    totals = re.findall(r"^\| (?:Russia|Ukraine) \| \w+ \|.* \| (\d+) \|$", text, re.MULTILINE)
    assert sum(int(n) for n in totals) == len(expected)
    assert text.count("xychart-beta") == len({party for _, party in expected})
    assert text.count("\ngantt\n") == 1  # the agreement's timeline, findings or not


def test_period_covered_is_in_local_days(tmp_path: Path) -> None:
    """The period's first and last days are the project zone's (an excluded end is no day)."""
    root = copy_dataset(DATASET, tmp_path / "new-york")
    project = root / "ceasewatch.yaml"
    text = project.read_text(encoding="utf-8")
    project.write_text(text.replace("Europe/Kyiv", "America/New_York"), encoding="utf-8")
    # The refinery: 2025-03-20 00:00 UTC is 19 March in New York. The late strike: 10 May
    # in New York ends at 04:00 UTC on 11 May, excluded.
    assert "Period covered: 2025-03-19 to 2025-05-10.  " in ok_report(root).splitlines()


def test_weeks_are_local_weeks(tmp_path: Path) -> None:
    """01:00 on Monday 31 March in Kyiv (Sunday 22:00 UTC) counts in the week of 31 March."""
    root = copy_dataset(DATASET, tmp_path / "monday")
    depot = root / "incidents" / "2025" / "2025-04-02-depot.yaml"
    text = depot.read_text(encoding="utf-8")
    depot.write_text(
        text.replace("2025-04-02T22:15:00+03:00", "2025-03-31T01:00:00+03:00"), encoding="utf-8"
    )
    report_text = ok_report(root)
    ukraine = report_text.split("Alleged against Ukraine, per week (from Monday)")[1]
    assert "| 2025-03-31 | 0 | 0 | 0 | 1 | 0 | 1 |" in ukraine.split("\n\n")[1].splitlines()


def test_period_keeps_unattributed_incidents_within_it() -> None:
    assert "| 2025-04-05-line |" in ok_report(DATASET, "--since", "2025-04-05")
    assert "| 2025-04-05-line |" not in ok_report(DATASET, "--until", "2025-04-04")


def test_bad_period_date_is_a_usage_error() -> None:
    result = report(DATASET, "--since", "2025-02-30")
    assert result.exit_code == 2
    assert "--since takes a date" in result.stderr


# --- rendered by GitHub's Markdown renderer ----------------------------------------------------

RENDERED = [
    pytest.param(DATASET, id="fixture"),
    pytest.param(REPO, id="bundled"),
]


@pytest.fixture(params=RENDERED)
def rendered(request: pytest.FixtureRequest) -> tuple[Path, str, str]:
    root: Path = request.param
    text = ok_report(root)
    return root, text, render(text)


def test_tables_keep_their_column_count(rendered: tuple[Path, str, str]) -> None:
    _, text, html = rendered
    tables = markdown_tables(text)
    assert tables
    for table in tables:
        width = len(cells(table[0]))
        assert re.fullmatch(r"\|(---\|)+", table[1]), table[1]
        assert len(cells(table[1])) == width
        for row in table[2:]:
            assert len(cells(row)) == width, row
    html_tables = re.findall(r"<table>(.*?)</table>", html, re.DOTALL)
    assert len(html_tables) == len(tables)
    for table, html_table in zip(tables, html_tables, strict=True):
        head, body = html_table.split("</thead>")
        assert len(re.findall(r"<th[\s>]", head)) == len(cells(table[0]))
        rows = re.findall(r"<tr>(.*?)</tr>", body, re.DOTALL)
        assert len(rows) == len(table) - 2  # no row broken in two, none swallowed
        for row in rows:
            assert len(re.findall(r"<td[\s>]", row)) == len(cells(table[0]))


def test_no_data_string_becomes_a_tag(rendered: tuple[Path, str, str]) -> None:
    _, _, html = rendered
    parsed = Html(html)
    assert set(parsed.tags) <= ALLOWED_TAGS, set(parsed.tags) - ALLOWED_TAGS
    for raw in ("<img", "<details", "<summary", "<script", "<!--"):
        assert raw not in html


def test_hostile_html_stays_visible_text() -> None:
    html = render(ok_report(DATASET))
    assert "&lt;img src=https://t.example/p.gif&gt;" in html
    assert "&lt;details&gt;&lt;summary&gt;" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "[x](javascript:alert(1))" in html


def test_every_link_is_a_claim_url(rendered: tuple[Path, str, str]) -> None:
    root, _, html = rendered
    urls = {unquote(u): u for u in claim_urls(root)}
    links = Html(html).links
    assert links
    for href, label in links:
        assert label != "<img>", f"an image: {href}"
        assert urlsplit(href).scheme in ("http", "https"), href
        assert not href.strip().lower().startswith("javascript:")
        assert unquote(href) in urls, f"{href} is not a claim URL of the data"
        assert label == urlsplit(urls[unquote(href)]).hostname


def test_fixture_links() -> None:
    """Exactly the claim URLs of the claims shown, bracket, quote and entity included."""
    links = {unquote(href) for href, _ in Html(render(ok_report(DATASET))).links}
    assert links == {
        "https://mil.example/ru/news?a=1&b=(2)",
        "https://gs.example/posts/1",
        "https://mfa.example/news/[x](javascript:alert(1))",
        "https://kremlin.example/peskov",
        "https://www.reuters.example/world/kherson-substation",
        "https://www.whitehouse.example/briefing?a=1&amp;b=2",
        'https://mil.example/ru/news?id=2"onmouseover="x',
    }


#: The front matter of every chart: a legend where Mermaid draws one, and the palette.
FRONT_MATTER = ["---", "config:", "  xyChart:", "    showLegend: true", "  themeVariables:"]
PALETTE = re.compile(r'      plotColorPalette: "(#[0-9a-f]{6}(?:, #[0-9a-f]{6})*)"')
DAY = r"\d{4}-\d\d-\d\d"
XY_LINE = re.compile(
    r'    title "Alleged against [^"`\[\]\n]+, per week"'
    rf'|    x-axis \[("{DAY}"(, "{DAY}")*)\]'
    r'|    y-axis "alleged violations" 0 --> \d+'
    r'|    bar "[a-z ]+" \[\d+(, \d+)*\]'
    r"|    bar \[0(, 0)*\]"  # the baseline, last
)
#: A gantt label: what mermaid_label leaves (no `:`, `#`, `;`), after fixed first words,
#: so no data string can start a section or a keyword.
LABEL = r"[0-9A-Za-z _.,/+()&'-]+"
GANTT_LINE = re.compile(
    r"    title When it is in force, per whom, and the days with alleged violations"
    r"|    dateFormat YYYY-MM-DD HH:mm|    axisFormat %d %b|    todayMarker off"
    r"|    tickInterval 1(week|month)"
    rf"|    section (In force|Alleged against {LABEL})"
    rf"|    per {LABEL} :r\d+, {DAY} \d\d:\d\d, {DAY} \d\d:\d\d"
    rf"|    per {LABEL} \(not yet in force\) :milestone, r\d+, {DAY} 12:00, 0d"
    rf"|    \d+ incidents? :milestone, m\d+, {DAY} 12:00, 0d"
)


def mermaid_sources(text: str) -> list[str]:
    return re.findall(r"^```mermaid\n(.*?)^```$", text, re.DOTALL | re.MULTILINE)


def test_mermaid_blocks_are_intact(rendered: tuple[Path, str, str]) -> None:
    _, text, html = rendered
    blocks = re.findall(
        r'<pre lang="mermaid"><code>(.*?)</code></pre>'
        r'|<code class="language-mermaid">(.*?)</code>',
        html,
        re.DOTALL,
    )
    sources = mermaid_sources(text)
    assert text.count("```mermaid") == len(blocks) == len(sources) > 0
    charts = 0
    for (a, b), source in zip(blocks, sources, strict=True):
        body = (a or b).replace("&quot;", '"').replace("&gt;", ">").replace("&amp;", "&")
        body = body.replace("&#x27;", "'").replace("&lt;", "<")
        assert body == source
        lines = body.splitlines()
        if lines[0] == "gantt":
            assert all(GANTT_LINE.fullmatch(line) for line in lines[1:]), lines
            continue
        charts += 1
        assert lines[:5] == FRONT_MATTER
        assert lines[5:7] == ["    xyChart:", lines[6]] and PALETTE.fullmatch(lines[6])
        assert lines[7:9] == ["---", "xychart-beta"]
        assert [line.split()[0] for line in lines[9:12]] == ["title", "x-axis", "y-axis"]
        weeks = None
        for line in lines[9:]:
            assert XY_LINE.fullmatch(line), line
            if line.startswith("    x-axis"):
                weeks = line.count('"') // 2
            if line.startswith("    bar"):
                assert line.count(",") + 1 == weeks
    # Each chart's counts are also in a table beneath it.
    assert text.count("per week (from Monday). Each bar is the week's total") == charts > 0


def charts_with_tables(text: str) -> list[tuple[str, str]]:
    """Each weekly chart's source and the text after it, up to the next block or heading."""
    found = re.findall(
        r"^```mermaid\n(---\n.*?)^```\n(.*?)(?=^```|^#)", text, re.DOTALL | re.MULTILINE
    )
    return [(source, after) for source, after in found]


def read_chart(source: str) -> tuple[list[str], int, list[str], list[tuple[str, list[int]]]]:
    """Weeks, the y-axis top, the palette and the bar series (title, values) of a chart."""
    weeks = re.findall(r'"(\d{4}-\d\d-\d\d)"', re.search(r"x-axis \[(.*)\]", source)[1])
    top = int(
        re.search(r"y-axis \S+ \S+ 0 --> (\d+)", source.replace('"alleged violations"', "a a"))[1]
    )
    palette = re.search(r'plotColorPalette: "(.*)"', source)[1].split(", ")
    series = [
        (title, [int(n) for n in values.split(", ")])
        for title, values in re.findall(r'^    bar (?:"([^"]+)" )?\[(.*)\]$', source, re.MULTILINE)
    ]
    return weeks, top, palette, series


def test_charts_show_the_counts_of_their_tables(rendered: tuple[Path, str, str]) -> None:
    """Read each stacked chart back, segment by segment, and compare it with its table.

    Mermaid draws each series over the ones before it from the same baseline: a series is
    visible only where it rises above the next one drawn, so a level's segment is its series
    minus the next (the last drawn shows whole)."""
    from ceasewatch.report.charts import COLOURS

    _, text, _ = rendered
    found = charts_with_tables(text)
    assert found
    by_title = {short: (colour, square) for colour, square, short in COLOURS.values()}
    for source, after in found:
        weeks, top, palette, series = read_chart(source)
        assert len(palette) == len(series)
        # Last, untitled (no legend entry): zeros in the page's colour, drawn over the sliver
        # Mermaid puts under every bar, so it hides no count.
        assert series[-1] == ("", [0] * len(weeks))
        assert palette[-1] == "#ffffff"
        series, palette = series[:-1], palette[:-1]
        segments: dict[str, list[int]] = {}
        for i, (title, values) in enumerate(series):
            # The legend is exact: each series has its level's colour.
            assert palette[i] == by_title[title][0], (title, palette)
            above = series[i + 1][1] if i + 1 < len(series) else [0] * len(values)
            assert all(a <= v for a, v in zip(above, values, strict=True)), "a later bar is taller"
            segments[title] = [v - a for v, a in zip(values, above, strict=True)]
        totals = series[0][1]
        # Whole-number ticks: d3's steps over a range of 10 or more are whole numbers.
        assert top >= max(10, *totals)
        # The legend beneath names the segments bottom to top, with their squares.
        legend = re.search(r"its segments, from the bottom: (.*)\.", after)[1]
        assert legend == ", ".join(f"{by_title[t][1]} {t}" for t, _ in reversed(series))
        # The table: one row per week, one column per level (by its square), and the total.
        rows = [line for line in after.splitlines() if line.startswith("|")]
        head = cells(rows[0])
        squares = {square: title for title, (_, square) in by_title.items()}
        columns = {squares[h.strip().split()[0]]: j for j, h in enumerate(head[1:-1])}
        assert [cells(r)[0].strip() for r in rows[2:]] == weeks
        for w, row in enumerate(rows[2:]):
            numbers = [int(c) for c in cells(row)[1:]]
            assert numbers[-1] == totals[w] == sum(numbers[:-1])
            for title, j in columns.items():
                assert numbers[j] == segments.get(title, [0] * len(weeks))[w], (title, row)


def test_no_mentions_or_references(rendered: tuple[Path, str, str]) -> None:
    root, text, _ = rendered
    # GitHub looks for mentions in text, not in link targets (percent-encoded: no parentheses).
    text = re.sub(r"\]\((https?://[^()\s]*)\)", "]", text)
    # nor in code blocks; the charts' colours are the report's own, not the data's
    text = "\n".join(line for line in text.splitlines() if not PALETTE.fullmatch(line))
    assert not re.search(r"@\w", text), re.search(r".{20}@\w.{20}", text)
    assert not re.search(r"#\d", text), re.search(r".{20}#\d.{20}", text)
    if root == DATASET:  # the hostile strings are there, defused
        assert "@\u2060octocat" in text
        assert "#\u20601" in text
        assert "o/r#\u20602" in text
        assert "0@\u2060x.org" in text


def test_no_autolinks_from_the_data() -> None:
    html = render(ok_report(DATASET))
    assert "www.evil.example" in html
    assert "mailto:" not in html
    assert 'href="http://www.evil.example' not in html
    assert not any("evil" in href for href, _ in Html(html).links)


# --- headline, timeline, maps ------------------------------------------------------------------


def test_headline_counts_are_the_findings() -> None:
    """The headline table: per accused party, the findings by status, support and grade."""
    text = ok_report(DATASET)
    glance = text.split("## At a glance")[1].split("## How to read")[0]
    rows = {
        cells(r)[0].strip(): [int(c) for c in cells(r)[1:]] for r in markdown_tables(glance)[0][2:]
    }
    assert [c.strip() for c in cells(markdown_tables(glance)[0][0])] == [
        "",
        "Russia",
        "Ukraine",
        "all",
    ]
    check = run_cli(["check", "--root", str(DATASET), "--format", "json", "--today", TODAY])
    findings = check.json()["findings"]

    def count(key: str, value: str) -> list[int]:
        by = [
            sum(f[key] == value and f["party"] == p for f in findings) for p in PARTY_IDS.values()
        ]
        return [*by, sum(by)]

    assert rows["**alleged violations**"] == [3, 2, 5]
    for label, numbers in rows.items():
        kind, _, value = label.partition(": ")
        if kind == "status":
            key = {"apparent": "apparent", "contingent on the reading": "contingent"}
            assert numbers == count("status", key.get(value, "possible")), label
        elif kind == "support":
            words = {v: k for k, v in __import__("ceasewatch.wording").wording.SUPPORT_TEXT.items()}
            assert numbers == count("support", words[value]), label
        elif label.startswith("event "):
            words = {v: k for k, v in __import__("ceasewatch.wording").wording.EVENT_TEXT.items()}
            assert numbers == count("event", words[label]), label
    assert len(rows) == 1 + 3 + 5 + 3


def gantt(text: str) -> list[str]:
    (source,) = [s for s in mermaid_sources(text) if s.startswith("gantt\n")]
    return source.splitlines()


def test_timeline_draws_each_reading_and_the_days_of_incidents() -> None:
    lines = gantt(ok_report(DATASET))
    # Kremlin: 18 March 17:00 Moscow (16:00 in Kyiv) for 30 days; the MFA: 25 March, 30 days.
    assert (
        "    per Kremlin _img src_https_//t.example/p.gif_ :r0, 2025-03-18 16:00, 2025-04-17 17:00"
        in lines
    )
    assert "    per MFA _octocat o/r_2 _123 :r1, 2025-03-25 00:00, 2025-04-24 00:00" in lines
    sections = [line for line in lines if line.startswith("    section ")]
    assert sections == [
        "    section In force",
        "    section Alleged against Russia",
        "    section Alleged against Ukraine",
    ]
    russia = lines[lines.index(sections[1]) + 1 : lines.index(sections[2])]
    ukraine = lines[lines.index(sections[2]) + 1 :]
    days = lambda block: [re.search(r"(\d{4}-\d\d-\d\d) 12:00", x)[1] for x in block]  # noqa: E731
    assert days(russia) == ["2025-03-27", "2025-03-28", "2025-04-02"]
    assert days(ukraine) == ["2025-03-20", "2025-04-02"]


def test_timeline_open_ended_and_pending_readings(tmp_path: Path) -> None:
    root = copy_dataset(DATASET, tmp_path / "open")
    agreement = root / "agreements" / "energy-pause.yaml"
    text = (
        agreement.read_text(encoding="utf-8")
        .replace(
            "  - from: 2025-03-25\n    for: 30 days\n",
            "  - from: 2025-03-25\n",
        )
        .replace(
            "in_force:\n",
            'in_force:\n  - pending: "section x: #1; done"\n    per: [white-house]\n'
            "    parties: [russia]\n    stated: 2025-03-19\n",
        )
    )
    agreement.write_text(text, encoding="utf-8")
    report_text = ok_report(root)
    lines = gantt(report_text)
    pending = [line for line in lines if "not yet in force" in line]
    assert pending == [
        "    per White House ___ --_ _script_alert(1)_/script_ for Russia (not yet in force) "
        ":milestone, r0, 2025-03-19 12:00, 0d"
    ]
    # open-ended: to a day after the last thing drawn (the late strike, now within it)
    assert any(
        line.startswith("    per MFA")
        and "(open-ended) :r2, 2025-03-25 00:00, 2025-05-11 12:00" in line
        for line in lines
    ), lines
    assert "section x" not in "\n".join(lines)


def test_maps_are_shown_and_linked() -> None:
    api_report = __import__("ceasewatch.api").api.report(
        DATASET, today=date.fromisoformat(TODAY), maps=("map.svg", "incidents.geojson", "x y:z.svg")
    )
    text = report_.render(
        api_report.data, api_report.result, api_report.stamp, maps=api_report.maps
    )
    glance = text.split("## How to read")[0]
    assert "![Map of the incidents by accused party and event grade](map.svg)" in glance
    assert "[interactive map (GeoJSON)](incidents.geojson)" in glance
    parsed = Html(render(text))
    assert [src for src, label in parsed.links if label == "<img>"] == ["map.svg", "x%20y%3Az.svg"]
    hrefs = [href for href, label in parsed.links if label != "<img>"]
    assert hrefs[:3] == ["map.svg", "incidents.geojson", "x%20y%3Az.svg"]
    assert ok_report(DATASET).count("### Map") == 0  # none unless asked for


def d3_ticks(stop: int, count: int = 10) -> list[float]:
    """d3-array's ``ticks(0, stop, count)``, which Mermaid's linear y-axis uses."""
    import math

    step = stop / count
    power = math.floor(math.log10(step))
    error = step / 10**power
    factor = (
        10
        if error >= math.sqrt(50)
        else 5
        if error >= math.sqrt(10)
        else 2
        if error >= math.sqrt(2)
        else 1
    )
    inc = factor * 10**power
    return [i * inc for i in range(math.floor(stop / inc) + 1)]


@pytest.mark.parametrize("top", [0, 1, 2, 3, 7, 9, 10, 11, 18, 23, 49, 51, 99, 101, 377, 1234])
def test_chart_axis_has_whole_ticks(top: int) -> None:
    from ceasewatch.report.charts import axis_top

    end = axis_top(top)
    assert end >= max(top, 1)
    ticks = d3_ticks(end)
    assert all(float(t).is_integer() for t in ticks), ticks
    assert ticks[-1] == end  # the top tick closes the axis
