"""The shape docs/design.md promises: one pipeline through the library, one definition of
each order and of the scope fields, every output through the reporter registry."""

from __future__ import annotations

import ast
import io
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from ceasewatch import api, engine
from ceasewatch.models import SCOPE_FIELDS, Scope
from ceasewatch.reporters import FORMATS, REPORTER_BY_NAME, Reporter, formats
from ceasewatch.reporters.base import COMMANDS

from .conftest import run_cli

PACKAGE = Path(__file__).resolve().parents[1] / "ceasewatch"
REPO = PACKAGE.parent
MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_module_is_over_400_lines(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 400


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: name what it imports from the package
                out |= {f".{node.module or a.name}".split(".")[1] for a in node.names}
            else:
                out.add((node.module or "").split(".")[0])
    return out


@pytest.mark.parametrize("name", sorted(p.name for p in (PACKAGE / "cli").glob("*.py")))
def test_the_cli_imports_only_the_api_the_reporters_and_typer(name: str) -> None:
    stdlib = {"__future__", "io", "os", "sys", "collections", "datetime", "pathlib", "typing"}
    stdlib |= {"difflib", "shutil", "textwrap"}
    siblings = {p.stem for p in (PACKAGE / "cli").glob("*.py")} | {"."}
    allowed = {"typer", "api", "reporters", "__version__"} | siblings
    assert _imports(PACKAGE / "cli" / name) - stdlib <= allowed


def test_validation_does_not_import_the_engine() -> None:
    for name in ("loading.py", "checks.py", "quality.py", "messages.py"):
        assert "engine" not in _imports(PACKAGE / name), name


def test_the_status_and_support_orders_are_defined_once() -> None:
    orders = [
        ("apparent", "contingent", "possible"),
        ("acknowledged", "independent", "third-party", "adversary", "unverified"),
        ("confirmed", "reported", "disputed"),
    ]
    # the words in order, separated only by commas and white space (one line or several)
    patterns = [re.compile(r",\s*".join(f'"{w}"' for w in order)) for order in orders]
    defined = {
        p.relative_to(PACKAGE).as_posix()
        for p in MODULES
        for text in (p.read_text(encoding="utf-8"),)
        if any(pattern.search(text) for pattern in patterns)
    }
    assert defined == {"engine/logic.py"}
    assert api.STATUSES is engine.STATUS_ORDER
    assert api.EVENTS is engine.EVENT_ORDER
    assert orders[0] == engine.STATUS_ORDER
    assert orders[1] == engine.SUPPORT_ORDER
    assert orders[2] == engine.EVENT_ORDER
    assert [engine.STATUS_RANK[s] for s in engine.STATUS_ORDER] == [3, 2, 1]


def test_the_cli_choices_written_out_in_the_library_are_the_definitions() -> None:
    from ceasewatch import scaffold, schema

    assert api.KINDS == schema.KINDS
    assert api.COUNTRIES == scaffold.COUNTRIES


def test_the_scope_fields_are_the_models() -> None:
    assert sorted(f.name for f in SCOPE_FIELDS) == sorted(Scope.model_fields)


def test_each_command_offers_exactly_the_formats_that_write_it() -> None:
    assert formats("validation") == ["text", "json", "github", "sarif"]
    assert formats("check") == ["text", "table", "json", "github", "sarif", "markdown"]
    assert formats("explain") == ["text", "json"]
    assert formats("diff") == ["text", "json", "github", "sarif", "markdown"]
    assert formats("listing") == ["text", "json"]
    assert formats("report") == ["markdown"]
    assert formats("export") == ["json", "csv", "geojson", "svg"]
    assert list(REPORTER_BY_NAME) == list(FORMATS)
    for command in COMMANDS:
        for name, cls in REPORTER_BY_NAME.items():
            if name not in formats(command):
                with pytest.raises(NotImplementedError):
                    getattr(cls(stream=io.StringIO(), err=io.StringIO()), command)(None)


@pytest.mark.parametrize("name", list(FORMATS))
def test_the_format_table_lists_the_commands_each_class_writes(name: str) -> None:
    # the command line builds its choices from the table, importing no reporter
    cls = REPORTER_BY_NAME[name]
    assert cls.__name__ == FORMATS[name][0].rsplit(".", 1)[1]
    assert list(FORMATS[name][1]) == [c for c in COMMANDS if cls.supports(c)]


@pytest.mark.parametrize(
    ("command", "choices"),
    [
        (["check"], "<auto|text|table|json|github|sarif|markdown>"),
        (["export"], "<json|csv|geojson|svg>"),
        (["explain"], "<text|json>"),
        (["list"], "<text|json>"),
    ],
)
def test_the_cli_offers_the_registry_formats(command: list[str], choices: str) -> None:
    result = run_cli([*command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert choices in result.stdout


def test_a_format_a_command_lacks_is_refused_with_the_choices() -> None:
    result = run_cli(["export", "--format", "sarif"])
    assert result.exit_code == 2
    assert "`sarif` is not one of json, csv, geojson, svg" in result.stderr


def test_a_new_format_is_one_class() -> None:
    class Tsv(Reporter):
        def listing(self, report: object) -> None:  # type: ignore[override]
            self.stream.write("ok")

    assert Tsv.supports("listing")
    assert not Tsv.supports("check")


# --- the library does what the commands do ----------------------------------------------------


def test_check_through_the_library_matches_the_cli() -> None:
    report = api.check(REPO, agreements=["energy-moratorium-2025"], statuses=["apparent"])
    cli = run_cli(
        [
            "check",
            "--root",
            str(REPO),
            "--format",
            "json",
            "--agreement",
            "energy-moratorium-2025",
            "--status",
            "apparent",
        ]
    ).json()
    assert [f.as_dict() for f in report.findings] == cli["findings"]
    assert report.findings, "the selection keeps something"
    assert report.summary() == cli["summary"]


def test_the_library_refuses_an_unknown_id_as_a_usage_error() -> None:
    with pytest.raises(api.UsageError, match=r"no party `rusia` in the dataset \(did you mean"):
        api.check(REPO, parties=["rusia"])


def test_findings_keep_how_they_were_reached() -> None:
    result = engine.run(api.load(REPO))
    assert result.findings
    for f in result.findings:
        assert f.versions, f.key
        assert engine.strongest(v.status for v in f.versions) == f.status
        for version in f.versions:
            for combo in version.combinations:
                names = [c.name for c in combo.conditions]
                assert names == ["in force", *(s.name for s in engine.CONDITIONS)]
                assert all(c.reason for c in combo.conditions)


def test_explain_and_run_reach_the_same_findings() -> None:
    data = api.load(REPO)
    result = engine.run(data)
    for f in result.findings[:10]:
        terms = engine.explain(
            data, f.incident, agreements=frozenset({f.agreement}), terms=frozenset({f.term})
        )
        (party,) = [p for t in terms for p in t.parties if p.party == f.party]
        assert party.finding == f


def test_every_job_of_the_library_runs_without_the_cli(tmp_path: Path) -> None:
    assert api.validate(REPO).errors == 0
    assert api.explain(REPO, "2025-03-19-kavkazskaya-oil-station").terms
    assert api.report(REPO).result.findings
    assert api.export(REPO).data.incidents
    assert [r["id"] for r in api.list_items(REPO, "parties").rows] == sorted(
        r["id"] for r in api.list_items(REPO, "parties").rows
    )
    out = tmp_path / "report.md"
    api.write_artefact(out, "# x\n")
    assert out.read_text() == "# x\n"


def _loaded_by(code: str, names: set[str]) -> list[str]:
    """Which of the modules ``names`` a fresh interpreter has loaded after ``code``."""
    code = f"import sys; {code}; print(sorted({names!r} & set(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return list(ast.literal_eval(out.stdout.strip()))


def test_starting_the_command_line_loads_no_geometry_library() -> None:
    # shapely and numpy cost a tenth of a second or more; only a run that builds an area's
    # outline, or draws the map, needs them (docs/performance.md: start-up).
    assert _loaded_by("import ceasewatch.cli", {"shapely", "numpy"}) == []


#: The engine's modules that do its work (its package and the orders in `logic` load none
#: of them: engine/__init__ imports each module when one of its names is first used).
ENGINE_MACHINERY = {
    f"ceasewatch.engine.{m}"
    for m in ("attribution", "conditions", "evaluation", "readings", "traversal", "unflagged")
}


def test_starting_the_command_line_loads_no_models_engine_or_output_library() -> None:
    # what a job needs is imported when the job runs, so that `ceasewatch --version` and
    # `--help` load none of these (docs/performance.md: start-up)
    heavy = {"pydantic", "ceasewatch.models", "ceasewatch.loading", *ENGINE_MACHINERY}
    heavy |= {"ceasewatch.report", "ceasewatch.diffing", "shapely", "numpy", "rich", "yaml"}
    assert _loaded_by("import ceasewatch.cli", heavy) == []
    # every reporter but the one asked for stays unloaded
    reporters = {f"ceasewatch.reporters.{w.split('.')[0]}" for w, _ in FORMATS.values()}
    assert _loaded_by("import ceasewatch.cli", reporters) == []


def test_the_text_reporter_in_a_pipe_loads_no_rich() -> None:
    code = (
        "import io; from ceasewatch.reporters import REPORTER_BY_NAME;"
        "from ceasewatch.results import ValidationReport;"
        "REPORTER_BY_NAME['text'](stream=io.StringIO(), err=io.StringIO())"
        ".validation(ValidationReport([], 0, 0, 0))"
    )
    assert _loaded_by(code, {"rich", "pydantic", *ENGINE_MACHINERY}) == []


def _generated(root: Path) -> list[Path]:
    """A small generated dataset (benchmarks/generate.py) at ``root``: its incident files."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        import generate
    finally:
        sys.path.pop(0)
    generate.build(root, 40)
    return sorted((root / "incidents").rglob("*.yaml"))


def _cli_loading(tmp_path: Path, names: set[str], *argv: str) -> subprocess.CompletedProcess[str]:
    """A run of the command line with ``argv`` (its cache under ``tmp_path``); the last
    line of its stderr lists which of the modules ``names`` it loaded."""
    code = (
        "import sys\n"
        "from ceasewatch.cli import main\n"
        "sys.argv = ['ceasewatch', *sys.argv[1:]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print(sorted({names!r} & set(sys.modules)), file=sys.stderr)\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    return subprocess.run(
        [sys.executable, "-c", code, *argv], capture_output=True, text=True, env=env, timeout=120
    )


def test_a_check_served_by_the_cache_loads_no_models_reader_or_pydantic(tmp_path: Path) -> None:
    # a warm check reads the last run's results and prints them: typing, reading YAML and
    # evaluating are not needed, nor pydantic (which typer 0.29 would load for its options:
    # the reason typer is held at 0.28, docs/performance.md)
    root = tmp_path / "data"
    _generated(root)
    heavy = {"pydantic", "yaml", "shapely", "ceasewatch.models", "ceasewatch.loading"}
    heavy |= {"ceasewatch.yamlsource", "ceasewatch.filewise", *ENGINE_MACHINERY}
    heavy |= {"dateutil"}  # only for a local time written without an offset
    runs = [_cli_loading(tmp_path, heavy, "check", "--root", str(root)) for _ in range(2)]
    assert runs[0].stdout == runs[1].stdout and " by " in runs[1].stdout  # findings
    assert "ceasewatch.filewise" in runs[0].stderr  # the first run computed
    assert runs[1].stderr.strip().splitlines()[-1] == "[]"


def test_a_file_edited_away_from_its_point_does_not_load_the_outlines(tmp_path: Path) -> None:
    # Whether a point lies outside its country is kept with each file's unit: after an edit
    # that leaves the point alone, the run reuses it instead of loading shapely (numpy) and
    # the countries' outlines, and says the same as a run without the cache.
    root = tmp_path / "data"
    files = _generated(root)
    outside = next(f for f in files if "  coordinates:\n    lat: " in f.read_text())
    text = outside.read_text()
    lat = text.split("    lat: ", 1)[1].split("\n", 1)[0]
    outside.write_text(text.replace(f"    lat: {lat}\n", "    lat: -33.9\n"))  # in the sea

    def run(*options: str) -> tuple[str, str]:
        got = _cli_loading(
            tmp_path, {"shapely", "countryinfo"}, "validate", "--root", str(root), "-f", "json",
            *options,
        )  # fmt: skip
        return got.stdout, got.stderr.strip().splitlines()[-1]

    first, loaded = run()
    assert "place-outside-country" in first and loaded == "['countryinfo', 'shapely']"
    for edited in (outside, files[0] if files[0] != outside else files[1]):
        edited.write_text(edited.read_text().replace("# A synthetic", "# An edited synthetic"))
        again, loaded = run()
        assert loaded == "[]"
        assert again == run("--no-cache")[0] == first
    outside.write_text(text)  # the point moves back inside: worked out afresh
    back, loaded = run()
    assert "place-outside-country" not in back and loaded == "['countryinfo', 'shapely']"


def test_a_file_edited_away_from_its_point_is_evaluated_without_the_outlines(
    tmp_path: Path,
) -> None:
    # Each unit keeps its points' verdicts against the polygon areas: after an edit that
    # leaves the point alone, check builds no area's outline (no shapely, no numpy) and says
    # the same as a run without the cache; a point moved is tested afresh.
    from ceasewatch import filewise
    from ceasewatch.layout import discover

    root = tmp_path / "data"
    files = _generated(root)
    found = discover(root)
    run = filewise.Run(root, date.today(), True, found)
    placed = next(f for f in files if run.unit(f.relative_to(root).as_posix()).places)
    text = placed.read_text()

    def check(*options: str) -> tuple[str, str]:
        names = {"shapely", "numpy", "ceasewatch.filewise"}  # the last: files were read
        got = _cli_loading(tmp_path, names, "check", "--root", str(root), *options)
        return got.stdout, got.stderr.strip().splitlines()[-1]

    first, loaded = check()
    assert " by " in first and loaded == "['ceasewatch.filewise', 'numpy', 'shapely']"
    placed.write_text(text.replace("# A synthetic", "# An edited synthetic"))
    again, loaded = check()
    assert loaded == "['ceasewatch.filewise']" and again == check("--no-cache")[0] == first
    lat = text.split("    lat: ", 1)[1].split("\n", 1)[0]
    placed.write_text(text.replace(f"    lat: {lat}\n", "    lat: 44.0\n"))  # a point moved
    # tested afresh (shapely is loaded for the country's outline in any case)
    assert check()[0] == check("--no-cache")[0]
