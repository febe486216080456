"""The cache from the command line: a second run reads it and says the same; ``--no-cache``
and ``cache clear`` leave it out or remove it."""

from __future__ import annotations

from pathlib import Path

from .conftest import TODAY, MakeDataset, run_cli

REPO = Path(__file__).resolve().parent.parent


def test_a_cached_run_says_exactly_what_a_fresh_one_says(tmp_path: Path) -> None:
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    args = ["check", "--root", str(REPO), "--today", TODAY, "--format", "json"]
    first = run_cli(args, env=env)
    assert any((tmp_path / "cache").rglob("*")), "the first run wrote no cache"
    second = run_cli(args, env=env)
    fresh = run_cli([*args, "--no-cache"], env={"XDG_CACHE_HOME": str(tmp_path / "none")})
    assert first.stdout == second.stdout == fresh.stdout
    assert first.exit_code == second.exit_code == fresh.exit_code == 0
    assert not (tmp_path / "none").exists()  # --no-cache writes none either


def test_cache_clear(make_dataset: MakeDataset, tmp_path: Path) -> None:
    root = make_dataset()
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    assert run_cli(["validate", "--root", str(root), "--today", TODAY], env=env).exit_code == 0
    cleared = run_cli(["cache", "clear", "--root", str(root)], env=env)
    assert (cleared.exit_code, cleared.stderr) == (0, "cache cleared\n")
    again = run_cli(["cache", "clear", "--root", str(root)], env=env)
    assert (again.exit_code, again.stderr) == (0, "no cache to clear\n")


def test_an_edit_is_seen_through_the_cache(make_dataset: MakeDataset, tmp_path: Path) -> None:
    root = make_dataset(
        {"incidents/x-1.yaml": "id: x-1\ntitle: T\noccurred: 2025-03-19\nlocation: {}\n"}
    )
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    args = ["validate", "--root", str(root), "--today", TODAY]
    assert run_cli(args, env=env).exit_code == 0
    (root / "incidents" / "x-1.yaml").write_text(
        "id: x-2\ntitle: T\noccurred: 2025-03-19\nlocation: {}\n"
    )
    edited = run_cli(args, env=env)
    assert edited.exit_code == 1 and "id-filename" in edited.stdout
