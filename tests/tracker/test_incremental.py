"""Recomputing only what changed gives exactly what recomputing everything gives, after any sequence of changes.

Two databases take the same random sequence of uploads (shared meetings, moved and declined ones,
newer exports), undos, rule changes, pay and alias changes, overrides and settings. One is brought up
to date incrementally, as the app does; the other is rebuilt from scratch after every step. Their
attendances, attributions and address index must be identical. The logic does not depend on the
database engine, so both are SQLite files whatever ``TEST_DATABASE_URL`` says.
"""

from __future__ import annotations

import itertools
import os
import shutil
from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import aliased

from tracker import create_app, db
from tracker.models import (
    Attendance,
    CalendarImport,
    Meeting,
    MeetingAddress,
    MonthlyFigure,
    MonthlyMeetings,
    MonthlySeries,
    Organisation,
    Partnership,
    Person,
    PersonAlias,
    ReviewSeries,
    UnattributedTitle,
    UndoneImport,
)
from tracker.services import attendances, attribution, calendar_import, import_undo, registers
from tracker.services import settings as setting_changes

PEOPLE = ["ann@council.gov.uk", "ben@nhs.net", "cat@police.uk", "dan@council.gov.uk"]
GUEST = "guest@voluntary.org.uk"
TITLES = ["HWB meeting", "Community safety tasking", "Budget 1:1", "Strategic partnership board"]
STAFF_HEAD = (
    "name,email,aliases,job_title,grade,organisation,directorate,cost_centre,annual_salary,fte,salary_effective_from\n"
)
STAFF = STAFF_HEAD + "".join(
    f"{email.split('@')[0].title()},{email},,Head,G{i % 2},Org{i % 2},,,{50000 + 10000 * i},1,2024-04-01\n"
    for i, email in enumerate(PEOPLE)
)
PARTNERSHIPS = (
    "name,parent,purpose,lead_organisation,keywords,categories,priority\n"
    "Borough Strategic Partnership,,,,strategic partnership,,50\n"
    "Health and Wellbeing Board,Borough Strategic Partnership,,,HWB,,10\n"
    "Community Safety Partnership,Borough Strategic Partnership,,,community safety,,10\n"
)
GRADES = "grade,band_min,band_max\nG0,40000,60000\nG1,60000,80000\n"

event = st.fixed_dictionaries(
    {
        "uid": st.sampled_from([f"m{i}" for i in range(6)]),
        "day": st.integers(0, 5),
        "start": st.integers(16, 47),  # half hours from midnight: 08:00 to 23:30, so some run past midnight
        "length": st.integers(1, 6),  # half hours
        "title": st.sampled_from(TITLES),
        "sequence": st.integers(0, 2),
        "attendees": st.sets(st.sampled_from([*PEOPLE, GUEST]), max_size=3),
        "declined": st.booleans(),
        "all_day": st.integers(0, 5).map(lambda n: n == 0),
        "weekly": st.integers(0, 5).map(lambda n: n == 0),
    }
)
operation = st.one_of(
    st.tuples(st.just("upload"), st.integers(0, len(PEOPLE) - 1), st.lists(event, max_size=6)),
    st.tuples(st.just("undo"), st.integers(0, 5)),
    st.tuples(st.just("restore"), st.integers(0, 5)),
    st.tuples(st.just("rule"), st.sampled_from(["budget", "tasking", "board", "HWB"])),
    st.tuples(st.just("pay"), st.integers(0, len(PEOPLE) - 1), st.integers(40, 120)),
    st.tuples(st.just("alias"), st.integers(0, len(PEOPLE) - 1)),
    st.tuples(st.just("move"), st.integers(0, len(PEOPLE) - 1), st.integers(0, 2)),
    st.tuples(st.just("override"), st.sampled_from([f"m{i}" for i in range(6)]), st.integers(0, 3)),
    st.tuples(st.just("declines"), st.booleans()),
    st.tuples(st.just("all day"), st.booleans()),
    st.tuples(st.just("grade"), st.integers(40, 90)),
)


def calendar(owner: str, events: list[dict]) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//incremental//EN", f"X-WR-CALNAME:{owner}"]
    for e in events:
        first = date(2025, 3, 3) + timedelta(days=e["day"])
        lines += ["BEGIN:VEVENT", f"UID:{e['uid']}", f"SEQUENCE:{e['sequence']}", "DTSTAMP:20250101T000000Z"]
        if e["all_day"]:
            lines += [f"DTSTART;VALUE=DATE:{first:%Y%m%d}", f"DTEND;VALUE=DATE:{first + timedelta(days=2):%Y%m%d}"]
        else:
            start = datetime.combine(first, time()) + timedelta(minutes=30 * e["start"])
            end = start + timedelta(minutes=30 * e["length"])
            lines += [
                f"DTSTART;TZID=Europe/London:{start:%Y%m%dT%H%M%S}",
                f"DTEND;TZID=Europe/London:{end:%Y%m%dT%H%M%S}",
            ]
        if e["weekly"]:
            lines.append("RRULE:FREQ=WEEKLY;COUNT=3")
        lines.append(f"SUMMARY:{e['title']}")
        for who in sorted(e["attendees"] | {owner}):
            status = "DECLINED" if e["declined"] and who == owner else "ACCEPTED"
            lines.append(f"ATTENDEE;PARTSTAT={status}:mailto:{who}")
        lines.append("END:VEVENT")
    return ("\r\n".join([*lines, "END:VCALENDAR"]) + "\r\n").encode()


def outlook(e: dict) -> bytes:
    """One timed event as an Outlook CSV export has it: no UID, so it is matched by title, start and end."""
    start = datetime.combine(date(2025, 3, 3) + timedelta(days=e["day"]), time()) + timedelta(minutes=30 * e["start"])
    end = start + timedelta(minutes=30 * e["length"])
    head = '"Subject","Start Date","Start Time","End Date","End Time","All day event","Show time as"\n'
    row = f'"{e["title"]}","{start:%d/%m/%Y}","{start:%H:%M:%S}","{end:%d/%m/%Y}","{end:%H:%M:%S}","False","2"\n'
    return (head + row).encode()


def apply(session, op: tuple, counter: itertools.count) -> None:
    kind = op[0]
    if kind == "outlook":
        owner = PEOPLE[op[1]]
        upload = calendar_import.Upload(f"{owner}-{next(counter)}.csv", outlook(op[2]), owner, "dmy")
        calendar_import.import_calendars(session, calendar_import.read_upload(upload, today=date(2025, 3, 1)))
    elif kind == "upload":
        owner = PEOPLE[op[1]]
        upload = calendar_import.Upload(f"{owner}-{next(counter)}.ics", calendar(owner, op[2]), owner)
        calendar_import.import_calendars(session, calendar_import.read_upload(upload, today=date(2025, 3, 1)))
    elif kind == "undo":
        imports = session.scalars(select(CalendarImport).order_by(CalendarImport.id)).all()
        if imports:
            import_undo.undo_import(session, imports[op[1] % len(imports)])
    elif kind == "restore":
        undone = session.scalars(select(UndoneImport.id).order_by(UndoneImport.id)).all()
        if undone:
            import_undo.restore_import(session, undone[op[1] % len(undone)])
    elif kind == "rule":
        body = PARTNERSHIPS.replace("community safety,,10", f"community safety;{op[1]},,10")
        registers.load_register(session, "partnerships", body.encode(), "partnerships.csv")
    elif kind == "pay":
        row = f"X,{PEOPLE[op[1]]},,,,,,,{op[2] * 1000},1,2025-03-05\n"
        registers.load_register(session, "staff", (STAFF_HEAD + row).encode(), "staff.csv")
    elif kind == "move":  # their calendar moves to another organisation's review queue
        row = f"X,{PEOPLE[op[1]]},,,,Org{op[2]},,,,1,\n"
        registers.load_register(session, "staff", (STAFF_HEAD + row).encode(), "staff.csv")
    elif kind == "alias":  # the guest's address becomes one of this person's: their meetings count for them
        row = f"X,{PEOPLE[op[1]]},{GUEST},,,,,,,1,\n"
        if session.scalar(select(PersonAlias.id).where(PersonAlias.email == GUEST)) is None:
            registers.load_register(session, "staff", (STAFF_HEAD + row).encode(), "staff.csv")
    elif kind == "override":
        partnerships = session.scalars(select(Partnership.id).order_by(Partnership.id)).all()
        target = None if op[2] == 0 else partnerships[op[2] - 1]
        attribution.override(session, series_keys=[f"uid:{op[1]}"], partnership_id=target, by="t")
    elif kind == "declines":
        setting_changes.change_settings(session, {"count_declined": "yes" if op[1] else "no"})
    elif kind == "all day":  # two-day events then cost a working day on each: they reach past their first
        setting_changes.change_settings(session, {"count_all_day": "yes" if op[1] else "no"})
    elif kind == "grade":
        body = f"grade,band_min,band_max\nG1,{op[1] * 1000},{op[1] * 1000 + 20000}\n"
        registers.load_register(session, "grades", body.encode(), "grades.csv")


def tables(session) -> dict[str, list]:
    part = aliased(Partnership)
    attendance = select(
        Meeting.identity,
        Person.email,
        part.name,
        Attendance.start,
        Attendance.end,
        Attendance.local_day,
        Attendance.month,
        Attendance.seconds,
        Attendance.hourly_rate,
        Attendance.cost,
        Attendance.rate_basis,
        Attendance.standard_rate,
        Attendance.standard_cost,
    ).join(Meeting, Meeting.id == Attendance.meeting_id)
    attendance = attendance.join(Person, Person.id == Attendance.person_id).outerjoin(
        part, part.id == Attendance.partnership_id
    )
    meetings = select(
        Meeting.identity, part.name, Meeting.attribution, Meeting.start, Meeting.end, Meeting.seconds
    ).outerjoin(part, part.id == Meeting.partnership_id)
    addresses = select(Meeting.identity, MeetingAddress.key, MeetingAddress.name).join(Meeting)
    monthly = (
        select(
            part.name,
            Person.email,
            MonthlyFigure.month,
            MonthlyFigure.attendances,
            MonthlyFigure.uncosted,
            MonthlyFigure.seconds,
            MonthlyFigure.cost,
            MonthlyFigure.standard_uncosted,
            MonthlyFigure.standard_cost,
        )
        .join(part, part.id == MonthlyFigure.partnership_id)
        .join(Person, Person.id == MonthlyFigure.person_id)
    )
    meetings_held = select(part.name, MonthlyMeetings.month, MonthlyMeetings.meetings).join(
        part, part.id == MonthlyMeetings.partnership_id
    )
    series = select(part.name, MonthlySeries.month, MonthlySeries.series_key, MonthlySeries.meetings)
    series = series.add_columns(MonthlySeries.cost, MonthlySeries.standard_cost)
    organisation = aliased(Organisation)
    review = (
        select(
            organisation.name,
            ReviewSeries.series_key,
            part.name,
            ReviewSeries.meetings,
            ReviewSeries.seconds,
            ReviewSeries.first_start,
            ReviewSeries.last_start,
            ReviewSeries.title,
            ReviewSeries.attribution,
        )
        .outerjoin(part, part.id == ReviewSeries.partnership_id)
        .outerjoin(organisation, organisation.id == ReviewSeries.scope)
    )
    queries = {
        "attendance": attendance,
        "meetings": meetings,
        "addresses": addresses,
        "monthly figures": monthly,
        "monthly meetings": meetings_held,
        "monthly series": series.join(part, part.id == MonthlySeries.partnership_id),
        "review series": review,
        "unattributed titles": select(UnattributedTitle.title, UnattributedTitle.meetings),
    }
    return {name: sorted(tuple(str(v) for v in row) for row in session.execute(q)) for name, q in queries.items()}


def make_app(path):
    app = create_app(
        {"TESTING": True, "DATABASE_URL": f"sqlite:///{path}", "SECRET_KEY": "t", "INSTANCE_PATH": str(path) + "-i"}
    )
    with app.app_context():
        db.upgrade(app.extensions["database"].engine)
        with db.transaction() as session:
            for register, body in (("staff", STAFF), ("partnerships", PARTNERSHIPS), ("grades", GRADES)):
                registers.load_register(session, register, body.encode(), f"{register}.csv")
    return app


def start_over(app, template) -> None:
    """Put the seeded database back under an app made once: closing its connections and copying the file
    is far quicker than making an app and an engine for each example (whose statements would all be
    compiled again)."""
    engine = app.extensions["database"].engine
    engine.dispose()
    path = engine.url.database
    for leftover in (f"{path}-wal", f"{path}-shm"):
        if os.path.exists(leftover):
            os.remove(leftover)
    shutil.copyfile(template, path)


@pytest.fixture(autouse=True, scope="module")
def always_incremental():
    """A change that reaches most meetings is normally rebuilt instead; here it must go the incremental way."""
    share, attendances.REBUILD_SHARE = attendances.REBUILD_SHARE, float("inf")
    yield
    attendances.REBUILD_SHARE = share


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """One migrated database with the registers loaded, copied for each example (migrating is the slow part)."""
    path = tmp_path_factory.mktemp("seeded") / "seeded.sqlite"
    make_app(path).extensions["database"].engine.dispose()
    return path


@pytest.fixture(scope="module")
def two_apps(seeded, tmp_path_factory):
    """The app brought up to date incrementally and the one rebuilt after every step, made once."""
    folder = tmp_path_factory.mktemp("incremental")
    apps = []
    for name in ("incremental", "full"):
        shutil.copyfile(seeded, folder / f"{name}.sqlite")
        apps.append(
            create_app(
                {
                    "TESTING": True,
                    "DATABASE_URL": f"sqlite:///{folder / name}.sqlite",
                    "SECRET_KEY": "t",
                    "INSTANCE_PATH": str(folder / name) + "-i",
                }
            )
        )
    yield apps
    for app in apps:
        app.extensions["database"].engine.dispose()


def _event(uid: str, day: int, start: int, length: int) -> dict:
    plain = {"title": "HWB meeting", "sequence": 0, "declined": False, "all_day": False, "weekly": False}
    return {**plain, "uid": uid, "day": day, "start": start, "length": length, "attendees": {PEOPLE[0]}}


# Ann never uploads, so invitations decide for her. Ben's calendar has her at a meeting from 23:00 to
# 01:00 and another from 00:00 to 01:00 the next day (an hour shared: 1.5 h and 0.5 h). Cat's calendar
# then adds a morning meeting on the first day: recomputing Ann's first day reaches past midnight into
# the second, so the second day must be recomputed too or the late meeting's share comes out wrong.
PAST_MIDNIGHT = [
    ("upload", 1, [_event("m0", 0, 46, 4), _event("m1", 1, 0, 2)]),
    ("upload", 2, [_event("m2", 0, 20, 2)]),
]
# A chain: Ben's calendar has Ann at 10:00-11:00, 10:30-11:30 and 11:15-12:00, each overlapping the next.
# Cat's adds 09:30-10:15, overlapping only the first: the first's share depends on the second, so the
# second (and, for its own share, the third) must be worked out again too.
CHAIN = [
    ("upload", 1, [_event("m0", 0, 20, 2), _event("m1", 0, 21, 2), _event("m3", 0, 22, 2)]),
    ("upload", 2, [_event("m2", 0, 19, 2)]),
]

# Ben's Outlook CSV has a meeting; his calendar file then has it with a UID: the meeting is adopted and
# moves to the UID's series, while every attendance row stays as it was (so none of them marks it).
# Ben's calendar, then a newer export of it that moves one meeting and drops another; the newer one is
# undone (Ben's copies go back to the first export), restored, and undone again.
NEWER_UNDONE = [
    ("upload", 1, [_event("m0", 0, 20, 2), _event("m1", 1, 20, 2), _event("m2", 2, 20, 2)]),
    ("upload", 1, [_event("m0", 0, 22, 2), _event("m2", 2, 20, 2)]),
    ("undo", 1),
    ("restore", 0),
    ("undo", 1),
]

# Ben declined a meeting on his calendar (so no row of his costs it, and no change of his pay reprices
# it); he then moves to another organisation: the meeting leaves his old manager's queue for the new one's.
MOVED = [
    ("upload", 1, [{**_event("m0", 0, 20, 2), "declined": True}]),
    ("move", 1, 2),
]

ADOPTED = [
    ("outlook", 1, _event("m0", 2, 20, 2)),
    ("upload", 1, [{**_event("m0", 2, 20, 2), "attendees": set()}]),
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(operation, min_size=1, max_size=8))
@example(operations=MOVED)
@example(operations=ADOPTED)
@example(operations=NEWER_UNDONE)
@example(operations=PAST_MIDNIGHT)
@example(operations=CHAIN)
def test_incremental_recompute_equals_a_full_rebuild(seeded, two_apps, operations):
    incremental, full = two_apps
    for app in two_apps:
        start_over(app, seeded)
    counters = {id(incremental): itertools.count(), id(full): itertools.count()}
    for step, op in enumerate(operations):
        seen = {}
        for app in (incremental, full):
            with app.app_context():
                with db.transaction() as session:
                    apply(session, op, counters[id(app)])
                    if app is full:
                        attendances.rebuild(session)
                seen[app is full] = tables(db.get_session())
        for name in seen[True]:
            assert seen[False][name] == seen[True][name], f"{name} differ after step {step}: {op}"
