"""Data-quality warnings: possible duplicates, missing claims and URLs, points outside the
country, repeated URLs, and the reviews that silence them (issues 5 and 6).

Each case writes a small dataset and checks the exact code, file, line and column of every
data-quality warning, and the other file a pair warning names. The duplicate search is
checked against a brute-force comparison of every pair on random data, and its cost on
20,000 incidents is counted (candidate pairs examined), never timed.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ceasewatch import duplicates, quality
from ceasewatch.api import load
from ceasewatch.loading import Dataset, Loaded
from ceasewatch.models import Incident, Project

from .conftest import PROJECT_YAML, QUALITY_CODES, TODAY, MakeDataset, every_diagnostic, run_cli

DNIPRO = (48.45, 35.05)
#: Kilometres per degree of latitude (the sphere of `duplicates._km`).
KM_PER_DEG = math.pi * 6371.0 / 180


@dataclass
class Inc:
    """An incident file with a fixed layout, so lines are known.

    Line 1 ``id``, 2 ``title``, 3 ``occurred``, 4 ``location``, 5 ``targets``, 6 ``claims:``,
    then one line per claim (7, 8, ...), then ``reviewed:`` and one line per review.
    """

    ident: str
    when: str = "2025-03-20T10:00:00+00:00"
    place: str | None = "Dnipro"
    region: str | None = None
    coords: tuple[float, float] | None = DNIPRO
    country: str | None = "UA"
    categories: list[str] | None = field(default_factory=lambda: ["energy/power"])
    claims: list[str] | None = None
    reviewed: list[str] = field(default_factory=list)

    def text(self) -> str:
        loc = []
        if self.place is not None:
            loc.append(f"place: {self.place}")
        if self.region is not None:
            loc.append(f"region: {self.region}")
        if self.country is not None:
            loc.append(f"country: {self.country}")
        if self.coords is not None:
            lat, lon = self.coords
            loc.append(f"coordinates: {{lat: {lat:.6f}, lon: {lon:.6f}, precision: exact}}")
        targets = (
            "[" + ", ".join(f"{{category: {c}}}" for c in self.categories) + "]"
            if self.categories is not None
            else "[]"
        )
        claims = self.claims
        if claims is None:
            claims = [
                "{source: reuters, attributes_to: russia, published: 2025-05-01, "
                f'url: "https://example.org/{self.ident}"}}'
            ]
        out = [
            f"id: {self.ident}",
            f"title: Incident {self.ident}",
            f"occurred: {self.when}",
            f"location: {{{', '.join(loc)}}}",
            f"targets: {targets}",
            "claims:" if claims else "claims: []",
            *(f"  - {c}" for c in claims),
        ]
        if self.reviewed:
            out += ["reviewed:", *(f"  - {r}" for r in self.reviewed)]
        return "\n".join(out) + "\n"


def files(*incidents: Inc) -> dict[str, str]:
    return {f"incidents/{i.ident}.yaml": i.text() for i in incidents}


Warning = tuple[str, int, int, str, str]


#: Warnings of the provenance rules, which most cases here do not date: tested in
#: tests/test_provenance.py.
PROVENANCE = frozenset({"claim-undated", "url-off-outlet"})


def warnings(root: Path) -> list[Warning]:
    """``(file, line, column, code, related)`` of each data-quality warning, sorted."""
    data = load(root, today=date.fromisoformat(TODAY))
    errors = [d for d in data.diagnostics if d.severity == "error"]
    assert not errors, errors
    return [
        (d.file, d.line, d.column, d.code, d.related)
        for d in data.diagnostics
        if d.code not in PROVENANCE
    ]


def messages(root: Path, code: str) -> dict[str, str]:
    data = load(root, today=date.fromisoformat(TODAY))
    return {d.file: d.message for d in data.diagnostics if d.code == code}


def north(km: float) -> tuple[float, float]:
    """A point ``km`` north of Dnipro."""
    return (DNIPRO[0] + km / KM_PER_DEG, DNIPRO[1])


def dup(a: str, b: str) -> list[Warning]:
    """The two warnings of a possible duplicate pair (ids = file stems)."""
    return sorted(
        [
            (f"incidents/{a}.yaml", 1, 5, "possible-duplicate", b),
            (f"incidents/{b}.yaml", 1, 5, "possible-duplicate", a),
        ]
    )


# --- possible duplicates ------------------------------------------------------------------------


def test_duplicate_names_the_other_file(make_dataset: MakeDataset) -> None:
    root = make_dataset(
        files(
            Inc("a", when="{from: 2025-03-20T08:00:00+00:00, until: 2025-03-20T12:00:00+00:00}"),
            Inc("b", when="2025-03-20T11:00:00+00:00", coords=north(1)),
        )
    )
    assert warnings(root) == dup("a", "b")
    found = messages(root, "possible-duplicate")
    assert "incidents/b.yaml (`b`)" in found["incidents/a.yaml"]
    assert "incidents/a.yaml (`a`)" in found["incidents/b.yaml"]


@pytest.mark.parametrize(
    ("a", "b", "duplicate"),
    [
        pytest.param(Inc("a"), Inc("b"), True, id="same-time-same-point"),
        pytest.param(
            Inc("a", when="2025-03-20"),
            Inc("b", when="{from: 2025-03-20T23:00:00+02:00, until: 2025-03-21T03:00:00+02:00}"),
            True,
            id="overlapping-windows",
        ),
        pytest.param(
            Inc("a", when="2025-03-20T10:00:00+00:00"),
            Inc("b", when="2025-03-21T09:30:00+00:00"),
            True,
            id="within-a-day",
        ),
        pytest.param(
            Inc("a", when="2025-03-20T10:00:00+00:00"),
            Inc("b", when="2025-03-21T10:00:00+00:00"),
            True,
            id="exactly-a-day",
        ),
        pytest.param(
            Inc("a", when="2025-03-20T10:00:00+00:00"),
            Inc("b", when="2025-03-21T11:00:00+00:00"),
            False,
            id="25-hours-apart",
        ),
        pytest.param(
            Inc("a", when="2025-03-20T10:00:00+00:00"),
            Inc("b", when="2025-03-22T10:00:00+00:00"),
            False,
            id="two-days-apart",
        ),
        pytest.param(
            Inc("a", when="2025-03-20"), Inc("b", when="2025-03-23"), False, id="dates-3-apart"
        ),
        pytest.param(Inc("a"), Inc("b", coords=north(4)), True, id="4-km"),
        pytest.param(Inc("a"), Inc("b", coords=north(4.95)), True, id="4.95-km"),
        pytest.param(Inc("a"), Inc("b", coords=north(6)), False, id="6-km"),
        pytest.param(
            Inc("a", coords=None, region="Dnipropetrovsk"),
            Inc("b", coords=None, region="Dnipropetrovsk"),
            True,
            id="same-place-and-region-no-coordinates",
        ),
        pytest.param(
            Inc("a", coords=None, place="Dnipro"),
            Inc("b", coords=None, place="DNIPRO"),
            True,
            id="place-case-insensitive",
        ),
        pytest.param(
            Inc("a", coords=None, region="Dnipropetrovsk"),
            Inc("b", coords=None, region="Other"),
            False,
            id="same-place-other-region",
        ),
        pytest.param(
            Inc("a", coords=None, place="Dnipro"),
            Inc("b", coords=None, place="Kamianske"),
            False,
            id="other-place-no-coordinates",
        ),
        pytest.param(
            Inc("a"), Inc("b", coords=None), True, id="same-place-one-without-coordinates"
        ),
        pytest.param(
            Inc("a", coords=None), Inc("b"), True, id="same-place-other-without-coordinates"
        ),
        pytest.param(
            Inc("a", place="Dnipro"),
            Inc("b", place="Somewhere else", coords=north(2)),
            True,
            id="near-under-other-names",
        ),
        pytest.param(
            Inc("a", place=None, coords=None),
            Inc("b", place=None, coords=None),
            False,
            id="nowhere-known",
        ),
        pytest.param(
            Inc("a", categories=["energy"]),
            Inc("b", categories=["energy/power/substation"]),
            True,
            id="category-covers",
        ),
        pytest.param(
            Inc("a", categories=["military", "energy/oil/refinery"]),
            Inc("b", categories=["energy/oil"]),
            True,
            id="one-category-of-several",
        ),
        pytest.param(
            Inc("a", categories=["energy/oil"]),
            Inc("b", categories=["energy/power"]),
            False,
            id="disjoint-categories",
        ),
        pytest.param(
            Inc("a", categories=["military"]),
            Inc("b", categories=["civilian/residential"]),
            False,
            id="disjoint-kinds",
        ),
        pytest.param(
            Inc("a", categories=["unknown"]), Inc("b"), True, id="unknown-category-overlaps"
        ),
        pytest.param(Inc("a", categories=None), Inc("b"), True, id="no-targets-overlaps"),
    ],
)
def test_duplicate_rules(make_dataset: MakeDataset, a: Inc, b: Inc, duplicate: bool) -> None:
    root = make_dataset(files(a, b))
    found = [w for w in warnings(root) if w[3] == "possible-duplicate"]
    assert found == (dup("a", "b") if duplicate else [])


def test_distances_of_the_cases() -> None:
    """The km offsets above are what the check measures."""

    @dataclass
    class P:
        lat: float
        lon: float

    for km in (4, 4.95, 6):
        assert duplicates._km(P(*DNIPRO), P(*north(km))) == pytest.approx(km, abs=0.01)


def test_each_pair_named_once(make_dataset: MakeDataset) -> None:
    """Three reports of one event: each file names both others, in file order."""
    root = make_dataset(files(Inc("c"), Inc("a", coords=north(1)), Inc("b", coords=north(2))))
    found = [w for w in warnings(root) if w[3] == "possible-duplicate"]
    assert found == [
        ("incidents/a.yaml", 1, 5, "possible-duplicate", "b"),
        ("incidents/a.yaml", 1, 5, "possible-duplicate", "c"),
        ("incidents/b.yaml", 1, 5, "possible-duplicate", "a"),
        ("incidents/b.yaml", 1, 5, "possible-duplicate", "c"),
        ("incidents/c.yaml", 1, 5, "possible-duplicate", "a"),
        ("incidents/c.yaml", 1, 5, "possible-duplicate", "b"),
    ]


# --- the index finds exactly what comparing every pair finds -----------------------------------


PROJECT = Project.model_validate(
    {
        "title": "x",
        "timezone": "Europe/Kyiv",
        "parties": {"russia": {"name": "Russia"}},
        "sources": {"s": {"name": "S", "kind": "media"}},
    }
)


def model(
    k: int,
    when: Any,
    coords: tuple[float, float] | None,
    place: str | None,
    region: str | None = None,
    category: str | None = "energy",
) -> Loaded[Incident]:
    """An incident model built in memory, as the loader hands values over (text only)."""
    location: dict[str, Any] = {}
    if place is not None:
        location["place"] = place
    if region is not None:
        location["region"] = region
    if coords is not None:
        location["coordinates"] = {
            "lat": f"{coords[0]:.6f}",
            "lon": f"{coords[1]:.6f}",
            "precision": "exact",
        }
    doc: dict[str, Any] = {
        "id": f"i{k}",
        "title": "t",
        "occurred": when,
        "location": location,
        "claims": [{"source": "s", "attributes_to": "russia"}],
    }
    if category is not None:
        doc["targets"] = [{"category": category}]
    return Loaded(Incident.model_validate(doc), None)  # type: ignore[arg-type]


def dataset(incidents: list[Loaded[Incident]]) -> Dataset:
    return Dataset(root=Path("."), project=Loaded(PROJECT, None), incidents=incidents)  # type: ignore[arg-type]


def brute_force(data: Dataset) -> set[tuple[int, int]]:
    nears = [duplicates.Near.of(item.model, PROJECT.timezone) for item in data.incidents]
    out = set()
    for i in range(len(nears)):
        for j in range(i + 1, len(nears)):
            if duplicates.same_event(nears[i], nears[j]):
                out.add((i, j))
    return out


def _moment(rng: random.Random) -> Any:
    day = 10 + rng.randrange(6)
    hour, minute = rng.randrange(24), rng.randrange(60)
    kind = rng.randrange(4)
    if kind == 0:
        return f"2025-03-{day:02d}"
    if kind == 1:
        length = rng.randrange(1, 60)
        return {
            "from": f"2025-03-{day:02d}T{hour:02d}:{minute:02d}:00+00:00",
            "until": f"2025-03-{day + length // 24:02d}T{(hour + length) % 24:02d}:00:00+00:00",
        }
    return f"2025-03-{day:02d}T{hour:02d}:{minute:02d}:00+03:00"


#: Cluster centres, including awkward places for a grid: the antimeridian and a pole.
CENTRES = [(48.45, 35.05), (46.48, 30.72), (0.0, 179.99), (0.0, -179.99), (89.99, 10.0)]


def _clustered(rng: random.Random, count: int) -> Dataset:
    """``count`` incidents around :data:`CENTRES`, a quarter without coordinates."""
    incidents = []
    for k in range(count):
        lat, lon = rng.choice(CENTRES)
        coords = None
        if rng.random() < 0.75:
            # Within about 12 km of the centre: many pairs near the 5 km line.
            coords = (
                max(-90.0, min(90.0, lat + rng.uniform(-0.1, 0.1))),
                (lon + rng.uniform(-0.15, 0.15) + 180) % 360 - 180,
            )
        place = rng.choice(["Dnipro", "dnipro", "Odesa", None])
        region = rng.choice([None, None, "East"])
        category = rng.choice(["energy", "energy/oil", "energy/power", "military", "unknown", None])
        incidents.append(model(k, _moment(rng), coords, place, region, category))
    return dataset(incidents)


#: The cube search one incident at a time, and with numpy every key at once.
SEARCHES = pytest.mark.parametrize("vector", [False, True], ids=["one-by-one", "numpy"])


@SEARCHES
@pytest.mark.parametrize("seed", range(12))
def test_index_matches_every_pair(seed: int, vector: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(duplicates, "_vectorised", lambda indexed: vector)
    rng = random.Random(seed)
    data = _clustered(rng, 150)
    expected = brute_force(data)
    assert len(expected) > 50  # the case is dense enough to mean something
    assert quality.duplicate_pairs(data) == expected


@pytest.mark.parametrize("seed", range(6))
def test_changed_files_compared_with_all_others_give_every_pair(seed: int) -> None:
    # the cache's way after a few files change: the other files' pairs kept, each changed
    # file compared with every other (dense clusters, many pairs near the 5 km line)
    rng = random.Random(seed)
    data = _clustered(rng, 150)
    expected = brute_force(data)
    nears = [duplicates.Near.of(item.model, PROJECT.timezone) for item in data.incidents]
    keys: list[bytes | None] = [str(i).encode() for i in range(len(nears))]
    for fresh in (rng.sample(range(150), n) for n in (1, 2, duplicates.MAX_FRESH)):
        known = {k: b"" for i, k in enumerate(keys) if i not in fresh and k is not None}
        old = [(str(a).encode(), str(b).encode()) for a, b in expected]
        old = [(x, y) for x, y in old if x in known and y in known]
        got = duplicates.known_pairs(nears, keys, old, known, PROJECT.timezone)
        assert got == expected


@SEARCHES
def test_across_the_antimeridian(vector: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(duplicates, "_vectorised", lambda indexed: vector)
    data = dataset(
        [
            model(0, "2025-03-20", (10.0, 179.99), None),
            model(1, "2025-03-20", (10.0, -179.99), None),  # about 2.2 km east
            model(2, "2025-03-20", (10.0, -179.9), None),  # about 9.8 km further
        ]
    )
    assert quality.duplicate_pairs(data) == {(0, 1)}


# --- claims and URLs ----------------------------------------------------------------------------


def test_incident_without_accusation_or_denial(make_dataset: MakeDataset) -> None:
    root = make_dataset(
        files(
            Inc(
                "summary-only",
                claims=['{source: reuters, summary: A fire, url: "https://e.org/1"}'],
            ),
            Inc("none", claims=[], coords=north(100)),
            Inc(
                "denial",
                coords=north(200),
                claims=['{source: kremlin, denies: russia, url: "https://e.org/2"}'],
            ),
            Inc(
                "unknown-author",
                coords=north(300),
                claims=['{source: reuters, attributes_to: unknown, url: "https://e.org/3"}'],
            ),
        )
    )
    assert warnings(root) == [
        ("incidents/none.yaml", 1, 5, "incident-no-claims", ""),
        ("incidents/summary-only.yaml", 7, 3, "incident-no-claims", ""),  # the list
    ]


def test_claim_without_url(make_dataset: MakeDataset) -> None:
    root = make_dataset(
        files(
            Inc(
                "a",
                claims=[
                    '{source: reuters, attributes_to: russia, url: "https://e.org/a"}',
                    "{source: kremlin, denies: russia}",
                    "{source: rt, denies: russia, archive: https://archive.org/x}",
                ],
            )
        )
    )
    assert warnings(root) == [
        ("incidents/a.yaml", 8, 5, "claim-no-url", ""),
        ("incidents/a.yaml", 9, 5, "claim-no-url", ""),
    ]
    data = load(root, today=date.fromisoformat(TODAY))
    no_url = [d for d in data.diagnostics if d.code == "claim-no-url"]
    assert [d.field for d in no_url] == ["claims[1]", "claims[2]"]
    assert "`kremlin`" in no_url[0].message


def test_url_repeated_across_different_events(make_dataset: MakeDataset) -> None:
    same = '{source: reuters, attributes_to: russia, url: "https://e.org/bulletin"}'
    root = make_dataset(
        files(
            Inc("a", claims=[same]),
            Inc("b", claims=[same], coords=north(1)),  # a duplicate of a: not a slip
            Inc("c", claims=[same], coords=north(50)),
        )
    )
    column = len("  - {source: reuters, attributes_to: russia, url: ") + 1  # at the quote
    assert warnings(root) == sorted(
        [
            *dup("a", "b"),
            ("incidents/a.yaml", 7, column, "url-repeated", ""),
            ("incidents/b.yaml", 7, column, "url-repeated", ""),
            ("incidents/c.yaml", 7, column, "url-repeated", ""),
        ]
    )
    found = messages(root, "url-repeated")
    assert "used in incidents/c.yaml," in found["incidents/a.yaml"]
    assert "used in incidents/c.yaml," in found["incidents/b.yaml"]
    assert "used in incidents/a.yaml, incidents/b.yaml," in found["incidents/c.yaml"]


def test_url_repeated_only_across_duplicates_is_fine(make_dataset: MakeDataset) -> None:
    same = '{source: reuters, attributes_to: russia, url: "https://e.org/x"}'
    root = make_dataset(files(Inc("a", claims=[same]), Inc("b", claims=[same])))
    assert warnings(root) == dup("a", "b")


def test_url_twice_in_one_incident_is_fine(make_dataset: MakeDataset) -> None:
    same = 'url: "https://e.org/x"'
    root = make_dataset(
        files(
            Inc(
                "a",
                claims=[
                    f"{{source: reuters, attributes_to: russia, {same}}}",
                    f"{{source: kremlin, denies: russia, {same}}}",
                ],
            )
        )
    )
    assert warnings(root) == []


def test_url_repeated_many_times_is_summarised(make_dataset: MakeDataset) -> None:
    same = '{source: reuters, attributes_to: russia, url: "https://e.org/x"}'
    incs = [Inc(f"i{k}", claims=[same], coords=north(10 * k)) for k in range(6)]
    root = make_dataset(files(*incs))
    found = messages(root, "url-repeated")
    assert len(found) == 6
    assert found["incidents/i0.yaml"].startswith(
        "the same claim URL is used in incidents/i1.yaml, incidents/i2.yaml, "
        "incidents/i3.yaml and 2 more,"
    )


# --- coordinates outside the country ------------------------------------------------------------


@pytest.mark.parametrize(
    ("coords", "country", "flagged"),
    [
        pytest.param((50.6, 36.6), "UA", True, id="belgorod-as-ukraine"),
        pytest.param((50.6, 36.6), "RU", False, id="belgorod-as-russia"),
        pytest.param((46.4825, 30.7233), "UA", False, id="odesa-centre-coastal"),
        pytest.param((46.4951, 30.7444), "UA", False, id="odesa-port"),
        pytest.param((50.45, 30.52), "UA", False, id="kyiv"),
        pytest.param((30.52, 50.45), "UA", True, id="kyiv-swapped"),
        pytest.param((48.45, 35.05), "PL", True, id="dnipro-as-poland"),
    ],
)
def test_place_outside_country(
    make_dataset: MakeDataset, coords: tuple[float, float], country: str, flagged: bool
) -> None:
    root = make_dataset(files(Inc("a", coords=coords, country=country, place="X")))
    column = len("location: {place: X, country: UA, coordinates: ") + 1
    expected = [("incidents/a.yaml", 4, column, "place-outside-country", "")] if flagged else []
    assert warnings(root) == expected
    if flagged:
        message = messages(root, "place-outside-country")["incidents/a.yaml"]
        assert f"outside {country}" in message


def test_no_country_no_coordinates_no_check(make_dataset: MakeDataset) -> None:
    root = make_dataset(
        files(Inc("a", country=None, coords=(43.0, 33.0)), Inc("b", coords=None, place="Y"))
    )
    assert warnings(root) == []


# --- reviews ------------------------------------------------------------------------------------


def test_review_of_a_duplicate_with_of(make_dataset: MakeDataset) -> None:
    root = make_dataset(
        files(
            Inc("a", reviewed=["{code: possible-duplicate, of: b, note: Different plant}"]),
            Inc("b", coords=north(1)),
        )
    )
    # Only the reviewing file's warning is silenced: b's still asks its own reviewer.
    assert warnings(root) == [("incidents/b.yaml", 1, 5, "possible-duplicate", "a")]
    data = load(root, today=date.fromisoformat(TODAY))
    ((diag, note),) = data.reviewed
    assert (diag.file, diag.code, diag.related, note) == (
        "incidents/a.yaml",
        "possible-duplicate",
        "b",
        "Different plant",
    )


def test_review_of_another_pair_is_stale(make_dataset: MakeDataset) -> None:
    root = make_dataset(
        files(
            Inc("a", reviewed=["{code: possible-duplicate, of: c, note: x}"]),
            Inc("b", coords=north(1)),
            Inc("c", coords=north(80)),
        )
    )
    assert warnings(root) == sorted(
        [*dup("a", "b"), ("incidents/a.yaml", 9, 5, "review-stale", "")]
    )
    stale = messages(root, "review-stale")["incidents/a.yaml"]
    assert "`possible-duplicate` of `c`" in stale


def test_one_review_per_pair(make_dataset: MakeDataset) -> None:
    """With three reports, a review of one pair leaves the other pair raised."""
    root = make_dataset(
        files(
            Inc("a", reviewed=["{code: possible-duplicate, of: b}"]),
            Inc("b", coords=north(1)),
            Inc("c", coords=north(2)),
        )
    )
    found = [w for w in warnings(root) if w[0] == "incidents/a.yaml"]
    assert found == [("incidents/a.yaml", 1, 5, "possible-duplicate", "c")]


def test_review_of_a_single_warning_and_stale_after_the_fix(make_dataset: MakeDataset) -> None:
    no_url = "{source: kremlin, denies: russia}"
    good = '{source: reuters, attributes_to: russia, url: "https://e.org/a"}'
    review = "{code: claim-no-url, note: Read out on television}"
    root = make_dataset(files(Inc("a", claims=[good, no_url], reviewed=[review])))
    assert warnings(root) == []
    # The URL is added later: the review no longer matches anything.
    fixed = no_url.replace("}", ', url: "https://e.org/k"}')
    root = make_dataset(files(Inc("a", claims=[good, fixed], reviewed=[review])))
    assert warnings(root) == [("incidents/a.yaml", 10, 5, "review-stale", "")]


def test_review_cannot_silence_an_error(make_dataset: MakeDataset) -> None:
    text = Inc("a", reviewed=["{code: ref-unknown}"]).text().replace("reuters", "nobody")
    root = make_dataset({"incidents/a.yaml": text})
    data = load(root, today=date.fromisoformat(TODAY))
    assert [(d.code, d.line) for d in data.diagnostics] == [
        ("ref-unknown", 7),
        ("review-stale", 9),
    ]


# --- the command line ---------------------------------------------------------------------------

NO_SUMMARY = {"GITHUB_STEP_SUMMARY": None}


def _reviewed_dataset(make_dataset: MakeDataset) -> Path:
    return make_dataset(
        files(
            Inc("a", reviewed=["{code: possible-duplicate, of: b, note: 'Other <b>plant</b>'}"]),
            Inc("b", coords=north(1), reviewed=["{code: possible-duplicate, of: a}"]),
        )
    )


def test_check_show_reviewed_json(make_dataset: MakeDataset) -> None:
    root = _reviewed_dataset(make_dataset)
    args = ["check", "--root", str(root), "--format", "json", "--today", TODAY]
    plain = run_cli(args, env=NO_SUMMARY)
    assert plain.exit_code == 0, plain.stdout
    assert "reviewed" not in plain.json()
    assert [d for d in every_diagnostic(plain.json()) if d["code"] in QUALITY_CODES] == []

    shown = run_cli([*args, "--show-reviewed"], env=NO_SUMMARY)
    assert shown.exit_code == 0
    assert shown.json()["reviewed"] == [
        {
            "file": "incidents/a.yaml",
            "line": 1,
            "column": 5,
            "code": "possible-duplicate",
            "severity": "warning",
            "message": "may report the same event as incidents/b.yaml (`b`): close in time and "
            "place, with overlapping targets; merge them, or record a review if they differ",
            "field": "id",
            "related": "b",
            "note": "Other <b>plant</b>",
        },
        {
            "file": "incidents/b.yaml",
            "line": 1,
            "column": 5,
            "code": "possible-duplicate",
            "severity": "warning",
            "message": "may report the same event as incidents/a.yaml (`a`): close in time and "
            "place, with overlapping targets; merge them, or record a review if they differ",
            "field": "id",
            "related": "a",
            "note": "",
        },
    ]


def test_check_show_reviewed_text(make_dataset: MakeDataset) -> None:
    root = _reviewed_dataset(make_dataset)
    result = run_cli(
        ["check", "--root", str(root), "--format", "text", "--today", TODAY, "--show-reviewed"],
        env=NO_SUMMARY,
    )
    assert result.exit_code == 0
    assert "(reviewed: Other <b>plant</b>)" in result.stdout
    assert "(reviewed: no note)" in result.stdout


@pytest.mark.parametrize("command", ["validate", "check"])
def test_strict_makes_warnings_fail(make_dataset: MakeDataset, command: str) -> None:
    root = make_dataset(files(Inc("a"), Inc("b", coords=north(1))))
    args = [command, "--root", str(root), "--format", "json", "--today", TODAY]
    lenient = run_cli(args, env=NO_SUMMARY)
    assert lenient.exit_code == 0
    assert lenient.json()["errors"] == []
    codes = [(d["file"], d["line"], d["code"]) for d in lenient.json()["warnings"]]
    assert codes == [
        ("incidents/a.yaml", 1, "possible-duplicate"),
        ("incidents/b.yaml", 1, "possible-duplicate"),
    ]
    assert run_cli([*args, "--strict"], env=NO_SUMMARY).exit_code == 1
    # Reviewed, they no longer count, even under --strict.
    reviewed = _reviewed_dataset(make_dataset)
    args = [command, "--root", str(reviewed), "--format", "json", "--today", TODAY, "--strict"]
    assert run_cli(args, env=NO_SUMMARY).exit_code == 0


def test_project_yaml_unchanged() -> None:
    """The shared fixture this file builds on still declares the sources used here."""
    for source in ("reuters:", "kremlin:", "rt:"):
        assert source in PROJECT_YAML


# --- scale --------------------------------------------------------------------------------------


def synthetic(n: int, seed: int = 7) -> Dataset:
    """``n`` incidents over 60 days across Ukraine: a third in 30 busy towns (many true
    duplicates), a tenth known only by place name, the rest scattered."""
    rng = random.Random(seed)
    towns = [(rng.uniform(45.0, 52.0), rng.uniform(23.0, 40.0)) for _ in range(30)]
    out = []
    for k in range(n):
        day = rng.randrange(60)
        month, dom = (3, day + 1) if day < 31 else (4, day - 30)
        when = f"2025-{month:02d}-{dom:02d}T{rng.randrange(24):02d}:00:00+00:00"
        roll = rng.random()
        place: str | None = f"town-{rng.randrange(300)}"
        coords: tuple[float, float] | None
        if roll < 0.33:
            lat, lon = rng.choice(towns)
            coords = (lat + rng.uniform(-0.03, 0.03), lon + rng.uniform(-0.03, 0.03))
        elif roll < 0.43:
            coords = None
        else:
            coords = (rng.uniform(44.5, 52.0), rng.uniform(22.5, 40.0))
            place = None
        category = rng.choice(["energy", "energy/power", "energy/oil", "military", "civilian"])
        out.append(model(k, when, coords, place, None, category))
    return dataset(out)


def test_duplicate_search_finds_every_pair_comparing_all_finds() -> None:
    """The index by day and cube misses no pair and makes none up: the same pairs as
    comparing every incident with every other (busy towns put three or more incidents in
    one cube on one day)."""
    data = synthetic(1500)
    zone_name = data.project.model.timezone if data.project is not None else "UTC"
    nears = [duplicates.Near.of(item.model, zone_name) for item in data.incidents]
    every = {
        (i, j)
        for i in range(len(nears))
        for j in range(i + 1, len(nears))
        if duplicates.same_event(nears[i], nears[j])
    }
    assert len(every) > 40, "too few duplicates: the data would prove nothing"
    assert quality.duplicate_pairs(data) == every


@pytest.mark.slow
def test_duplicate_search_stays_near_linear(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = 0
    real = duplicates._close_in_time

    def counting(a: Any, b: Any) -> bool:
        nonlocal calls
        calls += 1
        return real(a, b)

    monkeypatch.setattr(duplicates, "_close_in_time", counting)
    n = 20_000
    pairs = quality.duplicate_pairs(synthetic(n))
    assert len(pairs) > 1000, "too few duplicates: the data would prove nothing"
    # Each true pair is examined; comparing within a day alone would examine ~500 per incident.
    assert len(pairs) <= calls < 50 * n, f"{calls} candidate pairs examined for {n} incidents"


# Pieces of addresses around the characters host_of leaves to urlsplit.
_URL_PIECES = st.sampled_from(
    ["https", "HTTP", "s3+x.y-z", "://", "//", ":", "/", "?", "#", "@", "[", "]", "::1", "%",
     "Example.ORG", "xn--bcher-kva", "bücher", "\t", "\n", " ", "\x00", "\x7f", "443", ".", "1a"]
)  # fmt: skip


@given(st.lists(_URL_PIECES, max_size=8).map("".join))
@example("https://Example.ORG/a")
@example("https://user@Example.ORG/")
@example("https://Example.ORG:443/")
@example("https://[::1]/")
@example("https://]/")  # urlsplit refuses a lone bracket
@example("https://Exa\tmple.org/")  # urlsplit drops the tab
@settings(max_examples=3000, deadline=None)
def test_host_of_reads_every_address_as_urlsplit_does(url: str) -> None:
    try:
        expected = (urlsplit(url).hostname or "").lower()
    except ValueError:  # urlsplit refuses some; so must host_of
        with pytest.raises(ValueError):
            quality.host_of(url)
        return
    assert quality.host_of(url) == expected
