"""Where a dataset's files are: its root, its data folders, and the files in them.

Apart from the rest of loading (no models, no YAML), so that a run served by the cache,
which only lists and hashes the files, starts without them.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_FILE = "ceasewatch.yaml"
KIND_DIRS = {"agreements": "agreement", "incidents": "incident", "tallies": "tally"}
SUFFIXES = (".yaml", ".yml")

__all__ = ["KIND_DIRS", "LINK", "PROJECT_FILE", "SUFFIXES", "SetupError", "discover", "find_root"]


class SetupError(Exception):
    """The run cannot start: no dataset root, an unreadable path. Exit code 2."""


def find_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` that holds ``ceasewatch.yaml``."""
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / PROJECT_FILE).is_file():
            return folder
    raise SetupError(
        f"no {PROJECT_FILE} found in {start} or any folder above it; run inside a dataset "
        "or give its folder with --root"
    )


#: The kind :func:`discover` gives a symbolic link that is not named like a data file.
LINK = "link"


def discover(root: Path) -> list[tuple[str, str]]:
    """``(kind, relative path)`` of every data file, sorted; links are listed, not followed.

    A link named like a data file keeps its folder's kind (the reader refuses it, located);
    any other link, to a folder or to anything else, is listed with the kind :data:`LINK`:
    skipped silently, a linked folder's files would vanish from the check.
    """
    found: list[tuple[str, str]] = []
    for folder, kind in KIND_DIRS.items():
        base = root / folder
        if not base.is_dir() or base.is_symlink():
            continue
        # Paths from the root by slicing strings: every entry's path starts with the folder's.
        cut = len(str(base)) + 1
        # An explicit stack instead of os.walk: no recursion limit, no link following.
        stack = [base]
        while stack:
            current = stack.pop()
            try:
                entries = list(os.scandir(current))
            except OSError as exc:
                raise SetupError(f"cannot read folder {current}: {exc.strerror}") from None
            for entry in entries:
                rel = folder + "/" + entry.path[cut:].replace(os.sep, "/")
                if entry.is_dir(follow_symlinks=False):
                    if not entry.name.startswith("."):
                        stack.append(Path(entry.path))
                elif entry.name.endswith(SUFFIXES):
                    found.append((kind, rel))
                elif entry.is_symlink():
                    found.append((LINK, rel))
    return sorted(found, key=lambda item: item[1])
