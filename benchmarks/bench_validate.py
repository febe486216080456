"""Time `validate` and the engine on a synthetic dataset, against libyaml alone parsing it.

Run by hand from the repository root: ``python benchmarks/bench_validate.py [N]`` (default
10,000 incidents, evaluated against this repository's own project file and agreements).
Tests never assert on wall time; the numbers go to docs/design.md.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

import yaml

from ceasewatch import engine
from ceasewatch.api import validate

PROJECT = """\
title: Benchmark
timezone: Europe/Kyiv
parties:
  russia: {name: Russia}
  ukraine: {name: Ukraine}
sources:
  russia-mod: {name: Russian MoD, kind: official, affiliation: russia}
  ukraine-general-staff: {name: Ukrainian General Staff, kind: official, affiliation: ukraine}
  rt: {name: RT, kind: state-media, affiliation: russia}
"""

INCIDENT = """\
id: bench-{n:06d}
title: Drone attack on an oil pumping station number {n}
occurred:
  from: 2025-03-{day:02d}T22:00:00+03:00
  until: 2025-03-{next:02d}T06:00:00+03:00
timezone: Europe/Moscow
location:
  place: Place {n}
  region: Krasnodar Krai
  country: RU
  coordinates: {{lat: {lat:.4f}, lon: {lon:.4f}, precision: approximate}}
act: strike
means: [drone]
outcome: hit
targets:
  - {{category: energy/oil/pumping-station, name: Station {n}, operator: Operator}}
inferred: [location.coordinates, targets]
claims:
  - source: russia-mod
    via: rt
    published: 2025-03-{next:02d}
    url: "https://example.org/claims/{n}"
    attributes_to: ukraine
    summary: Says three drones attacked the station and a tank caught fire.
  - source: ukraine-general-staff
    denies: ukraine
    general: true
    url: "https://example.org/denials/{n}"
"""


REPO = Path(__file__).resolve().parent.parent


def build(root: Path, count: int, *, agreements: bool = False) -> list[Path]:
    """Write a dataset of ``count`` incidents under ``root`` (with the repository's own
    project file and agreements when ``agreements``)."""
    if agreements:
        shutil.copy(REPO / "ceasewatch.yaml", root / "ceasewatch.yaml")
        shutil.copytree(REPO / "agreements", root / "agreements")
    else:
        (root / "ceasewatch.yaml").write_text(PROJECT)
    folder = root / "incidents" / "2025"
    folder.mkdir(parents=True)
    paths = []
    for n in range(count):
        day = 1 + n % 27
        path = folder / f"bench-{n:06d}.yaml"
        path.write_text(
            # A 100 x 100 grid about 9 km apart inside Russia: no duplicates, no stray points.
            INCIDENT.format(
                n=n, day=day, next=day + 1, lat=52 + (n % 100) * 0.08, lon=36 + (n // 100) * 0.1
            )
        )
        paths.append(path)
    return paths


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        paths = build(root, count, agreements=True)
        start = time.perf_counter()
        for path in paths:
            yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
        baseline = time.perf_counter() - start
        start = time.perf_counter()
        data = validate(root)
        elapsed = time.perf_counter() - start
        assert not data.diagnostics, data.diagnostics[:3]
        start = time.perf_counter()
        result = engine.run(data)
        evaluated = time.perf_counter() - start
        print(
            f"{count} incidents: libyaml CSafeLoader alone {baseline:.2f} s; ceasewatch validate "
            f"{elapsed:.2f} s ({elapsed / baseline:.2f}x); engine {evaluated:.2f} s "
            f"({len(result.findings)} findings)"
        )


if __name__ == "__main__":
    main()
