"""A static SVG map for pages and print: incidents by accused party and event grade."""

from __future__ import annotations

from ..results import DatasetReport
from ..svgmap import render
from .base import Reporter


class SvgReporter(Reporter):
    """One self-contained SVG document (see :mod:`ceasewatch.svgmap`)."""

    def export(self, report: DatasetReport) -> None:
        """The map."""
        self.stream.write(render(report.data, report.result))
