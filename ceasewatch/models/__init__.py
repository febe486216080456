"""Typed models of the four file kinds, validated strictly from the loader's plain text.

The loader hands over only strings, lists and mappings, so every non-text value is
typed here by an explicit, narrow parser: ``true``/``false`` only for booleans, a plain
decimal for coordinates, ISO 8601 for dates. The same models generate the JSON Schema.
"""

from __future__ import annotations

from .agreement import (
    SCOPE_FIELDS,
    Agreement,
    InForce,
    Prohibition,
    Reading,
    Reference,
    Scope,
    ScopeField,
    Term,
)
from .fields import (
    CATEGORY_RE,
    DATE_RE,
    DATETIME_RE,
    DECIMAL_RE,
    DURATION_RE,
    ID_RE,
    URL_RE,
    Model,
)
from .incident import (
    Casualties,
    Claim,
    Coordinates,
    Incident,
    LaunchPoint,
    Location,
    PowerCut,
    Range,
    Retraction,
    Review,
    Target,
    Window,
    incident_span,
    span_of,
)
from .project import Area, Party, Polygon, Project, Source
from .tally import Tally, TallyPeriod

#: The model of each file kind.
KIND_MODELS: dict[str, type[Model]] = {
    "project": Project,
    "agreement": Agreement,
    "incident": Incident,
    "tally": Tally,
}

__all__ = [
    "CATEGORY_RE",
    "DATETIME_RE",
    "DATE_RE",
    "DECIMAL_RE",
    "DURATION_RE",
    "ID_RE",
    "KIND_MODELS",
    "SCOPE_FIELDS",
    "URL_RE",
    "Agreement",
    "Area",
    "Casualties",
    "Claim",
    "Coordinates",
    "InForce",
    "Incident",
    "LaunchPoint",
    "Location",
    "Model",
    "Party",
    "Polygon",
    "PowerCut",
    "Prohibition",
    "Project",
    "Range",
    "Reading",
    "Reference",
    "Retraction",
    "Review",
    "Scope",
    "ScopeField",
    "Source",
    "Tally",
    "TallyPeriod",
    "Target",
    "Term",
    "Window",
    "incident_span",
    "span_of",
]
