"""Reads a plain single VEVENT by hand, straight into an ``Occurrence``, as icalendar and recurring-ical-events would.

Most of a large export is single meetings; building icalendar components for them
costs most of the reading time. Only the forms real exports write are read here,
each as the faithful path reads it (``ics.expand_group``); anything else raises
``Odd`` and the event goes the faithful way.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from icalendar.parser import unescape_backslash
from recurring_ical_events.util import time_span_contains_event

from .events import Attendee, Occurrence, attendee
from .exclusions import ends_before_start
from .ics_properties import address_of, in_utc
from .repairs import split_line
from .timezones import zone

_PARAM = re.compile(r';([A-Za-z0-9-]+)=("[^"]*"|[^";:,]*)')
_DATE = re.compile(r"(\d{4})(\d\d)(\d\d)")
_DATETIME = re.compile(r"(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)(Z?)")
_DURATION = re.compile(r"\+?P(?:(\d+)W|(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?)")
# The properties read here that an event holds once; any other but ATTENDEE and CATEGORIES is Odd.
_ONCE = frozenset(
    {"DTSTART", "DTEND", "DURATION", "UID", "SUMMARY", "STATUS", "TRANSP", "CLASS", "ORGANIZER"}
    | {"SEQUENCE", "DTSTAMP", "LAST-MODIFIED", "X-MICROSOFT-CDO-BUSYSTATUS"}
)
_ZONES: dict[str, ZoneInfo | None] = {}
_Props = dict[str, tuple[dict[str, str], str]]  # a property's name -> its parameters and value


class Odd(Exception):
    """Something the hand reader does not vouch for; the faithful path reads the event."""


def params_of(text: str) -> dict[str, str]:
    """``;A=1;B="x, y"`` as {"A": "1", "B": "x, y"}; raises ``Odd`` for anything icalendar might read otherwise."""
    if not text:
        return {}  # most lines have no parameters: spare them the scan
    found: dict[str, str] = {}
    pos = 0
    for match in _PARAM.finditer(text):
        key = match.group(1).upper()
        if match.start() != pos or key in found or "^" in match.group(2) or "\\" in match.group(2):
            raise Odd
        found[key] = match.group(2).strip('"') if match.group(2).startswith('"') else match.group(2)
        pos = match.end()
    if pos != len(text):
        raise Odd
    return found


def when(params: dict[str, str], value: str) -> date | datetime:
    """A DTSTART or DTEND value: a date, a floating (naive) time, or an aware one in its zone or UTC."""
    kind = params.get("VALUE", "").upper()
    if set(params) - {"VALUE", "TZID"} or kind not in ("", "DATE", "DATE-TIME"):
        raise Odd
    try:
        if len(value) == 8 and kind != "DATE-TIME" and "TZID" not in params and (m := _DATE.fullmatch(value)):
            return date(int(m[1]), int(m[2]), int(m[3]))
        m = _DATETIME.fullmatch(value)
        if m is None or kind == "DATE":
            raise Odd
        naive = datetime(int(m[1]), int(m[2]), int(m[3]), int(m[4]), int(m[5]), int(m[6]))
    except ValueError:
        raise Odd from None
    if m[7]:
        if "TZID" in params:
            raise Odd
        return naive.replace(tzinfo=UTC)
    if "TZID" in params:
        return naive.replace(tzinfo=_zone(params["TZID"]))
    return naive


def _zone(tzid: str) -> ZoneInfo:
    """A zone icalendar takes from the tz database (prepare points every TZID it can at one), else ``Odd``."""
    if tzid not in _ZONES:
        found = zone(tzid) if "~" not in tzid and tzid == tzid.strip() else None
        _ZONES[tzid] = found if isinstance(found, ZoneInfo) else None
    found = _ZONES[tzid]
    if found is None:
        raise Odd
    return found


def _duration(value: str) -> timedelta:
    m = _DURATION.fullmatch(value)
    if m is None or not any(m.groups()):
        raise Odd
    weeks, days, hours, minutes, seconds = (int(g) if g else 0 for g in m.groups())
    return timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes, seconds=seconds)


def _plain(value: str) -> str:
    if "\\" in value:
        raise Odd
    return value


def _address(value: str) -> str | None:
    return address_of(_plain(value))


def split(line: str) -> tuple[dict[str, str], str]:
    """The parameters and value of a kept line (the first colon outside quotes ends the parameters)."""
    _, params, value = split_line(line)
    if "\\" in params or ":" not in line:
        raise Odd
    return params_of(params), value


def read_single(
    lines: list[str],
    names: list[str],
    *,
    window: tuple[datetime, datetime],
    x_wr: tzinfo | None,
    floating: tzinfo,
    cancelled: bool,
    line: int,
) -> Occurrence | None:
    """The event's occurrence, or None when it falls outside ``window``; raises ``Odd`` when in doubt.

    ``x_wr`` is the calendar's X-WR-TIMEZONE zone (recurring-ical-events moves floating and UTC times
    into it before it compares them with the window), ``floating`` the zone floating times are read in.
    """
    props, attendees, categories = _properties(lines, names)
    start, end = _span(props, x_wr)
    if not time_span_contains_event(*window, start, end):
        return None
    if isinstance(start, datetime):
        start, end = in_utc(start, floating), in_utc(end, floating)  # type: ignore[arg-type]
    return _occurrence(props, start, end, attendees, categories, cancelled=cancelled, line=line)


def _properties(lines: list[str], names: list[str]) -> tuple[_Props, list[Attendee], list[str]]:
    """The event's once-only properties by name, its attendees and its categories.

    ``Odd`` for a property the hand reader does not know (the faithful path may read something of it)
    or a once-only one given twice (icalendar reads the last, where the hand reader would guess)."""
    props: _Props = {}
    attendees: list[Attendee] = []
    categories: list[str] = []
    for text, name in zip(lines, names):
        params, value = split(text)
        if name == "ATTENDEE":
            attendees.append(_attendee(params, value))
        elif name == "CATEGORIES":
            categories.extend(v.strip() for v in _plain(value).split(",") if v.strip())
        elif name not in _ONCE or name in props:
            raise Odd
        else:
            props[name] = (params, value)
    return props, attendees, categories


def _attendee(params: dict[str, str], value: str) -> Attendee:
    """An ATTENDEE as the faithful path reads it: the address, PARTSTAT upper-cased, the CN if any."""
    partstat, cn = params.get("PARTSTAT"), params.get("CN")
    return attendee(_address(value) or "", partstat.upper() if partstat else None, cn or None)


def _span(props: _Props, x_wr: tzinfo | None) -> tuple[date, date]:
    """Start and end as recurring-ical-events compares them with the window.

    ``Odd`` for what the faithful path reads its own way: no DTSTART, a date with a time, a floating
    time with an aware one, an end before the start (listed there outside the expansion)."""
    if "DTSTART" not in props:
        raise Odd
    start = _seen(when(*props["DTSTART"]), x_wr)
    end = _end(props, start, x_wr)
    if isinstance(end, datetime) != isinstance(start, datetime):
        raise Odd
    if isinstance(start, datetime) and isinstance(end, datetime) and (start.tzinfo is None) != (end.tzinfo is None):
        raise Odd
    if ends_before_start(start, end):
        raise Odd
    return start, start + (end - start)  # as the library rebuilds the end: wall-clock arithmetic


def _end(props: _Props, start: date, x_wr: tzinfo | None) -> date:
    """DTEND, or DTSTART plus DURATION, or else the default RFC 5545 gives: a day for a date, none for
    a time. ``Odd`` for both DTEND and DURATION, or a DURATION on a date or with parameters."""
    if "DTEND" in props:
        if "DURATION" in props:
            raise Odd
        return _seen(when(*props["DTEND"]), x_wr)
    if "DURATION" in props:
        if not isinstance(start, datetime) or props["DURATION"][0]:
            raise Odd
        return start + _duration(props["DURATION"][1])
    return start if isinstance(start, datetime) else start + timedelta(days=1)


def _occurrence(
    props: _Props,
    start: date,
    end: date,
    attendees: list[Attendee],
    categories: list[str],
    *,
    cancelled: bool,
    line: int,
) -> Occurrence:
    """The occurrence the event's properties make, each read as the faithful path reads it; a calendar
    sent to cancel (METHOD:CANCEL) cancels every event in it."""
    status = _text(props, "STATUS").strip().upper() or None
    busy = _text(props, "X-MICROSOFT-CDO-BUSYSTATUS").upper()
    return Occurrence(
        uid=_text(props, "UID").strip() or None,
        recurrence_id=None,
        start=start,
        end=end,
        all_day=not isinstance(start, datetime),
        title=unescape_backslash(props["SUMMARY"][1]).strip() if "SUMMARY" in props else "",
        status="CANCELLED" if cancelled else status,
        transparent=_text(props, "TRANSP").upper() == "TRANSPARENT" or busy == "FREE",
        private=_text(props, "CLASS").upper() in ("PRIVATE", "CONFIDENTIAL"),
        organizer=_address(_text(props, "ORGANIZER")),
        attendees=tuple(attendees),
        categories=tuple(categories),
        sequence=_sequence(props),
        dtstamp=_stamp(props),
        line=line,
    )


def _text(props: _Props, name: str) -> str:
    """The property's value, "" when the event has none; ``Odd`` for an escaped one (see ``_plain``)."""
    return _plain(props[name][1]) if name in props else ""


def _sequence(props: _Props) -> int:
    if "SEQUENCE" not in props:
        return 0
    value = props["SEQUENCE"][1]
    if not value.isdigit() or not value.isascii() or props["SEQUENCE"][0]:
        raise Odd
    return int(value)


def _stamp(props: _Props) -> datetime | None:
    """DTSTAMP, else LAST-MODIFIED, in UTC; only the UTC form is read here."""
    for name in ("DTSTAMP", "LAST-MODIFIED"):
        if name in props:
            value = when(*props[name])
            if not isinstance(value, datetime) or value.tzinfo is not UTC:
                raise Odd
            return value
    return None


def _seen(value: date, x_wr: tzinfo | None) -> date:
    """The value as recurring-ical-events compares it: X-WR-TIMEZONE moves floating and UTC times into it."""
    if x_wr is None or not isinstance(value, datetime):
        return value
    if value.tzinfo is None:
        return value.replace(tzinfo=x_wr)
    return value.astimezone(x_wr) if value.tzinfo is UTC else value
