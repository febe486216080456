"""``ceasewatch.timeutil``: strict parsing, the year range, clock changes, spans and formatting.

Clock changes are those of Europe/Kyiv in 2025: on 30 March the clocks went from 03:00 to
04:00 (+02:00 to +03:00), so 03:00 to 03:59 never happened; on 26 October they went back from
04:00 to 03:00 (+03:00 to +02:00), so 03:00 to 03:59 happened twice.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from ceasewatch.timeutil import (
    MAX_YEAR,
    MIN_YEAR,
    Span,
    TimeError,
    check_year,
    day_span,
    fmt,
    localize,
    parse_moment,
    resolve,
    utc,
    window,
    zone,
)

KYIV = zone("Europe/Kyiv")
PLUS2 = timezone(timedelta(hours=2))
PLUS3 = timezone(timedelta(hours=3))


def raises(code: str, call: object, *args: object) -> str:
    """The message of the :class:`TimeError` ``call(*args)`` raises, checking its code."""
    with pytest.raises(TimeError) as info:
        call(*args)  # type: ignore[operator]
    assert info.value.code == code
    assert str(info.value) == info.value.message
    return info.value.message


# --- parse_moment ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-03-19", date(2025, 3, 19)),
        ("2025-03-19T10:00", datetime(2025, 3, 19, 10, 0)),
        ("2025-03-19T10:00:30", datetime(2025, 3, 19, 10, 0, 30)),
        ("2025-03-19T10:00+02:00", datetime(2025, 3, 19, 10, 0, tzinfo=PLUS2)),
    ],
)
def test_parse_moment(text: str, expected: date | datetime) -> None:
    moment = parse_moment(text)
    assert moment == expected
    assert type(moment) is type(expected)  # a bare date stays a date, never midnight
    if isinstance(expected, datetime):
        assert moment.utcoffset() == expected.utcoffset()  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "text", ["2025-02-30", "2025-13-01", "2025-03-19T24:00", "2025-03-19T10:61"]
)
def test_parse_moment_refuses_dates_and_times_that_do_not_exist(text: str) -> None:
    message = raises("time-invalid", parse_moment, text)
    assert message.startswith(f"`{text}` is not a real date or time: ")


# --- check_year: 1900 to 2200, both included ------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["1900-01-01", "2200-12-31", "1900-01-01T00:00", "2200-12-31T23:59"]
)
def test_the_boundary_years_are_accepted(text: str) -> None:
    assert (MIN_YEAR, MAX_YEAR) == (1900, 2200)
    moment = parse_moment(text)
    assert moment.year in (MIN_YEAR, MAX_YEAR)
    check_year(moment, text)  # no error


@pytest.mark.parametrize(
    "text", ["1899-12-31", "2201-01-01", "1899-12-31T23:59", "2201-01-01T00:00+00:00", "0001-01-01"]
)
def test_years_outside_the_range_are_refused(text: str) -> None:
    message = raises("time-invalid", parse_moment, text)
    assert message == f"`{text}` is out of range: dates must fall in the years 1900 to 2200"


@pytest.mark.parametrize(("year", "ok"), [(1899, False), (1900, True), (2200, True), (2201, False)])
def test_check_year_directly(year: int, ok: bool) -> None:
    moment = date(year, 6, 1)
    if ok:
        check_year(moment, "x")
    else:
        assert raises("time-invalid", check_year, moment, "x") == (
            "`x` is out of range: dates must fall in the years 1900 to 2200"
        )


# --- zone -----------------------------------------------------------------------------------------


def test_zone_names_an_iana_zone() -> None:
    assert str(zone("Europe/Kyiv")) == "Europe/Kyiv"
    assert zone("UTC").utcoffset(datetime(2025, 1, 1)) == timedelta(0)


@pytest.mark.parametrize("name", ["Mars/Olympus", "", "../etc/passwd", "/etc/localtime", "Kyiv"])
def test_zone_refuses_what_is_not_a_zone(name: str) -> None:
    assert raises("time-zone", zone, name) == (
        f"`{name}` is not an IANA time zone (e.g. Europe/Kyiv)"
    )


# --- localize at the clock changes ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("2025-03-30T02:59", "2025-03-30 02:59 +02:00"),  # the last minute before the skip
        ("2025-03-30T04:00", "2025-03-30 04:00 +03:00"),  # the first after it
        ("2025-10-26T02:59", "2025-10-26 02:59 +03:00"),  # before the repeated hour
        ("2025-10-26T04:00", "2025-10-26 04:00 +02:00"),  # after it
        ("2025-06-01T12:00", "2025-06-01 12:00 +03:00"),
        ("2025-01-01T12:00", "2025-01-01 12:00 +02:00"),
    ],
)
def test_localize_attaches_the_zone(text: str, shown: str) -> None:
    assert fmt(localize(parse_moment(text), KYIV, text)) == shown  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["2025-03-30T03:00", "2025-03-30T03:30", "2025-03-30T03:59"])
def test_localize_refuses_a_time_the_clocks_skipped(text: str) -> None:
    assert raises("time-nonexistent", localize, parse_moment(text), KYIV, text) == (
        f"`{text}` does not exist in Europe/Kyiv: the clocks skipped it; give the UTC offset"
    )


@pytest.mark.parametrize("text", ["2025-10-26T03:00", "2025-10-26T03:30", "2025-10-26T03:59"])
def test_localize_refuses_a_time_that_happened_twice(text: str) -> None:
    assert raises("time-ambiguous", localize, parse_moment(text), KYIV, text) == (
        f"`{text}` happens twice in Europe/Kyiv (clocks went back); give the UTC offset"
    )


def test_an_offset_settles_the_ambiguity() -> None:
    """With its offset, each of the two 03:30s of 26 October is a moment of its own."""
    first = localize(datetime(2025, 10, 26, 3, 30, tzinfo=PLUS3), KYIV, "x")
    second = localize(datetime(2025, 10, 26, 3, 30, tzinfo=PLUS2), KYIV, "x")
    assert first.tzinfo is PLUS3 and second.tzinfo is PLUS2  # kept as written
    assert utc(second) - utc(first) == timedelta(hours=1)


# --- resolve, day_span and window -----------------------------------------------------------------


def test_resolve_a_time_is_a_closed_point() -> None:
    span = resolve("2025-03-19T10:00", KYIV)
    assert span.start == span.end == datetime(2025, 3, 19, 10, 0, tzinfo=KYIV)
    assert span.closed
    assert str(span) == "2025-03-19 10:00 +02:00"


def test_resolve_a_date_is_the_whole_local_day() -> None:
    assert resolve("2025-03-19", KYIV) == day_span(date(2025, 3, 19), KYIV)


@pytest.mark.parametrize(
    ("day", "hours", "shown"),
    [
        (date(2025, 3, 19), 24, "2025-03-19 00:00 +02:00 to 2025-03-20 00:00 +02:00 (excluded)"),
        (date(2025, 3, 30), 23, "2025-03-30 00:00 +02:00 to 2025-03-31 00:00 +03:00 (excluded)"),
        (date(2025, 10, 26), 25, "2025-10-26 00:00 +03:00 to 2025-10-27 00:00 +02:00 (excluded)"),
    ],
)
def test_day_span(day: date, hours: int, shown: str) -> None:
    span = day_span(day, KYIV)
    assert not span.closed
    assert utc(span.end) - utc(span.start) == timedelta(hours=hours)
    assert str(span) == shown


@pytest.mark.parametrize(
    ("start", "end", "shown", "closed"),
    [
        (
            "2025-03-18T17:00+03:00",
            "2025-03-19T10:00",
            "2025-03-18 17:00 +03:00 to 2025-03-19 10:00 +02:00",
            True,
        ),
        # a bare date at either end is its whole day: from its start, to its (excluded) end
        (
            "2025-03-18",
            "2025-03-19T10:00",
            "2025-03-18 00:00 +02:00 to 2025-03-19 10:00 +02:00",
            True,
        ),
        (
            "2025-03-18T10:00",
            "2025-03-19",
            "2025-03-18 10:00 +02:00 to 2025-03-20 00:00 +02:00 (excluded)",
            False,
        ),
    ],
)
def test_window(start: str, end: str, shown: str, closed: bool) -> None:
    span = window(start, end, KYIV)
    assert span.closed is closed
    assert str(span) == shown


def test_window_refuses_a_skipped_time_at_either_end() -> None:
    raises("time-nonexistent", window, "2025-03-30T03:30", "2025-03-31", KYIV)
    raises("time-ambiguous", window, "2025-10-25", "2025-10-26T03:30", KYIV)


# --- Span.overlaps --------------------------------------------------------------------------------


def at(hour: int, minute: int = 0, tz: timezone = UTC) -> datetime:
    return datetime(2025, 3, 19, hour, minute, tzinfo=tz)


@pytest.mark.parametrize(
    ("a", "b", "overlap"),
    [
        pytest.param(Span(at(10), at(12), True), Span(at(11), at(13), True), True, id="crossing"),
        pytest.param(Span(at(10), at(12), True), Span(at(13), at(14), True), False, id="apart"),
        pytest.param(Span(at(10), at(14), False), Span(at(11), at(12), True), True, id="inside"),
        pytest.param(
            Span(at(10), at(12), True), Span(at(12), at(13), True), True, id="closed-end-touches"
        ),
        pytest.param(
            Span(at(10), at(12), False), Span(at(12), at(13), True), False, id="open-end-touches"
        ),
        pytest.param(Span(at(11), at(11), True), Span(at(11), at(11), True), True, id="same-point"),
        pytest.param(
            Span(at(10), at(11), False), Span(at(11), at(11), True), False, id="point-at-open-end"
        ),
        pytest.param(
            Span(at(10), at(11), True), Span(at(11), at(11), True), True, id="point-at-closed-end"
        ),
        pytest.param(
            Span(at(14, tz=PLUS2), at(14, tz=PLUS2), True),
            Span(at(11), at(12), False),
            False,
            id="offsets-compared-in-utc-open",
        ),
        pytest.param(
            Span(at(14, tz=PLUS2), at(14, tz=PLUS2), True),
            Span(at(11), at(12), True),
            True,
            id="offsets-compared-in-utc-closed",
        ),
    ],
)
def test_overlaps(a: Span, b: Span, overlap: bool) -> None:
    assert a.overlaps(b) is overlap
    assert b.overlaps(a) is overlap  # symmetric


def test_consecutive_days_do_not_overlap() -> None:
    monday, tuesday = day_span(date(2025, 3, 17), KYIV), day_span(date(2025, 3, 18), KYIV)
    assert not monday.overlaps(tuesday)
    assert monday.overlaps(resolve("2025-03-17T23:59", KYIV))
    assert not monday.overlaps(resolve("2025-03-18T00:00", KYIV))
    assert tuesday.overlaps(resolve("2025-03-18T00:00", KYIV))


# --- fmt ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "shown"),
    [
        (datetime(2025, 3, 18, 16, 10, tzinfo=PLUS3), "2025-03-18 16:10 +03:00"),
        (datetime(2025, 3, 18, 16, 10, 5, tzinfo=PLUS3), "2025-03-18 16:10:05 +03:00"),
        (datetime(2025, 3, 18, 16, 10, 0, 500, tzinfo=UTC), "2025-03-18 16:10:00 +00:00"),
        (datetime(2025, 3, 18, 16, 10), "2025-03-18 16:10"),  # naive: no offset shown
        (
            datetime(2025, 3, 18, 16, 10, tzinfo=timezone(timedelta(hours=-5))),
            "2025-03-18 16:10 -05:00",
        ),
        (datetime(2025, 3, 18, 16, 10, tzinfo=KYIV), "2025-03-18 16:10 +02:00"),
    ],
)
def test_fmt(moment: datetime, shown: str) -> None:
    assert fmt(moment) == shown


def test_utc_keeps_the_instant() -> None:
    moment = datetime(2025, 3, 18, 17, 0, tzinfo=PLUS3)
    assert utc(moment) == moment
    assert utc(moment).utcoffset() == timedelta(0)
    assert fmt(utc(moment)) == "2025-03-18 14:00 +00:00"
