"""Typed models of the three file kinds, validated strictly from the loader's plain text.

The loader hands over only strings, lists and mappings, so every non-text value is
typed here by an explicit, narrow parser: ``true``/``false`` only for booleans, a plain
decimal for coordinates, ISO 8601 for dates. The same models generate the JSON Schema.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

import pycountry
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from . import vocab
from .timeutil import TimeError, check_year, parse_moment, zone

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CATEGORY_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)*$")
# re.ASCII: `\d` would also match other scripts' digits (`٤٨`, `𝟑𝟓`), which `float()` and
# the date parsers accept; the format and the schema promise plain ASCII digits.
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
DATETIME_RE = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2})?$", re.ASCII
)
DECIMAL_RE = re.compile(r"^[+-]?\d{1,3}(?:\.\d{1,12})?$", re.ASCII)
DURATION_RE = re.compile(r"^([1-9]\d{0,3}) days?$", re.ASCII)
URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


def _fail(code: str, message: str, **ctx: Any) -> PydanticCustomError:
    return PydanticCustomError(code, message, ctx or None)


def _id(value: str) -> str:
    if not ID_RE.match(value) or len(value) > 100:
        raise _fail(
            "id-format",
            "`{value}` is not a valid id: use lowercase letters a-z, digits and single hyphens",
            value=value[:80],
        )
    return value


def _category(value: str) -> str:
    if not CATEGORY_RE.match(value) or len(value) > 200:
        raise _fail(
            "id-format",
            "`{value}` is not a valid category id: lowercase words joined by `-`, "
            "levels separated by `/` (e.g. `energy/oil/refinery`)",
            value=value[:80],
        )
    return value


def _bool(value: Any) -> Any:
    if value in ("true", "false"):
        return value == "true"
    if isinstance(value, str):
        raise _fail("schema-type", "expected `true` or `false`, found `{value}`", value=value[:80])
    return value


def _decimal(value: Any) -> Any:
    if isinstance(value, str):
        if not DECIMAL_RE.match(value):
            raise _fail(
                "schema-type", "expected a decimal number, found `{value}`", value=value[:80]
            )
        return float(value)
    return value


def _date(value: Any) -> Any:
    if isinstance(value, str):
        if not DATE_RE.match(value):
            raise _fail(
                "time-invalid", "`{value}` is not a date; write it as YYYY-MM-DD", value=value[:80]
            )
        try:
            day = date.fromisoformat(value)
            check_year(day, value)
        except TimeError as exc:
            raise _fail(exc.code, "{why}", why=exc.message) from None
        except ValueError as exc:
            raise _fail(
                "time-invalid", "`{value}` is not a real date: {why}", value=value, why=str(exc)
            ) from None
        return day
    return value


def _moment(value: str) -> str:
    """Check a date or date-time's form; time zones are resolved once the context is known."""
    if not (DATE_RE.match(value) or DATETIME_RE.match(value)):
        raise _fail(
            "time-invalid",
            "`{value}` is not an ISO 8601 date or date-time; write YYYY-MM-DD or "
            "YYYY-MM-DDTHH:MM[:SS][+HH:MM]",
            value=value[:80],
        )
    try:
        parse_moment(value)
    except TimeError as exc:
        raise _fail(exc.code, "{why}", why=exc.message) from None
    return value


def _country(value: str) -> str:
    # pycountry's lookup ignores case; ISO 3166-1 alpha-2 codes are upper case (`ua` is not one)
    if not re.fullmatch(r"[A-Z]{2}", value) or pycountry.countries.get(alpha_2=value) is None:
        raise _fail(
            "place-country",
            "`{value}` is not an ISO 3166-1 alpha-2 country code (e.g. `UA`, `RU`)",
            value=value[:80],
        )
    return value


def _url(value: str) -> str:
    if not URL_RE.match(value) or len(value) > 2000:
        raise _fail(
            "url-scheme", "`{value}` is not an http:// or https:// address", value=value[:80]
        )
    return value


def _duration(value: str) -> str:
    if not DURATION_RE.match(value):
        raise _fail("time-invalid", "`{value}` is not a duration; write `N days`", value=value[:80])
    return value


def _zone(value: str) -> str:
    try:
        zone(value)
    except TimeError as exc:
        raise _fail(exc.code, "{why}", why=exc.message) from None
    return value


def _nonempty(value: str) -> str:
    if not value.strip():
        raise _fail("schema-value", "is empty; give a value or remove the field")
    return value


# The schema states what the validators check, so an editor flags what ceasewatch refuses:
# text that is not blank, the length limits of ids, the ranges of coordinates.
Text = Annotated[
    str, AfterValidator(_nonempty), WithJsonSchema({"type": "string", "pattern": r"\S"})
]
Id = Annotated[
    str,
    AfterValidator(_id),
    WithJsonSchema({"type": "string", "pattern": ID_RE.pattern, "maxLength": 100}),
]
CategoryId = Annotated[
    str,
    AfterValidator(_category),
    WithJsonSchema({"type": "string", "pattern": CATEGORY_RE.pattern, "maxLength": 200}),
]


def _known_or_pattern(
    known: dict[str, str], pattern: str, what: str, max_length: int
) -> WithJsonSchema:
    # Editors offer the built-in values; the pattern admits a dataset's own additions,
    # which ceasewatch (not the schema) checks against ceasewatch.yaml.
    return WithJsonSchema(
        {
            "anyOf": [
                {"enum": list(known), "description": f"A built-in {what}"},
                {
                    "type": "string",
                    "pattern": pattern,
                    "maxLength": max_length,
                    "description": f"A {what} added in ceasewatch.yaml",
                },
            ]
        }
    )


ActRef = Annotated[
    str, AfterValidator(_id), _known_or_pattern(vocab.ACTS, ID_RE.pattern, "act", 100)
]
MeansRef = Annotated[
    str, AfterValidator(_id), _known_or_pattern(vocab.MEANS, ID_RE.pattern, "means", 100)
]
CategoryRef = Annotated[
    str,
    AfterValidator(_category),
    _known_or_pattern(vocab.CATEGORIES, CATEGORY_RE.pattern, "target category", 200),
]
Bool = Annotated[bool, BeforeValidator(_bool)]
Day = Annotated[date, BeforeValidator(_date)]
Moment = Annotated[
    str,
    AfterValidator(_moment),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": f"^(?:{DATE_RE.pattern[1:-1]}|{DATETIME_RE.pattern[1:-1]})$",
            "description": "A date (the whole local day) or an ISO 8601 date-time",
        }
    ),
]
Country = Annotated[
    str,
    AfterValidator(_country),
    WithJsonSchema({"enum": sorted(c.alpha_2 for c in pycountry.countries)}),
]
Url = Annotated[
    str,
    AfterValidator(_url),
    WithJsonSchema(
        {
            "type": "string",
            "format": "uri",
            # URL_RE, spelled without the ignore-case flag JSON Schema patterns lack
            "pattern": r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s/$.?#][^\s]*$",
            "maxLength": 2000,
        }
    ),
]
Duration = Annotated[
    str,
    AfterValidator(_duration),
    WithJsonSchema({"type": "string", "pattern": DURATION_RE.pattern}),
]
Zone = Annotated[str, AfterValidator(_zone)]
Outcome = Literal["hit", "intercepted", "aborted", "unknown"]
Precision = Literal["exact", "approximate", "region"]
SourceKind = Literal[
    "official", "state-media", "media", "ngo", "monitor", "social", "company", "other"
]


def _latitude(v: float) -> float:
    if not -90 <= v <= 90:
        raise _fail("place-coordinates", "latitude {v} is out of range (-90 to 90)", v=v)
    return v


def _longitude(v: float) -> float:
    if not -180 <= v <= 180:
        raise _fail("place-coordinates", "longitude {v} is out of range (-180 to 180)", v=v)
    return v


Latitude = Annotated[
    float,
    BeforeValidator(_decimal),
    AfterValidator(_latitude),
    WithJsonSchema({"type": "number", "minimum": -90, "maximum": 90}),
]
Longitude = Annotated[
    float,
    BeforeValidator(_decimal),
    AfterValidator(_longitude),
    WithJsonSchema({"type": "number", "minimum": -180, "maximum": 180}),
]
Number = Annotated[float, BeforeValidator(_decimal)]


def _rings(value: Any) -> Any:
    """Type a polygon's nested position lists; check ranges and that rings close."""
    if not isinstance(value, list):
        return value

    def walk(node: Any) -> Any:
        if isinstance(node, list) and node and all(isinstance(x, str) for x in node):
            if len(node) != 2:
                raise _fail("place-polygon", "each position is [longitude, latitude]")
            return [_longitude(_decimal(node[0])), _latitude(_decimal(node[1]))]
        if not isinstance(node, list) or not node:
            raise _fail("place-polygon", "expected nested lists of [longitude, latitude]")
        out = [walk(child) for child in node]
        is_ring = isinstance(out[0][0], float)  # a list of positions
        if is_ring and (len(out) < 4 or out[0] != out[-1]):
            raise _fail("place-polygon", "each ring needs four or more positions and must close")
        return out

    return walk(value)


Rings = Annotated[
    list[Any],
    BeforeValidator(_rings),
    WithJsonSchema({"type": "array", "items": {"type": "array"}}),
]


class Model(BaseModel):
    """Base: strict, closed (unknown keys are errors), immutable."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, populate_by_name=True)


# --- ceasewatch.yaml -----------------------------------------------------------------------


class Party(Model):
    """A party to the conflict or a mediator."""

    name: Text = Field(description="Display name")
    aliases: list[Text] = Field(default_factory=list, description="Other names in use")


class Source(Model):
    """Someone who makes claims: a ministry, an outlet, a company, a channel."""

    name: Text = Field(description="Display name")
    kind: SourceKind = Field(description="What sort of source it is")
    affiliation: Id | None = Field(
        None, description="The party the source speaks for or belongs to; absent if unaffiliated"
    )
    url: Url | None = Field(None, description="Home page")
    note: Text | None = Field(None, description="Why the source is classed this way")


class Polygon(Model):
    """A GeoJSON Polygon or MultiPolygon, coordinates in longitude, latitude order."""

    type: Literal["Polygon", "MultiPolygon"] = Field(description="GeoJSON geometry type")
    coordinates: Rings = Field(
        description="Rings of [longitude, latitude] positions, each ring closed"
    )

    @model_validator(mode="after")
    def _depth(self) -> Polygon:
        polygons = [self.coordinates] if self.type == "Polygon" else self.coordinates
        for polygon in polygons:
            if not polygon or not all(_is_ring(ring) for ring in polygon):
                raise _fail(
                    "place-polygon",
                    "a {type} is a list of {what}; each ring a list of [longitude, latitude]",
                    type=self.type,
                    what="rings" if self.type == "Polygon" else "polygons",
                )
        return self


def _is_ring(ring: Any) -> bool:
    return (
        isinstance(ring, list)
        and bool(ring)
        and isinstance(ring[0], list)
        and (len(ring[0]) == 2 and isinstance(ring[0][0], float))
    )


class Area(Model):
    """A named area: a set of countries or a polygon."""

    name: Text = Field(description="Display name")
    countries: list[Country] | None = Field(None, description="ISO 3166-1 alpha-2 codes")
    polygon: (
        Annotated[
            Annotated[Polygon, Tag("inline")] | Annotated[Text, Tag("file")],
            Discriminator(lambda v: "inline" if isinstance(v, dict) else "file"),
        ]
        | None
    ) = Field(
        None, description="A GeoJSON polygon inline, or a path to a GeoJSON file from the root"
    )

    @model_validator(mode="after")
    def _one(self) -> Area:
        if (self.countries is None) == (self.polygon is None):
            raise _fail("schema-value", "give exactly one of `countries` or `polygon`")
        return self


class Project(Model):
    """``ceasewatch.yaml``: marks the dataset root and holds its vocabulary."""

    title: Text = Field(description="Name of the dataset")
    timezone: Zone = Field(
        description="IANA zone for times written without an offset and for bare dates"
    )
    parties: dict[Id, Party] = Field(description="Parties and mediators, by id")
    sources: dict[Id, Source] = Field(description="Sources of claims, by id")
    areas: dict[Id, Area] = Field(default_factory=dict, description="Named areas, by id")
    categories: dict[CategoryId, Text] = Field(
        default_factory=dict,
        description="Target categories added to the built-in taxonomy (id: description)",
    )
    acts: dict[Id, Text] = Field(default_factory=dict, description="Acts added (id: description)")
    means: dict[Id, Text] = Field(default_factory=dict, description="Means added (id: description)")


# --- agreements ------------------------------------------------------------------------------


class InForce(Model):
    """One reading of when an agreement binds, and who says so."""

    from_: Moment | None = Field(None, alias="from", description="Start (included)")
    until: Moment | None = Field(None, description="End (excluded)")
    for_: Duration | None = Field(None, alias="for", description="Length after `from`: `N days`")
    pending: Text | None = Field(
        None, description="Not yet in force: what it waits for (excludes from/until/for)"
    )
    per: list[Id] = Field(min_length=1, description="Sources that state this reading")
    parties: list[Id] | None = Field(
        None, description="Parties this reading concerns (default: all)"
    )
    note: Text | None = Field(None, description="Free-text remark")

    @model_validator(mode="after")
    def _shape(self) -> InForce:
        if self.pending is not None:
            if self.from_ or self.until or self.for_:
                raise _fail("schema-value", "a `pending` reading has no `from`, `until` or `for`")
        elif self.from_ is None:
            raise _fail("schema-missing", "give `from` (or `pending` if not yet in force)")
        if self.until is not None and self.for_ is not None:
            raise _fail("schema-value", "give `until` or `for`, not both")
        return self


class Scope(Model):
    """What a term covers: acts, means, targets and areas; omitted fields mean any."""

    acts: list[ActRef] | None = Field(None, description="Acts covered (omitted: any act)")
    means: list[MeansRef] | None = Field(None, description="Means covered (omitted: any)")
    targets: list[CategoryRef] | None = Field(
        None, description="Target categories, each covering its subtree (omitted: any)"
    )
    areas: list[Id] | None = Field(None, description="Areas (omitted: anywhere)")


class Prohibition(Scope):
    """The first reading of a term."""

    attempts: Bool | None = Field(
        None, description="Do intercepted attacks count? Default false; aborted ones never do"
    )
    per: list[Id] = Field(min_length=1, description="Sources that state this reading")


class Reading(Prohibition):
    """Another source's reading of a term; overrides only the fields it names."""

    except_: Scope | None = Field(None, alias="except", description="Carve-outs of this reading")


class Term(Model):
    """One commitment of an agreement."""

    id: Id = Field(description="Unique within the agreement")
    title: Text = Field(description="Short description")
    binds: list[Id] | None = Field(None, description="Parties bound (default: all)")
    prohibits: Prohibition = Field(description="What the term prohibits (its first reading)")
    readings: list[Reading] = Field(default_factory=list, description="Other readings")
    except_: Scope | None = Field(None, alias="except", description="Carve-outs")
    note: Text | None = Field(None, description="Free-text remark")


class Reference(Model):
    """A published text of the agreement."""

    source: Id = Field(description="Who published it")
    url: Url = Field(description="Where")
    published: Day | None = Field(None, description="When (YYYY-MM-DD)")
    via: Id | None = Field(None, description="The outlet that carried it, if not the source")
    title: Text | None = Field(None, description="Title of the text")


class Agreement(Model):
    """An agreement: ``agreements/<id>.yaml``."""

    id: Id = Field(description="Unique id; also the file name")
    title: Text = Field(description="Name of the agreement")
    parties: list[Id] = Field(min_length=1, description="Parties to the agreement")
    mediators: list[Id] = Field(default_factory=list, description="Mediators")
    announced: Day | None = Field(None, description="Date announced")
    in_force: list[InForce] = Field(min_length=1, description="Readings of when it binds")
    references: list[Reference] = Field(default_factory=list, description="Published texts")
    terms: list[Term] = Field(min_length=1, description="Its commitments")
    note: Text | None = Field(None, description="Free-text remark")


# --- incidents -------------------------------------------------------------------------------


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
    archive: Url | None = Field(None, description="An archived copy")
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


KIND_MODELS: dict[str, type[Model]] = {
    "project": Project,
    "agreement": Agreement,
    "incident": Incident,
}
