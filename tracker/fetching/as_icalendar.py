"""An event as Microsoft Graph or Google's calendar API describes it, written as the iCalendar object a
calendar program would export, so it is read by the same readers as every upload.

Only what the tracker reads is written (importers: times, title, status, free/busy, privacy, attendees
and their replies); descriptions, locations and attachments are never fetched into the database. Times
are written in UTC (Graph is asked for them so; Google gives an offset), all-day events as dates.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event, vCalAddress, vText


@dataclass
class Attendee:
    address: str
    name: str = ""
    reply: str = "NEEDS-ACTION"  # ACCEPTED, DECLINED, TENTATIVE, NEEDS-ACTION (iCalendar's PARTSTAT)


@dataclass
class Described:
    """One event (or one occurrence of a series) in the terms both APIs share."""

    uid: str
    start: datetime | date
    end: datetime | date
    title: str = ""
    cancelled: bool = False
    free: bool = False
    private: bool = False
    recurrence_id: datetime | date | None = None
    organizer: Attendee | None = None
    attendees: list[Attendee] = field(default_factory=list)


class NotAsDocumented(ValueError):
    """An event lacks what its API documents; the message names it."""


def readable(item: dict, describe: Callable[[dict], Described]) -> Described:
    """The event in the shared terms, or ``NotAsDocumented`` naming it when it lacks what its API documents."""
    try:
        return describe(item)
    except (KeyError, TypeError, ValueError) as exc:
        raise NotAsDocumented(
            f"an event ({item.get('id', 'without an id')}) lacks what the API documents ({exc})"
        ) from None


def written(event: Described) -> str:
    """The event as a VCALENDAR holding one VEVENT."""
    vevent = Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", datetime(2000, 1, 1, tzinfo=UTC))  # fixed: the same event, the same text
    vevent.add("dtstart", _moment(event.start))
    vevent.add("dtend", _moment(event.end))
    if event.recurrence_id is not None:
        vevent.add("recurrence-id", _moment(event.recurrence_id))
    vevent.add("summary", event.title)
    if event.cancelled:
        vevent.add("status", "CANCELLED")
    if event.free:
        vevent.add("transp", "TRANSPARENT")
    if event.private:
        vevent.add("class", "PRIVATE")
    if event.organizer is not None:
        vevent.add("organizer", _address(event.organizer, with_reply=False))
    for attendee in event.attendees:
        vevent.add("attendee", _address(attendee, with_reply=True))
    calendar = Calendar()
    calendar.add("prodid", "-//partnership-meeting-cost-tracker//connected calendar//EN")
    calendar.add("version", "2.0")
    calendar.add_component(vevent)
    return calendar.to_ical().decode()


def utc(text: str) -> datetime:
    """An ISO date-time as either API writes it ('2025-03-03T10:00:00.0000000' with a UTC zone named apart,
    or '2025-03-03T10:00:00+01:00'), in UTC."""
    trimmed = text.rstrip("Z")
    if "." in trimmed:
        head, _, fraction = trimmed.partition(".")
        offset = ""
        for sign in "+-":
            if sign in fraction:
                fraction, _, rest = fraction.partition(sign)
                offset = sign + rest
        trimmed = head + offset
    moment = datetime.fromisoformat(trimmed)
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def _moment(value: datetime | date) -> datetime | date:
    return value.astimezone(UTC) if isinstance(value, datetime) else value


def _address(person: Attendee, *, with_reply: bool) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.address}")
    if person.name:
        address.params["CN"] = vText(person.name)
    if with_reply:
        address.params["PARTSTAT"] = vText(person.reply)
    return address


def all_day_end(start: date, end: date) -> date:
    """An all-day event's exclusive end, at least the day after its start (as iCalendar has it)."""
    return max(end, start + timedelta(days=1))
