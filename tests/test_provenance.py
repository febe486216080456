"""Provenance: where each claim was read, when, on what it rests; the warnings and the bad
input of those fields; filtering and showing the event grade and the readings' dates."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import AGREEMENT_YAML, PROJECT_YAML, TODAY, MakeDataset, run_cli, validate_json

#: The shared project, with outlets that declare where they publish.
PROJECT = PROJECT_YAML.replace(
    '  reuters: {name: Reuters, kind: media, url: "https://www.reuters.com"}\n',
    "  reuters: {name: Reuters, kind: media, domains: [reuters.com]}\n"
    "  ap: {name: Associated Press, kind: media, domains: [apnews.com]}\n",
)
#: The shared agreement, its readings dated: the term's reading first stated a month after
#: the incidents here.
AGREEMENT = AGREEMENT_YAML.replace(
    "    per: [kremlin]\n", "    per: [kremlin]\n    stated: 2025-03-18\n"
).replace("      per: [white-house]\n", "      per: [ukraine-mfa]\n      stated: 2025-04-20\n")


def incident(*claims: str, ident: str = "x-1") -> str:
    """An energy strike inside the deal's period, with ``claims`` (one YAML flow map each)."""
    return (
        f"id: {ident}\ntitle: T\noccurred: 2025-03-20T10:00:00+00:00\nlocation: {{country: UA}}\n"
        "act: strike\noutcome: hit\ntargets: [{category: energy/power}]\n"
        + ("claims:\n" + "".join(f"  - {c}\n" for c in claims) if claims else "claims: []\n")
    )


def dataset(make_dataset: MakeDataset, *claims: str) -> Path:
    files = {"agreements/moratorium.yaml": AGREEMENT, "incidents/x-1.yaml": incident(*claims)}
    return make_dataset(files, project=PROJECT)


def located(root: Path, code: str) -> list[tuple[int, int, str]]:
    """``(line, column, message)`` of each diagnostic with ``code``."""
    result = validate_json(root)
    return [
        (d["line"], d["column"], d["message"])
        for d in result.problems(quality=True)
        if d["code"] == code
    ]


DATED = "published: 2025-03-21"
RU = "attributes_to: russia"


@pytest.mark.parametrize(
    ("claim", "warned"),
    [
        # the outlet is the source when there is no `via`; a subdomain is its own site
        (
            f"{{source: reuters, {DATED}, url: 'https://www.reuters.com/a', {RU}}}",
            False,
        ),
        (
            f"{{source: reuters, {DATED}, url: 'https://copy.example/a', {RU}}}",
            True,
        ),
        # a copy that names the outlet's own page is not warned about (original_url unchecked)
        (
            f"{{source: reuters, {DATED}, url: 'https://copy.example/a', "
            "original_url: 'https://www.reuters.com/a', attributes_to: russia}",
            False,
        ),
        # with `via`, the carrier is the outlet checked, not the source
        (
            f"{{source: ukraine-mfa, via: ap, {DATED}, url: 'https://apnews.com/x', {RU}}}",
            False,
        ),
        (
            f"{{source: ukraine-mfa, via: ap, {DATED}, url: 'https://reuters.com/x', {RU}}}",
            True,
        ),
        # an outlet that declares no domains is never warned about
        (
            f"{{source: ukraine-mfa, {DATED}, url: 'https://anywhere.example/x', {RU}}}",
            False,
        ),
        # `notreuters.com` is not a subdomain of `reuters.com`
        (
            f"{{source: reuters, {DATED}, url: 'https://notreuters.com/a', {RU}}}",
            True,
        ),
    ],
)
def test_url_off_outlet(make_dataset: MakeDataset, claim: str, warned: bool) -> None:
    found = located(dataset(make_dataset, claim), "url-off-outlet")
    if warned:
        ((line, column, message),) = found
        assert (line, column) == (9, claim.index("url:") + 10)
        assert "not on `" in message and "original_url" in message
    else:
        assert found == []


def test_claim_undated(make_dataset: MakeDataset) -> None:
    root = dataset(
        make_dataset,
        "{source: ukraine-mfa, url: 'https://e.org/a', attributes_to: russia}",
        f"{{source: kremlin, {DATED}, url: 'https://e.org/b', denies: russia}}",
    )
    assert located(root, "claim-undated") == [
        (
            9,
            5,
            "the claim of `ukraine-mfa` has no `published` date; add the date the source "
            "shows (a claim first made weeks later is weaker than it looks)",
        )
    ]


@pytest.mark.parametrize(
    ("field", "value", "code", "message"),
    [
        ("basis", "obsrvation", "schema-value", "(did you mean `observation`?)"),
        ("event", "dispute", "schema-value", "(did you mean `disputed`?)"),
        ("retrieved", "last week", "time-invalid", "is not a date"),
        ("original_url", "ftp://e.org/a", "url-scheme", "is not an http:// or https:// address"),
    ],
)
def test_bad_claim_fields_are_located(
    make_dataset: MakeDataset, field: str, value: str, code: str, message: str
) -> None:
    claim = f"{{source: reuters, {DATED}, url: 'https://reuters.com/a', {RU}, {field}: '{value}'}}"
    root = dataset(make_dataset, claim)
    result = validate_json(root)
    assert result.exit_code == 1
    ((line, column, text),) = [(d["line"], d["column"], d["message"]) for d in result.errors()]
    assert line == 9 and column == claim.index(f"{field}:") + 5 + len(field) + 2
    assert message in text


@pytest.mark.parametrize("host", ["https://reuters.com", "Reuters.com", "reuters", "reuters.com/x"])
def test_a_domain_that_is_not_a_host_name(make_dataset: MakeDataset, host: str) -> None:
    project = PROJECT.replace("domains: [reuters.com]", f"domains: ['{host}']")
    root = make_dataset({"incidents/x-1.yaml": incident()}, project=project)
    result = validate_json(root)
    assert result.exit_code == 1
    (error,) = result.errors()
    assert (error["file"], error["code"]) == ("ceasewatch.yaml", "schema-value")
    assert "is not a host name" in error["message"]


def test_stated_must_be_a_date(make_dataset: MakeDataset) -> None:
    root = make_dataset(
        {"agreements/moratorium.yaml": AGREEMENT.replace("stated: 2025-04-20", "stated: April")},
        project=PROJECT,
    )
    (error,) = validate_json(root).errors()
    assert (error["file"], error["code"]) == ("agreements/moratorium.yaml", "time-invalid")


# --- what readers see --------------------------------------------------------------------------

ACCUSED = (
    "{source: ukraine-mfa, published: 2025-03-21, url: 'https://e.org/a', attributes_to: russia}"
)
WITNESS = (
    "{source: ap, basis: observation, published: 2025-03-21, url: 'https://apnews.com/a', "
    "attributes_to: russia}"
)


def test_check_filters_on_the_event_grade(make_dataset: MakeDataset) -> None:
    root = make_dataset(
        {
            "agreements/moratorium.yaml": AGREEMENT,
            "incidents/x-1.yaml": incident(ACCUSED),
            "incidents/x-2.yaml": incident(ACCUSED, WITNESS, ident="x-2"),
        },
        project=PROJECT,
    )
    base = ["check", "--root", str(root), "--format", "json", "--today", TODAY]
    everything = run_cli(base).json()["findings"]
    assert [(f["incident"], f["event"], f["support"]) for f in everything] == [
        ("x-1", "reported", "adversary"),
        ("x-2", "confirmed", "independent"),
    ]
    confirmed = run_cli([*base, "--event", "confirmed"]).json()["findings"]
    assert [f["incident"] for f in confirmed] == ["x-2"]
    refused = run_cli([*base, "--event", "certain"])
    assert refused.exit_code == 2
    assert "`certain` is not one of confirmed, reported, disputed" in refused.stderr


def test_explain_shows_rungs_and_late_readings(make_dataset: MakeDataset) -> None:
    root = dataset(make_dataset, ACCUSED, WITNESS)
    brief = run_cli(["explain", "x-1", "--root", str(root), "--today", TODAY]).stdout
    assert "readings first stated after the incident: ukraine-mfa (2025-04-20)" in brief
    assert "claims: independent: ap; adversary: ukraine-mfa" in brief
    args = ["explain", "x-1", "--root", str(root), "--today", TODAY, "--verbose"]
    text = run_cli(args).stdout
    assert "in force reading per kremlin: stated 2025-03-18\n" in text
    assert "term reading per ukraine-mfa: stated 2025-04-20; stated after the incident" in text
    assert "claim of ap: unaffiliated, basis observation: independent" in text
    assert "claim of ukraine-mfa: affiliated with ukraine, the other side: adversary" in text
    doc = run_cli(["explain", "x-1", "--root", str(root), "--format", "json"]).json()
    (term,) = doc["terms"]
    assert term["readings"] == [
        {
            "kind": "in force",
            "reading": "kremlin",
            "stated": "2025-03-18",
            "stated_after_incident": False,
        },
        {
            "kind": "term",
            "reading": "ukraine-mfa",
            "stated": "2025-04-20",
            "stated_after_incident": True,
        },
    ]


def test_the_report_marks_late_readings_and_counts_grades(
    make_dataset: MakeDataset, tmp_path: Path
) -> None:
    root = dataset(make_dataset, ACCUSED, WITNESS)
    out = tmp_path / "report.md"
    assert run_cli(["report", "--root", str(root), "-o", str(out), "--today", TODAY]).exit_code == 0
    report = out.read_text(encoding="utf-8")
    assert (
        "- Readings first stated after the incident: term per Ukrainian Foreign Ministry" in report
    )
    assert "- Event: event corroborated" in report
    assert "| backed by an unaffiliated source's own evidence | 1 | 0 | 0 | 1 |" in report
    assert "First reading, per Ukrainian Foreign Ministry (stated 2025-04-20):" in report
