"""The work grows with the data, not faster: counted in calls, never timed. Readings and
periods are worked out once per agreement, each point is tested once per list of areas,
and each file is parsed once (again only to place something deep inside it)."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ceasewatch import api, yamlsource
from ceasewatch.engine import evaluation
from ceasewatch.geo import Areas

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import generate


def counting(monkeypatch: pytest.MonkeyPatch, calls: Counter[str], owner: Any, name: str) -> None:
    original: Callable[..., Any] = getattr(owner, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls[name] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)


def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, count: int) -> tuple[Counter[str], Any]:
    root = tmp_path / str(count)
    generate.build(root, count)
    calls: Counter[str] = Counter()
    with monkeypatch.context() as patch:
        counting(patch, calls, evaluation, "term_readings")
        counting(patch, calls, evaluation, "periods")
        counting(patch, calls, Areas, "_one")
        counting(patch, calls, yamlsource, "parse")
        report = api.check(root)
    return calls, report


def test_work_per_incident_does_not_grow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    small, _ = work(tmp_path, monkeypatch, 30)
    large, large_report = work(tmp_path, monkeypatch, 90)
    assert large_report.findings, "the dataset makes findings: the engine did its work"
    terms = sum(len(a.terms) for a in large_report.agreements.values())
    # once per term and per (agreement, party): the same for 30 incidents and 90
    assert small["term_readings"] == large["term_readings"] == terms
    assert small["periods"] == large["periods"] <= 2 * len(large_report.agreements)
    # a point is tested at most once per list of areas the readings name (four here),
    # whatever the number of versions, parties, terms and in-force readings; less where
    # an earlier condition already decided (check wants values, not every verdict)
    assert 0 < small["_one"] <= 30 * 4
    assert 0 < large["_one"] <= 90 * 4
    # each file parsed once, and again only where a position deep inside it is asked for:
    # an agreement's readings (where each is written), a problem's place
    warned = len({d.file for d in large_report.validation.diagnostics})
    assert 90 + 2 + 1 <= large["parse"] <= 90 + 2 + 1 + 2 + warned


def test_claims_telling_nothing_of_their_own_are_evaluated_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A claim that names a party but tells none of the facts (time, act, means, outcome,
    targets, launch point) is the incident's version under its own label: ``check``
    evaluates it once with the incident's, per term and party, not once per claim."""
    from ceasewatch.engine import Result
    from ceasewatch.engine.attribution import accuses, standing
    from ceasewatch.engine.readings import _FACTS
    from ceasewatch.engine.traversal import bound, findings

    data = api.load(Path(__file__).resolve().parent.parent)
    agreements = sorted(data.agreements, key=lambda a: a.model.id)
    ctx = evaluation.Context(data, brief=True)
    expected = 0
    plain_claims = 0
    for item in data.incidents:
        inc = item.model
        told: dict[str, set[int | None]] = {}
        for i in standing(inc):
            party = accuses(inc.claims[i])
            if party is not None:
                own = any(getattr(inc.claims[i], n) is not None for n in _FACTS)
                plain_claims += not own
                told.setdefault(party, set()).add(i if own else None)
        for agreement in agreements:
            a = agreement.model
            # a party no in-force reading concerns has no combinations to work out
            live = {p for p in a.parties if ctx.periods(agreement, p)}
            for term in a.terms:
                expected += sum(len(v) for p, v in told.items() if bound(a, term, p) and p in live)
                if not told:  # unattributed: the incident's version, per bound party
                    expected += sum(bound(a, term, p) for p in a.parties if p in live)
    calls: Counter[str] = Counter()
    counting(monkeypatch, calls, evaluation, "_brief_evaluation")
    for item in data.incidents:
        findings(ctx, agreements, item, Result())
    assert plain_claims > 10, "the dataset has claims that tell nothing of their own"
    assert calls["_brief_evaluation"] == expected
