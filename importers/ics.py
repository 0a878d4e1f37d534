"""iCalendar (.ics) reader: faithful expansion through icalendar and recurring-ical-events.

The file is unfolded and repaired line by line first (see ``repairs``), TZIDs
without a VTIMEZONE are mapped to IANA zones (see ``timezones``), then each
series is expanded on its own so one broken series is reported, not fatal.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo

import icalendar
import recurring_ical_events
import recurring_ical_events.occurrence

from .deadline import NO_DEADLINE, Deadline
from .errors import CalendarFileError
from .events import EARLIEST, Occurrence, Problem, ReadResult, Shape, attendee
from .exclusions import ends_before_start
from .ics_properties import (
    address_of,
    as_utc,
    event_uid,
    floating_zone,
    guess_owner,
    in_utc,
    is_open_ended,
    property_value,
    unreadable_reason,
)
from .ics_text import Block, Prepared, prepare
from .rscale import apply_skip
from .series import align_exdates, all_day_until, instance_key, overridden, start_outside_rule
from .text import decode
from .timezones import LONDON

HORIZON = timedelta(days=365)
FAR_AHEAD_YEARS = 10  # no meeting is planned further ahead


def read_ics(
    data: bytes,
    filename: str,
    *,
    window: tuple[datetime, datetime] | None = None,
    today: date | None = None,
) -> ReadResult:
    """Read every occurrence of every VEVENT, within ``window`` when given.

    Without a window, open-ended series stop one year after the later of today and
    the file's last start; ``ReadResult.horizon`` says where.
    """
    return read_prepared(prepare(decode(data, filename), filename), filename, window=window, today=today)


def read_prepared(
    prepared: Prepared,
    filename: str,
    *,
    window: tuple[datetime, datetime] | None = None,
    today: date | None = None,
    deadline: Deadline = NO_DEADLINE,
) -> ReadResult:
    """``read_ics`` after ``prepare``: the whole file through icalendar (``deadline`` checked between series)."""
    try:
        calendars = icalendar.Calendar.from_ical(prepared.text, multiple=True)
    except Exception as exc:  # icalendar raises bare ValueErrors and worse
        raise CalendarFileError(filename, f"not a readable iCalendar file ({exc})") from exc
    if not calendars:
        raise CalendarFileError(filename, "the file holds no calendar")
    result = ReadResult(filename=filename, kind="ics", problems=list(prepared.problems))
    vevents = _number_events(calendars, prepared.blocks)
    result.events_read = len(vevents)
    if window is None:
        starts = [as_utc(property_value(ev, "DTSTART"), LONDON) for ev, _, _ in vevents if ev.get("DTSTART")]
        result.horizon, window, note = horizon_window(starts, today)
        result.problems.extend([note] if note else [])
    guess_owner(calendars, filename, result)
    groups: dict[str, list[tuple[icalendar.Event, int, icalendar.Calendar]]] = {}
    for n, (event, line, cal) in enumerate(vevents):
        reason = unreadable_reason(event)
        uid = event_uid(event)
        if reason:
            result.problems.append(Problem(reason, line, uid, "error"))
            continue
        if is_open_ended(event):
            result.open_ended_series += 1
        groups.setdefault(uid or f"#{n}", []).append((event, line, cal))
    for n, (key, members) in enumerate(groups.items()):
        if not n & 0x3F:
            deadline.check(filename)
        expand_group(key, members, window, result)
        names = [{name.upper() for name in ev} for ev, _, _ in members]
        result.shapes.append(Shape.of(event_uid(members[0][0]), names))
    result.occurrences.sort(key=lambda o: (o.start_iso, o.uid or "", o.recurrence_id or ""))
    return result


def horizon_window(
    starts: list[datetime | None], today: date | None
) -> tuple[date, tuple[datetime, datetime], Problem | None]:
    """Without a window, open-ended series stop a year after the later of today and the last start.

    A start more than ten years ahead (a mistyped year: 4050 for 2050) does not move the horizon, or one
    weekly series would run to a hundred thousand meetings; such events are left out, and a note says so."""
    day = today or datetime.now(LONDON).date()
    now = datetime.combine(day, time(), UTC)
    leap_day = (day.month, day.day) == (2, 29)
    later = day.replace(year=day.year + FAR_AHEAD_YEARS, day=28 if leap_day else day.day)
    cap = datetime.combine(later, time(), UTC)
    known = [s for s in starts if s]
    last = max([s for s in known if s <= cap] + [now])
    horizon = (last + HORIZON).date()
    beyond = sum(s > cap for s in known)
    note = None
    if beyond:
        note = Problem(
            f"{beyond} event{'s start' if beyond != 1 else ' starts'} more than ten years ahead (after "
            f"{cap.date().isoformat()}): left out, as a mistyped year most likely"
        )
    return horizon, (EARLIEST, datetime.combine(horizon, time(), UTC)), note


def _number_events(calendars, blocks: list[Block]):
    """Each VEVENT with the line it starts on and its calendar, in file order."""
    found = []
    for cal in calendars:
        for comp in cal.subcomponents:
            if comp.name == "VEVENT":
                found.append(comp)
    lines = [b.line for b in blocks]
    out = []
    for i, event in enumerate(found):
        cal = next(c for c in calendars if any(s is event for s in c.subcomponents))
        out.append((event, lines[i] if i < len(lines) else None, cal))
    return out


def expand_group(key: str, members, window, result: ReadResult, *, each_once: bool = False) -> None:
    """Expand one UID's master and overrides on their own, so a bad series stays local.

    Public because the fast reader (``ics_fast``) hands every series to it: both then expand alike, but
    the fast reader asks ``each_once`` (``_each_once``)."""
    cal = members[0][2]
    line = members[0][1]
    uid = event_uid(members[0][0])
    floating = floating_zone(cal)
    mini = icalendar.Calendar()
    for prop in ("X-WR-TIMEZONE", "METHOD"):
        if prop in cal:
            mini[prop] = cal[prop]
    try:
        mini, negative = _prepared_group(members, window, result, cal, floating, uid, mini)
    except Exception as exc:  # icalendar raises on a damaged value only when it is read; keep it to this UID
        result.problems.append(Problem(f"the event could not be read ({exc})", line, uid, "error"))
        return
    recurring = any(ev.get(p) is not None for ev, _, _ in members for p in ("RRULE", "RDATE", "RECURRENCE-ID"))
    for event in negative:
        result.occurrences.append(_occurrence(event, cal, floating, line, recurring=recurring))
    if not mini.subcomponents:
        return
    try:
        query = recurring_ical_events.of(mini)
        if each_once:
            result.occurrences.extend(_each_once(query, window, cal, floating, line, recurring))
            return
        expanded = query.between(*window)
    except Exception as exc:  # the library's errors have no common base
        result.problems.append(Problem(f"the recurrence could not be expanded ({exc})", line, uid, "error"))
        return
    for comp in expanded:
        result.occurrences.append(_occurrence(comp, cal, floating, line, recurring=recurring))


def _each_once(query, window, cal, floating: tzinfo, line, recurring: bool) -> list[Occurrence]:
    """The series' occurrences, each master or override read once: the library copies its event for every
    occurrence and the reader read every copy again (half of a 20,000-event export's series time), where
    the copies differ only in their start, end, instance id and sequence, as ``as_component`` writes them.

    Asks the library for its occurrences before they are copied (``_occurrences_between``, not public): a
    release without it, or an occurrence of another kind, is read copy by copy as ``expand_group`` does,
    and a test holds this to the faithful reader on every file of the shared corpus."""
    found = getattr(query, "_occurrences_between", None)
    if found is None:
        return [_occurrence(c, cal, floating, line, recurring=recurring) for c in query.between(*window)]
    out: list[Occurrence] = []
    read: dict[tuple[int, int], Occurrence] = {}  # by source event and the sequence the library gives
    for occ in found(query.to_datetime(window[0]), query.to_datetime(window[1])):
        source = getattr(getattr(occ, "_adapter", None), "_component", None)
        key = (id(source), occ.sequence)
        first = read.get(key) if type(occ) is recurring_ical_events.occurrence.Occurrence else None
        if first is None:
            first = _occurrence(
                occ.as_component(query.keep_recurrence_attributes), cal, floating, line, recurring=recurring
            )
            if source is not None:
                read[key] = first
            out.append(first)
            continue
        instance = property_value(source, "RECURRENCE-ID") if recurring else None
        start, end, all_day, rid = _times(
            occ.start,
            occ.end if occ._adapter.end_property else None,
            None,
            occ.start if instance is None else instance,
            floating,
            recurring=recurring,
        )
        out.append(replace(first, start=start, end=end, all_day=all_day, recurrence_id=rid))
    return out


def _prepared_group(members, window, result: ReadResult, cal, floating, uid, mini):
    """The group's events made ready to expand (repairs applied, notes made), and those that end before
    they start, which are not expanded."""
    negative = []
    events = [ev for ev, _, _ in members]
    moved = overridden(events, floating)
    for event, event_line, _ in members:
        align_exdates(event)
        if note := all_day_until(event, events, cal):
            result.problems.append(Problem(note, event_line, uid))
        apply_skip(event, window[1])
        # DTSTART is the first instance (RFC 5545 3.3.10): an override of it stands, off the rule or not.
        if start_outside_rule(event) and instance_key(event["DTSTART"].dt, floating) not in moved:
            event.add("EXDATE", event["DTSTART"].dt)
            result.problems.append(
                Problem(
                    "the series' first date does not follow its own rule; left out, as Outlook and Thunderbird do",
                    event_line,
                    uid,
                )
            )
        start, end = property_value(event, "DTSTART"), property_value(event, "DTEND")
        if ends_before_start(start, end):
            negative.append(event)
        else:
            mini.add_component(event)
    return mini, negative


def _occurrence(comp, cal, floating: tzinfo, line, *, recurring: bool = True) -> Occurrence:
    """One expanded component as an occurrence; ``recurring`` says whether it has an instance id."""
    start, end, all_day, rid_text = _times(
        property_value(comp, "DTSTART"),
        property_value(comp, "DTEND"),
        property_value(comp, "DURATION"),
        property_value(comp, "RECURRENCE-ID"),
        floating,
        recurring=recurring,
    )
    status = str(comp.get("STATUS", "")).strip().upper() or None
    if str(cal.get("METHOD", "")).upper() == "CANCEL":
        status = "CANCELLED"
    busy = str(comp.get("X-MICROSOFT-CDO-BUSYSTATUS", "")).upper()
    return Occurrence(
        uid=event_uid(comp),
        recurrence_id=rid_text,
        start=start,
        end=end,
        all_day=all_day,
        title=str(comp.get("SUMMARY", "")).strip(),
        status=status,
        transparent=str(comp.get("TRANSP", "")).upper() == "TRANSPARENT" or busy == "FREE",
        private=str(comp.get("CLASS", "")).upper() in ("PRIVATE", "CONFIDENTIAL"),
        organizer=_address(comp.get("ORGANIZER")),
        attendees=tuple(_attendees(comp)),
        categories=tuple(_categories(comp)),
        sequence=_int(comp.get("SEQUENCE")),
        dtstamp=as_utc(property_value(comp, "DTSTAMP") or property_value(comp, "LAST-MODIFIED"), UTC),
        line=line,
    )


def _times(start, end, duration, rid, floating: tzinfo, *, recurring: bool):
    """(start, end, all day, instance id) of an occurrence from its DTSTART, DTEND, DURATION and
    RECURRENCE-ID values: times in UTC (floating ones in ``floating``), the id as the tracker writes it."""
    all_day = not isinstance(start, datetime)
    if end is None:
        if isinstance(duration, timedelta):
            end = start + duration
        else:
            end = start + timedelta(days=1) if all_day else start
    if all_day and isinstance(end, datetime):
        end = end.date()
    if not all_day:
        if not isinstance(end, datetime):
            end = datetime.combine(end, time(), start.tzinfo)
        start, end = as_utc(start, floating), as_utc(end, floating)
    rid = rid if recurring else None
    if isinstance(rid, datetime):
        rid_text: str | None = in_utc(rid, floating).isoformat().replace("+00:00", "Z")
    elif isinstance(rid, date):
        rid_text = rid.isoformat()
    else:
        rid_text = None
    return start, end, all_day, rid_text


def _address(prop) -> str | None:
    return None if prop is None else address_of(str(prop))


def _attendees(comp):
    props = comp.get("ATTENDEE")
    if props is None:
        return
    for prop in props if isinstance(props, list) else [props]:
        params = getattr(prop, "params", {})
        partstat = params.get("PARTSTAT")
        yield attendee(
            _address(prop) or "",
            str(partstat).upper() if partstat else None,
            str(params["CN"]) if params.get("CN") else None,
        )


def _categories(comp):
    props = comp.get("CATEGORIES")
    if props is None:
        return
    for prop in props if isinstance(props, list) else [props]:
        cats = getattr(prop, "cats", None)
        values = cats if cats is not None else str(prop).split(",")
        for value in values:
            if str(value).strip():
                yield str(value).strip()


def _int(prop) -> int:
    try:
        return int(prop)
    except (TypeError, ValueError):
        return 0
