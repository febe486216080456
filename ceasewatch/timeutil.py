"""Times: strict ISO 8601 parsing, time zones, and the spans the engine compares.

Dates are matched against a strict ISO 8601 pattern first (never a fuzzy parser, which
fills missing parts from today's date). python-dateutil supplies what the standard
library lacks: whether a local time exists, or is repeated, at a clock change.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

#: The years a date may fall in. Far wider than any ceasefire record needs, and far enough
#: from year 1 and year 9999 that no offset, day span or `for: N days` window overflows.
MIN_YEAR = 1900
MAX_YEAR = 2200
RANGE = f"dates must fall in the years {MIN_YEAR} to {MAX_YEAR}"


class TimeError(ValueError):
    """A time that cannot be used, with a stable code and a plain message."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@functools.cache
def zone(name: str) -> tzinfo:
    """The IANA zone ``name``."""
    if not name or len(name) > 64 or ".." in name or name.startswith("/"):
        raise TimeError("time-zone", f"`{name[:64]}` is not an IANA time zone (e.g. Europe/Kyiv)")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise TimeError(
            "time-zone", f"`{name[:64]}` is not an IANA time zone (e.g. Europe/Kyiv)"
        ) from None


@functools.lru_cache(maxsize=8192)
def parse_moment(text: str) -> date | datetime:
    """A bare date, or a date-time (naive when written without an offset).

    Callers have matched the strict form already (models.DATE_RE / DATETIME_RE); the
    standard library then parses exactly that form, several times faster than isoparse.
    """
    try:
        moment: date | datetime = (
            date.fromisoformat(text) if "T" not in text else datetime.fromisoformat(text)
        )
    except (ValueError, OverflowError) as exc:
        raise TimeError(
            "time-invalid", f"`{text[:40]}` is not a real date or time: {exc}"
        ) from None
    check_year(moment, text)
    return moment


def check_year(moment: date, text: str) -> None:
    """Refuse a date outside :data:`MIN_YEAR` to :data:`MAX_YEAR` (a typo, or an attack)."""
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        raise TimeError("time-invalid", f"`{text[:40]}` is out of range: {RANGE}")


def localize(moment: datetime, where: tzinfo, text: str) -> datetime:
    """Attach ``where`` to a naive local time, refusing times a clock change skips or repeats."""
    if moment.tzinfo is not None:
        return moment
    # Imported here: most data gives its offsets, and a run that needs none never loads it.
    from dateutil import tz as dtz

    local = moment.replace(tzinfo=where)
    if not dtz.datetime_exists(local):
        raise TimeError(
            "time-nonexistent",
            f"`{text}` does not exist in {where}: the clocks skipped it; give the UTC offset",
        )
    if dtz.datetime_ambiguous(local):
        raise TimeError(
            "time-ambiguous",
            f"`{text}` happens twice in {where} (clocks went back); give the UTC offset",
        )
    return local


@dataclass(frozen=True, slots=True)
class Span:
    """A time span: ``start`` included; ``end`` included when ``closed`` else excluded."""

    start: datetime
    end: datetime
    closed: bool
    #: ``start`` and ``end`` in UTC (see :func:`utc`), as spans are compared: converted once
    #: (a span is checked, evaluated and indexed for duplicates; most are made once).
    utc_start: datetime = field(init=False, compare=False, repr=False)
    utc_end: datetime = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        # frozen: set as the generated __init__ sets the other fields
        object.__setattr__(self, "utc_start", utc(self.start))
        object.__setattr__(self, "utc_end", utc(self.end))

    def overlaps(self, other: Span) -> bool:
        """True when the two spans share at least one instant."""
        s1, e1, s2, e2 = self.utc_start, self.utc_end, other.utc_start, other.utc_end
        a_before_b = e1 < s2 or (e1 == s2 and not self.closed)
        b_before_a = e2 < s1 or (e2 == s1 and not other.closed)
        return not (a_before_b or b_before_a)

    def __str__(self) -> str:
        if self.start == self.end:
            return fmt(self.start)
        return f"{fmt(self.start)} to {fmt(self.end)}{'' if self.closed else ' (excluded)'}"


def utc(moment: datetime) -> datetime:
    """The same instant in UTC: comparisons within one ZoneInfo zone ignore the offset."""
    return moment.astimezone(UTC)


def fmt(moment: datetime) -> str:
    """``2025-03-18 16:10 +03:00``: the wall time and offset as the data gave them."""
    text = moment.strftime("%Y-%m-%d %H:%M")
    if moment.second or moment.microsecond:
        text = moment.strftime("%Y-%m-%d %H:%M:%S")
    offset = moment.strftime("%z")
    return f"{text} {offset[:3]}:{offset[3:]}" if offset else text


def day_span(day: date, where: tzinfo) -> Span:
    """The whole local day: 00:00 to the next 00:00, excluded."""
    start = datetime(day.year, day.month, day.day, tzinfo=where)
    nxt = day + timedelta(days=1)
    return Span(start, datetime(nxt.year, nxt.month, nxt.day, tzinfo=where), closed=False)


# Kept: a dataset writes the same few hundred dates again and again (every bare date of a
# month, claims published the day of the incident), and spans are immutable.
@functools.lru_cache(maxsize=8192)
def resolve(text: str, where: tzinfo) -> Span:
    """The span a written moment stands for: a point, or a whole day for a bare date."""
    moment = parse_moment(text)
    if isinstance(moment, datetime):
        point = localize(moment, where, text)
        return Span(point, point, closed=True)
    return day_span(moment, where)


@functools.lru_cache(maxsize=8192)
def window(start_text: str, end_text: str, where: tzinfo) -> Span:
    """A window from one moment to another, both ends included (a bare date: its whole day)."""
    start = resolve(start_text, where)
    end = resolve(end_text, where)
    return Span(start.start, end.end, closed=end.closed)
