"""Why an incident makes no finding (the report's record of incidents no term covers)."""

from __future__ import annotations

from textwrap import dedent

import pytest

from ceasewatch.api import load
from ceasewatch.engine.unflagged import NoFinding, why_not

from .conftest import AGREEMENT_YAML, MakeDataset

M = "agreements/moratorium.yaml"
TERM = ("moratorium", "no-energy-strikes")

# (case, the incident's fields after id and title, expected reasons, decisive); None: the
# term flags it, so it is left out.
CASES: list[tuple[str, str, tuple[str, ...] | None, bool]] = [
    (
        "a target outside every reading is the one reason",
        """
        occurred: 2025-03-20
        act: strike
        outcome: hit
        targets: [{category: civilian/medical}]
        claims: [{source: ukraine-mfa, attributes_to: russia}]
        """,
        ("target: `civilian/medical` is not among the prohibited targets",),
        True,
    ),
    (
        "time outside every reading comes before the target",
        """
        occurred: 2025-05-20
        act: strike
        targets: [{category: civilian/medical}]
        claims: [{source: ukraine-mfa, attributes_to: russia}]
        """,
        (
            "in force: not in force: the incident began 2025-05-20 00:00 +03:00, at or after "
            "the kremlin reading's end, 2025-04-18 00:00 +00:00",
        ),
        True,
    ),
    (
        "no single condition: each version's first failing condition",
        """
        occurred: 2025-04-10
        act: strike
        targets: [{category: energy/power/line}]
        claims:
          - {source: ukraine-mfa, attributes_to: russia, occurred: 2025-05-20}
          - {source: ukraine-general-staff, attributes_to: russia, targets: [{category: civilian}]}
        """,
        (
            "in force: not in force: the incident began 2025-05-20 00:00 +03:00, at or after "
            "the kremlin reading's end, 2025-04-18 00:00 +00:00",
            "target: `civilian` is not among the prohibited targets",
        ),
        False,
    ),
    (
        "a party the term does not bind",
        """
        occurred: 2025-03-20
        act: strike
        targets: [{category: energy}]
        claims: [{source: kremlin, attributes_to: united-states}]
        """,
        ("attributed only to parties the term does not bind",),
        True,
    ),
    (
        "a flagged term is left out",
        """
        occurred: 2025-03-20
        act: strike
        outcome: hit
        targets: [{category: energy/power/line}]
        claims: [{source: ukraine-mfa, attributes_to: russia}]
        """,
        None,
        False,
    ),
]


@pytest.mark.parametrize(
    ("body", "reasons", "decisive"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_why_no_term_applies(
    make_dataset: MakeDataset, body: str, reasons: tuple[str, ...] | None, decisive: bool
) -> None:
    text = "id: x-1\ntitle: T\nlocation: {country: UA}\n" + dedent(body).lstrip("\n")
    data = load(make_dataset({M: AGREEMENT_YAML, "incidents/2025/x-1.yaml": text}), today=None)
    assert [d for d in data.diagnostics if d.severity == "error"] == []
    expected = [] if reasons is None else [NoFinding(*TERM, reasons, decisive)]
    assert why_not(data, ["x-1"])["x-1"] == expected
