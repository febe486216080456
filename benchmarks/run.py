"""The performance benchmark of issue 16: every job on the same generated files, side by side
with the libyaml floor measured in the same run, as medians of several rounds.

    python benchmarks/run.py [--count 10000] [--rounds 3] [--jobs 1,2] [--skip-slow]

The floor is one process that only parses every incident file with ``yaml.CBaseLoader``.
Each job runs as its own process (as a user runs it), its output to /dev/null; peak memory
is the child's maximum resident set (``getrusage(RUSAGE_CHILDREN)`` of a fresh runner per
job). check-jsonschema and yamllint (the ``bench`` extra) are skipped when not installed,
or with ``--skip-slow``. Tests never assert on time: the numbers go to docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate

PY = sys.executable
BIN = Path(PY).parent
ONE_CORE = ["taskset", "-c", "0"]

FLOOR = """\
import sys, yaml
from pathlib import Path
for p in sorted(Path(sys.argv[1], "incidents").rglob("*.yaml")):
    yaml.load(p.read_bytes(), Loader=yaml.CBaseLoader)
"""

#: Run one command and report its wall time and the peak memory of what it started.
TIMER = """\
import json, resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
wall = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"wall": wall, "peak_kb": peak, "code": code}))
"""


@dataclass
class Job:
    name: str
    argv: list[str]
    #: What to do before each round (clear the cache, touch a file).
    before: Callable[[], None] | None = None
    #: The limit as a multiple of the floor, and how the target is worded.
    target: str = ""
    limit: float | None = None


@dataclass
class Row:
    job: Job
    #: The median wall time, the median of the ratios to each round's floor, the fastest
    #: and slowest round.
    wall: float
    ratio: float
    spread: tuple[float, float]
    peak_kb: int
    code: int


def measure(argv: list[str], env: dict[str, str]) -> tuple[float, int, int]:
    """Wall seconds, peak RSS in KB and exit code of ``argv`` in a fresh process."""
    out = subprocess.run(  # noqa: S603 - the benchmark's own commands
        [PY, "-c", TIMER, *argv], env=env, capture_output=True, text=True, check=True
    )
    got = json.loads(out.stdout)
    return got["wall"], got["peak_kb"], got["code"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--skip-slow", action="store_true", help="no check-jsonschema/yamllint")
    parser.add_argument("--keep", type=Path, help="generate into (and keep) this folder")
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="ceasewatch-bench-")
    root = args.keep or Path(tmp) / "data"
    cache = Path(tmp) / "cache"
    if not (root / "ceasewatch.yaml").exists():
        generate.build(root, args.count)
    env = dict(os.environ, XDG_CACHE_HOME=str(cache))
    env.pop("GITHUB_ACTIONS", None)
    env.pop("GITHUB_STEP_SUMMARY", None)
    # As an installed package runs: with Python's bytecode cache, written once here (a
    # machine that turns it off compiles ceasewatch's modules again on every command).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    package = Path(__file__).resolve().parent.parent / "ceasewatch"
    subprocess.run([PY, "-m", "compileall", "-q", str(package)], env=env, check=True)  # noqa: S603
    incidents = sorted((root / "incidents").rglob("*.yaml"))
    changed = incidents[len(incidents) // 2]
    original = changed.read_bytes()
    if b"# A synthetic" not in original:
        # a kept dataset left edited by an interrupted run: "one change" would change nothing
        sys.exit(f"{changed} is not as generated; generate the dataset again")
    cw = str(BIN / "ceasewatch")
    cached = [cw]
    at = ["--root", str(root)]

    def clear() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    def warm() -> None:
        changed.write_bytes(original)
        subprocess.run([*cached, "check", *at], env=env, capture_output=True, check=False)  # noqa: S603

    flip = [0]

    def one_change() -> None:
        warm()
        flip[0] += 1
        changed.write_bytes(original.replace(b"# A synthetic", f"# {flip[0]} synthetic".encode()))

    jobs = [
        Job("libyaml floor (CBaseLoader)", [PY, "-c", FLOOR, str(root)]),
        # Cold: no cache, and its folder emptied. One core: pinned to one CPU, so the run
        # sees a single core (as a one-core machine would) and starts no pool.
        Job(
            "validate, cold, one core",
            [*ONE_CORE, *cached, "validate", "--no-cache", *at],
            target="≤ 1.2",
            limit=1.2,
        ),
        Job("validate, cold, both cores", [*cached, "validate", "--no-cache", *at]),
        Job(
            "check, cold, one core",
            [*ONE_CORE, *cached, "check", "--no-cache", *at],
            target="≤ 1.5",
            limit=1.5,
        ),
        Job(
            "check, cold, both cores",
            [*cached, "check", "--no-cache", *at],
            target="< 1",
            limit=1.0,
        ),
        Job("check, warm", [*cached, "check", *at], warm, "≤ 0.15", 0.15),
        # what every run pays before reading a file: what bounds the warm run
        Job("starting the command line (imports only)", [PY, "-c", "import ceasewatch.cli"]),
        Job("check, one file changed", [*cached, "check", *at], one_change, "≤ 0.3", 0.3),
    ]
    schema = Path(tmp) / "incident.schema.json"
    schema.write_text(
        subprocess.run(  # noqa: S603 - the benchmark's own command
            [cw, "schema", "incident"],
            capture_output=True,
            text=True,
            check=True,
            cwd=root,
        ).stdout
    )
    files = [str(p) for p in incidents]
    if not args.skip_slow and (BIN / "check-jsonschema").exists():
        jobs.append(
            Job(
                "check-jsonschema (validation only)",
                [str(BIN / "check-jsonschema"), "--schemafile", str(schema), *files],
                target="validate ≥ 15× faster",
            )
        )
    if not args.skip_slow and (BIN / "yamllint").exists():
        jobs.append(Job("yamllint (lint only)", [str(BIN / "yamllint"), "-d", "relaxed", *files]))

    # Every file read once before any timing, so that no job pays for the disk and the
    # first (the floor) does not run on a colder page cache than the others.
    for path in incidents:
        path.read_bytes()
    # Each round runs every job once, the floor first, and each job's ratio is the median of
    # its ratios to the floor of the same round: a machine whose speed drifts (a shared
    # virtual machine) moves a round's jobs and its floor together. The comparison tools,
    # minutes each, run once, in the first round.
    walls: dict[str, list[float]] = {job.name: [] for job in jobs}
    ratios: dict[str, list[float]] = {job.name: [] for job in jobs}
    peaks: dict[str, int] = dict.fromkeys(walls, 0)
    codes: dict[str, int] = dict.fromkeys(walls, 0)
    try:
        for n in range(args.rounds):
            for job in jobs:
                if n and job.name.startswith(("check-jsonschema", "yamllint")):
                    continue
                (job.before or clear)()
                wall, peak, codes[job.name] = measure(job.argv, env)
                walls[job.name].append(wall)
                ratios[job.name].append(wall / walls[jobs[0].name][-1])
                peaks[job.name] = max(peaks[job.name], peak)
            print(f"  round {n + 1}: floor {walls[jobs[0].name][-1]:.2f} s", file=sys.stderr)
    finally:
        changed.write_bytes(original)  # even when interrupted: a kept dataset stays as made
    rows = [
        Row(
            j,
            statistics.median(walls[j.name]),
            statistics.median(ratios[j.name]),
            (min(walls[j.name]), max(walls[j.name])),
            peaks[j.name],
            codes[j.name],
        )
        for j in jobs
    ]
    _table(rows, args, root)
    if args.keep is None:
        shutil.rmtree(tmp, ignore_errors=True)


def _table(rows: list[Row], args: argparse.Namespace, root: Path) -> None:
    by_name = {r.job.name: r for r in rows}
    # check-jsonschema runs in one process; ceasewatch as a user runs it (both cores)
    validate = by_name["validate, cold, both cores"].wall
    one_core = by_name["validate, cold, one core"].wall
    cpu = platform.processor() or platform.machine()
    print(
        f"\n{args.count} incidents, {args.rounds} round{'s' * (args.rounds != 1)} (median; "
        f"× floor: median of each round's ratio), {os.cpu_count()} cores ({cpu}), "
        f"Python {platform.python_version()}\n"
    )
    print("| what | wall | fastest–slowest | × floor | peak memory | target | met |")
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        job, ratio = row.job, row.ratio
        met = ""
        if job.limit is not None:
            met = "yes" if ratio <= job.limit and (job.limit != 1.0 or ratio < 1) else "no"
        if job.name.startswith("check-jsonschema"):
            met = "yes" if row.wall / validate >= 15 else "no"
            job.target = (
                f"validate {row.wall / validate:.1f}× faster "
                f"(one core {row.wall / one_core:.1f}×; ≥ 15)"
            )
        status = "" if row.code in (0, 1) else f" (exit {row.code})"
        low, high = row.spread
        spread = f"{low:.2f}–{high:.2f} s" if high > low else ""
        print(
            f"| {job.name}{status} | {row.wall:.2f} s | {spread} | {ratio:.2f} "
            f"| {row.peak_kb / 1024:.0f} MB | {job.target} | {met} |"
        )
    peak = max(r.peak_kb for r in rows if r.job.name.startswith("check, cold"))
    if args.count >= 100_000:
        met = "met" if peak / 1024 <= 300 else "not met"
        print(f"\npeak memory of check, cold: {peak / 1024:.0f} MB (≤ 300 MB at 100,000: {met})")


if __name__ == "__main__":
    main()
