"""A realistic synthetic dataset of any size, for the benchmarks and the scale tests.

``python benchmarks/generate.py N FOLDER`` writes FOLDER/ceasewatch.yaml and
FOLDER/agreements/ (this repository's own), then N incident files spread over
FOLDER/incidents/2025/: strikes on energy, port and civilian targets in Ukraine and
Russia, each with 2–3 claims (an accusation, often a second source or a carrier, and a
denial), a point inside the incident's country, and times spread over the whole period of
the agreements (and a little either side of it). The same N always gives the same files.
Points are spread over whole regions, so a larger dataset is not a denser one.
"""

from __future__ import annotations

import functools
import random
import shutil
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent

#: (region, country, lat, lon, zone): places near which incidents happen.
PLACES = [
    ("Odesa oblast", "UA", 46.85, 30.40, None),
    ("Mykolaiv oblast", "UA", 46.97, 31.99, None),
    ("Kherson oblast", "UA", 46.64, 32.62, None),
    ("Dnipropetrovsk oblast", "UA", 48.46, 35.04, None),
    ("Zaporizhzhia oblast", "UA", 47.84, 35.14, None),
    ("Kharkiv oblast", "UA", 49.99, 36.23, None),
    ("Sumy oblast", "UA", 50.91, 34.80, None),
    ("Poltava oblast", "UA", 49.59, 34.55, None),
    ("Kyiv oblast", "UA", 50.45, 30.52, None),
    ("Donetsk oblast", "UA", 48.85, 37.60, None),
    ("Krasnodar Krai", "RU", 45.04, 38.98, "Europe/Moscow"),
    ("Belgorod oblast", "RU", 50.60, 36.59, "Europe/Moscow"),
    ("Kursk oblast", "RU", 51.73, 36.19, "Europe/Moscow"),
    ("Bryansk oblast", "RU", 53.24, 34.37, "Europe/Moscow"),
    ("Rostov oblast", "RU", 47.23, 39.70, "Europe/Moscow"),
    ("Voronezh oblast", "RU", 51.66, 39.20, "Europe/Moscow"),
    ("Saratov oblast", "RU", 51.53, 46.03, "Europe/Saratov"),
]

#: (category, what is hit): targets, most of them energy, as the dataset's incidents are.
TARGETS = [
    ("energy/power/substation", "Electrical substation"),
    ("energy/power/line", "High-voltage power line"),
    ("energy/power/transformer", "Transformer station"),
    ("energy/power/plant", "Thermal power plant"),
    ("energy/power", "Local power supply"),
    ("energy/oil/pumping-station", "Oil pumping station"),
    ("energy/oil/refinery", "Oil refinery"),
    ("energy/oil/storage", "Fuel storage depot"),
    ("energy/gas/storage", "Underground gas storage"),
    ("energy/gas/distribution-station", "Gas distribution station"),
    ("energy/gas/pipeline", "Gas pipeline"),
    ("civilian/residential", "Residential building"),
    ("civilian/commercial", "Shopping centre"),
    ("civilian", "Civilian buildings"),
    ("infrastructure/port", "Port terminal"),
    ("military/airbase", "Airfield"),
]
MEANS = [["drone"], ["drone"], ["missile"], ["missile", "drone"], ["artillery"], ["unknown"]]
OUTCOMES = ["hit", "hit", "hit", "intercepted", "unknown"]
CARRIERS = ["reuters", "ap", "kyiv-independent", "ukrainska-pravda", "tass", "rt", "unn"]

#: The period the incidents spread over: the agreements' own, and a few weeks either side.
START = datetime(2025, 3, 1, tzinfo=UTC)
DAYS = 90


@dataclass(frozen=True)
class Vocabulary:
    """The project file's own sources, by the party they speak for."""

    officials: dict[str, list[str]]
    parties: list[str]
    #: Each source's own web site (claims cite pages there).
    domains: dict[str, str]

    def url(self, source: str, page: str) -> str:
        """A page on ``source``'s own site."""
        return f"https://{self.domains.get(source, 'example.org')}/news/{page}"


def vocabulary(project: Path) -> Vocabulary:
    """The sources of ``project`` (a ceasewatch.yaml) that can accuse or deny, by party."""
    data = yaml.load(project.read_bytes(), Loader=yaml.CSafeLoader)
    officials: dict[str, list[str]] = {}
    domains: dict[str, str] = {}
    for sid, source in data["sources"].items():
        if source.get("domains"):
            domains[sid] = source["domains"][0]
        if source.get("kind") == "official" and source.get("affiliation"):
            officials.setdefault(source["affiliation"], []).append(sid)
    parties = [p for p in ("russia", "ukraine") if officials.get(p)]
    return Vocabulary(officials, parties, domains)


@functools.cache
def _outline(country: str) -> Any:
    from countryinfo import CountryInfo
    from shapely import prepare
    from shapely.geometry import shape

    geometry = shape(CountryInfo(country).geo_json()["features"][0]["geometry"])
    prepare(geometry)
    return geometry


def _point(rng: random.Random, lat: float, lon: float, country: str) -> tuple[float, float]:
    """A point within about 150 km of the region's centre and inside the country's outline
    (as ceasewatch tests it): spread widely enough that a larger dataset is not a denser
    one, whose possible duplicates would grow with the square of its size."""
    import shapely

    outline = _outline(country)
    while True:
        p_lat = round(lat + rng.uniform(-1.4, 1.4), 4)
        p_lon = round(lon + rng.uniform(-2.0, 2.0), 4)
        if shapely.contains_xy(outline, p_lon, p_lat):
            return p_lat, p_lon


def incident(n: int, vocab: Vocabulary, rng: random.Random) -> tuple[str, str]:
    """The file name and text of incident ``n``."""
    region, country, lat, lon, zone = rng.choice(PLACES)
    victim = "ukraine" if country == "UA" else "russia"
    accused = "russia" if victim == "ukraine" else "ukraine"
    start = START + timedelta(days=rng.randrange(DAYS), hours=rng.randrange(24))
    hours = rng.choice([1, 2, 4, 6, 8])
    offset = timedelta(
        hours=3 if zone else (2 if start < datetime(2025, 3, 30, 1, tzinfo=UTC) else 3)
    )
    local = timezone(offset)
    begin, end = start.astimezone(local), (start + timedelta(hours=hours)).astimezone(local)
    day = begin.date()
    ident = f"{day.isoformat()}-gen-{n:06d}"
    targets = rng.sample(TARGETS, rng.choice([1, 1, 2]))
    means = rng.choice(MEANS)
    p_lat, p_lon = _point(rng, lat, lon, country)
    doc: dict[str, Any] = {
        "id": ident,
        "title": f"{region.split()[0]} officials report a {means[0]} attack on the "
        f"{targets[0][1].lower()} at settlement {n}",
        "occurred": {"from": begin.isoformat(), "until": end.isoformat()},
    }
    if zone:
        doc["timezone"] = zone
    doc["location"] = {
        "place": f"Settlement {n}",
        "region": region,
        "country": country,
        "coordinates": {"lat": p_lat, "lon": p_lon, "precision": "approximate"},
    }
    doc["act"] = "strike"
    doc["means"] = means
    doc["outcome"] = rng.choice(OUTCOMES)
    doc["targets"] = [{"category": c, "name": f"{name} {n}"} for c, name in targets]
    doc["inferred"] = ["location.coordinates"]
    published = (end + timedelta(days=rng.choice([0, 1, 1, 2]))).date().isoformat()
    accuser = rng.choice(vocab.officials[victim])
    carrier = rng.choice(CARRIERS)
    claims: list[dict[str, Any]] = [
        {
            "source": accuser,
            "via": carrier,
            "published": published,
            "url": vocab.url(carrier, f"{n}-attack"),
            "attributes_to": accused,
            "summary": f"Says {accused.title()} struck the {targets[0][1].lower()} with "
            f"{means[0]} fire and damaged it; {rng.randrange(0, 5)} people injured.",
        }
    ]
    if rng.random() < 0.5:
        others = [s for s in vocab.officials[victim] if s != accuser] or [accuser]
        second = rng.choice(others)
        claims.append(
            {
                "source": second,
                "published": published,
                "url": vocab.url(second, f"{n}-confirmed"),
                "attributes_to": accused,
                "summary": "Confirms the attack and names the same facility.",
            }
        )
    denier = rng.choice(vocab.officials[accused])
    denial: dict[str, Any] = {
        "source": denier,
        "published": published,
        "url": vocab.url(denier, f"{n}-denial"),
        "denies": accused,
    }
    if rng.random() < 0.6:
        denial["general"] = True
        denial["summary"] = "Says its forces are observing the moratorium."
    else:
        denial["summary"] = "Denies striking the facility and calls the report staged."
    claims.append(denial)
    doc["claims"] = claims
    header = "# A synthetic incident for the benchmarks.\n"
    text = header + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=92)
    return f"incidents/2025/{ident}.yaml", text


def build(root: Path, count: int, *, seed: int = 16) -> list[Path]:
    """Write the project file, the agreements and ``count`` incidents under ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "ceasewatch.yaml", root / "ceasewatch.yaml")
    if (root / "agreements").exists():
        shutil.rmtree(root / "agreements")
    shutil.copytree(REPO / "agreements", root / "agreements")
    vocab = vocabulary(root / "ceasewatch.yaml")
    rng = random.Random(seed)  # noqa: S311 - repeatable test data, not a secret
    (root / "incidents" / "2025").mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        rel, text = incident(n, vocab, rng)
        path = root / rel
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit("usage: python benchmarks/generate.py N FOLDER")
    build(Path(sys.argv[2]), int(sys.argv[1]))


if __name__ == "__main__":
    main()
