"""``ceasewatch.wording``: the exact words every output uses for a finding.

The wording is neutral: a finding is an *alleged* violation, *claimed by* named sources and
*disputed by* others; never a verdict ("violated", "guilty", "confirmed").
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from ceasewatch import engine
from ceasewatch.engine import Denial, Finding
from ceasewatch.wording import (
    EVENT_TEXT,
    STATUS_TEXT,
    SUPPORT_TEXT,
    contested_text,
    denial_text,
    finding_sentence,
)

from .helpers_engine import build_case, run_engine

#: A finding with one claim and no denial; the tests change one field at a time.
BASE = Finding(
    incident="inc",
    agreement="moratorium",
    term="no-energy-strikes",
    party="russia",
    status="apparent",
    support="adversary",
    contested=False,
    claimed_by=("ukraine-mfa",),
    via=(),
    denied_by=(),
    claims=(engine.ClaimStatus("ukraine-mfa", None, "apparent"),),
    readings={"yes": ("in force: kremlin / term: white-house",), "no": (), "unknown": ()},
    file="incidents/inc.yaml",
    line=1,
)
GENERAL = Denial("kremlin", "denies", general=True)
SPECIFIC = Denial("russia-mod", "denies", general=False)
BLAMES = Denial("russia-mod", "blames-other", general=False, other="ukraine")
SCOPE = Denial("ukraine-mfa", "scope", general=False)
#: Words of a verdict, which no sentence may use.
VERDICT = re.compile(r"\b(violated|guilty|confirmed|proven|committed|breached)\b", re.IGNORECASE)


def finding(**changes: object) -> Finding:
    return dataclasses.replace(BASE, **changes)  # type: ignore[arg-type]


def test_the_status_and_support_texts() -> None:
    assert STATUS_TEXT == {
        "apparent": "apparent",
        "contingent": "contingent on the reading",
        "possible": "possible (data missing)",
    }
    assert SUPPORT_TEXT == {
        "acknowledged": "acknowledged by the accused's side",
        "independent": "backed by an unaffiliated source's own evidence",
        "third-party": "backed by a third party",
        "adversary": "claimed by the adversary; no independent evidence",
        "unverified": "claimed only by unaffiliated sources that give no evidence of their own",
    }
    assert EVENT_TEXT == {
        "confirmed": "event corroborated",
        "reported": "event reported, not corroborated",
        "disputed": "event disputed",
    }
    # every status and support the engine can give has its words
    assert set(STATUS_TEXT) == set(engine.STATUS_RANK)
    assert set(SUPPORT_TEXT) == set(engine.SUPPORT_RANK)
    assert set(EVENT_TEXT) == set(engine.EVENT_ORDER)


@pytest.mark.parametrize(
    ("denial", "text"),
    [
        (GENERAL, "kremlin (general denial)"),
        (SPECIFIC, "russia-mod (denies)"),
        (BLAMES, "russia-mod (blames ukraine)"),
        (SCOPE, "ukraine-mfa (its own side; disputes that it falls under the term)"),
        (
            Denial("cpc", "event-disputed", general=False),
            "cpc (says it did not happen as described)",
        ),
    ],
)
def test_denial_text(denial: Denial, text: str) -> None:
    assert denial_text(denial) == text


@pytest.mark.parametrize(
    ("denied_by", "text"),
    [
        ((), "not contested"),
        ((GENERAL,), "disputed by kremlin (general denial)"),
        ((GENERAL, BLAMES), "disputed by kremlin (general denial), russia-mod (blames ukraine)"),
    ],
)
def test_contested_text(denied_by: tuple[Denial, ...], text: str) -> None:
    assert contested_text(finding(contested=bool(denied_by), denied_by=denied_by)) == text


@pytest.mark.parametrize(
    ("changes", "sentence"),
    [
        (
            {},
            "Alleged violation of moratorium/no-energy-strikes by russia, claimed by ukraine-mfa: "
            "apparent; claimed by the adversary; no independent evidence; event reported, not "
            "corroborated; not contested.",
        ),
        (
            {
                "claimed_by": ("kyiv-post", "ukraine-mfa"),
                "via": ("reuters", "ap"),
                "status": "contingent",
                "support": "independent",
                "event": "confirmed",
            },
            "Alleged violation of moratorium/no-energy-strikes by russia, claimed by kyiv-post, "
            "ukraine-mfa (via reuters, ap): contingent on the reading; backed by an unaffiliated "
            "source's own evidence; event corroborated; not contested.",
        ),
        (
            {
                "status": "possible",
                "support": "acknowledged",
                "contested": True,
                "denied_by": (SCOPE,),
            },
            "Alleged violation of moratorium/no-energy-strikes by russia, claimed by ukraine-mfa: "
            "possible (data missing); acknowledged by the accused's side; event reported, not "
            "corroborated; disputed by ukraine-mfa (its own side; disputes that it falls under "
            "the term).",
        ),
        (
            {"support": "third-party", "contested": True, "denied_by": (GENERAL, SPECIFIC)},
            "Alleged violation of moratorium/no-energy-strikes by russia, claimed by ukraine-mfa: "
            "apparent; backed by a third party; event reported, not corroborated; disputed by "
            "kremlin (general denial), russia-mod (denies).",
        ),
    ],
)
def test_finding_sentence(changes: dict[str, object], sentence: str) -> None:
    text = finding_sentence(finding(**changes))
    assert text == sentence
    assert not VERDICT.search(text)


def test_sentences_of_the_engines_findings(tmp_path: Path) -> None:
    """Each side blames the other: one finding against each, disputed by the other's claim."""
    _, result = run_engine(build_case("blames-other", tmp_path))
    assert [finding_sentence(f) for f in result.findings] == [
        "Alleged violation of moratorium/no-energy-strikes by russia, claimed by ukraine-mfa: "
        "apparent; claimed by the adversary; no independent evidence; event corroborated; "
        "disputed by russia-mod (blames ukraine).",
        "Alleged violation of moratorium/no-energy-strikes by ukraine, claimed by russia-mod: "
        "apparent; claimed by the adversary; no independent evidence; event corroborated; "
        "disputed by ukraine-mfa (blames russia).",
    ]
