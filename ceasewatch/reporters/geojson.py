"""GeoJSON for maps: one point per incident with coordinates, styled by precision."""

from __future__ import annotations

from ..export import as_geojson, dumps
from ..results import DatasetReport
from .base import Reporter


class GeojsonReporter(Reporter):
    """A FeatureCollection; what cannot be drawn is said on ``err``."""

    def export(self, report: DatasetReport) -> None:
        """The points, then (on ``err``) how many incidents have no coordinates."""
        doc, missing = as_geojson(report.data, report.result)
        self.stream.write(dumps(doc))
        if missing:  # said only when it is news: most datasets place every incident
            verbs = ("incident has", "is") if missing == 1 else ("incidents have", "are")
            self.err.write(f"{missing} {verbs[0]} no coordinates and {verbs[1]} not on the map\n")
