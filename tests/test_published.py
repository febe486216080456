"""The report and maps committed under ``reports/`` are those of the bundled dataset now.

Only the report's stamp line (the last commit that touched the data) may differ. When this
fails, regenerate them with the command in :data:`REGENERATE`, from the repository root.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest

from .conftest import run_cli

REPO = Path(__file__).resolve().parent.parent
REPORT = REPO / "reports" / "report.md"
MAP = REPO / "reports" / "incidents.geojson"
SVG = REPO / "reports" / "map.svg"
#: The report shows the static map and links to both, by their paths from `reports/`.
REPORT_ARGS = ["report", "--map", "map.svg", "--map", "incidents.geojson"]
REGENERATE = (
    "ceasewatch export --format geojson -o reports/incidents.geojson && "
    "ceasewatch export --format svg -o reports/map.svg && "
    "ceasewatch report -o reports/report.md --map map.svg --map incidents.geojson"
)
STAMP_RE = re.compile(r"^data as of.*$", re.MULTILINE)


def stale(path: Path, expected: str, actual: str) -> str:
    diff = "".join(
        list(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                f"{path.relative_to(REPO)} (committed)",
                "generated from the bundled dataset now",
            )
        )[:60]
    )
    return (
        f"{path.relative_to(REPO)} is stale: regenerate the published report and maps from "
        f"the repository root with\n\n    {REGENERATE}\n\nand commit them.\n\n{diff}"
    )


def without_stamp(text: str) -> str:
    assert len(STAMP_RE.findall(text)) == 1, "expected exactly one stamp line"
    return STAMP_RE.sub("data as of STAMP", text)


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the repository root, as the documented command is (no --root)."""
    monkeypatch.chdir(REPO)


def test_the_documented_command_is_the_one_checked() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    docs = (REPO / "docs" / "export.md").read_text(encoding="utf-8")
    assert REGENERATE in readme
    assert REGENERATE in docs
    assert "](reports/report.md)" in readme
    assert "](reports/incidents.geojson)" in readme


@pytest.mark.usefixtures("in_repo")
def test_published_report_is_current() -> None:
    result = run_cli(REPORT_ARGS)
    assert result.exit_code == 0, result.stderr
    committed = REPORT.read_text(encoding="utf-8")
    # The committed stamp names a commit; the data may have changed since only if the
    # report was regenerated too, which the comparison below checks.
    assert re.search(
        r"^data as of \d{4}-\d\d-\d\d \(commit [0-9a-f]{12}\)", committed, re.MULTILINE
    ), "the committed report's stamp names no commit: regenerate it in the repository"
    expected, actual = without_stamp(committed), without_stamp(result.stdout)
    assert actual == expected, stale(REPORT, expected, actual)


@pytest.mark.usefixtures("in_repo")
def test_published_map_is_current() -> None:
    result = run_cli(["export", "--format", "geojson"])
    assert result.exit_code == 0, result.stderr
    committed = MAP.read_text(encoding="utf-8")
    assert result.stdout == committed, stale(MAP, committed, result.stdout)


@pytest.mark.usefixtures("in_repo")
def test_published_svg_map_is_current() -> None:
    result = run_cli(["export", "--format", "svg"])
    assert result.exit_code == 0, result.stderr
    committed = SVG.read_text(encoding="utf-8") if SVG.exists() else ""
    assert result.stdout == committed, stale(SVG, committed, result.stdout)
