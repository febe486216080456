"""Exports for the tools analysts already use: JSON, CSV (ACLED-like columns) and GeoJSON."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from . import engine, figures
from .loading import Dataset, Loaded
from .models import Incident

VERSION = 3  # 2: event grade, basis and rung; 3: launch point, control, casualties

#: The CSV columns, in order, with the ACLED column each corresponds to (docs/export.md).
CSV_COLUMNS = (
    "row_type",
    "incident",
    "title",
    "start",
    "end",
    "time_precision",
    "act",
    "means",
    "accused",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "agreement",
    "term",
    "status",
    "support",
    "event",
    "contested",
    "sources",
    "source_count",
    "launched_from",
    "controlled_by",
    "killed_low",
    "killed_high",
    "injured_low",
    "injured_high",
)
_NUMERIC = frozenset(
    {
        "latitude",
        "longitude",
        "source_count",
        "killed_low",
        "killed_high",
        "injured_low",
        "injured_high",
    }
)
_FORMULA = ("=", "+", "-", "@", "\t", "\r")

#: Map styling by precision, so an approximate point does not look exact.
MARKERS = {
    "exact": {"marker-size": "large", "marker-color": "#b2182b"},
    "approximate": {"marker-size": "medium", "marker-color": "#ef8a62"},
    "region": {"marker-size": "small", "marker-color": "#999999"},
}


def neutralise(value: str) -> str:
    """A text cell a spreadsheet will not run as a formula."""
    return "'" + value if value.startswith(_FORMULA) else value


def _span(item: Loaded[Incident], data: Dataset) -> tuple[str, str, str]:
    assert data.project is not None
    inc = item.model
    span = engine.incident_span(inc, data.project.model.timezone)
    if span is None:
        return "", "", "unknown"
    precision = "exact" if span.start == span.end else "window"
    if isinstance(inc.occurred, str) and "T" not in inc.occurred:
        precision = "day"
    return span.utc_start.isoformat(), span.utc_end.isoformat(), precision


def as_json(data: Dataset, result: engine.Result) -> dict[str, Any]:
    """``{"version": 1, "incidents": [...], "findings": [...], "unattributed": [...]}``."""
    incidents = []
    for item in sorted(data.incidents, key=lambda i: i.model.id):
        start, end, precision = _span(item, data)
        body = item.model.model_dump(mode="json", by_alias=True, exclude_none=True, warnings=False)
        incidents.append(
            {
                **body,
                "file": item.file,
                "start_utc": start,
                "end_utc": end,
                "time_precision": precision,
            }
        )
    return {
        "version": VERSION,
        "incidents": incidents,
        "findings": [f.as_dict() for f in result.findings],
        "unattributed": [u.as_dict() for u in result.unattributed],
    }


def as_csv(data: Dataset, result: engine.Result) -> str:
    """One row per finding and one per unattributed incident; UTF-8 with a byte-order mark."""
    items = {i.model.id: i for i in data.incidents}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)

    def row(kind: str, f: engine.Finding, extra: dict[str, Any]) -> None:
        item = items[f.incident]
        inc = item.model
        start, end, precision = _span(item, data)
        c = inc.location.coordinates
        # the incident's record as the finding carries it (standing claims only)
        figures_ = f.context.get("casualties", {})
        values: dict[str, Any] = {
            "row_type": kind,
            "incident": inc.id,
            "title": inc.title,
            "start": start,
            "end": end,
            "time_precision": precision,
            "act": inc.act or "",
            "means": ";".join(inc.means),
            "country": inc.location.country or "",
            "admin1": inc.location.region or "",
            "location": inc.location.place or "",
            "latitude": c.lat if c else "",
            "longitude": c.lon if c else "",
            "geo_precision": c.precision if c else "",
            "launched_from": figures.point(inc.launched_from),
            "controlled_by": ";".join(
                f"{held['party']} per {held['per']}" for held in f.context.get("controlled_by", ())
            ),
            **{
                f"{figure}_{bound}": figures_[figure][bound]
                for figure in ("killed", "injured")
                if figure in figures_
                for bound in ("low", "high")
            },
            **extra,
        }
        writer.writerow(
            [
                values.get(col, "") if col in _NUMERIC else neutralise(str(values.get(col, "")))
                for col in CSV_COLUMNS
            ]
        )

    for f in result.findings:
        row(
            "finding",
            f,
            {
                "accused": f.party,
                "agreement": f.agreement,
                "term": f.term,
                "status": f.status,
                "support": f.support,
                "event": f.event,
                "contested": "yes" if f.contested else "no",
                "sources": ";".join(f.claimed_by),
                "source_count": len(f.claimed_by),
            },
        )
    for u in result.unattributed:
        row(
            "unattributed",
            u,
            {
                "accused": "",
                "agreement": u.agreement,
                "term": u.term,
                "status": u.status,
                "support": "",
                "event": u.event,
                "contested": "",
                "sources": "",
                "source_count": 0,
            },
        )
    return "\ufeff" + buffer.getvalue()


def as_geojson(data: Dataset, result: engine.Result) -> tuple[dict[str, Any], int]:
    """A FeatureCollection of the incidents with coordinates, and how many have none."""
    by_incident: dict[str, list[engine.Finding]] = {}
    for f in result.findings:
        by_incident.setdefault(f.incident, []).append(f)
    features = []
    missing = 0
    for item in sorted(data.incidents, key=lambda i: i.model.id):
        inc = item.model
        c = inc.location.coordinates
        if c is None:
            missing += 1
            continue
        start, end, precision = _span(item, data)
        summary = (
            "; ".join(
                f"{f.status} alleged against {f.party} ({f.agreement}/{f.term}, {f.support}; "
                f"event {f.event})"
                for f in by_incident.get(inc.id, [])
            )
            or "no alleged violation"
        )
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [c.lon, c.lat]},
                "properties": {
                    "id": inc.id,
                    "title": inc.title,
                    "start": start,
                    "end": end,
                    "time_precision": precision,
                    "geo_precision": c.precision,
                    "findings": summary,
                    **MARKERS[c.precision],
                },
            }
        )
        features += _paths(inc, [c.lon, c.lat])
    return {"type": "FeatureCollection", "features": features}, missing


def _paths(inc: Incident, impact: list[float]) -> list[dict[str, Any]]:
    """Where the strike came from (a point, and a line to where it hit) and where it was
    stopped: each drawn by its own precision, and named by the incident and its role."""
    out: list[dict[str, Any]] = []
    for role, place in (("launch", inc.launched_from), ("interception", inc.intercepted_at)):
        c = place.coordinates if place is not None else None
        if c is None:
            continue
        props = {"id": inc.id, "role": role, "geo_precision": c.precision}
        out.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [c.lon, c.lat]},
                "properties": {**props, **MARKERS[c.precision], "marker-symbol": role[0]},
            }
        )
        if role == "launch":
            line = {"type": "LineString", "coordinates": [[c.lon, c.lat], impact]}
            style = {"stroke": MARKERS[c.precision]["marker-color"], "stroke-width": 2}
            out.append({"type": "Feature", "geometry": line, "properties": {**props, **style}})
    return out


def dumps(doc: dict[str, Any]) -> str:
    """Stable JSON text."""
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
