"""Launch points, interception points, control, casualties and revisions: bad input is
located, and every output carries what the record says beside the accusation."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from .conftest import TODAY, MakeDataset, run_cli, validate_json

AGREEMENT = """\
id: deal
title: Sea deal
parties: [russia, ukraine]
in_force:
  - {from: 2025-03-18T00:00:00+00:00, until: 2025-04-18T00:00:00+00:00, per: [kremlin]}
terms:
  - id: no-force-at-sea
    title: No use of force in the sea
    prohibits: {acts: [strike], areas: [black-sea], per: [kremlin]}
    readings:
      - {where: either, per: [ukraine-mfa]}
"""
CLAIM = (
    "{source: ukraine-mfa, published: 2025-03-21, url: 'https://e.org/a', attributes_to: russia}"
)


def incident(extra: str = "", claims: tuple[str, ...] = (CLAIM,)) -> str:
    """A strike that hit Kyiv (outside the sea), with ``extra`` top-level lines."""
    return (
        "id: x-1\ntitle: T\noccurred: 2025-03-20T10:00:00+00:00\n"
        "location: {place: Kyiv, country: UA, "
        "coordinates: {lat: 50.45, lon: 30.52, precision: exact}}\n"
        "act: strike\noutcome: hit\n" + extra + "claims:\n" + "".join(f"  - {c}\n" for c in claims)
    )


def dataset(make_dataset: MakeDataset, text: str) -> Path:
    return make_dataset({"agreements/deal.yaml": AGREEMENT, "incidents/x-1.yaml": text})


@pytest.mark.parametrize(
    ("extra", "claims", "where", "code", "words"),
    [
        ("launched_from: {area: nowhere}\n", (CLAIM,), (7, 24), "ref-unknown", "unknown area"),
        (
            "intercepted_at: {place: Sea}\n",
            (CLAIM,),
            (1, 1),
            "schema-value",
            "`intercepted_at` goes with outcome `intercepted`",
        ),
        ("casualties: {killed: -3}\n", (CLAIM,), (7, 22), "schema-value", "is not a whole number"),
        ("casualties: {killed: 2.5}\n", (CLAIM,), (7, 22), "schema-value", "is not a whole number"),
        (
            "casualties: {injured: {low: 9, high: 3}}\n",
            (CLAIM,),
            (7, 23),
            "schema-value",
            "`low` is above `high`",
        ),
        (
            "casualties: {without_power: {people: 3, households: 1}}\n",
            (CLAIM,),
            (7, 29),
            "schema-value",
            "give exactly one of `people` or `households`",
        ),
        ("", (CLAIM, "{source: ukraine-mfa, updates: 1}"), (9, 33), "claim-updates", "earlier"),
        ("", (CLAIM, "{source: kremlin, updates: 0}"), (9, 29), "claim-updates", "of `kremlin`"),
        (
            "",
            ("{source: kremlin, retracted: {url: 'https://e.org/r'}}",),
            (8, 31),
            "schema-missing",
            "`date`",
        ),
        (
            "",
            (CLAIM.replace("attributes_to", "controlled_by: rusia, attributes_to"),),
            (8, 1),
            "ref-unknown",
            "(did you mean",
        ),
    ],
)
def test_bad_input_is_located(
    make_dataset: MakeDataset,
    extra: str,
    claims: tuple[str, ...],
    where: tuple[int, int],
    code: str,
    words: str,
) -> None:
    root = dataset(make_dataset, incident(extra, claims))
    result = validate_json(root)
    assert result.exit_code == 1
    errors = result.errors()
    assert [(d["code"], words in d["message"]) for d in errors] == [(code, True)], errors
    assert (errors[0]["line"], errors[0]["column"])[0] == where[0]


def test_a_bad_where_is_located_with_a_suggestion(make_dataset: MakeDataset) -> None:
    root = make_dataset(
        {"agreements/deal.yaml": AGREEMENT.replace("where: either", "where: eiter")}
    )
    (error,) = validate_json(root).errors()
    assert (error["file"], error["line"], error["code"]) == (
        "agreements/deal.yaml",
        11,
        "schema-value",
    )
    assert "(did you mean `either`?)" in error["message"]


LAUNCHED = "launched_from: {area: black-sea}\n"
CONTEXT = (
    "location: {place: Kyiv, country: UA, controlled_by: ukraine, "
    "coordinates: {lat: 50.45, lon: 30.52, precision: exact}}\n"
)


def rich(make_dataset: MakeDataset) -> Path:
    """Launched from the sea, the site held by Ukraine; figures from two sources; one
    claim revised, one withdrawn."""
    text = incident(
        LAUNCHED + "casualties: {killed: 2}\n",
        (
            "{source: ukraine-mfa, published: 2025-03-21, url: 'https://e.org/a', "
            "attributes_to: russia, casualties: {killed: {low: 3, high: 5}, injured: 7}}",
            "{source: kremlin, published: 2025-03-21, url: 'https://e.org/b', denies: russia, "
            "controlled_by: russia}",
            "{source: ukraine-mfa, published: 2025-03-22, url: 'https://e.org/c', "
            "attributes_to: russia, updates: 0, casualties: {killed: 4}}",
            "{source: kremlin, published: 2025-03-23, url: 'https://e.org/d', denies: russia, "
            "retracted: {date: 2025-03-24}}",
        ),
    ).replace(
        "location: {place: Kyiv, country: UA, coordinates: {lat: 50.45, lon: 30.52, "
        "precision: exact}}\n",
        CONTEXT,
    )
    return dataset(make_dataset, text)


def test_the_launch_point_decides_the_either_reading(make_dataset: MakeDataset) -> None:
    root = rich(make_dataset)
    doc = run_cli(["check", "--root", str(root), "--format", "json", "--today", TODAY]).json()
    assert doc["version"] == 4
    (f,) = doc["findings"]
    assert f["status"] == "contingent"
    assert f["readings"] == {
        "yes": ["in force: kremlin / term: ukraine-mfa"],
        "no": ["in force: kremlin / term: kremlin"],
        "unknown": [],
    }
    # only the revision (claims[2]) accuses; the withdrawn denial contests nothing
    assert [(c["source"], c["via"]) for c in f["claims"]] == [("ukraine-mfa", None)]
    assert f["denied_by"] == [{"source": "kremlin", "how": "denies", "general": False}]
    assert f["launched_from"] == {"area": "black-sea"}
    assert f["controlled_by"] == [
        {"party": "ukraine", "per": "incident"},
        {"party": "russia", "per": "kremlin"},
    ]
    # claim 0 is revised: its figures no longer count; the incident's own 2 and claim 2's 4
    assert f["casualties"] == {
        "killed": {"low": 2, "high": 4, "low_per": ["incident"], "high_per": ["ukraine-mfa"]}
    }
    assert f["revisions"] == [
        "claims[0] (ukraine-mfa) is revised by claims[2]",
        "claims[3] (kremlin) was withdrawn on 2025-03-24",
    ]


def test_explain_names_the_point_that_decided_and_the_revisions(make_dataset: MakeDataset) -> None:
    root = rich(make_dataset)
    text = run_cli(["explain", "x-1", "--root", str(root), "--today", TODAY]).stdout
    assert "claims[0] (ukraine-mfa) is revised by claims[2]: it counts for nothing" in text
    args = ["explain", "x-1", "--root", str(root), "--today", TODAY, "--verbose"]
    verbose = run_cli(args).stdout
    assert "claims[0] (ukraine-mfa) is revised by claims[2]: it counts for nothing" in verbose
    assert "launch: launched from area `black-sea`" in verbose


def test_the_report_shows_ranges_control_and_low_totals(
    make_dataset: MakeDataset, tmp_path: Path
) -> None:
    out = tmp_path / "r.md"
    args = ["report", "--root", str(rich(make_dataset)), "-o", str(out), "--today", TODAY]
    assert run_cli(args).exit_code == 0
    report = out.read_text(encoding="utf-8")
    assert "- Launched from: area black-sea" in report
    assert "- Site held by: Ukraine (per incident); Russia (per Kremlin)" in report
    assert "- Killed: 2 to 4 (low per incident; high per Ukrainian Foreign Ministry)" in report
    assert "by each incident's lowest figure (as UCDP and ACLED count): killed 2." in report
    # the revised and the withdrawn claims stay listed, marked
    assert "attributes it to Russia (revised by a later claim)" in report
    assert "denies Russia (withdrawn on 2025-03-24)" in report


def test_the_map_draws_the_launch_and_the_interception(
    make_dataset: MakeDataset, tmp_path: Path
) -> None:
    text = incident(
        "launched_from: {coordinates: {lat: 44.6, lon: 33.5, precision: approximate}}\n"
        "intercepted_at: {coordinates: {lat: 46.0, lon: 31.0, precision: region}}\n",
    ).replace("outcome: hit", "outcome: intercepted")
    out = tmp_path / "map.geojson"
    root = dataset(make_dataset, text)
    assert (
        run_cli(["export", "--format", "geojson", "--root", str(root), "-o", str(out)]).exit_code
        == 0
    )
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    shapes = [(f["geometry"]["type"], f["properties"].get("role")) for f in features]
    assert shapes == [
        ("Point", None),
        ("Point", "launch"),
        ("LineString", "launch"),
        ("Point", "interception"),
    ]
    assert features[2]["geometry"]["coordinates"] == [[33.5, 44.6], [30.52, 50.45]]
    assert features[3]["properties"]["geo_precision"] == "region"


def test_the_csv_carries_the_launch_control_and_figure_ends(
    make_dataset: MakeDataset, tmp_path: Path
) -> None:
    out = tmp_path / "rows.csv"
    args = ["export", "--format", "csv", "--root", str(rich(make_dataset)), "-o", str(out)]
    assert run_cli([*args, "--today", TODAY]).exit_code == 0
    (row,) = csv.DictReader(io.StringIO(out.read_text(encoding="utf-8").removeprefix("\ufeff")))
    assert (row["launched_from"], row["controlled_by"]) == (
        "area black-sea",
        "ukraine per incident;russia per kremlin",
    )
    assert [row[k] for k in ("killed_low", "killed_high", "injured_low", "injured_high")] == [
        "2",
        "4",
        "",
        "",
    ]
