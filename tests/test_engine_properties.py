"""Properties of the engine (hypothesis): order does not matter, denials and claims never take a
finding away, and replacing a known value by `unknown` never makes a finding apparent.

Each example is a small dataset, written as JSON (which is YAML) into a temporary folder,
validated, and evaluated; the agreement is fixed and rich (two in-force readings, one naming
its party, three term readings, a carve-out, areas of both kinds, a term binding one party).
"""

from __future__ import annotations

import copy
import json
import random
import tempfile
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ceasewatch import engine

from .helpers_engine import CASE_PROJECT, finding_dicts, load_valid, unattributed_dicts

SETTINGS = settings(
    derandomize=True,
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

AGREEMENT = {
    "id": "moratorium",
    "title": "Property agreement",
    "parties": ["russia", "ukraine"],
    "mediators": ["united-states"],
    "in_force": [
        {"from": "2025-03-18T00:00:00+00:00", "for": "30 days", "per": ["kremlin"]},
        {"from": "2025-03-25", "for": "30 days", "per": ["ukraine-mfa"], "parties": ["ukraine"]},
    ],
    "terms": [
        {
            "id": "no-energy-strikes",
            "title": "No strikes on energy or infrastructure",
            "prohibits": {
                "acts": ["strike"],
                "means": ["drone", "missile"],
                "targets": ["energy/power", "infrastructure"],
                "areas": ["sea", "ukraine"],
                "per": ["kremlin"],
            },
            "readings": [
                {"per": ["ukraine-mfa"], "targets": ["energy"], "attempts": "true"},
                {"per": ["white-house"], "except": {"targets": ["infrastructure/rail"]}},
            ],
            "except": {"targets": ["military"]},
        },
        {
            "id": "ukraine-only",
            "title": "Binds Ukraine only",
            "binds": ["ukraine"],
            "prohibits": {"acts": ["strike", "sabotage"], "attempts": "true", "per": ["kremlin"]},
        },
    ],
}

SOURCES = ["kremlin", "russia-mod", "ukraine-mfa", "white-house", "turkey-mfa", "reuters"]
PARTIES = ["russia", "ukraine", "united-states"]
CATEGORIES = [
    "energy",
    "energy/power",
    "energy/power/line",
    "energy/oil/refinery",
    "infrastructure",
    "infrastructure/rail",
    "infrastructure/port",
    "military/airbase",
    "civilian/residential",
    "unknown",
]
#: Exact times around the bounds of the in-force readings (Kremlin: 18 March 00:00 UTC for
#: 30 days; Kyiv: 25 March 00:00 Kyiv time for 30 days).
TIMES = [
    "2025-03-17T23:00:00+00:00",
    "2025-03-18T00:00:00+00:00",
    "2025-03-20T12:00:00+00:00",
    "2025-03-24T22:00:00+00:00",
    "2025-03-26T12:00:00+00:00",
    "2025-04-16T23:30:00+00:00",
    "2025-04-17T00:30:00+00:00",
    "2025-04-23T21:30:00+00:00",
    "2025-04-24T06:00:00+00:00",
]
PLACES = [
    {"country": "UA", "coordinates": {"lat": "48.0", "lon": "35.5", "precision": "exact"}},
    {"country": "UA"},
    {"country": "RU", "coordinates": {"lat": "45.0", "lon": "38.0", "precision": "approximate"}},
    {"country": "RU"},
    {"coordinates": {"lat": "45.5", "lon": "32.0", "precision": "exact"}},
    {"coordinates": {"lat": "42.0", "lon": "38.0", "precision": "region"}},
    {"place": "Somewhere"},
]


def likely(good: Any, anything: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """``good`` (a value that tends to give a finding) about half the time, else ``anything``."""
    return st.one_of(st.just(good), anything)


times = st.sampled_from(TIMES)
occurred = st.one_of(
    times,
    st.tuples(times, times).map(lambda p: {"from": min(p), "until": max(p)}),
    st.sampled_from(["2025-03-18", "2025-03-25", "2025-04-17"]),
)
targets = st.lists(st.sampled_from(CATEGORIES), min_size=1, max_size=3).map(
    lambda cs: [{"category": c} for c in cs]
)
acts = st.sampled_from(["strike", "sabotage", "unknown"])
means = st.lists(st.sampled_from(["drone", "artillery", "unknown"]), max_size=2, unique=True)
outcomes = st.sampled_from(["hit", "intercepted", "aborted", "unknown"])
POWER_LINE = [{"category": "energy/power/line"}]


def _drop_none(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}


@st.composite
def claims(draw: st.DrawFn, *, accusing: bool | None = None) -> dict[str, Any]:
    """A claim: an accusation (possibly with its own version), a denial, or both."""
    source = draw(st.sampled_from(SOURCES))
    if accusing is None:
        accusing = draw(st.sampled_from([True, True, False]))
    attributes = (
        draw(
            st.sampled_from(["russia", "russia", "ukraine", "ukraine", "united-states", "unknown"])
        )
        if accusing
        else None
    )
    denies = draw(st.sampled_from([None, None, *PARTIES]))
    claim = {
        "source": source,
        "via": draw(st.sampled_from([None, None, "reuters", "rt"])),
        "attributes_to": attributes,
        "denies": denies,
        "general": draw(st.sampled_from(["true", "false"])) if denies else None,
    }
    if accusing and draw(st.booleans()):  # its own version of some fields
        claim |= {
            "occurred": draw(st.none() | occurred),
            "act": draw(st.none() | acts),
            "outcome": draw(st.none() | outcomes),
            "targets": draw(st.none() | likely(POWER_LINE, targets)),
        }
    return _drop_none(claim)


#: An incident under every reading of the first term (so, unperturbed, it gives `apparent`).
GOOD: dict[str, Any] = {
    "occurred": "2025-03-20T12:00:00+00:00",
    "location": PLACES[0],
    "act": "strike",
    "means": ["drone"],
    "outcome": "hit",
    "targets": POWER_LINE,
}
FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "occurred": occurred,
    "location": st.sampled_from(PLACES),
    "act": st.none() | acts,
    "means": st.none() | means,
    "outcome": st.none() | outcomes,
    "targets": st.none() | targets,
}


@st.composite
def incidents(draw: st.DrawFn, iid: str) -> dict[str, Any]:
    """An incident with up to 4 claims: :data:`GOOD` with up to four fields drawn at random
    (any of them possibly missing), so findings of every status occur."""
    inc: dict[str, Any] = {"id": iid, "title": f"Incident {iid}", **copy.deepcopy(GOOD)}
    for name in sorted(draw(st.sets(st.sampled_from(sorted(FIELDS)), max_size=4))):
        inc[name] = copy.deepcopy(draw(FIELDS[name]))
    # Usually an accusation first; sometimes no claim at all (unattributed).
    first = draw(st.sampled_from(["accusing", "accusing", "accusing", "any", "none"]))
    if first == "none":
        inc["claims"] = []
    else:
        head = draw(claims(accusing=True if first == "accusing" else None))
        inc["claims"] = [head, *draw(st.lists(claims(), max_size=3))]
    return _drop_none(inc)


@st.composite
def datasets(draw: st.DrawFn) -> list[dict[str, Any]]:
    """One to three incidents."""
    count = draw(st.integers(1, 3))
    return [draw(incidents(f"inc-{i}")) for i in range(count)]


# --- running -------------------------------------------------------------------------------


def evaluate(
    incs: list[dict[str, Any]], folders: dict[str, str] | None = None
) -> tuple[engine.Result, Any]:
    """Write the dataset (incident files in ``folders[id]`` under incidents/), validate, run."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "ceasewatch.yaml").write_text(CASE_PROJECT.read_text(encoding="utf-8"))
        (root / "agreements").mkdir()
        (root / "agreements" / "moratorium.yaml").write_text(json.dumps(AGREEMENT))
        for inc in incs:
            folder = root / "incidents" / (folders or {}).get(inc["id"], "2025")
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{inc['id']}.yaml").write_text(json.dumps(inc, indent=1))
        data = load_valid(root)
        return engine.run(data), data


Key = tuple[str, str, str, str]


def by_key(result: engine.Result) -> dict[Key, engine.Finding]:
    out = {(f.incident, f.agreement, f.term, f.party): f for f in result.findings}
    assert len(out) == len(result.findings), "two findings for one incident, term and party"
    return out


def strip_file(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in d.items() if k != "file"} for d in items]


RANK = engine.STATUS_RANK
SUPPORT = engine.SUPPORT_RANK


# --- order ---------------------------------------------------------------------------------


@pytest.mark.slow
@SETTINGS
@given(incs=datasets(), seed=st.integers(0, 2**16))
def test_findings_do_not_depend_on_file_order(incs: list[dict[str, Any]], seed: int) -> None:
    result, data = evaluate(incs)
    # The loaded files in another order, in memory.
    rng = random.Random(seed)
    shuffled = copy.copy(data)
    shuffled.incidents = rng.sample(data.incidents, len(data.incidents))
    again = engine.run(shuffled)
    assert finding_dicts(again) == finding_dicts(result)
    assert unattributed_dicts(again) == unattributed_dicts(result)
    # The files in folders that sort them the other way round on disk.
    folders = {inc["id"]: f"{len(incs) - i:02d}" for i, inc in enumerate(incs)}
    moved, _ = evaluate(incs, folders)
    assert strip_file(finding_dicts(moved)) == strip_file(finding_dicts(result))
    # Unattributed incidents are ordered by file path, which moving the files changes.
    key = json.dumps
    assert sorted(map(key, strip_file(unattributed_dicts(moved)))) == sorted(
        map(key, strip_file(unattributed_dicts(result)))
    )


@pytest.mark.slow
@SETTINGS
@given(incs=datasets(), seed=st.integers(0, 2**16))
def test_findings_do_not_depend_on_claim_order(incs: list[dict[str, Any]], seed: int) -> None:
    reordered = copy.deepcopy(incs)
    rng = random.Random(seed)
    for inc in reordered:
        if "claims" in inc:
            rng.shuffle(inc["claims"])
    result, again = evaluate(incs)[0], evaluate(reordered)[0]
    assert finding_dicts(again) == finding_dicts(result)
    assert unattributed_dicts(again) == unattributed_dicts(result)


# --- adding claims -------------------------------------------------------------------------


@pytest.mark.slow
@SETTINGS
@given(
    incs=datasets(),
    which=st.integers(0, 2),
    source=st.sampled_from(SOURCES),
    party=st.sampled_from(PARTIES),
    general=st.booleans(),
)
def test_a_denial_never_raises_support_or_removes_a_finding(
    incs: list[dict[str, Any]], which: int, source: str, party: str, general: bool
) -> None:
    before = by_key(evaluate(incs)[0])
    assume(before)  # with no finding before, there is nothing the change could take away
    changed = copy.deepcopy(incs)
    inc = changed[which % len(changed)]
    denial = {"source": source, "denies": party, "general": "true" if general else "false"}
    inc.setdefault("claims", []).append(denial)
    after = by_key(evaluate(changed)[0])
    for key, old in before.items():
        assert key in after, f"the denial removed the finding {key}"
        new = after[key]
        assert SUPPORT[new.support] <= SUPPORT[old.support]
        assert new.status == old.status
        if key[0] == inc["id"] and key[3] == party:
            assert new.contested
            assert any(d.source == source and d.how == "denies" for d in new.denied_by)


@pytest.mark.slow
@SETTINGS
@given(incs=datasets(), which=st.integers(0, 2), claim=claims(accusing=True))
def test_a_claim_never_removes_a_finding(
    incs: list[dict[str, Any]], which: int, claim: dict[str, Any]
) -> None:
    before = by_key(evaluate(incs)[0])
    assume(before)  # with no finding before, there is nothing the change could take away
    changed = copy.deepcopy(incs)
    changed[which % len(changed)].setdefault("claims", []).append(claim)
    after = by_key(evaluate(changed)[0])
    for key, old in before.items():
        assert key in after, f"the claim {claim} removed the finding {key}"
        assert RANK[after[key].status] >= RANK[old.status]


# --- replacing a known value by unknown ----------------------------------------------------


def _points(inc: dict[str, Any]) -> list[dict[str, Any]]:
    """The incident and its claims: every place a version's fields can be."""
    return [inc, *inc.get("claims", [])]


def blur_target(inc: dict[str, Any], pick: int) -> bool:
    places = [(p, i) for p in _points(inc) for i, t in enumerate(p.get("targets", []))]
    places = [(p, i) for p, i in places if p["targets"][i]["category"] != "unknown"]
    if not places:
        return False
    holder, i = places[pick % len(places)]
    holder["targets"][i] = {"category": "unknown"}
    return True


def drop_coordinates(inc: dict[str, Any], pick: int) -> bool:
    del pick
    if "coordinates" not in inc["location"]:
        return False
    del inc["location"]["coordinates"]
    return True


def widen_time(inc: dict[str, Any], pick: int) -> bool:
    places = [
        p for p in _points(inc) if isinstance(p.get("occurred"), str) and "T" in p["occurred"]
    ]
    if not places:
        return False
    holder = places[pick % len(places)]
    moment = datetime.fromisoformat(holder["occurred"])
    before = timedelta(hours=(0, 6, 30, 200)[pick % 4])
    after = timedelta(hours=(1, 12, 50, 300)[pick // 4 % 4])
    holder["occurred"] = {
        "from": (moment - before).isoformat(),
        "until": (moment + after).isoformat(),
    }
    return True


def forget(field: str) -> Callable[[dict[str, Any], int], bool]:
    """A blur making one known ``field`` (the incident's or a claim's) ``unknown``."""

    def blur(inc: dict[str, Any], pick: int) -> bool:
        places = [p for p in _points(inc) if p.get(field) not in (None, "unknown")]
        if not places:
            return False
        places[pick % len(places)][field] = "unknown"
        return True

    return blur


BLURS: dict[str, Callable[[dict[str, Any], int], bool]] = {
    "target": blur_target,
    "coordinates": drop_coordinates,
    "time": widen_time,
    "act": forget("act"),
    "outcome": forget("outcome"),
}


#: Before blurring, the blurred incident's field is drawn from these (a known value that may
#: give yes or no), so that blurring meets every starting value, not only the GOOD one.
KNOWN: dict[str, tuple[str, st.SearchStrategy[Any]]] = {
    "target": ("targets", targets),
    "coordinates": ("location", st.sampled_from([p for p in PLACES if "coordinates" in p])),
    "time": ("occurred", times),
    "act": ("act", st.sampled_from(["strike", "sabotage"])),
    "outcome": ("outcome", st.sampled_from(["hit", "intercepted", "aborted"])),
}


@pytest.mark.parametrize("blur", sorted(BLURS))
@settings(SETTINGS, max_examples=30)
@given(incs=datasets(), which=st.integers(0, 2), data=st.data(), pick=st.integers(0, 50))
def test_unknown_never_makes_a_finding_apparent(
    blur: str, incs: list[dict[str, Any]], which: int, data: st.DataObject, pick: int
) -> None:
    chosen = incs[which % len(incs)]
    field, known = KNOWN[blur]
    chosen[field] = copy.deepcopy(data.draw(known, label=field))
    before_result, _ = evaluate(incs)
    before = by_key(before_result)
    changed = copy.deepcopy(incs)
    assume(BLURS[blur](changed[which % len(changed)], pick))  # else nothing was blurred
    after_result, _ = evaluate(changed)
    for key, new in by_key(after_result).items():
        if new.status == "apparent":
            assert key in before and before[key].status == "apparent", (
                f"blurring the {blur} made {key} apparent"
            )
    for u in after_result.unattributed:
        if u.status == "apparent":
            assert any(
                (o.incident, o.agreement, o.term, o.status)
                == (u.incident, u.agreement, u.term, u.status)
                for o in before_result.unattributed
            ), f"blurring the {blur} made {u.incident} apparent (unattributed)"
