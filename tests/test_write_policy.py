"""The write policy (docs/design.md, "Writing files"), command by command.

Generated artefacts (``report -o``, ``export -o``, ``schema --write``) are replaced whole, in
one rename: never left half-written, never written through a symbolic link to elsewhere.
Data is never replaced: :func:`ceasewatch.files.write_atomic` without ``replace`` refuses
any existing name, a dangling link included.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ceasewatch import files
from ceasewatch import schema as schemas

from .conftest import MakeDataset, run_cli

CLAIM = "claims: [{source: kremlin, url: 'https://example.org/a', attributes_to: ukraine}]\n"
INCIDENT = "id: x-1\ntitle: T\noccurred: 2025-03-19\nlocation: {country: UA}\n" + CLAIM
INVALID = "id: x-1\ntitle: T\noccurred: 2025-03-19\nlocation: {country: XX}\n" + CLAIM

#: Each command that writes a generated file, with what its output starts with.
ARTEFACTS = {
    "report": (["report"], "# "),
    "export-json": (["export", "--format", "json"], "{"),
    "export-csv": (["export", "--format", "csv"], "\ufeff"),
    "export-geojson": (["export", "--format", "geojson"], "{"),
    "export-svg": (["export", "--format", "svg"], "<?xml"),
}


def _leftovers(folder: Path) -> list[str]:
    """Temporary files a write left behind (``.NAME.*.tmp``)."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.fixture
def dataset(make_dataset: MakeDataset) -> Path:
    return make_dataset({"incidents/x-1.yaml": INCIDENT})


@pytest.mark.parametrize("name", sorted(ARTEFACTS))
def test_an_existing_artefact_is_replaced_whole(dataset: Path, tmp_path: Path, name: str) -> None:
    args, start = ARTEFACTS[name]
    out = tmp_path / "out" / "artefact"
    out.parent.mkdir()
    out.write_text("old content that is much longer than nothing\n" * 50)
    result = run_cli([*args, "--root", str(dataset), "--today", "2025-06-01", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    written = out.read_text(encoding="utf-8")
    assert written.startswith(start)
    assert "old content" not in written
    assert _leftovers(out.parent) == []


@pytest.mark.parametrize("name", sorted(ARTEFACTS))
def test_a_link_is_replaced_never_written_through(dataset: Path, tmp_path: Path, name: str) -> None:
    args, start = ARTEFACTS[name]
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("precious\n")
    out = tmp_path / "out.md"
    out.symlink_to(elsewhere)
    result = run_cli([*args, "--root", str(dataset), "--today", "2025-06-01", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert elsewhere.read_text() == "precious\n"
    assert not out.is_symlink()
    assert out.read_text(encoding="utf-8").startswith(start)


@pytest.mark.parametrize("name", sorted(ARTEFACTS))
def test_invalid_data_writes_nothing(make_dataset: MakeDataset, tmp_path: Path, name: str) -> None:
    root = make_dataset({"incidents/x-1.yaml": INVALID})
    args, _ = ARTEFACTS[name]
    out = tmp_path / "out.txt"
    out.write_text("previous\n")
    result = run_cli([*args, "--root", str(root), "-o", str(out)])
    assert result.exit_code == 1
    assert "nothing written" in result.stderr
    assert out.read_text() == "previous\n"
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("missing/out.md", "ceasewatch: error: cannot write {out}: No such file or directory"),
        ("a-folder", "Invalid value for '--output' / '-o': File '{out}' is a directory."),
    ],
)
def test_an_unwritable_target_is_a_setup_error(
    dataset: Path, tmp_path: Path, target: str, message: str
) -> None:
    (tmp_path / "a-folder").mkdir()
    out = tmp_path / target
    result = run_cli(["report", "--root", str(dataset), "-o", str(out)])
    assert result.exit_code == 2
    assert message.format(out=out) in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-folder", "dataset-1"]
    assert list((tmp_path / "a-folder").iterdir()) == []


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crash between writing and renaming (here: the disk full at fsync) changes nothing."""
    out = tmp_path / "report.md"
    out.write_text("old\n")

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError, match="No space left"):
        files.write_atomic(out, "new\n" * 1000, replace=True)
    assert out.read_text() == "old\n"
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("kind", ["file", "link", "dangling-link"])
def test_data_is_never_replaced(tmp_path: Path, kind: str) -> None:
    """What creates data refuses a name that is taken, by a file or by any link."""
    path = tmp_path / "incident.yaml"
    other = tmp_path / "other.yaml"
    if kind == "file":
        path.write_text("id: mine\n")
    elif kind == "link":
        other.write_text("id: other\n")
        path.symlink_to(other)
    else:
        path.symlink_to(tmp_path / "missing.yaml")
    before = os.readlink(path) if path.is_symlink() else path.read_text()
    with pytest.raises(FileExistsError):
        files.write_atomic(path, "id: new\n", replace=False)
    after = os.readlink(path) if path.is_symlink() else path.read_text()
    assert after == before
    assert not (tmp_path / "missing.yaml").exists()
    assert _leftovers(tmp_path) == []


def test_data_is_created_when_the_name_is_free(tmp_path: Path) -> None:
    path = tmp_path / "incident.yaml"
    files.write_atomic(path, "id: new\n", replace=False)
    assert path.read_text() == "id: new\n"
    assert _leftovers(tmp_path) == []


def test_schema_write_replaces_a_link_only_with_force(tmp_path: Path) -> None:
    folder = tmp_path / "schemas"
    folder.mkdir()
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text("{}\n")
    link = folder / schemas.file_name("incident")
    link.symlink_to(elsewhere)

    refused = run_cli(["schema", "--write", str(folder)])
    assert refused.exit_code == 2
    assert f"{link} differ from the current schema; add --force to replace" in refused.stderr
    assert link.is_symlink()
    assert elsewhere.read_text() == "{}\n"

    forced = run_cli(["schema", "--write", str(folder), "--force"])
    assert forced.exit_code == 0, forced.stderr
    assert not link.is_symlink()
    # what `schema incident` prints from the same folder (the dataset's own, found upwards)
    assert link.read_text(encoding="utf-8") == run_cli(["schema", "incident"]).stdout
    assert elsewhere.read_text() == "{}\n"
    assert _leftovers(folder) == []
