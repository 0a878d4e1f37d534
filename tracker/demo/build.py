"""A realistic demo organisation: a borough council and its NHS, police and voluntary partners.

Everything goes in through the same doors as real data: the registers as CSV
files, a year of calendars as .ics and Outlook .csv files in four producers'
styles, imported by ``services.calendar_import``. Deterministic for a given day.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

from dateutil.rrule import rrulestr
from sqlalchemy.orm import Session

from ..domain.costing import financial_year
from ..domain.local_time import ZONE
from ..services import outcomes, registers, users
from ..services.calendar_import import Upload, import_calendars, read_upload
from .data import (
    ACTIVITY,
    ACTIVITY_ONLY,
    ADMINISTRATOR,
    DEMO_USERS,
    GRADES,
    LED_BY_MANAGER,
    MANAGER,
    MANAGERS_ORGANISATION,
    MEASURES,
    NO_OUTCOMES,
    ORGS,
    PARTNERSHIPS,
    SET_RATES,
    STAFF,
    UNIT_VALUES,
)
from .oncosts import oncosts_csv
from .planning import load_planning, partnership_extras
from .working_week import working_week
from .writers import Instance, Series, write_ics, write_outlook_csv


@dataclass
class Person:
    name: str
    email: str
    org: str
    style: str


def _people() -> list[Person]:
    out = []
    for name, org, *_ in STAFF:
        plain = name.split()[-2:] if name.split()[0] in ("Dr", "Ch", "Supt", "DCI", "Area", "Insp") else name.split()
        local = ".".join(p.lower().strip(".'") for p in plain[-2:])
        out.append(Person(name, f"{local}@{ORGS[org][1]}", org, ORGS[org][2]))
    return out


def staff_csv(people: list[Person], today: date) -> str:
    """Two salary rows each: last year's, and this April's pay award."""
    april = date(financial_year(today), 4, 1)
    lines = [
        "name,email,aliases,job_title,grade,organisation,directorate,cost_centre,annual_salary,fte,"
        "salary_effective_from"
    ]
    for person, (_, org, title, grade, salary, fte) in zip(people, STAFF, strict=True):
        alias = person.email.replace("@", ".alt@") if person.org == "council" else ""
        for since, amount in ((april.replace(year=april.year - 1), salary), (april, salary and round(salary * 1.035))):
            lines.append(
                ",".join(
                    [
                        person.name,
                        person.email,
                        alias,
                        f'"{title}"',
                        grade,
                        ORGS[org][0],
                        "",
                        "",
                        str(amount or ""),
                        str(fte),
                        since.isoformat() if amount else "",
                    ]
                )
            )
    return "\n".join(lines) + "\n"


def partnerships_csv(today: date) -> str:
    """The register, with the demo manager as lead of the partnerships whose outcomes they report, and
    the review dates and allowances of ``planning``."""
    lines = [
        "name,parent,purpose,lead_organisation,keywords,categories,priority,lead_email,"
        "review_on,last_reviewed,preparation_hours,travel_hours"
    ]
    for name, parent, purpose, lead, keywords, priority, *_ in PARTNERSHIPS:
        manager = MANAGER if name in LED_BY_MANAGER else ""
        extras = ",".join(partnership_extras(name, today).values())
        lines.append(f'"{name}","{parent}","{purpose}","{lead}","{keywords}",,{priority},{manager},{extras}')
    return "\n".join(lines) + "\n"


def _series(people: list[Person], start: date, end: date, rng: random.Random) -> list[tuple[Series, list[int]]]:
    """Every meeting series with the indexes of the people whose calendars hold it."""
    out = []
    first = datetime.combine(start, time(), ZONE)
    for n, (name, *_, rule, minutes, members, chair) in enumerate(PARTNERSHIPS):
        hour = 9 + n % 6
        dtstart = first.replace(hour=hour, minute=30 if n % 3 == 0 else 0)
        until = datetime.combine(end, time(23, 59), ZONE)
        dates = list(
            rrulestr(rule, dtstart=dtstart.replace(tzinfo=None)).between(
                dtstart.replace(tzinfo=None), until.replace(tzinfo=None), inc=True
            )
        )
        if not dates:
            continue
        instances = [
            Instance(d.replace(tzinfo=ZONE), d.replace(tzinfo=ZONE) + timedelta(minutes=minutes)) for d in dates
        ]
        exdates = []
        if len(instances) > 4:
            exdates.append(instances.pop(len(instances) // 2).start)  # one meeting stood down
            moved = instances[1]
            moved.original_start = moved.start
            moved.start, moved.end = moved.start + timedelta(days=1), moved.end + timedelta(days=1)
        count = len(dates)
        series = Series(
            uid=f"demo-{n:02d}-{name.lower().replace(' ', '-')[:20]}@borough.gov.uk",
            title=f"{name} meeting" if rng.random() < 0.5 else name,
            rule=f"{rule};COUNT={count}",
            instances=instances,
            organizer=(people[chair].name, people[chair].email),
            attendees=[(people[i].name, people[i].email) for i in members],
            location=rng.choice(["Civic Centre, Committee Room 1", "Microsoft Teams", "Police HQ", "Town Hall"]),
            exdates=exdates,
        )
        out.append((series, members))
    return out


def outcomes_csv(start: date, today: date, rng: random.Random) -> str:
    """Quarterly values for most partnerships' measures; two partnerships report none."""
    lines = [
        "partnership,period_start,period_end,measure,value,unit,target,notes,kind,direction,baseline,"
        "unit_value,unit_value_source"
    ]
    quarter = date(start.year, ((start.month - 1) // 3) * 3 + 1, 1)
    for n, (name, *_rest) in enumerate(PARTNERSHIPS):
        if name in NO_OUTCOMES:
            continue
        measures = ACTIVITY if name in ACTIVITY_ONLY else [MEASURES[i % len(MEASURES)] for i in range(n, n + 2 + n % 2)]
        q = quarter
        while q <= today:
            end = (date(q.year + (q.month + 2) // 12, (q.month + 2) % 12 + 1, 1)) - timedelta(days=1)
            for measure, kind, unit, baseline, target, direction in measures:
                progress = rng.uniform(0.1, 1.5)
                value = round(baseline + (target - baseline) * progress)
                worth, source = UNIT_VALUES.get(measure, ("", ""))
                lines.append(
                    f'"{name}",{q},{end},"{measure}",{value},{unit},{target},"Quarterly return",{kind},'
                    f'{direction},{baseline},{worth},"{source}"'
                )
            q = end + timedelta(days=1)
    return "\n".join(lines) + "\n"


def _users(session: Session) -> None:
    for email, role, password, organisation in DEMO_USERS:
        if users.find_user(session, email) is None:
            users.create_user(session, email, role, password, name=f"Demo {role}", organisation=organisation)


def build_demo(session: Session, folder: Path, *, today: date) -> str:
    """Load the registers, write a year of calendar files into ``folder``, import them all."""
    rng = random.Random(2026)
    people = _people()
    folder.mkdir(parents=True, exist_ok=True)
    start = date(today.year - 1, today.month, 1)
    end = today + timedelta(days=30)
    (folder / "staff.csv").write_text(staff_csv(people, today))
    (folder / "partnerships.csv").write_text(partnerships_csv(today))
    (folder / "grades.csv").write_text(GRADES)
    year = financial_year(today)
    rates = "".join(f"{grade},{year},{rate}\n" for grade, rate in SET_RATES)
    (folder / "rates.csv").write_text("grade,financial_year,hourly_rate\n" + rates)
    # Each organisation's own on-costs, with their sources, for every financial year the calendars reach.
    organisations = {key: name for key, (name, *_) in ORGS.items()}
    oncosts = oncosts_csv(organisations, financial_year(start), financial_year(end))
    (folder / "oncosts.csv").write_text(oncosts, encoding="utf-8")
    for register in ("staff", "partnerships", "grades", "rates", "oncosts"):
        registers.load_register(session, register, (folder / f"{register}.csv").read_bytes(), f"{register}.csv")
    all_series = _series(people, start, end, rng)
    uploads: dict[str, list[Upload]] = {MANAGER: [], ADMINISTRATOR: []}  # by who uploads them
    for index, person in enumerate(people):
        mine = [s for s, members in all_series if index in members]
        for series in mine:  # everyone declines now and then, in their own calendar
            for inst in series.instances:
                if rng.random() < 0.08:
                    inst.declined = True
        mine += working_week(person.name, person.email, index, start, end, rng)
        if person.style == "csv":
            name, text = f"{person.email}.csv", write_outlook_csv(person.email, mine)
        else:
            name, text = f"{person.email}.ics", write_ics(person.email, mine, person.style)
        (folder / name).write_text(text, encoding="utf-8")
        # The manager uploads their own organisation's staff's calendars; the administrator everyone else's.
        uploader = MANAGER if person.org == MANAGERS_ORGANISATION else ADMINISTRATOR
        uploads[uploader].append(Upload(name, (folder / name).read_bytes(), person.email))
        for series, _ in all_series:  # reset per-person declines before the next calendar
            for inst in series.instances:
                inst.declined = False
    # One import of every upload, each calendar marked with its uploader: attendances are then worked out
    # once for the whole organisation, not again for each uploader's share.
    read = [
        replace(calendar, uploaded_by=uploader)
        for uploader, theirs in uploads.items()
        for upload in theirs
        for calendar in read_upload(upload, today=today, session=session)
    ]
    summaries = import_calendars(session, read)
    occurrences = sum(s.occurrences for s in summaries)
    _users(session)
    (folder / "outcomes.csv").write_text(outcomes_csv(start, today, rng))
    outcomes.load_outcomes(session, (folder / "outcomes.csv").read_bytes(), "outcomes.csv", "demo")
    load_planning(session, folder, today, [p.email for p in people])
    return (
        f"Demo organisation loaded: {len(people)} staff, {len(PARTNERSHIPS)} partnerships, "
        f"{len(summaries)} calendar files ({occurrences} occurrences) written to {folder} and imported."
    )
