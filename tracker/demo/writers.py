"""Calendar files in the styles real producers write, for the demo organisation.

Outlook/Exchange .ics (Windows zone names with a VTIMEZONE), Google .ics (owner
in X-WR-CALNAME, UTC overrides), Apple .ics (IANA TZID with VTIMEZONE) and the
Outlook CSV export (UK dates, display names, one row per occurrence).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from ..domain.local_time import ZONE

OUTLOOK_TZ = """BEGIN:VTIMEZONE\r
TZID:GMT Standard Time\r
BEGIN:STANDARD\r
DTSTART:16011028T020000\r
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r
TZOFFSETFROM:+0100\r
TZOFFSETTO:-0000\r
END:STANDARD\r
BEGIN:DAYLIGHT\r
DTSTART:16010325T010000\r
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r
TZOFFSETFROM:-0000\r
TZOFFSETTO:+0100\r
END:DAYLIGHT\r
END:VTIMEZONE\r
"""
APPLE_TZ = OUTLOOK_TZ.replace("GMT Standard Time", "Europe/London")
CSV_COLUMNS = [
    "Subject",
    "Start Date",
    "Start Time",
    "End Date",
    "End Time",
    "All day event",
    "Reminder on/off",
    "Reminder Date",
    "Reminder Time",
    "Meeting Organizer",
    "Required Attendees",
    "Optional Attendees",
    "Meeting Resources",
    "Billing Information",
    "Categories",
    "Description",
    "Location",
    "Mileage",
    "Priority",
    "Private",
    "Sensitivity",
    "Show time as",
]


@dataclass
class Instance:
    """One occurrence as a person's calendar holds it."""

    start: datetime  # local wall time, aware (Europe/London)
    end: datetime
    original_start: datetime | None = None  # set when moved
    declined: bool = False
    cancelled: bool = False


@dataclass
class Series:
    uid: str
    title: str
    rule: str | None  # RRULE text for .ics producers; None for a single event
    instances: list[Instance]
    organizer: tuple[str, str]  # (name, email)
    attendees: list[tuple[str, str]] = field(default_factory=list)
    location: str = ""
    categories: tuple[str, ...] = ()
    private: bool = False
    free: bool = False
    all_day: bool = False
    exdates: list[datetime] = field(default_factory=list)


def _stamp() -> str:
    return datetime(2025, 1, 1, tzinfo=UTC).strftime("%Y%m%dT%H%M%SZ")


def _local(value: datetime) -> str:
    return value.astimezone(ZONE).strftime("%Y%m%dT%H%M%S")


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _people(series: Series, owner: str, inst: Instance) -> list[str]:
    lines = [f"ORGANIZER;CN={series.organizer[0]}:mailto:{series.organizer[1]}"]
    for name, email in series.attendees:
        state = "DECLINED" if email == owner and inst.declined else "ACCEPTED"
        lines.append(f"ATTENDEE;CN={name};ROLE=REQ-PARTICIPANT;PARTSTAT={state}:mailto:{email}")
    return lines


def _vevent(series: Series, owner: str, inst: Instance, style: str, *, master: bool, rid: datetime | None) -> str:
    tz = {"outlook": "GMT Standard Time", "apple": "Europe/London"}.get(style)

    def when(name: str, value: datetime) -> str:
        if series.all_day:
            return f"{name};VALUE=DATE:{value.strftime('%Y%m%d')}"
        if style == "google" and not master:
            return f"{name}:{_utc(value)}"
        if tz is None:
            return f"{name};TZID=Europe/London:{_local(value)}"
        return f"{name};TZID={tz}:{_local(value)}"

    lines = [
        "BEGIN:VEVENT",
        f"UID:{series.uid}",
        f"DTSTAMP:{_stamp()}",
        when("DTSTART", inst.start),
        when("DTEND", inst.end),
        f"SUMMARY:{_escape(series.title)}",
    ]
    if master and series.rule:
        lines.append(f"RRULE:{series.rule}")
        lines.extend(when("EXDATE", d) for d in series.exdates)
    if rid is not None:
        lines.append(when("RECURRENCE-ID", rid))
        lines.append("SEQUENCE:1")
    if series.location:
        lines.append(f"LOCATION:{_escape(series.location)}")
    if series.categories:
        lines.append("CATEGORIES:" + ",".join(_escape(c) for c in series.categories))
    if series.private:
        lines.append("CLASS:PRIVATE")
    if inst.cancelled:
        lines.append("STATUS:CANCELLED")
    lines.append("TRANSP:TRANSPARENT" if series.free else "TRANSP:OPAQUE")
    if style == "outlook":
        lines.append(f"X-MICROSOFT-CDO-BUSYSTATUS:{'FREE' if series.free else 'BUSY'}")
    if series.attendees:
        lines.extend(_people(series, owner, inst))
    lines.append("END:VEVENT")
    return "\r\n".join(lines) + "\r\n"


def write_ics(owner: str, series_list: list[Series], style: str) -> str:
    """A whole calendar in one producer's style: masters with RRULEs, overrides for changed instances."""
    head = {
        "outlook": "PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r\nVERSION:2.0\r\nMETHOD:PUBLISH\r\n"
        "X-WR-CALNAME:Calendar\r\n" + OUTLOOK_TZ,
        "google": "PRODID:-//Google Inc//Google Calendar 70.9054//EN\r\nVERSION:2.0\r\nCALSCALE:GREGORIAN\r\n"
        f"METHOD:PUBLISH\r\nX-WR-CALNAME:{owner}\r\nX-WR-TIMEZONE:Europe/London\r\n",
        "apple": "PRODID:-//Apple Inc.//macOS 14.5//EN\r\nVERSION:2.0\r\nCALSCALE:GREGORIAN\r\n" + APPLE_TZ,
    }[style]
    parts = ["BEGIN:VCALENDAR\r\n", head]
    for series in series_list:
        first = series.instances[0]
        if series.rule:
            base = Instance(
                first.original_start or first.start, (first.original_start or first.start) + (first.end - first.start)
            )
            parts.append(_vevent(series, owner, base, style, master=True, rid=None))
            for inst in series.instances:
                if inst.original_start or inst.declined or inst.cancelled:
                    rid = inst.original_start or inst.start
                    parts.append(_vevent(series, owner, inst, style, master=False, rid=rid))
        else:
            for inst in series.instances:
                parts.append(_vevent(series, owner, inst, style, master=False, rid=None))
    parts.append("END:VCALENDAR\r\n")
    return "".join(parts)


def write_outlook_csv(owner: str, series_list: list[Series]) -> str:
    """Outlook's CSV export: one row per occurrence, UK dates, display names, no UIDs."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    rows = []
    for series in series_list:
        for inst in series.instances:
            if inst.cancelled or inst.declined:
                continue  # Outlook drops cancelled and declined meetings from the calendar
            start, end = inst.start.astimezone(ZONE), inst.end.astimezone(ZONE)
            if series.all_day:
                end = end - timedelta(days=1) if end > start else end
            reminder = start - timedelta(minutes=15)
            rows.append(
                (
                    start,
                    [
                        series.title,
                        start.strftime("%d/%m/%Y"),
                        "" if series.all_day else start.strftime("%H:%M:%S"),
                        end.strftime("%d/%m/%Y"),
                        "" if series.all_day else end.strftime("%H:%M:%S"),
                        "True" if series.all_day else "False",
                        "True",
                        reminder.strftime("%d/%m/%Y"),
                        reminder.strftime("%H:%M:%S"),
                        series.organizer[0],
                        ";".join(name for name, _ in series.attendees),
                        "",
                        "",
                        "",
                        ";".join(series.categories),
                        "",
                        series.location,
                        "",
                        "Normal",
                        "True" if series.private else "False",
                        "Private" if series.private else "Normal",
                        "0" if series.free else "2",
                    ],
                )
            )
    for _, row in sorted(rows, key=lambda r: r[0]):
        writer.writerow(row)
    return buffer.getvalue()
