"""The field types every file kind is built from: each a narrow parser of the loader's text.

The loader hands over only strings, lists and mappings, so every non-text value is
typed here by an explicit, narrow parser: ``true``/``false`` only for booleans, a plain
decimal for coordinates, ISO 8601 for dates.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Annotated, Any, Literal

import pycountry
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from .. import vocab
from ..timeutil import TimeError, check_year, parse_moment, zone

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


# Ids and categories are few and met again in every file (sources, parties, acts): checked
# once each (only what passes is kept; a failure raises, and is not).
@lru_cache(maxsize=4096)
def _id(value: str) -> str:
    if not ID_RE.match(value) or len(value) > 100:
        raise _fail(
            "id-format",
            "`{value}` is not a valid id: use lowercase letters a-z, digits and single hyphens",
            value=value[:80],
        )
    return value


@lru_cache(maxsize=1024)
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


# Pure functions of the text, and a dataset repeats a few hundred dates and countries:
# cached (only what passes; a failure raises, and is not).
@lru_cache(maxsize=8192)
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


@lru_cache(maxsize=512)
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


HOST_RE = re.compile(
    r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$",
    re.ASCII,
)


def _host(value: str) -> str:
    if not HOST_RE.match(value):
        raise _fail(
            "schema-value",
            "`{value}` is not a host name; write it in lower case without a scheme or path "
            "(e.g. `reuters.com`)",
            value=value[:80],
        )
    return value


def _count(value: Any) -> Any:
    if isinstance(value, str):
        if not re.fullmatch(r"[0-9]{1,9}", value, re.ASCII):
            raise _fail(
                "schema-value",
                "`{value}` is not a whole number (0 or more); write digits only, or "
                "a range as `low:` and `high:` where a range is allowed",
                value=value[:80],
            )
        return int(value)
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
#: A whole number of people or households, 0 or more, written as digits.
Count = Annotated[int, BeforeValidator(_count), WithJsonSchema({"type": "integer", "minimum": 0})]
#: Where a term's area is tested: where the strike hit, where it was launched, or either.
Where = Literal["impact", "launch", "either"]
Host = Annotated[
    str,
    AfterValidator(_host),
    WithJsonSchema({"type": "string", "pattern": HOST_RE.pattern}),
]
Outcome = Literal["hit", "intercepted", "aborted", "unknown"]
#: On what a source bases what it says (see docs/engine.md, "Support").
Basis = Literal["statement", "observation", "imagery", "sensor", "unknown"]
#: Whether a claim describes the event as having happened, or says it did not.
EventClaim = Literal["reported", "disputed"]
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
