"""A static SVG map for pages and print: incidents by accused party and event grade."""

from __future__ import annotations

from ..results import DatasetReport
from .base import Reporter


class SvgReporter(Reporter):
    """One self-contained SVG document (see :mod:`ceasewatch.svgmap`)."""

    def export(self, report: DatasetReport) -> None:
        """The map."""
        # imported here: the map needs shapely and countryinfo, which no other command does
        from ..svgmap import render

        self.stream.write(render(report.data, report.result))
