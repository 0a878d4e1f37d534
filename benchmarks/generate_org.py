"""A whole organisation's year of calendars, for scale benchmarks: N senior managers, shared meetings.

Each person sits on a few partnership boards (monthly, 10-20 members) and working groups
(fortnightly, 5-8), has a weekly team meeting, weekly 1:1s and about fifteen one-off meetings a week
with three to six colleagues: about 1,200 occurrences a year. Every meeting is in the calendar of
each person who attends, under one UID, as Outlook/Exchange writes it (``GMT Standard Time``,
attendees with ``PARTSTAT`` and ``CN``, a Teams-style description). Deterministic from the seed.

    python benchmarks/generate_org.py 50 -o /tmp/org50
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

TZID = "GMT Standard Time"
VTIMEZONE = (
    "BEGIN:VTIMEZONE\r\nTZID:GMT Standard Time\r\nBEGIN:STANDARD\r\nDTSTART:16011028T020000\r\n"
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:-0000\r\nEND:STANDARD\r\n"
    "BEGIN:DAYLIGHT\r\nDTSTART:16010325T010000\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\n"
    "TZOFFSETFROM:-0000\r\nTZOFFSETTO:+0100\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n"
)
DESCRIPTION = (
    "Microsoft Teams meeting\\nJoin on your computer\\, mobile app or room device\\nClick here to join the "
    "meeting\\nMeeting ID: 123 456 789 012\\nPasscode: aBcDeF\\nDownload Teams | Join on the web\\nLearn more "
    "| Meeting options\\nPapers will be circulated a week before. Please send apologies to the clerk."
)
BOARDS = (
    "Health and Wellbeing Board",
    "Community Safety Partnership",
    "Safeguarding Adults Board",
    "Children and Young People's Partnership",
    "Integrated Care Partnership",
    "Drug and Alcohol Action Team",
    "Local Enterprise Partnership",
    "Housing Strategy Group",
    "Reducing Reoffending Board",
    "Borough Strategic Partnership",
)


@dataclass
class Meeting:
    uid: str
    title: str
    start: datetime  # local wall time, Europe/London
    minutes: int
    people: list[int]
    rule: str = ""  # an RRULE, or a single occurrence
    declined: set[int] = field(default_factory=set)


def email(n: int) -> str:
    return f"person{n:04d}@org{n % 4}.gov.uk"


def organisation(
    size: int, *, seed: int = 7, year: int = 2025, boards: Sequence[str] = BOARDS, every_board: bool = False
) -> list[Meeting]:
    """The meetings of a year from April ``year``; ``every_board``: one monthly board for each name in ``boards``
    (a locality's partnerships), instead of one for every five people, named in turn."""
    rng = random.Random(seed)
    first = date(year, 4, 7)  # a Monday in April: the financial year
    meetings: list[Meeting] = []

    def at(week: int, weekday: int, hour: float) -> datetime:
        day = first + timedelta(weeks=week, days=weekday)
        return datetime(day.year, day.month, day.day, int(hour), int(hour * 60) % 60)

    groups = max(1, size // 6)
    for b in range(len(boards) if every_board else max(2, size // 5)):  # boards: monthly, 10-20 members
        members = rng.sample(range(size), min(size, rng.randint(10, 20)))
        title = f"{boards[b % len(boards)]}{'' if b < len(boards) else f' {b // len(boards) + 1}'}"
        meetings.append(
            Meeting(
                f"board-{b}",
                title,
                at(rng.randint(0, 3), rng.randint(0, 4), rng.choice((9, 10, 14))),
                120,
                members,
                "FREQ=MONTHLY;COUNT=12",
            )
        )
    for g in range(groups):  # working groups: fortnightly, 5-8 members
        members = rng.sample(range(size), min(size, rng.randint(5, 8)))
        board = boards[g % len(boards)]
        meetings.append(
            Meeting(
                f"group-{g}",
                f"{board} task and finish group",
                at(0, rng.randint(0, 4), 11),
                90,
                members,
                "FREQ=WEEKLY;INTERVAL=2;COUNT=26",
            )
        )
    for t in range(0, size, 8):  # teams of eight: weekly
        members = list(range(t, min(size, t + 8)))
        meetings.append(
            Meeting(f"team-{t}", "Directorate team meeting", at(0, 0, 9), 60, members, "FREQ=WEEKLY;COUNT=52")
        )
    for p in range(size):  # weekly 1:1s with four colleagues
        for k in range(4):
            other = (p + 1 + k * 7) % size
            if other != p:
                meetings.append(
                    Meeting(f"one-{p}-{k}", "1:1", at(0, k % 5, 15 + k % 2), 30, [p, other], "FREQ=WEEKLY;COUNT=52")
                )
    for n in range(size * 15 * 52 // 4):  # one-off meetings: about fifteen a person a week
        members = rng.sample(range(size), min(size, rng.randint(3, 6)))
        title = rng.choice(("Budget challenge", "Interview panel", f"{rng.choice(boards)} pre-meet", "Catch-up"))
        start = at(rng.randint(0, 51), rng.randint(0, 4), rng.choice((9, 9.5, 10, 11, 12, 13, 14, 15, 16)))
        declined = {m for m in members if rng.random() < 0.05}
        meetings.append(Meeting(f"adhoc-{n}", title, start, rng.choice((30, 60, 60, 90)), members, "", declined))
    return meetings


def calendar(person: int, meetings: list[Meeting]) -> str:
    out = [
        "BEGIN:VCALENDAR\r\nPRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r\nVERSION:2.0\r\n"
        f"METHOD:PUBLISH\r\nX-WR-CALNAME:{email(person)}\r\n",  # the owner, so a zip of many needs no owners given
        VTIMEZONE,
    ]
    for m in meetings:
        if person not in m.people:
            continue
        end = m.start + timedelta(minutes=m.minutes)
        lines = [
            "BEGIN:VEVENT",
            f"UID:{m.uid}@generated.example",
            f"SUMMARY:{m.title}",
            f"DTSTART;TZID={TZID}:{m.start:%Y%m%dT%H%M%S}",
            f"DTEND;TZID={TZID}:{end:%Y%m%dT%H%M%S}",
            "DTSTAMP:20250301T120000Z",
            f'ORGANIZER;CN="Person {m.people[0]}":mailto:{email(m.people[0])}',
        ]
        if m.rule:
            lines.append(f"RRULE:{m.rule}")
        for who in m.people:
            status = "DECLINED" if who in m.declined else "ACCEPTED"
            lines.append(f'ATTENDEE;CN="Person {who}";ROLE=REQ-PARTICIPANT;PARTSTAT={status}:mailto:{email(who)}')
        lines += [f"DESCRIPTION:{DESCRIPTION}", "X-MICROSOFT-CDO-BUSYSTATUS:BUSY", "END:VEVENT"]
        out.append("\r\n".join(fold(line) for line in lines) + "\r\n")
    out.append("END:VCALENDAR\r\n")
    return "".join(out)


def fold(line: str) -> str:
    return "\r\n ".join(line[i : i + 74] for i in range(0, len(line), 74)) if len(line) > 75 else line


def staff_csv(size: int) -> str:
    columns = "name,email,aliases,job_title,grade,organisation,directorate,cost_centre,annual_salary,fte"
    rng = random.Random(size)
    rows = [f"{columns},salary_effective_from"]
    for n in range(size):
        pay = rng.randint(60, 190) * 1000
        rows.append(f"Person {n},{email(n)},,Director,D{n % 3},Org {n % 4},Directorate {n % 6},,{pay},1,2024-04-01")
    return "\n".join(rows) + "\n"


def partnerships_csv() -> str:
    rows = ["name,parent,purpose,lead_organisation,keywords,categories,priority"]
    rows += [f"{b},{'' if b == BOARDS[-1] else BOARDS[-1]},,,{b.lower()},,10" for b in BOARDS]
    return "\n".join(rows) + "\n"


@dataclass(frozen=True)
class Organisation:
    """This module's organisation as ``fill_org`` writes it (``locality.Locality`` is the larger place)."""

    span: tuple[date, date] = (date(2025, 4, 1), date(2026, 3, 31))

    def email(self, n: int) -> str:
        return email(n)

    def staff_csv(self, size: int) -> str:
        return staff_csv(size)

    def partnerships_csv(self) -> str:
        return partnerships_csv()

    def meetings(self, size: int) -> list[Meeting]:
        return organisation(size)

    def partnership_of(self, title: str, ids: dict[str, int]) -> int | None:
        """The first board whose name the title holds (a pre-meet counts for its board)."""
        lowered = title.lower()
        return next((ids[b] for b in BOARDS if b.lower() in lowered), None)


ORGANISATION = Organisation()


def write(size: int, folder: Path, *, seed: int = 7) -> list[Path]:
    """The staff and partnership registers and one calendar a person; returns the calendars, in order."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "staff.csv").write_text(staff_csv(size))
    (folder / "partnerships.csv").write_text(partnerships_csv())
    meetings = organisation(size, seed=seed)
    paths = []
    for person in range(size):
        path = folder / f"{email(person)}.ics"
        path.write_text(calendar(person, meetings), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("people", type=int)
    parser.add_argument("-o", "--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    paths = write(args.people, args.out, seed=args.seed)
    print(f"{len(paths)} calendars written to {args.out}")


if __name__ == "__main__":
    main()
