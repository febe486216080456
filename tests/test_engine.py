"""The rule engine, table-driven: one folder per case under ``tests/engine_cases/``.

Each folder is a small dataset (``agreements/``, ``incidents/``, and a ``ceasewatch.yaml``
unless the shared ``engine_cases/ceasewatch.yaml`` will do) and an ``expected.yaml`` written by
hand from the binding semantics of issue 4: the exact findings, the exact unattributed
incidents, and, where a case is about one condition, that condition's value for one claim's
version under one reading combination (taken from :func:`ceasewatch.engine.explain`).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest

from ceasewatch import engine
from ceasewatch.engine.readings import _FACTS, version

from .helpers_engine import (
    CASES,
    build_case,
    case_names,
    finding_dicts,
    load_valid,
    load_yaml,
    run_engine,
    unattributed_dicts,
)

NAMES = case_names()


def _expected_finding(entry: dict[str, Any]) -> dict[str, Any]:
    """An ``expected.yaml`` finding with its location filled in (every incident file of the
    cases is ``incidents/<id>.yaml`` with ``id:`` on line 1)."""
    out = dict(entry)
    out.setdefault("file", f"incidents/{entry['incident']}.yaml")
    out.setdefault("line", 1)
    return out


def _conditions(data: Any, check: dict[str, Any]) -> tuple[str, dict[str, str]]:
    """The combination a ``conditions`` entry names: its value and its conditions' values."""
    items = engine.explain(data, check["incident"])
    matches = []
    for t in items:
        if check.get("agreement", t.agreement) != t.agreement:
            continue
        if check.get("term", t.term) != t.term:
            continue
        for p in t.parties:
            if p.party != check["party"]:
                continue
            for v in p.versions:
                if v.label != check["version"]:
                    continue
                for c in v.combinations:
                    if c.in_force == check["in_force"] and c.term == check["term_reading"]:
                        matches.append(c)
    assert len(matches) == 1, f"{check} names {len(matches)} combinations, not one"
    combo = matches[0]
    return combo.value, {k.name: k.value for k in combo.conditions}


def test_every_case_folder_has_data() -> None:
    assert len(NAMES) >= 60
    for name in NAMES:
        assert list((CASES / name / "incidents").glob("*.yaml")), name
        assert list((CASES / name / "agreements").glob("*.yaml")), name


@pytest.mark.parametrize("name", NAMES)
def test_case(name: str, tmp_path: Path) -> None:
    expected = load_yaml(CASES / name / "expected.yaml")
    root = build_case(name, tmp_path)
    data, result = run_engine(root)

    want_findings = [_expected_finding(f) for f in expected["findings"] or []]
    assert finding_dicts(result) == want_findings

    want_unattributed = [_expected_finding(u) for u in expected["unattributed"] or []]
    assert unattributed_dicts(result) == want_unattributed

    for check in expected.get("conditions") or []:
        value, values = _conditions(data, check)
        for cond, want in check["conditions"].items():
            assert values.get(cond) == want, (
                f"{check['incident']} / {check['party']} / {check['version']} / "
                f"{check['in_force']} x {check['term_reading']}: {cond} is {values.get(cond)}, "
                f"expected {want}"
            )
        if "value" in check:
            assert value == check["value"], f"{check}: combination is {value}"


def test_running_twice_gives_the_same_result(tmp_path: Path) -> None:
    root = build_case("readings-every-combination", tmp_path)
    _, first = run_engine(root)
    _, second = run_engine(root)
    assert finding_dicts(first) == finding_dicts(second)
    assert finding_dicts(first)


# --- the pieces, directly ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "conj", "disj"),
    [
        ((), "yes", "no"),
        (("yes", "yes"), "yes", "yes"),
        (("yes", "unknown"), "unknown", "yes"),
        (("unknown", "no"), "no", "unknown"),
        (("yes", "no", "unknown"), "no", "yes"),
        (("unknown", "unknown"), "unknown", "unknown"),
        (("no", "no"), "no", "no"),
    ],
)
def test_kleene(values: tuple[engine.Tri, ...], conj: str, disj: str) -> None:
    assert engine.kleene_and(values) == conj
    assert engine.kleene_or(values) == disj


@pytest.mark.parametrize(
    ("results", "status"),
    [
        (("yes",), "apparent"),
        (("yes", "yes", "yes"), "apparent"),
        (("yes", "no"), "contingent"),
        (("yes", "unknown"), "contingent"),
        (("unknown", "no"), "possible"),
        (("unknown",), "possible"),
        (("no", "no"), None),
        ((), None),
    ],
)
def test_status_of(results: tuple[engine.Tri, ...], status: str | None) -> None:
    assert engine.status_of(results) == status


def test_explain_names_the_reason_and_the_source_lines(tmp_path: Path) -> None:
    """explain gives each condition's reason and the file:line its facts came from."""
    root = build_case("in-force-before", tmp_path)
    data, _ = run_engine(root)
    (term,) = engine.explain(data, "inc")
    (party,) = term.parties
    assert party.role == "accused" and party.finding is None
    (version,) = party.versions
    (combo,) = version.combinations
    force = combo.conditions[0]
    assert force.name == "in force" and force.value == "no"
    assert "before" in force.reason and "2025-03-18 00:00 +00:00" in force.reason
    assert force.sources == ("incidents/inc.yaml:3", "agreements/moratorium.yaml:6")


def test_explain_of_unknown_incident_raises(tmp_path: Path) -> None:
    root = build_case("in-force-inside", tmp_path)
    data, _ = run_engine(root)
    with pytest.raises(KeyError):
        engine.explain(data, "no-such-incident")


def test_explain_attaches_only_the_incidents_own_finding(tmp_path: Path) -> None:
    """Two incidents accusing the same party under the same term: explain on the one without a
    finding must not show the other's (it once keyed findings without the incident)."""
    root = build_case("in-force-at-end-excluded", tmp_path)
    data, _ = run_engine(root)
    (late,) = engine.explain(data, "inc")
    assert [p.finding for p in late.parties] == [None]
    (early,) = engine.explain(data, "inc-earlier")
    (party,) = early.parties
    assert party.finding is not None and party.finding.incident == "inc-earlier"


@pytest.mark.parametrize("fact", _FACTS)
def test_a_claim_telling_one_fact_of_its_own_is_evaluated_on_its_own(
    fact: str, tmp_path: Path
) -> None:
    """A claim that tells no fact of its own shares the incident's version, and what is
    worked out for it (its facts_key); one telling any single fact gets a version of its own."""
    item = load_valid(build_case("launch-claim-own-point", tmp_path)).incidents[0]
    inc = item.model
    # every fact's value as the incident (or, for the launch point, the first claim) gives it
    value = getattr(inc.claims[0] if fact == "launched_from" else inc, fact)
    assert value is not None
    bare = inc.claims[1]
    claims = [bare, bare.model_copy(update={fact: value})]
    changed = replace(item, model=inc.model_copy(update={"claims": claims}))
    own = version(changed, UTC, None)
    assert version(changed, UTC, 0, own).facts_key == own.facts_key
    told = version(changed, UTC, 1, own)
    assert told.facts_key != own.facts_key
    assert getattr(told, fact if fact != "occurred" else "span") is not None
