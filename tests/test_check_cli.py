"""`check`, `explain` and `list` through the command line (the shared in-process runner).

Goldens of `check` (text and JSON) and `explain` (text and JSON, each seed incident) on the
bundled dataset live in ``tests/golden/engine/``; ``CEASEWATCH_UPDATE_GOLDEN=1`` rewrites them
(the bundled data grows: review the diff, then regenerate). Other assertions on the bundled
data are checked against the data itself, read through the library, so that they hold as
incidents are added. The filters are tested on the ``cli-filters`` case of
``tests/engine_cases/``, which has findings under two agreements, three terms, both parties and
every status but contingent.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from ceasewatch.loading import Dataset
from ceasewatch.reporters.github import PER_KIND

from .conftest import run_cli
from .golden import check_golden
from .helpers_engine import REPO, build_case, load_valid

BUNDLED = ("--root", REPO, "--today", "2026-11-25")
SEEDS = [
    "2025-03-19-kavkazskaya-oil-station",
    "2025-03-19-mykolaiv-russian-drones-downed",
    "2025-03-19-sloviansk-power-cut",
]
ESC = "\x1b["


@pytest.fixture(scope="module")
def bundled() -> Dataset:
    """The bundled dataset, read through the library (the CLI's output is checked against it)."""
    return load_valid(REPO)


@pytest.fixture(scope="module")
def bundled_json() -> dict[str, Any]:
    run = run_cli(["check", *BUNDLED, "--format", "json"])
    assert run.exit_code == 0
    doc: dict[str, Any] = json.loads(run.stdout)
    return doc


def keys(doc: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    return [(f["incident"], f["agreement"], f["term"], f["party"]) for f in doc["findings"]]


@pytest.fixture
def filters_root(tmp_path: Path) -> Path:
    return build_case("cli-filters", tmp_path)


@pytest.fixture
def invalid_root(tmp_path: Path) -> Path:
    """The cli-filters dataset (which has findings) with one broken incident file added."""
    root = build_case("cli-filters", tmp_path)
    (root / "incidents" / "broken.yaml").write_text(
        "id: broken\ntitle: Broken\noccurred: 2025-03-20\nlocation: {}\ntargets_typo: []\n",
        encoding="utf-8",
    )
    return root


# --- goldens on the bundled dataset --------------------------------------------------------


def test_check_text_golden() -> None:
    run = run_cli(["check", *BUNDLED, "--format", "text"])
    assert run.exit_code == 0
    assert ESC not in run.stdout and ESC not in run.stderr
    lines = run.stdout.splitlines()
    headings = [line for line in lines if line and not line[0].isdigit()]
    assert headings and all(": alleged violations of " in h for h in headings)
    # one line per finding, each starting with the incident's id
    doc = json.loads(run_cli(["check", *BUNDLED, "--format", "json"]).stdout)
    ids = [line.split()[0] for line in lines if line[:1].isdigit()]
    assert sorted(ids) == sorted(f["incident"] for f in doc["findings"] + doc["unattributed"])
    summary = (
        r"^\d+ alleged violations? \(\d+ apparent, \d+ contingent, \d+ possible; .* unattributed; "
    )
    assert re.match(summary, run.stderr)
    check_golden("engine/check.txt", run.stdout)
    check_golden("engine/check.stderr.txt", run.stderr)


def test_check_table_golden() -> None:
    run = run_cli(["check", *BUNDLED, "--format", "table"])
    assert run.exit_code == 0
    assert ESC not in run.stdout and ESC not in run.stderr
    assert "alleged violations (claims by sources, not verdicts)" in run.stdout
    assert "Alleged" in run.stdout and "against" in run.stdout
    check_golden("engine/check-table.txt", run.stdout)


def test_check_quiet_prints_only_problems_and_the_summary() -> None:
    full = run_cli(["check", *BUNDLED])
    for fmt in ("text", "table"):
        quiet = run_cli(["check", *BUNDLED, "--format", fmt, "--quiet"])
        assert quiet.exit_code == full.exit_code == 0
        assert quiet.stdout == ""  # the bundled data has no problems
        assert quiet.stderr == full.stderr


def test_check_json_golden() -> None:
    run = run_cli(["check", *BUNDLED, "--format", "json"])
    assert run.exit_code == 0
    doc = json.loads(run.stdout)
    assert doc["version"] == 4
    assert list(doc) == ["version", "findings", "unattributed", "errors", "warnings", "summary"]
    assert len(doc["warnings"]) == doc["summary"]["warnings"]
    assert doc["summary"]["findings"] == len(doc["findings"]) and doc["summary"]["errors"] == 0
    assert {SEEDS[0], SEEDS[2]} <= {f["incident"] for f in doc["findings"]}
    for f in doc["findings"]:
        assert set(f) == {
            "incident",
            "agreement",
            "term",
            "party",
            "status",
            "support",
            "event",
            "contested",
            "claimed_by",
            "via",
            "denied_by",
            "claims",
            "readings",
            "launched_from",
            "controlled_by",
            "casualties",
            "revisions",
            "file",
            "line",
        }
        assert set(f["readings"]) == {"yes", "no", "unknown"}
    check_golden("engine/check.json", run.stdout)


@pytest.mark.parametrize("incident", SEEDS)
def test_explain_text_golden(incident: str) -> None:
    run = run_cli(["explain", incident, *BUNDLED])
    assert run.exit_code == 0
    assert ESC not in run.stdout
    assert run.stdout.startswith(f"incident {incident} (incidents/2025/{incident}.yaml)")
    check_golden(f"engine/explain-{incident}.txt", run.stdout)
    verbose = run_cli(["explain", incident, *BUNDLED, "--verbose"])
    assert verbose.exit_code == 0 and ESC not in verbose.stdout
    assert len(verbose.stdout.splitlines()) > len(run.stdout.splitlines())
    check_golden(f"engine/explain-{incident}-verbose.txt", verbose.stdout)


@pytest.mark.parametrize("incident", SEEDS)
def test_explain_json_golden(incident: str) -> None:
    run = run_cli(["explain", incident, *BUNDLED, "--format", "json"])
    assert run.exit_code == 0
    doc = json.loads(run.stdout)
    assert doc["version"] == 3 and doc["incident"] == incident
    findings = [p["finding"] for t in doc["terms"] for p in t["parties"] if p["finding"]]
    assert all(f["incident"] == incident for f in findings)
    check_golden(f"engine/explain-{incident}.json", run.stdout)


def test_explain_narrows_to_an_agreement_and_term() -> None:
    run = run_cli(
        [
            "explain",
            SEEDS[2],
            *BUNDLED,
            "--format",
            "json",
            "--agreement",
            "energy-moratorium-2025",
            "--term",
            "no-energy-strikes",
        ]
    )
    assert run.exit_code == 0
    doc = json.loads(run.stdout)
    assert [(t["agreement"], t["term"]) for t in doc["terms"]] == [
        ("energy-moratorium-2025", "no-energy-strikes")
    ]


def test_explain_unknown_incident_is_a_usage_error() -> None:
    run = run_cli(["explain", "2025-03-19-kavkazskaya", *BUNDLED])
    assert run.exit_code == 2
    assert "2025-03-19-kavkazskaya-oil-station" in run.stderr  # the suggestion


# --- exit codes ----------------------------------------------------------------------------


def test_valid_data_exits_0() -> None:
    assert run_cli(["check", *BUNDLED, "--format", "json"]).exit_code == 0


def test_invalid_data_exits_1_and_evaluates_nothing(invalid_root: Path) -> None:
    run = run_cli(["check", "--root", invalid_root, "--format", "json", "--today", "2030-01-01"])
    assert run.exit_code == 1
    doc = json.loads(run.stdout)
    assert doc["findings"] == [] and doc["unattributed"] == []
    assert doc["summary"]["errors"] == len(doc["errors"]) >= 1
    assert doc["summary"]["warnings"] == len(doc["warnings"])
    assert {e["severity"] for e in doc["errors"]} == {"error"}
    assert any(e["file"] == "incidents/broken.yaml" for e in doc["errors"])
    text = run_cli(["check", "--root", invalid_root, "--format", "text", "--today", "2030-01-01"])
    assert text.exit_code == 1
    assert "no findings evaluated" in text.stderr
    # ... and --fail-on does not turn invalid data into exit 3.
    failing = run_cli(
        ["check", "--root", invalid_root, "--fail-on", "possible", "--format", "json"]
    )
    assert failing.exit_code == 1


def test_fail_on_on_the_bundled_data(bundled_json: dict[str, Any]) -> None:
    statuses = {f["status"] for f in bundled_json["findings"]}
    assert "contingent" in statuses  # Kavkazskaya and Sloviansk, at least
    assert (
        run_cli(["check", *BUNDLED, "--format", "json", "--fail-on", "contingent"]).exit_code == 3
    )
    assert run_cli(["check", *BUNDLED, "--format", "json", "--fail-on", "possible"]).exit_code == 3
    # 0 while no finding is apparent (the seed data alone has none), else 3.
    apparent = run_cli(["check", *BUNDLED, "--format", "json", "--fail-on", "apparent"])
    assert apparent.exit_code == (3 if "apparent" in statuses else 0)
    # Narrowed to the contingent seed findings, nothing is apparent: 0.
    seeds_only = run_cli(
        [
            "check",
            *BUNDLED,
            "--format",
            "json",
            "--fail-on",
            "apparent",
            REPO / "incidents" / "2025" / f"{SEEDS[0]}.yaml",
            REPO / "incidents" / "2025" / f"{SEEDS[2]}.yaml",
        ]
    )
    assert seeds_only.exit_code == 0
    assert {f["status"] for f in json.loads(seeds_only.stdout)["findings"]} == {"contingent"}


def test_fail_on_apparent_when_one_is(filters_root: Path) -> None:
    run = run_cli(["check", "--root", filters_root, "--format", "json", "--fail-on", "apparent"])
    assert run.exit_code == 3
    # Only the findings that pass the filters count.
    only_possible = run_cli(
        [
            "check",
            "--root",
            filters_root,
            "--format",
            "json",
            "--fail-on",
            "apparent",
            "--status",
            "possible",
        ]
    )
    assert only_possible.exit_code == 0


@pytest.mark.parametrize(
    ("option", "value", "hint"),
    [
        ("--agreement", "energy-moratorium", "energy-moratorium-2025"),
        ("--agreement", "no-such-agreement", "--agreement"),
        ("--term", "no-energy", "no-energy-strikes"),
        ("--party", "rusia", "russia"),
        ("--source", "kremlim", "kremlin"),
        ("--since", "2025-13-01", "--since"),
        ("--since", "yesterday", "--since"),
        ("--until", "2025-04-31", "--until"),
        ("--status", "likely", "`likely` is not one of apparent, contingent, possible"),
        ("--fail-on", "certain", "`certain` is not one of apparent, contingent, possible"),
    ],
)
def test_usage_errors_exit_2(option: str, value: str, hint: str) -> None:
    run = run_cli(["check", *BUNDLED, "--format", "json", option, value])
    assert run.exit_code == 2
    assert run.stdout == ""
    assert hint in run.stderr


# --- filters -------------------------------------------------------------------------------

E1 = ("e1", "moratorium", "no-energy-strikes", "russia")
E3 = ("e3", "moratorium", "no-energy-strikes", "russia")
E2_PORT = ("e2", "moratorium", "no-port-strikes", "ukraine")
E2_SEA = ("e2", "sea-deal", "no-use-of-force", "ukraine")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((), [E1, E3, E2_PORT, E2_SEA]),
        (("--agreement", "sea-deal"), [E2_SEA]),
        (("--agreement", "moratorium"), [E1, E3, E2_PORT]),
        (("--term", "no-port-strikes"), [E2_PORT]),
        (("--term", "no-port-strikes", "--term", "no-use-of-force"), [E2_PORT, E2_SEA]),
        (("--party", "russia"), [E1, E3]),
        (("--party", "ukraine"), [E2_PORT, E2_SEA]),
        (("--source", "reuters"), [E2_PORT, E2_SEA]),
        (("--source", "ukraine-mfa"), [E1]),
        (("--source", "kremlin"), []),
        (("--status", "possible"), [E3]),
        (("--status", "apparent"), [E1, E2_PORT, E2_SEA]),
        (("--status", "contingent"), []),
        (("--since", "2025-04-01"), [E3, E2_PORT, E2_SEA]),
        (("--until", "2025-03-31"), [E1]),
        (("--since", "2025-04-01", "--until", "2025-04-05"), [E2_PORT, E2_SEA]),
        (("--since", "2025-04-02", "--until", "2025-04-09"), []),
        (("--party", "russia", "--status", "apparent"), [E1]),
        (("--agreement", "moratorium", "--source", "reuters"), [E2_PORT]),
    ],
)
def test_filters_narrow_the_findings(
    filters_root: Path, args: tuple[str, ...], expected: list[tuple[str, str, str, str]]
) -> None:
    run = run_cli(["check", "--root", filters_root, "--format", "json", *args])
    assert run.exit_code == 0, run.stderr
    doc = json.loads(run.stdout)
    assert keys(doc) == expected
    assert doc["summary"]["findings"] == len(expected)


def test_paths_narrow_the_findings(filters_root: Path) -> None:
    run = run_cli(
        [
            "check",
            filters_root / "incidents" / "e2.yaml",
            "--root",
            filters_root,
            "--format",
            "json",
        ]
    )
    assert run.exit_code == 0
    assert keys(json.loads(run.stdout)) == [E2_PORT, E2_SEA]


# --- CI formats: a finding is a notice, never an error -------------------------------------


@pytest.fixture(params=["bundled", "cli-filters"])
def dataset_args(
    request: pytest.FixtureRequest, filters_root: Path, bundled_json: dict[str, Any]
) -> tuple[tuple[Any, ...], int]:
    """The arguments of ``check`` on a dataset, and the number of its findings."""
    if request.param == "bundled":
        return BUNDLED, len(bundled_json["findings"])
    return ("--root", filters_root, "--today", "2030-01-01"), 4


def test_github_findings_are_notices(dataset_args: tuple[tuple[Any, ...], int]) -> None:
    args, count = dataset_args
    run = run_cli(["check", *args, "--format", "github"])
    assert run.exit_code == 0
    lines = run.stdout.splitlines()
    assert not [line for line in lines if line.startswith("::error")]
    notices = [
        line for line in lines if line.startswith("::notice") and "Alleged violation" in line
    ]
    # GitHub shows about PER_KIND annotations of each kind; when findings overflow, the last
    # notice slot counts the rest, and every finding is in the fenced log.
    shown = count if count <= PER_KIND else PER_KIND - 1
    assert len(notices) == shown
    assert all("title=Alleged violation (" in line for line in notices)
    if count > PER_KIND:
        assert any(
            ln.startswith("::notice") and f"{count - shown} more notices" in ln for ln in lines
        )
    logged = [ln for ln in lines if re.match(r"^incidents/\S+:\d+: Alleged violation of ", ln)]
    assert len(logged) == count


def test_sarif_findings_are_notes(dataset_args: tuple[tuple[Any, ...], int]) -> None:
    args, count = dataset_args
    run = run_cli(["check", *args, "--format", "sarif"])
    assert run.exit_code == 0
    doc = json.loads(run.stdout)
    results = doc["runs"][0]["results"]
    findings = [r for r in results if r["ruleId"].startswith("alleged-violation-")]
    assert len(findings) == count
    assert {r["level"] for r in findings} == {"note"}
    assert not [r for r in results if r.get("level") == "error"]


# --- list ----------------------------------------------------------------------------------


def _list_json(what: str) -> list[dict[str, Any]]:
    run = run_cli(["list", what, "--root", REPO, "--format", "json"])
    assert run.exit_code == 0
    doc = json.loads(run.stdout)
    assert doc["version"] == 1
    items: list[dict[str, Any]] = doc[what]
    return items


def test_list_agreements_json(bundled: Dataset) -> None:
    rows = _list_json("agreements")
    want = sorted(bundled.agreements, key=lambda a: a.model.id)
    assert [(r["id"], r["terms"], r["parties"], r["file"]) for r in rows] == [
        (a.model.id, len(a.model.terms), ", ".join(a.model.parties), a.file) for a in want
    ]
    assert {"black-sea-2025", "energy-moratorium-2025"} <= {r["id"] for r in rows}


def test_list_incidents_json(bundled: Dataset) -> None:
    rows = _list_json("incidents")
    want = sorted(bundled.incidents, key=lambda i: i.model.id)
    assert [(r["id"], r["claims"], r["file"]) for r in rows] == [
        (i.model.id, len(i.model.claims), i.file) for i in want
    ]
    assert set(SEEDS) <= {r["id"] for r in rows}


def test_list_parties_json(bundled: Dataset) -> None:
    rows = _list_json("parties")
    accused = Counter(c.attributes_to for i in bundled.incidents for c in i.model.claims)
    assert [(r["id"], r["accused_in_claims"]) for r in rows] == [
        (pid, accused.get(pid, 0))
        for pid in sorted(bundled.project.model.parties)  # type: ignore[union-attr]
    ]
    assert [r["id"] for r in rows][:3] == ["russia", "ukraine", "united-states"]
    assert rows[0]["accused_in_claims"] >= 7  # 3 on Mykolaiv (its own side), 4 on Sloviansk


def test_list_sources_json(bundled: Dataset) -> None:
    rows = {r["id"]: r for r in _list_json("sources")}
    claims = Counter(c.source for i in bundled.incidents for c in i.model.claims)
    assert rows.keys() == bundled.project.model.sources.keys()  # type: ignore[union-attr]
    for sid, row in rows.items():
        assert row["claims"] == claims.get(sid, 0), sid
    assert rows["kremlin"]["claims"] >= 3  # one on each seed incident
    assert rows["kyiv-post"]["affiliation"] is None
    assert rows["rt"]["affiliation"] == "russia" and rows["rt"]["kind"] == "state-media"


@pytest.mark.parametrize(
    ("what", "shown"),
    [
        ("agreements", ["black-sea-2025", "energy-moratorium-2025"]),
        ("incidents", [s[:24] for s in SEEDS]),
        ("parties", ["russia", "ukraine", "united-states", "Russian Federation"]),
        ("sources", ["kremlin", "russia-mod", "white-house", "krasnodar-local-channels"]),
    ],
)
def test_list_text(what: str, shown: list[str]) -> None:
    run = run_cli(["list", what, "--root", REPO])
    assert run.exit_code == 0
    assert ESC not in run.stdout
    assert run.stdout.startswith(what)
    for text in shown:
        assert text in run.stdout
