"""``ceasewatch diff``: each finding a change adds, alters or withdraws, told before → after,
and its notice placed on the line of the claim (or incident) that caused it.

One table of cases: a base dataset with one incident (``lviv``), a change to it, and what
every output must then say. The sentence is stated in full, so a change of wording is a
decision, not an accident; the notice's line is named by the text of that line in the head.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from ceasewatch.causes import claim_edits

from .conftest import AGREEMENT_YAML
from .helpers_ci import stop_token, yaml_quote
from .test_diff import PROJECT, commit, make_repo, run_diff, write
from .test_github import parse_commands
from .test_hostile import assert_markdown_clean, assert_terminal_clean, bad_chars

LVIV = "incidents/2025/lviv.yaml"
TERM = "No strikes on energy infrastructure"

#: The Ukrainian Foreign Ministry alone blames Russia: apparent, on the adversary's word.
HEAD = """\
id: lviv
title: Strike at Lviv
occurred: 2025-03-22T12:00:00+00:00
location: {place: Lviv, country: UA, coordinates: {lat: 49.84, lon: 24.03, precision: exact}}
act: strike
means: [drone]
outcome: hit
targets: [{category: energy/power}]
claims:
"""
MFA = """\
  - source: ukraine-mfa
    attributes_to: russia
    url: https://example.org/lviv-mfa
    published: 2025-03-22
"""
#: The Kyiv Post's own correspondent saw it: an unaffiliated source's own evidence.
KYIV_POST = """\
  - source: kyiv-post
    attributes_to: russia
    basis: observation
    url: https://example.org/lviv-kp
    published: 2025-03-22
"""
KREMLIN = """\
  - source: kremlin
    denies: russia
    url: https://example.org/lviv-kremlin
    published: 2025-03-23
"""
ONE = HEAD + MFA
TWO = HEAD + MFA + KYIV_POST

MFA_NAME = "Ukrainian Foreign Ministry"
STATE = f"support adversary; event grade reported; claimed by {MFA_NAME}; not contested"


@dataclass(frozen=True)
class Case:
    """A change to the ``lviv`` incident and the one finding difference it makes."""

    id: str
    base: str | None  # the incident in the base (None: absent)
    head: str | None  # at the head (None: deleted)
    kind: str  # "added", "removed" or "changed"
    sentence: str
    cause: str
    #: The head's line the notice sits on, by its text (None: no file, the incident is gone).
    at: str | None
    #: For a changed finding: (field, before, after) as the JSON gives them.
    changes: tuple[tuple[str, Any, Any], ...] = ()
    project: str = PROJECT
    extra: dict[str, Any] = field(default_factory=dict)


def _label() -> str:
    return f"violation of {TERM} by Russia at lviv"


CASES = [
    Case(
        "claim-added-raises-support",
        ONE,
        TWO,
        "changed",
        f"Alleged {_label()}: support adversary → independent; event grade reported → "
        "confirmed; now also claimed by Kyiv Post",
        "claim-added",
        "  - source: kyiv-post",
        (("support", "adversary", "independent"), ("event", "reported", "confirmed")),
        extra={"claimed_by": (["kyiv-post"], [])},
    ),
    Case(
        "claim-added-first-in-the-list",
        ONE,
        HEAD + KYIV_POST + MFA,
        "changed",
        f"Alleged {_label()}: support adversary → independent; event grade reported → "
        "confirmed; now also claimed by Kyiv Post",
        "claim-added",
        "  - source: kyiv-post",
        (("support", "adversary", "independent"), ("event", "reported", "confirmed")),
        extra={"claimed_by": (["kyiv-post"], []), "claim": 0},
    ),
    Case(
        "claim-removed-last",
        TWO,
        ONE,
        "changed",
        f"Alleged {_label()}: support independent → adversary; event grade confirmed → "
        "reported; no longer claimed by Kyiv Post",
        "claim-removed",
        "claims:",  # it was the last claim: the list's key
        (("support", "independent", "adversary"), ("event", "confirmed", "reported")),
        extra={"claimed_by": ([], ["kyiv-post"]), "claim": 1},
    ),
    Case(
        "claim-removed-first",
        HEAD + KYIV_POST + MFA,
        ONE,
        "changed",
        f"Alleged {_label()}: support independent → adversary; event grade confirmed → "
        "reported; no longer claimed by Kyiv Post",
        "claim-removed",
        "  - source: ukraine-mfa",  # the claim now where it was
        (("support", "independent", "adversary"), ("event", "confirmed", "reported")),
        extra={"claimed_by": ([], ["kyiv-post"]), "claim": 0},
    ),
    Case(
        "claim-edited-basis",
        TWO,
        HEAD + MFA + KYIV_POST.replace("basis: observation", "basis: statement"),
        "changed",
        # the Foreign Ministry's accusation (adversary) now outranks the Kyiv Post's word
        f"Alleged {_label()}: support independent → adversary; event grade confirmed → reported",
        "claim-edited",
        "  - source: kyiv-post",
        (("support", "independent", "adversary"), ("event", "confirmed", "reported")),
        extra={"claim": 1},
    ),
    Case(
        "denial-added",
        ONE,
        ONE + KREMLIN,
        "changed",
        f"Alleged {_label()}: contested no → yes; now denied by Kremlin (denies)",
        "claim-added",
        "  - source: kremlin",
        (("contested", False, True),),
        extra={"denied_by": ([{"source": "kremlin", "how": "denies", "general": False}], [])},
    ),
    Case(
        # two claims edited: the cause is the one whose source's part changed
        "denial-added-beside-another-edit",
        ONE,
        # the ministry's claim also names the means: the same finding, an edit all the same
        ONE.replace("  published: 2025-03-22\n", "  published: 2025-03-22\n    means: [drone]\n")
        + KREMLIN,
        "changed",
        f"Alleged {_label()}: contested no → yes; now denied by Kremlin (denies)",
        "claim-added",
        "  - source: kremlin",
        (("contested", False, True),),
        extra={"denied_by": ([{"source": "kremlin", "how": "denies", "general": False}], [])},
    ),
    Case(
        # a claim's link fixed as well: no cause of a finding, the incident's own field is
        "body-status-beside-a-link-fix",
        ONE,
        ONE.replace("act: strike\n", "").replace("lviv-mfa", "lviv-mfa-fixed"),
        "changed",
        f"Alleged {_label()}: status apparent → possible; now undetermined under in force: "
        "kremlin / term: white-house",
        "incident-edited",
        "id: lviv",
        (("status", "apparent", "possible"),),
    ),
    Case(
        "claim-edited-act",
        ONE,
        ONE.replace("    published: 2025-03-22\n", "    published: 2025-03-22\n    act: unknown\n"),
        "changed",
        f"Alleged {_label()}: status apparent → possible; now undetermined under in force: "
        "kremlin / term: white-house",
        "claim-edited",
        "  - source: ukraine-mfa",
        (("status", "apparent", "possible"),),
    ),
    Case(
        "body-status",
        ONE,
        ONE.replace("act: strike\n", ""),
        "changed",
        f"Alleged {_label()}: status apparent → possible; now undetermined under in force: "
        "kremlin / term: white-house",
        "incident-edited",
        "id: lviv",
        (("status", "apparent", "possible"),),
    ),
    Case(
        "incident-added",
        None,
        ONE,
        "added",
        f"New alleged {_label()}: status apparent; {STATE}",
        "incident-added",
        "id: lviv",
    ),
    Case(
        "incident-removed",
        ONE,
        None,
        "removed",
        f"No longer alleged: {_label()} (before: status apparent; {STATE})",
        "incident-removed",
        None,
    ),
    Case(
        "finding-withdrawn-with-its-claim",
        ONE + KYIV_POST.replace("kyiv-post", "reuters").replace("-kp", "-r"),
        HEAD + KYIV_POST.replace("kyiv-post", "reuters").replace("-kp", "-r"),
        "changed",
        f"Alleged {_label()}: no longer claimed by {MFA_NAME}",
        "claim-removed",
        "  - source: reuters",
        extra={"claimed_by": ([], ["ukraine-mfa"]), "claim": 0},
    ),
    Case(
        "source-affiliation-elsewhere",
        TWO,
        TWO,
        "changed",
        f"Alleged {_label()}: support independent → adversary; event grade confirmed → reported",
        "elsewhere",
        "id: lviv",
        (("support", "independent", "adversary"), ("event", "confirmed", "reported")),
        project=PROJECT.replace(
            "kyiv-post: {name: Kyiv Post, kind: media}",
            "kyiv-post: {name: Kyiv Post, kind: media, affiliation: ukraine}",
        ),
    ),
]


def _line(text: str, start: str) -> int:
    """The 1-based number of the first line of ``text`` that starts with ``start``."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith(start))


def _run(tmp_path: Path, case: Case) -> dict[str, Any]:
    base = {"ceasewatch.yaml": PROJECT, "agreements/moratorium.yaml": AGREEMENT_YAML}
    if case.base is not None:
        base[LVIV] = case.base
    root, sha = make_repo(tmp_path, base)
    write(root, {"ceasewatch.yaml": case.project, LVIV: case.head})
    outputs = {
        fmt: run_diff(root, "--base", sha, "--format", fmt)
        for fmt in ("json", "github", "markdown", "text")
    }
    for fmt, result in outputs.items():
        assert result.exit_code == 0, (fmt, result.stdout, result.stderr)
    return {"root": root, **outputs}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_finding_difference(case: Case, tmp_path: Path) -> None:
    run = _run(tmp_path, case)
    doc = run["json"].json()
    findings = doc["findings"]
    assert {k: len(v) for k, v in findings.items()} == {
        k: int(k == case.kind) for k in ("added", "removed", "changed")
    }, findings
    (entry,) = findings[case.kind]

    # JSON: the sentence, the cause and, for a change, each field before and after.
    assert entry["text"] == case.sentence
    assert entry["cause"]["kind"] == case.cause
    assert case.sentence in doc["summary"]["text"]
    head_text = case.head or ""
    line = _line(head_text, case.at) if case.at else None
    assert (entry["cause"]["file"], entry["cause"]["line"]) == (
        (LVIV, line) if line else (None, None)
    )
    if "claim" in case.extra:
        assert entry["cause"]["claim"] == case.extra["claim"]
    if case.kind == "changed":
        changes = {c["field"]: c for c in entry["changes"]}
        scalar = [(k, c["before"], c["after"]) for k, c in changes.items() if "added" not in c]
        # readings are told in the sentence; every other field is stated by the case
        assert [s for s in scalar if s[0] != "readings"] == list(case.changes)
        lists = {k: (c["added"], c["removed"]) for k, c in changes.items() if "added" in c}
        assert lists == {k: v for k, v in case.extra.items() if k != "claim"}
        for c in changes.values():
            assert c["before"] == entry["before"][c["field"]]
            assert c["after"] == entry["after"][c["field"]]

    # github: one notice, on the cause's line (or on no file when the incident is gone).
    out = run["github"].stdout
    (notice,) = [c for c in parse_commands(out) if c.name == "notice"]
    props = dict(notice.properties)
    if line is None:
        assert set(props) == {"title"}
    else:
        assert (props["file"], int(props["line"])) == (LVIV, line)
    assert notice.data == case.sentence
    title = {
        "added": "New alleged violation",
        "removed": "No longer alleged",
        "changed": "Changed alleged violation",
    }[case.kind]
    status = (entry.get("after") or entry)["status"]
    assert props["title"] == f"{title} ({status})"

    # markdown and text: the same sentence; a changed finding's fields in a before/after table.
    md = run["markdown"].stdout
    assert_markdown_clean(md)
    if case.kind == "changed":
        assert "| changed | before | after |" in md
        for name, before, after in case.changes:
            words = {"event": "event grade"}.get(name, name)
            shown = {False: "no", True: "yes"}
            row = f"| {words} | {shown.get(before, before)} | {shown.get(after, after)} |"
            assert row in md, md
        where = f"{LVIV}:{line}" if line else ""
        assert f"Changed at {where}" in md
    assert f"- {case.sentence}\n" in run["text"].stdout


def test_claim_moved_or_reworded_changes_no_finding(tmp_path: Path) -> None:
    """Claims swapped, or a claim's URL corrected: the finding is the same, no notice."""
    root, sha = make_repo(
        tmp_path,
        {"ceasewatch.yaml": PROJECT, "agreements/moratorium.yaml": AGREEMENT_YAML, LVIV: TWO},
    )
    for head in (HEAD + KYIV_POST + MFA, TWO.replace("lviv-mfa", "lviv-mfa-2")):
        write(root, {LVIV: head})
        doc = run_diff(root, "--base", sha, "--format", "json").json()
        assert doc["incidents"]["changed"] == [LVIV]
        assert doc["findings"] == {"added": [], "removed": [], "changed": []}
        out = run_diff(root, "--base", sha, "--format", "github").stdout
        assert [c for c in parse_commands(out) if c.name == "notice"] == []


def _c(source: str, n: int = 0) -> dict[str, Any]:
    return {"source": source, "url": f"https://e.org/{source}/{n}"}


A, B, C = _c("a"), _c("b"), _c("c")


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ([A, B], [A, B], []),
        ([A, B], [B, A], []),  # moved, not changed
        ([A], [A, B], [("added", None, 1, "b")]),
        ([A], [B, A], [("added", None, 0, "b")]),
        ([A, B], [A], [("removed", 1, 1, "b")]),
        ([A, B], [B], [("removed", 0, 0, "a")]),
        ([A, B, C], [A, C], [("removed", 1, 1, "b")]),
        ([A, B], [A, _c("b", 1)], [("edited", 1, 1, "b")]),
        # edited in place, and another added before it: the edit keeps its source
        ([A, B], [C, _c("a", 1), B], [("added", None, 0, "c"), ("edited", 0, 1, "a")]),
        # a claim replaced by another source's at the same place: an edit of that claim
        ([A, B], [A, C], [("edited", 1, 1, "c")]),
        # one source through two outlets: the edit is the claim with the same outlet
        (
            [{**A, "via": "x"}, {**A, "via": "y"}],
            [{**A, "via": "y", "url": "https://e.org/new"}, {**A, "via": "x"}],
            [("edited", 1, 0, "a")],
        ),
        ([], [A], [("added", None, 0, "a")]),
        ([A], [], [("removed", 0, 0, "a")]),
    ],
)
def test_claim_edits(
    before: list[dict[str, Any]],
    after: list[dict[str, Any]],
    expected: list[tuple[str, int | None, int, str]],
) -> None:
    got = [(e.kind, e.base, e.head, e.source) for e in claim_edits(before, after)]
    assert got == expected


#: A source's name that would forge a command, break a table, mention someone, inject HTML.
HOSTILE = "Kyiv\n::error::forged @octocat <img src=x> | pipe #1 \x1b[31m\u202e"


def test_names_in_the_sentences_are_escaped_everywhere(tmp_path: Path) -> None:
    hostile = PROJECT.replace("name: Kyiv Post", f"name: {yaml_quote(HOSTILE)}")
    base = {"ceasewatch.yaml": hostile, "agreements/moratorium.yaml": AGREEMENT_YAML, LVIV: ONE}
    root, sha = make_repo(tmp_path, base)
    write(root, {LVIV: TWO})
    doc = run_diff(root, "--base", sha, "--format", "json").json()
    (changed,) = doc["findings"]["changed"]
    assert changed["text"].endswith(f"now also claimed by {HOSTILE}")

    out = run_diff(root, "--base", sha, "--format", "github").stdout
    assert not bad_chars(out, hidden=False)
    token = stop_token(out)
    commands = parse_commands(out)
    assert [c.name for c in commands] == ["notice", "stop-commands", token]
    assert "::error::forged" in commands[0].data  # the name, as the notice's text only

    md = run_diff(root, "--base", sha, "--format", "markdown").stdout
    assert_markdown_clean(md)
    assert "@octocat" not in md
    text = run_diff(root, "--base", sha, "--format", "text").stdout
    assert_terminal_clean(text)
    assert "\n::error::forged" not in text


def test_causes_are_read_from_the_head_commit(tmp_path: Path) -> None:
    """``--head`` a commit: the causes are read from that commit's files, not the disk."""
    base = {"ceasewatch.yaml": PROJECT, "agreements/moratorium.yaml": AGREEMENT_YAML, LVIV: ONE}
    root, sha = make_repo(tmp_path, base)
    write(root, {LVIV: ONE + KREMLIN})
    head = commit(root, "denial")
    write(root, {LVIV: "# moved down\n" + ONE})  # the disk differs from the head commit
    doc = run_diff(root, "--base", sha, "--head", head, "--format", "json").json()
    (changed,) = doc["findings"]["changed"]
    assert changed["cause"]["line"] == _line(ONE + KREMLIN, "  - source: kremlin")


def test_the_example_in_the_docs_is_what_the_tool_writes(tmp_path: Path) -> None:
    """docs/ci.md shows a changed finding's sentence and its step-summary section."""
    docs = (Path(__file__).resolve().parents[1] / "docs" / "ci.md").read_text(encoding="utf-8")
    base = {"ceasewatch.yaml": PROJECT, "agreements/moratorium.yaml": AGREEMENT_YAML, LVIV: ONE}
    root, sha = make_repo(tmp_path, base)
    write(root, {LVIV: TWO + KREMLIN})
    (changed,) = run_diff(root, "--base", sha, "--format", "json").json()["findings"]["changed"]
    assert f"- {changed['text']}\n" in docs
    md = run_diff(root, "--base", sha, "--format", "markdown").stdout
    section = md[md.index("### Changed findings") :].rstrip("\n") + "\n"
    assert f"```markdown\n{section}```\n" in docs
