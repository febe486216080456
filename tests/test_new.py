"""``ceasewatch new incident``: a valid file from options or answers, written whole, never
over another file, validated at once."""

from __future__ import annotations

import os
from pathlib import Path

import click.testing
import pytest

from ceasewatch.api import load
from ceasewatch.cli import new as new_cli

from .conftest import CLI_ENV, TODAY, MakeDataset, _command, run_cli
from .golden import check_golden

OPTIONS = [
    "--date",
    "2025-04-20",
    "--place",
    "Kherson",
    "--region",
    "Kherson oblast",
    "--country",
    "UA",
    "--act",
    "strike",
    "--target",
    "energy/power/plant",
    "--means",
    "drone",
    "--source",
    "ukraine-mfa",
    "--attributes-to",
    "russia",
    "--url",
    "https://example.org/statement",
    "--published",
    "2025-04-21",
    "--summary",
    "Says a drone hit the plant.",
]
FILE = Path("incidents/2025/2025-04-20-kherson.yaml")


def new(root: Path, *args: str) -> click.testing.Result:
    return run_cli(["new", "incident", "--root", str(root), "--today", TODAY, *args])


def test_options_make_a_valid_file(make_dataset: MakeDataset) -> None:
    root = make_dataset()
    result = new(root, *OPTIONS)
    assert result.exit_code == 0, result.stderr
    text = (root / FILE).read_text(encoding="utf-8")
    check_golden("new/incident.yaml", text)
    assert "no problems in 1 file (0 agreements, 1 incident)" in result.stderr
    data = load(root)
    assert [d for d in data.diagnostics if d.severity == "error"] == []
    (item,) = data.incidents
    assert item.model.claims[0].attributes_to == "russia"
    assert item.model.title == "Ukrainian Foreign Ministry reports strike at Kherson"


def test_an_existing_file_is_never_replaced(make_dataset: MakeDataset) -> None:
    root = make_dataset({str(FILE): "id: mine\n"})
    result = new(root, *OPTIONS)
    assert result.exit_code == 2
    assert "already exists" in result.stderr
    assert (root / FILE).read_text(encoding="utf-8") == "id: mine\n"
    assert [p.name for p in (root / FILE).parent.iterdir()] == [FILE.name]  # no temp file


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("--source", "ukriane-mfa"), "unknown source `ukriane-mfa`; did you mean `ukraine-mfa`?"),
        (("--act", "strik"), "unknown act `strik`; did you mean `strike`?"),
        (("--target", "energy/powr"), "unknown category `energy/powr`"),
        (("--attributes-to", "rusia"), "unknown party `rusia`; did you mean `russia`?"),
        (("--country", "XX"), "`XX` is not an ISO 3166-1 alpha-2 code"),
        (("--url", "javascript:alert(1)"), "is not an http:// or https:// address"),
        (("--date", "2025-02-30"), "--date"),
    ],
)
def test_a_bad_answer_writes_nothing(
    make_dataset: MakeDataset, change: tuple[str, str], message: str
) -> None:
    root = make_dataset()
    args = list(OPTIONS)
    args[args.index(change[0]) + 1] = change[1]
    result = new(root, *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (root / "incidents" / "2025").exists()


def test_without_a_terminal_missing_options_are_named(make_dataset: MakeDataset) -> None:
    root = make_dataset()
    result = new(root, "--date", "2025-04-20", "--place", "Kherson")
    assert result.exit_code == 2
    assert "give --country, --act, --target, --source" in result.stderr
    assert not (root / "incidents" / "2025").exists()


def test_hostile_text_reads_back_exactly(make_dataset: MakeDataset) -> None:
    root = make_dataset()
    place = 'Kherson: "port" #1 {a: b} &anchor *alias !!python/object'
    args = list(OPTIONS)
    args[args.index("--place") + 1] = place
    args += ["--id", "kherson-port"]
    result = new(root, *args)
    assert result.exit_code == 0, result.stderr
    (item,) = load(root).incidents
    assert item.model.location.place == place
    assert item.model.id == "2025-04-20-kherson-port"


def test_on_a_terminal_it_asks_and_offers_the_ids(
    make_dataset: MakeDataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_dataset()
    monkeypatch.setattr(new_cli, "interactive", lambda: True)
    answers = [
        "2025-02-30",  # date: no such day, asked again
        "2025-04-20",
        "Kherson",  # place
        "XX",  # country: no such code, asked again
        "UA",
        "strik",  # act: a typo, asked again
        "strike",
        "energy/power/plant",  # target
        "?",  # source: list them
        "ukraine-mfa",
        "russia",  # who did it
        "",  # no URL yet
    ]
    env = {k: v for k, v in CLI_ENV.items() if v is not None}
    result = click.testing.CliRunner().invoke(
        _command(),
        ["new", "incident", "--root", str(root), "--today", TODAY],
        input="\n".join(answers) + "\n",
        env=env,
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert "`2025-02-30` is not a date as YYYY-MM-DD" in result.stdout
    assert "`XX` is not declared" in result.stdout
    assert "`strik` is not declared; did you mean strike?" in result.stdout
    assert "kremlin, reuters, rt, russia-mod" in result.stdout  # the list of sources
    (item,) = load(root).incidents
    assert item.model.act == "strike"
    assert item.model.claims[0].url is None
    assert os.path.exists(root / FILE)


def test_stopping_at_a_question_writes_nothing(
    make_dataset: MakeDataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_dataset()
    monkeypatch.setattr(new_cli, "interactive", lambda: True)
    env = {k: v for k, v in CLI_ENV.items() if v is not None}
    result = click.testing.CliRunner().invoke(
        _command(),
        ["new", "incident", "--root", str(root), "--today", TODAY],
        input="2025-04-20\nKherson\n",  # then the input ends, as with Ctrl-D
        env=env,
        catch_exceptions=False,
    )
    assert result.exit_code == 2
    assert "stopped; nothing written" in result.stderr
    assert not (root / "incidents" / "2025").exists()
