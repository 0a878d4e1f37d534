"""Repairs of one series before it is expanded, where a file's rule and the software that wrote it disagree.

Kept apart from the reader (``ics``) because each is a judgement about what the
producer meant, with the reason written down, not a step of the expansion itself.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo

import icalendar
from dateutil.rrule import rrulestr

from .ics_properties import in_utc
from .timezones import LONDON, zone


def align_exdates(event) -> None:
    """Express EXDATEs in DTSTART's zone, so they are compared as instants, not wall-clock times."""
    start = event["DTSTART"].dt
    exdates = event.get("EXDATE")
    if not isinstance(start, datetime) or start.tzinfo is None or exdates is None:
        return
    values = []
    changed = False
    for prop in exdates if isinstance(exdates, list) else [exdates]:
        for item in prop.dts:
            value = item.dt
            if isinstance(value, datetime) and value.tzinfo is not None and value.tzinfo != start.tzinfo:
                value = value.astimezone(start.tzinfo)
                changed = True
            values.append(value)
    if changed:
        del event["EXDATE"]
        event.add("EXDATE", values)


def start_outside_rule(event) -> bool:
    """True when DTSTART is not an instance of the series' RRULE (RFC 5545 leaves this undefined).

    Outlook and Thunderbird then leave the first date out, unless the file overrides it.
    """
    rules = event.get("RRULE")
    start = event["DTSTART"].dt
    if rules is None or event.get("RECURRENCE-ID") is not None:
        return False
    naive = start.replace(tzinfo=None) if isinstance(start, datetime) else datetime.combine(start, time())
    for rule in rules if isinstance(rules, list) else [rules]:
        parts = {k: v for k, v in rule.items() if k not in ("UNTIL", "COUNT")}
        try:
            text = icalendar.vRecur(parts).to_ical().decode()
            produced = rrulestr(text, dtstart=naive).after(naive, inc=True)
        except (ValueError, TypeError):
            return False
        if produced == naive:
            return False
    rdates = event.get("RDATE")
    for prop in rdates if isinstance(rdates, list) else ([rdates] if rdates else []):
        if any(getattr(item, "dt", None) == start for item in prop.dts):
            return False
    return True


def instance_key(value: date, floating: tzinfo) -> date:
    """What identifies an instance: its UTC instant (floating times in ``floating``), or its date."""
    return in_utc(value, floating) if isinstance(value, datetime) else value


def overridden(members, floating: tzinfo) -> set[date]:
    """The instances a series' RECURRENCE-ID overrides replace, as ``instance_key`` values.

    A date-time RECURRENCE-ID also names its own local date, as Exchange writes for all-day series.
    """
    keys: set[date] = set()
    for event in members:
        rid = event.get("RECURRENCE-ID")
        if rid is None:
            continue
        keys.add(instance_key(rid.dt, floating))
        if isinstance(rid.dt, datetime):
            keys.add(rid.dt.date())
    return keys


def all_day_until(event, series, cal) -> str | None:
    """Read a date-time UNTIL on an all-day series as the day it falls on in the series' zone.

    RFC 5545 3.3.10 wants a date there. Exchange writes local midnight of the last day in
    UTC (``UNTIL=20210701T220000Z`` for a series in Berlin ending on 2 July), so the UTC date
    is a day early; read in the zone it is the last day, as Outlook shows it. The end of a UTC
    day (``T235959Z``, Google's older exports) already names its day and is read as it is.
    Returns a note when that changes the series' last day.
    """
    rules = event.get("RRULE")
    if isinstance(event["DTSTART"].dt, datetime) or rules is None:
        return None
    days_in = series_zone(series, cal)
    notes = []
    for rule in rules if isinstance(rules, list) else [rules]:
        until = (rule.get("UNTIL") or [None])[0]
        if not isinstance(until, datetime):
            continue
        if until.tzinfo is None:
            rule["UNTIL"] = [until.date()]
            continue
        utc = until.astimezone(UTC)
        day = utc.date() if utc.time() == time(23, 59, 59) else until.astimezone(days_in).date()
        rule["UNTIL"] = [day]
        if day != utc.date():
            notes.append(
                f"read the all-day series' UNTIL {utc:%Y-%m-%dT%H:%M:%SZ} as {day.isoformat()}, the day it "
                f"falls on in {_zone_name(days_in)} (Exchange writes local midnight of the last day; Outlook shows it)"
            )
    return "; ".join(notes) or None


def series_zone(members, cal) -> tzinfo:
    """The zone an all-day series' days are local to, for reading its UTC values.

    The series' own TZIDs (Exchange gives its overrides one), then the calendar's X-WR-TIMEZONE,
    then its first VTIMEZONE, then Europe/London, the product's floating zone.
    """
    for event in members:
        for name in ("RECURRENCE-ID", "DTSTART", "DTEND", "EXDATE", "RDATE"):
            for value in _dates(event, name):
                if isinstance(value, datetime) and value.tzinfo is not None and not _is_utc(value.tzinfo):
                    return value.tzinfo
    named = zone(str(cal.get("X-WR-TIMEZONE", "")).strip())
    if named:
        return named
    for component in cal.walk("VTIMEZONE"):
        try:
            found = component.to_tz()
        except Exception:  # a VTIMEZONE icalendar cannot build says nothing useful
            continue
        if not _is_utc(found):
            return found
    return LONDON


def _dates(event, name: str) -> list:
    prop = event.get(name)
    values: list = []
    for item in prop if isinstance(prop, list) else ([prop] if prop is not None else []):
        try:
            if hasattr(item, "dts"):
                values.extend(d.dt for d in item.dts)
            else:
                values.append(item.dt)
        except Exception:  # a broken EXDATE or RDATE is reported elsewhere, not here
            continue
    return values


def _is_utc(tz: tzinfo) -> bool:
    """UTC all year: Z values and Exchange's "UTC" VTIMEZONE say nothing about whose days these are."""
    return all(datetime(2000, month, 1, tzinfo=tz).utcoffset() == timedelta(0) for month in (1, 7))


def _zone_name(tz: tzinfo) -> str:
    return getattr(tz, "key", None) or str(tz)
