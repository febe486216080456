"""The library entry points: what the commands call, usable without the CLI."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from .checks import check
from .loading import Dataset, load_dataset, no_cyclic_gc
from .quality import apply_reviews, check_quality


def validate(root: Path, *, today: date | None = None) -> Dataset:
    """Load every file under ``root`` and run every check; problems are in ``.diagnostics``."""
    with no_cyclic_gc():
        data = load_dataset(root)
        check(data, today=today)
        check_quality(data)
        apply_reviews(data)
        data.diagnostics.sort()
    return data
