"""The bundled dataset follows its own coding rules (docs/dataset.md), the same for both sides.

These read the real data: a failure names the file and the rule it breaks.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from ceasewatch import engine
from ceasewatch.api import load
from ceasewatch.engine import standing
from ceasewatch.engine.attribution import event_grade
from ceasewatch.loading import Dataset

REPO = Path(__file__).resolve().parent.parent

#: A title that says who reported it: "Russian Defence Ministry reports ...".
REPORTED = re.compile(r"\b(reports?|says?|claims?|alleges?)\b", re.IGNORECASE)
#: A side named as the doer of an attack: "Russian drone strike", "Ukraine's shelling of".
DOER = re.compile(
    r"\b(Russian|Ukrainian|Russia's|Ukraine's|Russia|Ukraine)\s+"
    r"(?:(?!(?:reports?|says?|claims?|alleges?)\b)\w+\s+)?"
    r"(strikes?|attacks?|drones?|missiles?|shelling|shells?|bombs?|hits?)\b",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    data = load(REPO, today=None)
    assert data.project is not None
    return data


def test_a_title_names_who_reported_it_unless_the_event_is_confirmed(dataset: Dataset) -> None:
    assert dataset.project is not None
    affiliation = {s: v.affiliation for s, v in dataset.project.model.sources.items()}
    wrong = []
    for item in dataset.incidents:
        inc = item.model
        grade = event_grade(inc, affiliation, standing(inc))
        if grade != "confirmed" and not REPORTED.search(inc.title):
            wrong.append(f"{item.file}: event {grade}, but the title states it as fact")
    assert wrong == []


def test_no_title_names_a_side_as_the_doer_before_saying_who_reports_it(
    dataset: Dataset,
) -> None:
    wrong = []
    for item in dataset.incidents:
        title = item.model.title
        doer, said = DOER.search(title), REPORTED.search(title)
        if doer is not None and (said is None or doer.start() < said.start()):
            wrong.append(f"{item.file}: `{doer[0]}` names the doer as fact: {title}")
    assert wrong == []


@pytest.mark.parametrize(
    ("title", "ok"),
    [
        ("Russian Defence Ministry reports drone attack on a substation", True),
        ("Ukraine's president reports Russian FPV drone strike on a plant", True),
        ("Russian drone strike cuts power in Sumy", False),
        ("Ukrainian shelling cuts a line, Russian ministry says", False),
        ("Strike cuts power in Sloviansk", True),  # no doer named
        ("Attack on Kyiv; Ukraine says missiles came from the sea", True),
    ],
)
def test_the_doer_rule_itself(title: str, ok: bool) -> None:
    doer, said = DOER.search(title), REPORTED.search(title)
    assert (doer is None or (said is not None and said.start() < doer.start())) is ok


# --- what a careful analyst expects of the moratorium's end and of the 6 April allegation -----

UKRAINE = "ukraine-mfa+ukraine-president"  # Ukraine's in-force reading, named by its sources
KREMLIN = "kremlin"


def _readings(dataset: Dataset, incident: str, agreement: str) -> list[dict[str, Any]]:
    found = [
        f.as_dict()
        for f in engine.run(dataset).findings
        if f.incident == incident and f.agreement == agreement
    ]
    return found


def test_ukraine_black_sea_allegation_of_6_april_holds_only_by_its_own_reading(
    dataset: Dataset,
) -> None:
    # Missiles launched from ships at sea at cities on land: within the arrangement only by
    # Zelensky's reading, which counts the launch point, and only with Ukraine's dates.
    (f,) = _readings(dataset, "2025-04-06-kyiv-missile-drone-attack", "black-sea-2025")
    assert (f["party"], f["status"]) == ("russia", "contingent")
    assert f["readings"]["yes"] == [f"in force: {UKRAINE} / term: ukraine-president"]
    # every other combination is no: the Kremlin's is pending, and the other term readings
    # test the impact (Kyiv), which is neither at sea nor a port
    assert len(f["readings"]["no"]) == 5 and f["readings"]["unknown"] == []
    # no energy target is named, so no finding under the moratorium
    assert (
        _readings(dataset, "2025-04-06-kyiv-missile-drone-attack", "energy-moratorium-2025") == []
    )


@pytest.mark.parametrize(
    ("incident", "status", "in_force"),
    [
        # 17 April 12:10 Moscow time: before the Kremlin's end (17:00), so both readings hold
        ("2025-04-17-troyebortnoye-substation", "apparent", {KREMLIN, UKRAINE}),
        # 18 April and 23 April: after the Kremlin's end, before Ukraine's (24 April 00:00)
        ("2025-04-18-podgornoye-gas-pipeline", "contingent", {UKRAINE}),
        ("2025-04-23-kherson-energy-facility", "contingent", {UKRAINE}),
    ],
)
def test_the_moratorium_ends_on_each_side_s_date(
    dataset: Dataset, incident: str, status: str, in_force: set[str]
) -> None:
    (f,) = _readings(dataset, incident, "energy-moratorium-2025")
    assert f["status"] == status
    assert {r.split(" / ")[0].removeprefix("in force: ") for r in f["readings"]["yes"]} == in_force


def test_after_both_ends_there_is_no_energy_finding(dataset: Dataset) -> None:
    # Kyiv, from 00:36 on 24 April: Ukraine's 30 calendar days ended at 00:00
    assert (
        _readings(dataset, "2025-04-24-kyiv-missile-drone-attack", "energy-moratorium-2025") == []
    )
