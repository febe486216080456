"""The bundled dataset follows its own coding rules (docs/dataset.md), the same for both sides.

These read the real data: a failure names the file and the rule it breaks.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

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
