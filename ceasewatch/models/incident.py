"""``incidents/**/<id>.yaml``: when, where, what was hit, and who says who did it."""

from __future__ import annotations

from datetime import tzinfo
from typing import Annotated, Any

from pydantic import (
    Discriminator,
    Field,
    Tag,
    model_validator,
)

from ..timeutil import Span, TimeError, resolve, window, zone
from .fields import (
    ActRef,
    Basis,
    Bool,
    CategoryRef,
    Count,
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
    _fail,
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
    controlled_by: Id | None = Field(
        None, description="The party that held the site at the time (no effect on findings)"
    )


class LaunchPoint(Location):
    """Where a strike was launched from: a place, or only an area (`area: black-sea`)."""

    area: Id | None = Field(None, description="An area of ceasewatch.yaml it lies inside")


class Range(Model):
    """A figure the sources give as a range: both ends."""

    low: Count = Field(description="The lowest figure given")
    high: Count = Field(description="The highest figure given")

    @model_validator(mode="after")
    def _order(self) -> Range:
        if self.low > self.high:
            raise _fail("schema-value", "`low` is above `high`; give the lowest figure as `low`")
        return self


def _figure_tag(value: Any) -> str:
    return "range" if isinstance(value, dict) else "count"


#: A whole number, or `{low, high}` (one error, from the form the author used).
Figure = Annotated[
    Annotated[Count, Tag("count")] | Annotated[Range, Tag("range")],
    Discriminator(_figure_tag),
]


class PowerCut(Model):
    """Who was left without power: people or households, one of the two."""

    people: Figure | None = Field(None, description="People without power")
    households: Figure | None = Field(None, description="Households without power")

    @model_validator(mode="after")
    def _one(self) -> PowerCut:
        if (self.people is None) == (self.households is None):
            raise _fail("schema-value", "give exactly one of `people` or `households`")
        return self


class Casualties(Model):
    """How many: killed, injured, left without power (no effect on findings)."""

    killed: Figure | None = Field(None, description="A whole number, or {low, high}")
    injured: Figure | None = Field(None, description="A whole number, or {low, high}")
    without_power: PowerCut | None = Field(None, description="`people` or `households`")


class Retraction(Model):
    """The source withdrew the claim."""

    date: Day = Field(description="When it was withdrawn")
    url: Url | None = Field(None, description="Where the withdrawal can be read")


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
    launched_from: LaunchPoint | None = Field(
        None, description="The source's own launch point (replaces the incident's whole one)"
    )
    controlled_by: Id | None = Field(
        None, description="The party that held the site at the time, by this source"
    )
    casualties: Casualties | None = Field(None, description="The source's own figures")
    updates: Count | None = Field(
        None,
        description="The index (from 0) of an earlier claim of the same source this one revises",
    )
    retracted: Retraction | None = Field(
        None, description="The source withdrew this claim: it neither accuses nor denies"
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
    launched_from: LaunchPoint | None = Field(
        None, description="Where the strike came from (a place, or only an area)"
    )
    intercepted_at: Location | None = Field(
        None, description="Where it was stopped (only with outcome `intercepted`)"
    )
    casualties: Casualties | None = Field(None, description="Killed, injured, without power")
    inferred: list[Text] = Field(
        default_factory=list,
        description="Fields that are the dataset editor's inference, not any source's",
    )
    claims: list[Claim] = Field(default_factory=list, description="Who says what")
    note: Text | None = Field(None, description="Editor's remark")
    reviewed: list[Review] = Field(
        default_factory=list, description="Warnings a reviewer has checked, with why"
    )

    @model_validator(mode="after")
    def _interception(self) -> Incident:
        if self.intercepted_at is not None and self.outcome != "intercepted":
            raise _fail(
                "schema-value",
                "`intercepted_at` goes with outcome `intercepted`; set the outcome or remove it",
            )
        return self


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
