"""CSV for spreadsheets: one row per finding and per unattributed incident."""

from __future__ import annotations

from ..export import as_csv
from ..results import DatasetReport
from .base import Reporter


class CsvReporter(Reporter):
    """UTF-8 with a byte-order mark, formulas neutralised (see :mod:`ceasewatch.export`)."""

    def export(self, report: DatasetReport) -> None:
        """The rows."""
        self.stream.write(as_csv(report.data, report.result))
