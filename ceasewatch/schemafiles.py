"""Writing the JSON Schemas into a folder (:func:`ceasewatch.api.write_schemas`)."""

from __future__ import annotations

from pathlib import Path

from . import schema as schemas
from .apierrors import StaleSchemas
from .files import write_atomic
from .loading import SetupError


def write_all(folder: Path, *, force: bool = False, root: Path | None = None) -> list[Path]:
    """See :func:`ceasewatch.api.write_schemas`."""
    names = schemas.names_near(root)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SetupError(f"cannot create {folder}: {exc.strerror}") from None
    written: list[Path] = []
    stale: list[Path] = []
    for name in schemas.KINDS:
        target = folder / schemas.file_name(name)
        text = schemas.render(name, names)
        if target.is_file() and target.read_text(encoding="utf-8") == text:
            continue
        if target.exists() and not force:
            stale.append(target)
            continue
        try:
            write_atomic(target, text, replace=force)
        except OSError as exc:
            raise SetupError(f"cannot write {target}: {exc.strerror}") from None
        written.append(target)
    if stale:
        raise StaleSchemas(written, stale)
    return written
