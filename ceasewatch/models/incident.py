"""``incidents/**/<id>.yaml``: when, where, what was hit, and who says who did it."""

from __future__ import annotations

from datetime import tzinfo
from typing import Annotated, Any

from pydantic import (
    Discriminator,
    Field,
    Tag,
)

from ..timeutil import Span, TimeError, resolve, window, zone
from .fields import (
    ActRef,
    Basis,
    Bool,
    CategoryRef,
    Country,
    Day,
    EventClaim,
    Id,
    Latitude,
    Longitude,
    MeansRef,
    Model,
    Moment,
    Outcome,
    Precision,
    Text,
    Url,
    Zone,
)


class Window(Model):
    """A span of uncertainty about when: both ends included."""

    from_: Moment = Field(alias="from", description="Earliest possible time")
    until: Moment = Field(description="Latest possible time")


def _when_tag(value: Any) -> str:
    return "window" if isinstance(value, dict) else "moment"


When = Annotated[
    Annotated[Moment, Tag("moment")] | Annotated[Window, Tag("window")],
    Discriminator(_when_tag),
]


class Coordinates(Model):
    """A point, with how precisely it marks the site."""

    lat: Latitude = Field(description="Latitude, decimal degrees")
    lon: Longitude = Field(description="Longitude, decimal degrees")
    precision: Precision = Field(description="exact | approximate | region")


class Location(Model):
    """Where the incident happened."""

    place: Text | None = Field(None, description="Settlement or site")
    region: Text | None = Field(None, description="Region, free text")
    country: Country | None = Field(None, description="ISO 3166-1 alpha-2; absent only at sea")
    coordinates: Coordinates | None = Field(None, description="A point")


class Target(Model):
    """What was hit, or aimed at."""

    category: CategoryRef = Field(description="A category id of the target taxonomy")
    name: Text | None = Field(None, description="Name of the facility or object")
    operator: Text | None = Field(None, description="Who runs it")


class Claim(Model):
    """What one source says: who did it, who did not, and its own version of events."""

    source: Id = Field(description="Who makes the claim")
    via: Id | None = Field(None, description="The outlet that carried it, if not the source")
    published: Moment | None = Field(None, description="When the claim was published")
    url: Url | None = Field(None, description="Where the claim can be read")
    original_url: Url | None = Field(
        None, description="The outlet's own page, when `url` is a copy of it on another site"
    )
    archive: Url | None = Field(None, description="A web-archive capture")
    retrieved: Day | None = Field(None, description="When the editor read it")
    basis: Basis | None = Field(
        None,
        description="On what the source bases it: statement | observation | imagery | sensor | "
        "unknown (default: statement for an affiliated source, else unknown)",
    )
    event: EventClaim = Field(
        "reported",
        description="reported: it describes the event as having happened; disputed: it says "
        "it did not happen, or not as described",
    )
    attributes_to: Id | None = Field(
        None, description="The party this source says did it, or `unknown`"
    )
    denies: Id | None = Field(None, description="The party this source says did not do it")
    general: Bool = Field(False, description="A blanket denial, not specific to this incident")
    summary: Text | None = Field(None, description="What the source says, in brief")
    occurred: When | None = Field(None, description="The source's own time of the incident")
    act: ActRef | None = Field(None, description="The source's own act")
    means: list[MeansRef] | None = Field(None, description="The source's own means")
    outcome: Outcome | None = Field(None, description="The source's own outcome")
    targets: list[Target] | None = Field(
        None, description="The source's own targets (replaces the incident's list)"
    )


class Review(Model):
    """A warning a reviewer has checked: listed as reviewed, no longer raised."""

    code: Id = Field(description="The warning's code, e.g. possible-duplicate")
    of: Id | None = Field(None, description="For a warning about a pair: the other incident")
    note: Text | None = Field(None, description="Why the warning does not apply")


class Incident(Model):
    """An incident: ``incidents/<year>/<id>.yaml``."""

    id: Id = Field(description="Unique id; also the file name")
    title: Text = Field(description="Short neutral description")
    occurred: When = Field(
        description="A date-time, a bare date (the whole local day), or a window {from, until}"
    )
    timezone: Zone | None = Field(None, description="IANA zone; else the project's")
    location: Location = Field(description="Where")
    act: ActRef | None = Field(None, description="What was done (missing: unknown)")
    means: list[MeansRef] = Field(default_factory=list, description="With what")
    outcome: Outcome | None = Field(None, description="hit | intercepted | aborted | unknown")
    targets: list[Target] | None = Field(None, description="What was hit or aimed at")
    inferred: list[Text] = Field(
        default_factory=list,
        description="Fields that are the dataset editor's inference, not any source's",
    )
    claims: list[Claim] = Field(default_factory=list, description="Who says what")
    note: Text | None = Field(None, description="Editor's remark")
    reviewed: list[Review] = Field(
        default_factory=list, description="Warnings a reviewer has checked, with why"
    )


def span_of(when: str | Window, where: tzinfo) -> Span | None:
    """The span a written time stands for, or None if it cannot be resolved."""
    try:
        if isinstance(when, Window):
            return window(when.from_, when.until, where)
        return resolve(when, where)
    except TimeError:
        return None


def incident_span(inc: Incident, default_zone: str) -> Span | None:
    """The incident's time span, in its own zone (else ``default_zone``, the project's);
    None when it cannot be resolved (invalid data, already reported)."""
    try:
        return span_of(inc.occurred, zone(inc.timezone or default_zone))
    except TimeError:
        return None
