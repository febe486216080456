"""``ceasewatch diff``: what a pull request introduces, read from a real git repository.

Each test builds a temporary repository with a base commit (a small valid dataset) and a
change on top, then runs the command in-process. The main case is the pull request of the
issue: an added incident with a hostile title, an edited incident whose finding changes, a
source whose affiliation changes, a broken file, and a deleted source that an untouched
incident still uses. Its json, github and markdown outputs are compared exactly with the
files under ``tests/golden/diff/`` (``CEASEWATCH_UPDATE_GOLDEN=1`` rewrites them; review the
diff before committing).
"""

from __future__ import annotations

import html.parser
import os
import re
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import cmarkgfm
import pytest

from ceasewatch import diffing, stepsummary

from .conftest import AGREEMENT_YAML, CliResult, project_yaml, run_cli
from .golden import check_golden, read_golden
from .helpers_ci import git, stop_token, yaml_quote
from .test_github import parse_commands

TODAY = "2025-06-01"

#: The base project: `reuters` is deleted by the pull request, `kyiv-post` gains an affiliation.
PROJECT = project_yaml(
    "Diff test dataset",
    """\
sources:
  kremlin: {name: Kremlin, kind: official, affiliation: russia}
  ukraine-general-staff: {name: General Staff of Ukraine, kind: official, affiliation: ukraine}
  ukraine-mfa: {name: Ukrainian Foreign Ministry, kind: official, affiliation: ukraine}
  white-house: {name: White House, kind: official, affiliation: united-states}
  kyiv-post: {name: Kyiv Post, kind: media}
  reuters: {name: Reuters, kind: media}
areas:
  ukraine: {name: Ukraine, countries: [UA]}
""",
)


def incident(
    ident: str,
    *,
    day: str,
    place: str,
    coords: str | None,
    category: str = "energy/power",
    claims: list[str],
    title: str | None = None,
    head: str = "",
) -> str:
    """An incident file; each claim is a YAML flow mapping."""
    where = f"{{place: {place}, country: UA"
    where += f", coordinates: {{{coords}, precision: exact}}}}" if coords else "}"
    # dated the day of the incident (at the end, so the other fields keep their columns)
    dated = [c if "published" in c else c[:-1] + f", published: {day}}}" for c in claims]
    body = "".join(f"  - {c}\n" for c in dated)
    return (
        f"{head}id: {ident}\n"
        f"title: {title if title is not None else 'Strike at ' + place}\n"
        f"occurred: {day}T12:00:00+00:00\n"
        f"location: {where}\n"
        "act: strike\n"
        "means: [drone]\n"
        "outcome: hit\n"
        f"targets: [{{category: {category}}}]\n"
        f"claims:\n{body}"
    )


def by_the_mfa(ident: str, day: str, place: str, coords: str, page: str) -> str:
    """An incident the Ukrainian Foreign Ministry alone blames on Russia."""
    claim = '{source: ukraine-mfa, attributes_to: russia, url: "https://e.org/' + page + '"}'
    return incident(ident, day=day, place=place, coords=coords, claims=[claim])


#: An apparent finding added by several changes below.
PLAIN_ODESA = by_the_mfa("odesa", "2025-03-27", "Odesa", "lat: 46.48, lon: 30.72", "c")

DNIPRO = "incidents/2025/dnipro.yaml"
KHARKIV = "incidents/2025/kharkiv.yaml"
ODESA = "incidents/2025/odesa.yaml"
SUMY = "incidents/2025/sumy.yaml"
BROKEN = "incidents/2025/broken.yaml"

#: Forges a command, mentions a user, injects HTML, splits a table, links an issue.
HOSTILE = "Strike\n::error::forged @octocat <img src=x> | pipe #1"

BASE: dict[str, str] = {
    "ceasewatch.yaml": PROJECT,
    "agreements/moratorium.yaml": AGREEMENT_YAML,
    DNIPRO: incident(
        "dnipro",
        day="2025-03-20",
        place="Dnipro",
        coords="lat: 48.45, lon: 35.05",
        # its own correspondent's report: independent while the Kyiv Post is unaffiliated
        claims=[
            '{source: kyiv-post, attributes_to: russia, url: "https://example.org/a", '
            "basis: observation}"
        ],
    ),
    KHARKIV: incident(
        "kharkiv",
        day="2025-03-25",
        place="Kharkiv",
        coords="lat: 49.99, lon: 36.23",
        category="energy/oil/refinery",
        claims=['{source: reuters, attributes_to: russia, url: "https://example.org/b"}'],
    ),
}


def pull_request() -> dict[str, str | None]:
    """The change of the main case (``None`` deletes a file)."""
    project = PROJECT.replace("  reuters: {name: Reuters, kind: media}\n", "").replace(
        "kyiv-post: {name: Kyiv Post, kind: media}",
        "kyiv-post: {name: Kyiv Post, kind: media, affiliation: ukraine}",
    )
    assert project != PROJECT
    return {
        "ceasewatch.yaml": project,
        # Edited: the Kremlin denies it, so the finding becomes contested.
        DNIPRO: BASE[DNIPRO]
        + "  - {source: kremlin, denies: russia, url: 'https://example.org/k', "
        + "published: 2025-03-21}\n",
        # Added: a new apparent finding, with a hostile title.
        ODESA: incident(
            "odesa",
            day="2025-03-27",
            place="Odesa",
            coords="lat: 46.48, lon: 30.72",
            category="energy/power/substation",
            title=yaml_quote(HOSTILE),
            claims=[
                "{source: ukraine-general-staff, attributes_to: russia, "
                'url: "https://example.org/c"}'
            ],
        ),
        # Added: a hostile value the error message quotes back (a civilian target: no finding).
        SUMY: incident(
            "sumy",
            day="2025-03-28",
            place="Sumy",
            coords=None,
            category="civilian/residential",
            claims=[
                "{source: ukraine-mfa, via: "
                + yaml_quote(HOSTILE)
                + ', attributes_to: russia, url: "https://example.org/d"}'
            ],
        ),
        # Added: not YAML.
        BROKEN: "id: broken\ntitle: [unclosed\n",
    }


# --- git and files ----------------------------------------------------------------------------


def write(root: Path, files: Mapping[str, str | None]) -> None:
    """Write ``{path: text}`` under ``root``; ``None`` deletes the file."""
    for rel, text in files.items():
        path = root / rel
        if text is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")


def commit(repo: Path, message: str) -> str:
    """Commit everything; returns the new commit's SHA."""
    git(repo, "add", "-A")
    git(repo, "commit", "--quiet", "--allow-empty", "-m", message)
    return git(repo, "rev-parse", "HEAD").strip()


def make_repo(tmp_path: Path, files: Mapping[str, str | None], sub: str = "") -> tuple[Path, str]:
    """A fresh repository whose first commit holds ``files`` (under ``sub``).

    Returns the dataset root and the base commit's SHA.
    """
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "--quiet")
    root = repo / sub if sub else repo
    write(root, files)
    return root, commit(repo, "base")


def run_diff(root: Path, *args: str, env: Mapping[str, str | None] | None = None) -> CliResult:
    """``ceasewatch diff --root ROOT --today TODAY ARGS`` (no step summary unless given)."""
    return run_cli(
        ["diff", "--root", str(root), "--today", TODAY, *args],
        env={"GITHUB_STEP_SUMMARY": None, **(env or {})},
    )


@pytest.fixture
def pr(tmp_path: Path) -> tuple[Path, str]:
    """The main case: the base committed, the pull request's files on disk."""
    root, base = make_repo(tmp_path, BASE)
    write(root, pull_request())
    return root, base


# --- the pull request of the issue, in each format ----------------------------------------------


def test_json_golden(pr: tuple[Path, str]) -> None:
    root, base = pr
    result = run_diff(root, "--base", base, "--format", "json")
    assert result.exit_code == 1, result.stderr
    assert result.stderr == ""
    doc = result.json()
    assert doc["base"] == base
    assert doc["head"] == "worktree"
    check_golden("diff/pr.json", result.stdout.replace(base, "BASE_SHA"))

    # What the golden must show, stated once more so a careless regeneration is caught.
    introduced = [(d["file"], d["code"], d["field"]) for d in doc["errors"]["introduced"]]
    assert introduced == [
        (BROKEN, "yaml-syntax", ""),
        (KHARKIV, "ref-unknown", "claims[0].source"),  # a file the change never touched
        (SUMY, "id-format", "claims[0].via"),
    ]
    assert doc["errors"]["preexisting_count"] == 0
    assert doc["incidents"] == {"added": [ODESA, SUMY], "removed": [], "changed": [DNIPRO]}
    assert [(v["section"], v["id"], v["change"]) for v in doc["vocabulary"]] == [
        ("sources", "kyiv-post", "changed"),
        ("sources", "reuters", "removed"),
    ]
    assert doc["vocabulary"][0]["before"]["affiliation"] is None
    assert doc["vocabulary"][0]["after"]["affiliation"] == "ukraine"
    added = doc["findings"]["added"]
    assert [(f["incident"], f["status"], f["support"]) for f in added] == [
        ("odesa", "apparent", "adversary")
    ]
    (changed,) = doc["findings"]["changed"]
    assert (changed["before"]["support"], changed["after"]["support"]) == (
        "independent",
        "adversary",
    )
    assert (changed["before"]["contested"], changed["after"]["contested"]) == (False, True)
    # each field that differs, before and after; the denial as an item added
    assert [(c["field"], c["before"], c["after"]) for c in changed["changes"][:3]] == [
        ("support", "independent", "adversary"),
        ("event", "confirmed", "reported"),
        ("contested", False, True),
    ]
    assert changed["changes"][3]["field"] == "denied_by"
    assert changed["changes"][3]["added"] == [
        {"source": "kremlin", "how": "denies", "general": False}
    ]
    assert changed["text"] == (
        "Alleged violation of No strikes on energy infrastructure by Russia at dnipro: support "
        "independent → adversary; event grade confirmed → reported; contested no → yes; now "
        "denied by Kremlin (denies)"
    )
    assert changed["cause"]["kind"] == "claim-added"
    assert doc["summary"]["errors_introduced"] == 3
    assert doc["summary"]["findings_added"] == 1
    assert doc["summary"]["findings_changed"] == 1


def test_github_golden_and_only_own_commands(pr: tuple[Path, str]) -> None:
    root, base = pr
    result = run_diff(root, "--base", base, "--format", "github")
    assert result.exit_code == 1, result.stderr
    token = stop_token(result.stdout)
    assert re.fullmatch(r"[0-9a-f]{32}", token)
    check_golden("diff/pr.github", result.stdout.replace(token, "TOKEN"))

    doc = run_diff(root, "--base", base, "--format", "json").json()
    errors = [d for d in doc["errors"]["introduced"] if d["severity"] == "error"]
    findings = [*doc["findings"]["added"], *doc["findings"]["changed"]]
    commands = parse_commands(result.stdout)
    assert parse_commands(result.stderr) == []
    # Exactly the tool's commands: one error per introduced error (its message round-trips,
    # hostile text included), one notice per new or changed finding, on the line of what
    # caused it, then the fence.
    assert [
        (c.name, dict(c.properties).get("file"), dict(c.properties).get("line")) for c in commands
    ] == [
        *(("error", d["file"], str(d["line"])) for d in errors),
        *(("notice", f["cause"]["file"], str(f["cause"]["line"])) for f in findings),
        ("stop-commands", None, None),
        (token, None, None),
    ]
    assert [c.data for c in commands[: len(errors)]] == [d["message"] for d in errors]
    notices = [c for c in commands if c.name == "notice"]
    assert [c.data for c in notices] == [f["text"] for f in findings]
    assert [dict(c.properties)["title"] for c in notices] == [
        "New alleged violation (apparent)",
        "Changed alleged violation (apparent)",
    ]
    # The new incident's notice is on its id; the changed one's on the Kremlin's added denial.
    odesa, dnipro = (f["cause"] for f in findings)
    assert (odesa["kind"], odesa["line"]) == ("incident-added", 1)
    lines = (root / DNIPRO).read_text(encoding="utf-8").splitlines()
    assert (dnipro["kind"], dnipro["source"]) == ("claim-added", "kremlin")
    assert lines[dnipro["line"] - 1].startswith("  - {source: kremlin, denies: russia")
    assert any(HOSTILE in c.data for c in commands)  # the hostile value, as data only
    assert all(c.syntax == "v2" for c in commands)
    # No line of the output starts a command of the data's (ours all have properties).
    assert not any(
        line.strip().startswith(("::error::", "::warning::"))
        for line in re.split(r"[\r\n]", result.stdout)
    )


class _Tags(html.parser.HTMLParser):
    """Every start tag, and the cells of every table row."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _source_cells(line: str) -> int:
    """The number of cells of a Markdown table row (pipes not escaped by a backslash)."""
    pipes = re.findall(r"(?<!\\)(?:\\\\)*\|", line)
    return len(pipes) - 1


def test_markdown_golden_and_rendering(pr: tuple[Path, str]) -> None:
    root, base = pr
    result = run_diff(root, "--base", base, "--format", "markdown")
    assert result.exit_code == 1, result.stderr
    check_golden("diff/pr.md", result.stdout.replace(base, "BASE_SHA"))
    assert "| support | independent | adversary |" in result.stdout
    assert "| denied by | none | Kremlin (denies) |" in result.stdout
    assert f"Changed at {DNIPRO}:11 (claim by Kremlin added)." in result.stdout

    # Every table row of the source has as many cells as its header.
    header = 0
    for line in result.stdout.splitlines():
        if not line.startswith("|"):
            header = 0
            continue
        if not header:
            header = _source_cells(line)
        assert _source_cells(line) == header, line

    rendered = cmarkgfm.github_flavored_markdown_to_html(
        result.stdout, options=cmarkgfm.Options.CMARK_OPT_UNSAFE
    )
    assert "<img" not in rendered
    parser = _Tags()
    parser.feed(rendered)
    allowed = {"h2", "h3", "h4", "ul", "li", "p", "table", "thead", "tbody", "tr", "th", "td"}
    assert set(parser.tags) <= allowed, set(parser.tags) - allowed
    # Each rendered table: every row with the header's number of cells (GitHub pads or drops
    # cells silently, so the source check above is the one that catches a stray pipe).
    tables = rendered.split("<table>")[1:]
    # problems, incidents added, new findings, the changed finding's fields before and after
    assert len(tables) == 4
    for table in tables:
        rows = _Tags()
        rows.feed(table.split("</table>")[0])
        assert len({len(r) for r in rows.rows}) == 1, rows.rows
        assert all(cell.strip() for r in rows.rows for cell in r[:1])
    # The hostile text is shown as text: the pipe inside one cell, no mention, no link.
    cells = [cell for r in parser.rows for cell in r]
    hostiles = [c for c in cells if "forged" in c]
    assert len(hostiles) == 2  # the added incident's title, and the message quoting its id
    assert "@octocat" not in rendered
    for hostile in hostiles:
        assert "<img src=x> | pipe" in hostile
        assert "@\u2060octocat" in hostile
        assert "#\u20601" in hostile
    assert "<a " not in rendered


@pytest.mark.parametrize(("actions", "fenced"), [("true", True), (None, False)])
def test_format_auto(pr: tuple[Path, str], actions: str | None, fenced: bool) -> None:
    root, base = pr
    result = run_diff(root, "--base", base, env={"GITHUB_ACTIONS": actions})
    assert result.exit_code == 1
    assert ("::stop-commands::" in result.stdout) is fenced
    assert f"{KHARKIV}:10:14: error[ref-unknown]" in result.stdout


def test_text_lists_problems_and_summary(pr: tuple[Path, str]) -> None:
    root, base = pr
    result = run_diff(root, "--base", base, "--format", "text")
    assert result.exit_code == 1
    assert f"{KHARKIV}:10:14: error[ref-unknown]" in result.stdout
    assert "changes the affiliation of source kyiv-post, which alters 1 finding" in result.stdout
    assert "\n::error::forged" not in result.stdout


def test_sarif_has_introduced_problems_only(pr: tuple[Path, str]) -> None:
    root, base = pr
    result = run_diff(root, "--base", base, "--format", "sarif")
    assert result.exit_code == 1
    (run,) = result.json()["runs"]
    located = [
        (r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
        for r in run["results"]
    ]
    assert sorted(located) == [
        ("id-format", SUMY),
        ("ref-unknown", KHARKIV),
        ("yaml-syntax", BROKEN),
    ]


# --- exit codes ---------------------------------------------------------------------------------


def test_preexisting_errors_do_not_fail(tmp_path: Path) -> None:
    """A base that is already broken: its errors are pre-existing, wherever they move."""
    broken_base = {
        **BASE,
        BROKEN: "id: broken\ntitle: [unclosed\n",
        KHARKIV: BASE[KHARKIV].replace("source: reuters", "source: nobody"),
    }
    root, base = make_repo(tmp_path, broken_base)
    # Moved down two lines, and the broken file's error down one: still the same problems.
    write(
        root,
        {
            KHARKIV: "# a comment\n# another\n" + broken_base[KHARKIV],
            BROKEN: "\nid: broken\ntitle: [unclosed\n",
            ODESA: PLAIN_ODESA,
        },
    )
    result = run_diff(root, "--base", base, "--format", "json")
    assert result.exit_code == 0, result.stdout
    doc = result.json()
    assert doc["errors"] == {"introduced": [], "preexisting_count": 2}
    # Formatting is not a change; the parsed values are what count.
    assert doc["incidents"] == {"added": [ODESA], "removed": [], "changed": []}
    assert [f["incident"] for f in doc["findings"]["added"]] == ["odesa"]
    text = run_diff(root, "--base", base, "--format", "text")
    assert text.exit_code == 0
    assert "(2 pre-existing problems not shown)" in text.stdout

    # The same file with a new error at another field: that one is introduced.
    write(
        root,
        {KHARKIV: broken_base[KHARKIV].replace("source: nobody", "source: nobody, via: nowhere")},
    )
    result = run_diff(root, "--base", base, "--format", "json")
    assert result.exit_code == 1
    introduced = result.json()["errors"]["introduced"]
    assert [(d["file"], d["code"], d["field"]) for d in introduced] == [
        (KHARKIV, "ref-unknown", "claims[0].via")
    ]


@pytest.mark.parametrize("head", ["worktree", "commit"])
def test_links_in_either_commit_are_located_errors_and_the_diff_goes_on(
    tmp_path: Path, head: str
) -> None:
    """A link in the base (absolute, relative, to a folder) is a pre-existing error; one the
    change adds is introduced; nothing is followed and the incidents still compare."""
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "leak.yaml").write_text("id: leak\n")
    root, _ = make_repo(tmp_path, {})
    repo = root
    write(root, BASE)
    (root / "incidents" / "2025" / "abs.yaml").symlink_to("/etc/passwd")
    (root / "incidents" / "outside").symlink_to(secret)
    (root / "incidents" / "relative").symlink_to("../../secret")
    base = commit(repo, "base with links")
    write(root, {ODESA: PLAIN_ODESA})
    (root / "agreements" / "new-link.yaml").symlink_to("/etc/hostname")
    args = ["--base", base, "--format", "json"]
    if head == "commit":
        args += ["--head", commit(repo, "head")]
    result = run_diff(root, *args)
    assert result.exit_code == 1, result.stdout
    doc = result.json()
    assert [
        (d["file"], d["line"], d["column"], d["code"]) for d in doc["errors"]["introduced"]
    ] == [("agreements/new-link.yaml", 1, 1, "file-symlink")]
    assert doc["errors"]["preexisting_count"] == 3
    assert doc["incidents"]["added"] == [ODESA]
    assert "leak" not in result.stdout
    assert result.stderr == ""


def test_unknown_base_is_a_setup_error(tmp_path: Path) -> None:
    root, _ = make_repo(tmp_path, BASE)
    for missing in ("0123456789abcdef0123456789abcdef01234567", "no-such-branch"):
        result = run_diff(root, "--base", missing, "--format", "json")
        assert result.exit_code == 2
        assert result.stdout == ""
        assert "fetch-depth: 0" in result.stderr
        assert missing in result.stderr


def test_option_like_base_is_refused(tmp_path: Path) -> None:
    root, _ = make_repo(tmp_path, BASE)
    result = run_diff(root, "--base=--output=/tmp/x", "--format", "json")
    assert result.exit_code == 2
    assert "is not a revision" in result.stderr


def test_not_a_repository_is_a_setup_error(tmp_path: Path) -> None:
    root = tmp_path / "plain"
    write(root, BASE)
    result = run_diff(root, "--base", "HEAD", "--format", "json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("ceasewatch: error: ")


def _possible(ident: str, day: str, place: str, coords: str) -> str:
    """An incident whose act is unknown: a possible violation only."""
    return by_the_mfa(ident, day, place, coords, ident).replace("act: strike\n", "")


def test_fail_on_new_findings(tmp_path: Path) -> None:
    root, base = make_repo(tmp_path, BASE)
    write(root, {SUMY: _possible("sumy", "2025-03-28", "Sumy", "lat: 50.91, lon: 34.8")})
    doc = run_diff(root, "--base", base, "--format", "json").json()
    assert [(f["incident"], f["status"]) for f in doc["findings"]["added"]] == [
        ("sumy", "possible")
    ]
    assert run_diff(root, "--base", base, "--format", "json").exit_code == 0
    assert run_diff(root, "--base", base, "--fail-on", "new-apparent").exit_code == 0
    assert run_diff(root, "--base", base, "--fail-on", "new-contingent").exit_code == 0
    assert run_diff(root, "--base", base, "--fail-on", "new-possible").exit_code == 3

    # An apparent one added: 3 under new-apparent, 0 without --fail-on.
    write(
        root,
        {ODESA: PLAIN_ODESA},
    )
    assert run_diff(root, "--base", base, "--format", "json").exit_code == 0
    result = run_diff(root, "--base", base, "--format", "json", "--fail-on", "new-apparent")
    assert result.exit_code == 3
    assert result.json()["summary"]["findings_added"] == 2

    # An error wins over --fail-on: the data is invalid first.
    write(root, {BROKEN: "id: [\n"})
    assert run_diff(root, "--base", base, "--fail-on", "new-apparent").exit_code == 1


def test_fail_on_finding_changed_to_a_stronger_status(tmp_path: Path) -> None:
    files = {**BASE, SUMY: _possible("sumy", "2025-03-28", "Sumy", "lat: 50.91, lon: 34.8")}
    root, base = make_repo(tmp_path, files)
    # The act becomes known: possible -> apparent, on an incident already in the base.
    write(root, {SUMY: files[SUMY].replace("means:", "act: strike\nmeans:")})
    result = run_diff(root, "--base", base, "--format", "json", "--fail-on", "new-apparent")
    assert result.exit_code == 3
    (changed,) = result.json()["findings"]["changed"]
    assert (changed["before"]["status"], changed["after"]["status"]) == ("possible", "apparent")
    # Weakened instead (apparent in the base, possible at the head): no failure.
    strong = commit(root, "strong")
    write(root, {SUMY: files[SUMY]})
    weak = run_diff(root, "--base", strong, "--fail-on", "new-possible", "--format", "json")
    assert weak.exit_code == 0
    (changed,) = weak.json()["findings"]["changed"]
    assert (changed["before"]["status"], changed["after"]["status"]) == ("apparent", "possible")


def test_head_revision(tmp_path: Path) -> None:
    """``--head`` reads a commit, not the files on disk."""
    root, base = make_repo(tmp_path, BASE)
    write(root, pull_request())
    head = commit(root, "pull request")
    # The working tree now differs from the head commit: fixed, and one incident removed.
    write(root, {**BASE, ODESA: None, SUMY: None, BROKEN: None})
    on_disk = run_diff(root, "--base", base, "--format", "json")
    assert on_disk.exit_code == 0
    assert on_disk.json()["incidents"] == {"added": [], "removed": [], "changed": []}

    result = run_diff(root, "--base", base, "--head", head, "--format", "json")
    assert result.exit_code == 1
    doc = result.json()
    assert (doc["base"], doc["head"]) == (base, head)
    # The same document as the working-tree run of the main case, but for the head's name.
    expected = read_golden("diff/pr.json")
    expected = expected.replace('"head": "worktree"', f'"head": "{head}"')
    assert result.stdout.replace(base, "BASE_SHA") == expected

    by_branch = run_diff(root, "--base", base, "--head", "HEAD", "--format", "json")
    assert by_branch.json()["head"] == head
    missing = run_diff(root, "--base", base, "--head", "nope", "--format", "json")
    assert missing.exit_code == 2
    assert "fetch-depth: 0" in missing.stderr


def test_dataset_in_a_subfolder(tmp_path: Path) -> None:
    """Paths in annotations are from the repository's top; the base reads the subfolder."""
    root, base = make_repo(tmp_path, BASE, sub="data")
    write(root, {BROKEN: "id: [\n"})
    result = run_diff(root, "--base", base, "--format", "github")
    assert result.exit_code == 1
    (error,) = [c for c in parse_commands(result.stdout) if c.name == "error"]
    assert dict(error.properties)["file"] == "data/" + BROKEN
    doc = run_diff(root, "--base", base, "--format", "json").json()
    assert doc["incidents"] == {"added": [], "removed": [], "changed": []}
    assert [d["file"] for d in doc["errors"]["introduced"]] == [BROKEN]


def test_base_without_the_dataset(tmp_path: Path) -> None:
    """The pull request that creates the dataset: everything in it is added."""
    repo, base = make_repo(tmp_path, {"README.md": "# A repository\n"})
    root = repo / "data"
    write(root, BASE)
    result = run_diff(root, "--base", base, "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc = result.json()
    assert doc["incidents"]["added"] == [DNIPRO, KHARKIV]
    assert [f["incident"] for f in doc["findings"]["added"]] == ["dnipro", "kharkiv"]
    assert {(v["id"], v["change"]) for v in doc["vocabulary"]} >= {("kremlin", "added")}
    assert doc["agreements"] == [{"id": "moratorium", "change": "added", "findings_altered": 2}]


def test_renamed_incident_is_removed_and_added(tmp_path: Path) -> None:
    root, base = make_repo(tmp_path, BASE)
    moved = "incidents/2025/03/dnipro.yaml"
    write(root, {DNIPRO: None, moved: BASE[DNIPRO]})
    git(root, "add", "-A")
    doc = run_diff(root, "--base", base, "--format", "json").json()
    assert doc["incidents"] == {"added": [moved], "removed": [DNIPRO], "changed": []}
    # The finding is keyed by incident id, so the move changes no finding.
    assert doc["findings"] == {"added": [], "removed": [], "changed": []}


def test_reviews_added_by_the_change_are_listed(tmp_path: Path) -> None:
    root, base = make_repo(tmp_path, BASE)
    twin = by_the_mfa("dnipro-twin", "2025-03-20", "Dnipro", "lat: 48.46, lon: 35.06", "t")
    write(root, {"incidents/2025/dnipro-twin.yaml": twin})
    doc = run_diff(root, "--base", base, "--format", "json").json()
    assert [(d["file"], d["code"]) for d in doc["errors"]["introduced"]] == [
        ("incidents/2025/dnipro-twin.yaml", "possible-duplicate"),
        (DNIPRO, "possible-duplicate"),
    ]
    # The pull request silences its own warning: visible in the diff.
    reviewed = (
        twin + "reviewed:\n  - {code: possible-duplicate, of: dnipro, note: <b>other plant</b>}\n"
    )
    write(root, {"incidents/2025/dnipro-twin.yaml": reviewed})
    result = run_diff(root, "--base", base, "--format", "json")
    doc = result.json()
    assert [(d["file"], d["code"]) for d in doc["errors"]["introduced"]] == [
        (DNIPRO, "possible-duplicate")
    ]
    assert doc["reviewed"] == [
        {
            "incident": "dnipro-twin",
            "code": "possible-duplicate",
            "of": "dnipro",
            "note": "<b>other plant</b>",
        }
    ]
    assert (
        "marks the warning possible-duplicate of dnipro on dnipro-twin as reviewed"
        in doc["summary"]["text"]
    )
    md = run_diff(root, "--base", base, "--format", "markdown").stdout
    assert "### Warnings marked as reviewed" in md
    assert "<b>" not in cmarkgfm.github_flavored_markdown_to_html(
        md, options=cmarkgfm.Options.CMARK_OPT_UNSAFE
    )


# --- the user's checkout, and temporary files -------------------------------------------------


def _repo_state(repo: Path) -> tuple[str, ...]:
    return (
        git(repo, "status", "--porcelain=v1", "--ignored", "--untracked-files=all"),
        git(repo, "worktree", "list", "--porcelain"),
        git(repo, "for-each-ref"),
        git(repo, "stash", "list"),
        git(repo, "rev-parse", "HEAD"),
        git(repo, "diff"),
        git(repo, "diff", "--cached"),
    )


def test_working_tree_untouched_and_no_temporary_folders_left(
    pr: tuple[Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, base = pr
    git(root, "add", ODESA)  # something staged, something not
    # A private temporary folder, so other processes' files do not disturb the count.
    private = tmp_path / "tmp"
    private.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private))
    made: list[str] = []
    real_mkdtemp = tempfile.mkdtemp

    def recording_mkdtemp(*args: Any, **kwargs: Any) -> str:
        path = real_mkdtemp(*args, **kwargs)
        made.append(path)
        return path

    monkeypatch.setattr(tempfile, "mkdtemp", recording_mkdtemp)
    before_files = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    before_state = _repo_state(root)
    before_tmp = sorted(os.listdir(tempfile.gettempdir()))
    commit_sha = git(root, "rev-parse", "HEAD").strip()

    for args, code in (
        (("--format", "json"), 1),  # the pull request's errors, in the working tree
        (("--format", "github"), 1),
        (("--head", commit_sha, "--format", "markdown"), 0),  # the base commit against itself
    ):
        result = run_diff(root, "--base", base, *args)
        assert result.exit_code == code, result.stderr
    # An error on the way out (an unknown head) cleans up too.
    assert run_diff(root, "--base", base, "--head", "nope").exit_code == 2

    assert made, "diff made no temporary folder: the check below would prove nothing"
    assert all(Path(p).parent == private and Path(p).name.startswith("ceasewatch-") for p in made)
    assert sorted(os.listdir(tempfile.gettempdir())) == before_tmp == []
    assert _repo_state(root) == before_state
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before_files


# --- the step summary ---------------------------------------------------------------------------


def test_step_summary_appended(pr: tuple[Path, str], tmp_path: Path) -> None:
    root, base = pr
    summary = tmp_path / "summary.md"
    summary.write_text("# Earlier step\n", encoding="utf-8")
    result = run_diff(
        root, "--base", base, "--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary)}
    )
    assert result.exit_code == 1
    markdown = run_diff(root, "--base", base, "--format", "markdown").stdout
    assert summary.read_text(encoding="utf-8") == "# Earlier step\n" + markdown
    # The summary goes to the file, never to the log.
    assert "## ceasewatch" not in result.stdout


def test_no_step_summary_without_the_variable(pr: tuple[Path, str], tmp_path: Path) -> None:
    root, base = pr
    result = run_diff(root, "--base", base, "--format", "json", env={"GITHUB_STEP_SUMMARY": ""})
    assert result.exit_code == 1
    assert list(tmp_path.glob("*.md")) == []


def test_step_summary_near_the_limit_is_cut(pr: tuple[Path, str], tmp_path: Path) -> None:
    root, base = pr
    summary = tmp_path / "summary.md"
    line = "x" * 99 + "\n"
    prefill = line * ((stepsummary.LIMIT - stepsummary.MARGIN) // len(line) - 5)
    summary.write_text(prefill, encoding="utf-8")
    result = run_diff(
        root, "--base", base, "--format", "json", env={"GITHUB_STEP_SUMMARY": str(summary)}
    )
    assert result.exit_code == 1
    content = summary.read_text(encoding="utf-8")
    assert content.startswith(prefill)
    added = content[len(prefill) :]
    assert "cut to stay under GitHub's 1 MiB limit" in added
    assert len(content.encode("utf-8")) <= stepsummary.LIMIT
    markdown = run_diff(root, "--base", base, "--format", "markdown").stdout
    kept = added.split("\n\n> The summary was cut")[0]
    assert markdown.startswith(kept + "\n")
    assert kept.startswith("## ceasewatch")


def _notice(text: str) -> re.Match[str] | None:
    return re.search(r"\n\n> The summary was cut .*: (\d+) more lines omitted; .*\n$", text)


def test_stepsummary_append_directly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    assert stepsummary.append("x\n") is False

    target = tmp_path / "s.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(target))
    assert stepsummary.append("first\n") is True
    assert stepsummary.append("second\n", path=None) is True
    assert target.read_text(encoding="utf-8") == "first\nsecond\n"

    # An explicit path wins over the variable.
    other = tmp_path / "o.md"
    assert stepsummary.append("z\n", path=str(other)) is True
    assert other.read_text(encoding="utf-8") == "z\n"
    assert target.read_text(encoding="utf-8") == "first\nsecond\n"


@pytest.mark.parametrize("used", [0, 500_000, stepsummary.LIMIT - stepsummary.MARGIN - 10])
def test_stepsummary_cut_at_a_line(tmp_path: Path, used: int) -> None:
    target = tmp_path / "s.md"
    target.write_bytes(b"p" * used)
    # Two-byte characters, so a cut by bytes could split one.
    lines = [f"{n:06d} " + "é" * 50 + "\n" for n in range(20_000)]
    markdown = "".join(lines)
    assert stepsummary.append(markdown, path=str(target)) is True
    data = target.read_bytes()
    assert len(data) <= stepsummary.LIMIT
    text = data.decode("utf-8")  # never a split character
    added = text[used:]
    match = _notice(added)
    assert match, added[-300:]
    kept = added[: match.start()]
    count = len(kept.splitlines())
    assert (kept + "\n" if kept else "") == "".join(lines[:count])  # whole lines only
    assert int(match.group(1)) == len(lines) - count
    assert count == 0 if used > stepsummary.LIMIT - stepsummary.MARGIN - 100 else count > 1000


def test_stepsummary_small_append_is_whole(tmp_path: Path) -> None:
    target = tmp_path / "s.md"
    target.write_bytes(b"p" * (stepsummary.LIMIT - stepsummary.MARGIN - 100))
    assert stepsummary.append("a\nb\n", path=str(target)) is True
    assert target.read_bytes().endswith(b"pa\nb\n")


@pytest.mark.parametrize("used", [stepsummary.LIMIT - 50, stepsummary.LIMIT])
def test_stepsummary_full_file_stays_under_the_limit(tmp_path: Path, used: int) -> None:
    """A file other steps already filled is not pushed over 1 MiB, not even by the notice."""
    target = tmp_path / "s.md"
    target.write_bytes(b"p" * used)
    stepsummary.append("## a summary\n" * 1000, path=str(target))
    assert len(target.read_bytes()) <= stepsummary.LIMIT


def test_stepsummary_first_line_longer_than_the_room(tmp_path: Path) -> None:
    """No half line: a line that does not fit is left out whole."""
    target = tmp_path / "s.md"
    room = 1000
    target.write_bytes(b"p" * (stepsummary.LIMIT - stepsummary.MARGIN - room))
    stepsummary.append("| " + "cell \\| " * 400 + "|\nnext\n", path=str(target))
    added = target.read_bytes()[stepsummary.LIMIT - stepsummary.MARGIN - room :].decode()
    match = _notice(added)
    assert match, added
    assert added[: match.start()].strip() == ""
    assert match.group(1) == "2"


def test_diff_module_resolves_full_sha(tmp_path: Path) -> None:
    root, base = make_repo(tmp_path, BASE)
    assert diffing.resolve_rev(root, "HEAD") == base
    assert diffing.resolve_rev(root, base[:10]) == base
    with pytest.raises(diffing.GitError, match="fetch-depth: 0"):
        diffing.resolve_rev(root, "HEAD~5")


def test_json_is_versioned(pr: tuple[Path, str]) -> None:
    root, base = pr
    doc: dict[str, Any] = run_diff(root, "--base", base, "--format", "json").json()
    assert doc["version"] == 4
    assert list(doc) == [
        "version",
        "base",
        "head",
        "errors",
        "incidents",
        "vocabulary",
        "agreements",
        "findings",
        "unattributed",
        "reviewed",
        "summary",
    ]
