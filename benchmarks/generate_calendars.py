"""Outlook/Exchange-style .ics exports of any size, for measuring the calendar reader on realistic files.

What Exchange writes: a "GMT Standard Time" VTIMEZONE, an ORGANIZER and six ATTENDEEs
with PARTSTAT, a Teams-style DESCRIPTION of about 1 KB plus its X-ALT-DESC HTML, the
X-MICROSOFT-* block and a reminder; one event in twenty is a weekly series with EXDATEs
and one moved occurrence (a RECURRENCE-ID override). Deterministic for a seed.

    .venv/bin/python benchmarks/generate_calendars.py 5250 out.ics [--seed 1]
"""

from __future__ import annotations

import argparse
import random
from datetime import datetime, timedelta
from pathlib import Path

ZONE = "GMT Standard Time"
FIRST_DAY = datetime(2025, 1, 6, 9, 0)
DAYS = 540
SERIES_EVERY = 20
PEOPLE = [
    ("Alex Morgan", "alex.morgan"),
    ("Sam O'Neill", "sam.oneill"),
    ("Priya Shah", "priya.shah"),
    ("Jordan Lee", "jordan.lee"),
    ("Chris Evans", "chris.evans"),
    ("Fatima Khan", "fatima.khan"),
    ("Morgan, Dr Kim", "kim.morgan"),
    ("Tom Baker", "tom.baker"),
    ("Rosa Diaz", "rosa.diaz"),
    ("Ivan Petrov", "ivan.petrov"),
]
DOMAINS = ["council.example.gov.uk", "nhs.example.net", "police.example.org"]
TOPICS = [
    "Partnership board",
    "Safeguarding review",
    "Budget\\, finance and risk",
    "Health & wellbeing group",
    "Community safety\\; quarterly",
    "Children's services catch-up",
    "Housing panel",
    "1:1",
]
PARTSTATS = ["ACCEPTED", "ACCEPTED", "TENTATIVE", "DECLINED", "NEEDS-ACTION"]

VTIMEZONE = """BEGIN:VTIMEZONE
TZID:GMT Standard Time
BEGIN:STANDARD
DTSTART:16010101T020000
TZOFFSETFROM:+0100
TZOFFSETTO:+0000
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010101T010000
TZOFFSETFROM:+0000
TZOFFSETTO:+0100
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3
END:DAYLIGHT
END:VTIMEZONE"""

TEAMS = (
    "\\n________________________________________________________________________________\\n"
    "Microsoft Teams meeting\\nJoin on your computer\\, mobile app or room device\\n"
    "Click here to join the meeting<https://teams.microsoft.com/l/meetup-join/19%3ameeting_{code}%40thread.v2/0"
    "?context=%7b%22Tid%22%3a%22{tid}%22%2c%22Oid%22%3a%22{oid}%22%7d>\\nMeeting ID: {mid}\\nPasscode: {pas}\\n"
    "Download Teams<https://www.microsoft.com/en-us/microsoft-teams/download-app> | "
    "Join on the web<https://www.microsoft.com/microsoft-teams/join-a-meeting>\\n"
    "Join with a video conferencing device\\nteams@vc.example.org\\nVideo Conference ID: {vid}\\n"
    "Alternate VTC instructions<https://dialin.teams.microsoft.com/{tid}?id={vid}>\\n"
    "Or call in (audio only)\\n+44 20 3443 0000\\,\\,{dial}#   United Kingdom\\, London\\n"
    "Phone Conference ID: {dial}#\\nFind a local number<https://dialin.teams.microsoft.com/{tid}>\\n"
    "Reset PIN<https://dialin.teams.microsoft.com/usp/pstnconferencing>\\n"
    "Learn More<https://aka.ms/JoinTeamsMeeting> | Meeting options<https://teams.microsoft.com/meetingOptions/"
    "?organizerId={oid}&tenantId={tid}&threadId=19_meeting_{code}@thread.v2&messageId=0&language=en-GB>\\n"
    "________________________________________________________________________________\\n"
)


def fold(line: str) -> list[str]:
    """Lines of at most 75 octets, continued with a space, as RFC 5545 3.1 (and Exchange) folds them."""
    out, current, size = [], "", 0
    for ch in line:
        width = len(ch.encode())
        if size + width > (75 if not out else 74):
            out.append(current)
            current, size = "", 0
        current += ch
        size += width
    out.append(current)
    return [out[0]] + [" " + part for part in out[1:]]


def _stamp(value: datetime) -> str:
    return value.strftime("%Y%m%dT%H%M%S")


def _event(rng: random.Random, uid: str, start: datetime, minutes: int, extra: list[str], seq: int = 0) -> list[str]:
    """One VEVENT's unfolded lines in the order Exchange writes them."""
    people = rng.sample(PEOPLE, 7)
    domain = rng.choice(DOMAINS)
    organizer = f'"{people[0][0]}"' if "," in people[0][0] else people[0][0]
    lines = [f"ORGANIZER;CN={organizer}:mailto:{people[0][1]}@{domain}"]
    for name, user in people[1:]:
        cn = f'"{name}"' if "," in name else name
        lines.append(
            f"ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT={rng.choice(PARTSTATS)};RSVP=TRUE;CN={cn}:"
            f"mailto:{user}@{rng.choice(DOMAINS)}"
        )
    code = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(32))
    tid, oid = f"{rng.getrandbits(128):032x}", f"{rng.getrandbits(128):032x}"
    teams = TEAMS.format(
        code=code,
        tid=tid,
        oid=oid,
        mid=rng.randrange(10**11, 10**12),
        pas=code[:6],
        vid=rng.randrange(10**9, 10**10),
        dial=rng.randrange(10**8, 10**9),
    )
    topic = rng.choice(TOPICS)
    lines.append(f"DESCRIPTION;LANGUAGE=en-GB:Agenda for {topic}: papers to follow.\\n{teams}")
    lines += [
        f"UID:{uid}",
        f"SUMMARY;LANGUAGE=en-GB:{topic}",
        f"DTSTART;TZID={ZONE}:{_stamp(start)}",
        f"DTEND;TZID={ZONE}:{_stamp(start + timedelta(minutes=minutes))}",
        *extra,
        "CLASS:PUBLIC",
        "PRIORITY:5",
        f"DTSTAMP:{_stamp(start - timedelta(days=30))}Z",
        "TRANSP:OPAQUE",
        "STATUS:CONFIRMED",
        f"SEQUENCE:{seq}",
        "LOCATION;LANGUAGE=en-GB:Microsoft Teams Meeting",
        f"X-MICROSOFT-CDO-APPT-SEQUENCE:{seq}",
        f"X-MICROSOFT-CDO-OWNERAPPTID:{rng.randrange(-(2**31), 2**31)}",
        "X-MICROSOFT-CDO-BUSYSTATUS:BUSY",
        "X-MICROSOFT-CDO-INTENDEDSTATUS:BUSY",
        "X-MICROSOFT-CDO-ALLDAYEVENT:FALSE",
        "X-MICROSOFT-CDO-IMPORTANCE:1",
        "X-MICROSOFT-CDO-INSTTYPE:0",
        'X-MICROSOFT-ONLINEMEETINGINFORMATION:{"OnlineMeetingChannelId":null,"OnlineMeetingProvider":3}',
        "X-MICROSOFT-DONOTFORWARDMEETING:FALSE",
        "X-MICROSOFT-DISALLOW-COUNTER:FALSE",
        'X-MICROSOFT-LOCATIONS:[{"DisplayName":"Microsoft Teams Meeting","LocationAnnotation":"",'
        '"LocationUri":"","LocationStreet":"","LocationSource":0}]',
        "X-MICROSOFT-REQUESTEDATTENDANCEMODE:DEFAULT",
        "X-MICROSOFT-ISRESPONSEREQUESTED:TRUE",
        'X-ALT-DESC;FMTTYPE=text/html:<html><head><meta http-equiv="Content-Type" content="text/html; '
        f'charset=utf-8"></head><body><div><p>Agenda for {topic}</p></div><div style="width:100%">'
        f'<span style="white-space:nowrap;color:#5F5F5F">{"_" * 80}</span></div><div><div style="margin-top:24px">'
        '<span style="font-size:24px;font-weight:700">Microsoft Teams meeting</span></div><div>'
        f'<a href="https://teams.microsoft.com/l/meetup-join/19%3ameeting_{code}%40thread.v2/0">Click here to join'
        f"</a></div><div>Meeting ID: {code[:12]}</div></div></body></html>",
        "BEGIN:VALARM",
        "DESCRIPTION:REMINDER",
        "TRIGGER;RELATED=START:-PT15M",
        "ACTION:DISPLAY",
        "END:VALARM",
    ]
    return ["BEGIN:VEVENT", *lines, "END:VEVENT"]


def _uid(rng: random.Random) -> str:
    return "040000008200E00074C5B7101A82E00800000000" + f"{rng.getrandbits(160):040X}"


def calendar_events(count: int, seed: int = 1) -> list[list[str]]:
    """``count`` VEVENTs (a series' master and its override count as two), each as its unfolded lines."""
    rng = random.Random(seed)
    events: list[list[str]] = []
    while len(events) < count:
        start = FIRST_DAY + timedelta(days=rng.randrange(DAYS), minutes=30 * rng.randrange(16))
        minutes = rng.choice([30, 30, 60, 60, 60, 90, 120])
        uid = _uid(rng)
        if len(events) % SERIES_EVERY == SERIES_EVERY - 1 and len(events) + 2 <= count:
            weeks = rng.randrange(8, 40)
            until = start + timedelta(weeks=weeks - 1)
            skipped = sorted(rng.sample(range(1, weeks - 1), 2))
            exdates = ",".join(_stamp(start + timedelta(weeks=w)) for w in skipped)
            moved_week = next(w for w in range(2, weeks) if w not in skipped)
            original = start + timedelta(weeks=moved_week)
            rule = f"RRULE:FREQ=WEEKLY;UNTIL={_stamp(until - timedelta(hours=1))}Z;INTERVAL=1;BYDAY="
            rule += original.strftime("%a").upper()[:2] + ";WKST=MO"
            events.append(_event(rng, uid, start, minutes, [rule, f"EXDATE;TZID={ZONE}:{exdates}"]))
            moved = [f"RECURRENCE-ID;TZID={ZONE}:{_stamp(original)}"]
            events.append(_event(rng, uid, original + timedelta(hours=2), minutes, moved, seq=1))
        else:
            events.append(_event(rng, uid, start, minutes, []))
    return events


def render(events: list[list[str]]) -> bytes:
    """The export's bytes: header, zone, events, folded and CRLF-terminated."""
    lines = [
        "BEGIN:VCALENDAR",
        "METHOD:PUBLISH",
        "PRODID:Microsoft Exchange Server 2010",
        "VERSION:2.0",
        "X-WR-CALNAME:Calendar",
        *VTIMEZONE.splitlines(),
    ]
    for event in events:
        lines.extend(event)
    lines.append("END:VCALENDAR")
    return ("\r\n".join(folded for line in lines for folded in fold(line)) + "\r\n").encode()


def generate(count: int, seed: int = 1) -> bytes:
    """An Outlook-style export with ``count`` VEVENTs, the same bytes for the same seed."""
    return render(calendar_events(count, seed))


def changed(events: list[list[str]], fraction: float, seed: int = 2) -> list[list[str]]:
    """A newer export of the same calendar: ``fraction`` of the events retitled and moved by an hour."""
    rng = random.Random(seed)
    out = [list(event) for event in events]
    for i in rng.sample(range(len(out)), max(1, round(len(out) * fraction))):
        out[i] = [_changed_line(line) for line in out[i]]
    return out


def _changed_line(line: str) -> str:
    if line.startswith("SUMMARY"):
        return line + " (moved)"
    if line.startswith("DTSTAMP:"):
        return "DTSTAMP:20260101T000000Z"
    if line.startswith(("DTSTART;", "DTEND;")):
        head, _, value = line.rpartition(":")
        hour = (int(value[9:11]) + 1) % 24
        return f"{head}:{value[:9]}{hour:02d}{value[11:]}"
    return line


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="how many VEVENTs")
    parser.add_argument("output", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    args.output.write_bytes(generate(args.count, args.seed))


if __name__ == "__main__":
    main()
