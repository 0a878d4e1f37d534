"""Repairs of one series before it is expanded, where a file's rule and the software that wrote it disagree.

Kept apart from the reader (``ics``) because each is a judgement about what the
producer meant, with the reason written down, not a step of the expansion itself.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, tzinfo

import icalendar
from dateutil.rrule import rrulestr


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
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=floating)).astimezone(UTC)
    return value


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
