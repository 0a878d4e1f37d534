"""A senior manager's own calendar, beside the partnerships: most of the year is not partnership time.

About a thousand occurrences a year each: a daily check-in, one-to-ones with their reports and
their manager, the leadership team, team meetings, project boards, one-off meetings (some declined,
some cancelled), a private appointment, training days and leave. None of it matches a partnership's
keywords, so it stays out of the partnership figures, as it would in a real calendar.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from ..domain.local_time import ZONE
from .writers import Instance, Series

REPORTS = ("Alex", "Jordan", "Sam", "Chris", "Morgan", "Taylor", "Jamie", "Robin")
PROJECTS = (
    "Digital front door",
    "Office move",
    "Budget recovery plan",
    "New case management system",
    "Workforce strategy",
    "Estates review",
    "Customer service improvement",
    "Data quality",
)
ONE_OFFS = (
    "Budget monitoring",
    "Recruitment panel",
    "Member briefing",
    "Audit committee prep",
    "Service review",
    "Staff engagement session",
    "Interview panel",
    "Performance clinic",
    "Complaints review",
    "Risk register review",
    "Contract meeting",
    "Away day planning",
)


def _weekly(
    uid: str,
    title: str,
    owner: tuple[str, str],
    first: datetime,
    end: date,
    minutes: int,
    *,
    every: int = 1,
    byday: str | None = None,
) -> Series:
    """A recurring series with its instances listed, as the writers need them."""
    instances = []
    step = timedelta(days=1) if byday else timedelta(weeks=every)
    day = first
    while day.date() <= end:
        if not byday or day.weekday() < 5:
            instances.append(Instance(day, day + timedelta(minutes=minutes)))
        day += step
    rule = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR" if byday else f"FREQ=WEEKLY;INTERVAL={every}"
    return Series(uid=uid, title=title, rule=f"{rule};COUNT={len(instances)}", instances=instances, organizer=owner)


def _first_weekday(start: date, weekday: int, at: time) -> datetime:
    day = start + timedelta(days=(weekday - start.weekday()) % 7)
    return datetime.combine(day, at, ZONE)


def _all_day(uid: str, title: str, owner: tuple[str, str], day: date, days: int) -> Series:
    begin = datetime.combine(day, time(), ZONE)
    return Series(
        uid=uid,
        title=title,
        rule=None,
        all_day=True,
        organizer=owner,
        instances=[Instance(begin, begin + timedelta(days=days))],
    )


def working_week(name: str, email: str, index: int, start: date, end: date, rng: random.Random) -> list[Series]:
    """Everything in one person's calendar that is not a partnership meeting, from ``start`` to ``end``."""
    me = (name, email)
    domain = email.split("@")[1]
    uid = f"{index}-{email.split('@')[0]}@{domain}"
    out = [
        _weekly(f"checkin-{uid}", "Daily check-in", me, _first_weekday(start, 0, time(8, 45)), end, 15, byday="1"),
        _weekly(f"slt-{uid}", "Senior leadership team", me, _first_weekday(start, 0, time(9)), end, 90),
        _weekly(f"team-{uid}", "Team meeting", me, _first_weekday(start, 3, time(14)), end, 60),
        _weekly(f"boss-{uid}", "1:1 with line manager", me, _first_weekday(start, 4, time(10)), end, 45, every=2),
    ]
    for n, report in enumerate(rng.sample(REPORTS, 3 + index % 3)):
        first = _first_weekday(start, 1 + n % 3, time(11 + n % 4, 30))
        series = _weekly(f"one-{n}-{uid}", f"1:1 {report}", me, first, end, 30)
        series.attendees = [(report, f"{report.lower()}.{index}@{domain}")]
        out.append(series)
    for n, project in enumerate(rng.sample(PROJECTS, 2)):
        first = _first_weekday(start, 2 + n, time(15, 30))
        out.append(_weekly(f"proj-{n}-{uid}", f"Project board: {project}", me, first, end, 60, every=2))
    out.extend(_one_offs(uid, me, start, end, rng))
    gp = datetime.combine(start + timedelta(days=40 + index), time(8), ZONE)
    out.append(
        Series(
            uid=f"priv-{uid}",
            title="GP appointment",
            rule=None,
            private=True,
            organizer=me,
            instances=[Instance(gp, gp + timedelta(hours=1))],
        )
    )
    for n in range(3):
        out.append(
            _all_day(f"train-{n}-{uid}", "Leadership training", me, start + timedelta(days=100 + index + 90 * n), 1)
        )
    for n, days in enumerate((5, 10, 3, 2)):
        out.append(
            _all_day(f"leave-{n}-{uid}", "Annual leave", me, start + timedelta(days=60 + 85 * n + index % 20), days)
        )
    return [s for s in out if s.instances]


def _one_offs(uid: str, me: tuple[str, str], start: date, end: date, rng: random.Random) -> list[Series]:
    """Meetings that happen once: about four a week, one in twenty declined, one in thirty cancelled."""
    out = []
    day, n = start, 0
    while day <= end:
        if day.weekday() < 5:
            for _ in range(rng.choice((0, 1, 1, 1, 2))):
                begin = datetime.combine(day, time(rng.choice((10, 12, 13, 15, 16)), rng.choice((0, 30))), ZONE)
                instance = Instance(begin, begin + timedelta(minutes=rng.choice((30, 45, 60, 90))))
                instance.declined = rng.random() < 0.05
                instance.cancelled = not instance.declined and rng.random() < 0.033
                series = Series(
                    uid=f"once-{n}-{uid}",
                    title=rng.choice(ONE_OFFS),
                    rule=None,
                    instances=[instance],
                    organizer=(f"Colleague {n % 7}", f"colleague{n % 7}@{me[1].split('@')[1]}"),
                    attendees=[me],
                )
                out.append(series)
                n += 1
        day += timedelta(days=1)
    return out
