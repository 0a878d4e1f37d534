"""Keeping the monthly figures in step with the attendance rows they sum.

Whatever writes attendance rows marks the (person, month) and (partnership, month) it touched; once
the rows are written, ``bring_up_to_date`` sums those again from the rows, so a change costs in
proportion to what it touched and the sums always equal the rows (a test checks that they do).
The monthly series sums follow the (partnership, month) marks: a meeting that moves to another series
is worked out again, which marks its rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from ..models import Attendance, Meeting, MonthlyFigure, MonthlyMeetings, MonthlySeries
from . import bulk

PEOPLE, PARTNERSHIPS = "monthly_people", "monthly_partnerships"


def mark(session: Session, rows: Iterable[tuple[int, int | None, date]]) -> None:
    """(person, partnership, month) of attendance rows written, removed or relabelled."""
    people = session.info.setdefault(PEOPLE, set())
    partnerships = session.info.setdefault(PARTNERSHIPS, set())
    for person, partnership, month in rows:
        people.add((person, month))
        if partnership is not None:
            partnerships.add((partnership, month))


def bring_up_to_date(session: Session) -> None:
    """Sum again what was marked."""
    people: set[tuple[int, date]] = session.info.pop(PEOPLE, set())
    partnerships: set[tuple[int, date]] = session.info.pop(PARTNERSHIPS, set())
    by_person: dict[int, set[date]] = defaultdict(set)
    for person, month in people:
        by_person[person].add(month)
    for person, months in by_person.items():
        ordered = sorted(months)
        bulk.execute(
            session, delete(MonthlyFigure).where(MonthlyFigure.person_id == person, MonthlyFigure.month.in_(ordered))
        )
        bulk.execute(session, _sum_people(Attendance.person_id == person, Attendance.month.in_(ordered)))
    by_partnership: dict[int, set[date]] = defaultdict(set)
    for partnership, month in partnerships:
        by_partnership[partnership].add(month)
    for partnership, months in by_partnership.items():
        ordered = sorted(months)
        for table in (MonthlyMeetings, MonthlySeries):
            bulk.execute(session, delete(table).where(table.partnership_id == partnership, table.month.in_(ordered)))
        bulk.execute(session, _count_meetings(Attendance.partnership_id == partnership, Attendance.month.in_(ordered)))
        bulk.execute(session, _sum_series(Attendance.partnership_id == partnership, Attendance.month.in_(ordered)))


def rebuild(session: Session) -> None:
    """Sum every month afresh (after the attendance rows were rebuilt)."""
    session.info.pop(PEOPLE, None)
    session.info.pop(PARTNERSHIPS, None)
    for table in (MonthlyFigure, MonthlyMeetings, MonthlySeries):
        bulk.execute(session, delete(table))
    for statement in (_sum_people(), _count_meetings(), _sum_series()):
        bulk.execute(session, statement)


def _sum_people(*where):
    query = (
        select(
            Attendance.partnership_id,
            Attendance.person_id,
            Attendance.month,
            func.count(Attendance.id),
            func.count(Attendance.id) - func.count(Attendance.cost),
            func.sum(Attendance.hours),
            func.sum(Attendance.cost),
        )
        .where(Attendance.partnership_id.is_not(None), *where)
        .group_by(Attendance.partnership_id, Attendance.person_id, Attendance.month)
    )
    columns = ["partnership_id", "person_id", "month", "attendances", "uncosted", "hours", "cost"]
    return insert(MonthlyFigure).from_select(columns, query)


def _count_meetings(*where):
    query = (
        select(Attendance.partnership_id, Attendance.month, func.count(func.distinct(Attendance.meeting_id)))
        .where(Attendance.partnership_id.is_not(None), *where)
        .group_by(Attendance.partnership_id, Attendance.month)
    )
    return insert(MonthlyMeetings).from_select(["partnership_id", "month", "meetings"], query)


def _sum_series(*where):
    query = (
        select(
            Attendance.partnership_id,
            Attendance.month,
            Meeting.series_key,
            func.count(func.distinct(Attendance.meeting_id)),
            func.sum(Attendance.cost),
        )
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(Attendance.partnership_id.is_not(None), *where)
        .group_by(Attendance.partnership_id, Attendance.month, Meeting.series_key)
    )
    return insert(MonthlySeries).from_select(["partnership_id", "month", "series_key", "meetings", "cost"], query)
