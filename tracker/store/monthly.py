"""Keeping the monthly figures in step with the attendance rows they sum.

Whatever writes attendance rows marks what it wrote and removed; once the rows are written,
``bring_up_to_date`` brings the sums to match, at a cost in proportion to what changed, not to the
size of the organisation (a test checks that the sums always equal the rows):

- the sums per partnership, person and month move by the rows added and removed, in whole units of
  the stored columns; a person whose prices changed (a salary change) has their months summed again;
- the series sums are summed again for each series a changed row belongs to (its rows are few: one
  series' meetings and their attendees), and both series of a meeting that moved from one to another;
- a partnership's meetings in a month are the sum of its series' meetings then (a meeting belongs to
  one series, so counting distinct meetings per series and adding up counts each meeting once);
- each meeting a changed row is at has its costed time (``Meeting.seconds``) summed again from its rows,
  unless the rows only moved to another partnership (``relabelled``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from datetime import date
from decimal import Decimal
from typing import cast

from sqlalchemy import BigInteger, Table, bindparam, case, delete, func, insert, select, type_coerce, update
from sqlalchemy.orm import Session

from .. import unit_of_work
from ..domain.rounding import hours as hours_of
from ..models import (
    MONEY_PLACES,
    Attendance,
    Meeting,
    MonthlyFigure,
    MonthlyMeetings,
    MonthlySeries,
    units,
)
from ..unit_of_work import MonthlyMarks
from . import bulk, review_series

# What the sums add up of an attendance row:
# (person, partnership or None, month, seconds, cost or None, standard cost or None).
SUMMED = (
    Attendance.person_id,
    Attendance.partnership_id,
    Attendance.month,
    Attendance.seconds,
    Attendance.cost,
    Attendance.standard_cost,
)
Row = tuple[int, "int | None", date, int, "Decimal | None", "Decimal | None"]
# The stored sums a delta moves, in this order: whole numbers, in the columns' units.
Moving = tuple[Collection[str], Collection[int]]  # the series keys and meeting ids a correction can move
MOVED = ("attendances", "uncosted", "seconds", "cost", "standard_uncosted", "standard_cost")


def _marks(session: Session) -> MonthlyMarks:
    return unit_of_work.of(session).monthly_marks


def _units(value: Decimal | None, places: int) -> int:
    """The whole number of units the column stores for this value, 0 for none (as ``SUM`` skips NULL)."""
    return 0 if value is None else units(value, places)


def added(session: Session, rows: Iterable[Row], meeting_ids: Iterable[int]) -> None:
    """Attendance rows written, and the meetings they are at."""
    _moved(_marks(session), rows, +1)
    _marks(session).meetings.update(meeting_ids)


def removed(session: Session, rows: Iterable[Row], meeting_ids: Iterable[int]) -> None:
    """Attendance rows about to be deleted (or relabelled away from their partnership)."""
    _moved(_marks(session), rows, -1)
    _marks(session).meetings.update(meeting_ids)


def _moved(marks: MonthlyMarks, rows: Iterable[Row], sign: int) -> None:
    for person, partnership, month, seconds, cost, standard in rows:
        if partnership is None:  # unattributed rows are in no sum
            continue
        delta = marks.deltas[(partnership, person, month)]
        delta[0] += sign
        delta[1] += sign * (cost is None)
        delta[2] += sign * seconds
        delta[3] += sign * _units(cost, MONEY_PLACES)
        delta[4] += sign * (standard is None)
        delta[5] += sign * _units(standard, MONEY_PLACES)


def relabelled(session: Session, rows: Iterable[Row], partnership_id: int | None, meeting_ids: Iterable[int]) -> None:
    """Attendance rows about to count for another partnership (or none): the sums move from the old to the
    new, the meetings' series are summed again, but not the meetings' time, which a new label leaves as it
    was (on PostgreSQL summing again the time of a save's 2,500 meetings was a tenth of its time)."""
    rows = list(rows)
    _moved(_marks(session), rows, -1)
    _moved(_marks(session), ((p, partnership_id, m, h, c, s) for p, _, m, h, c, s in rows), +1)
    _marks(session).relabelled.update(meeting_ids)


def repriced(session: Session, pairs: Iterable[tuple[int, date]], meeting_ids: Iterable[int]) -> None:
    """(person, month) whose rows' prices are about to change in place: summed again from the rows."""
    marks = _marks(session)
    marks.summed_again.update(pairs)
    marks.meetings.update(meeting_ids)


def series_changed(session: Session, keys: Iterable[str]) -> None:
    """Series that meetings left or joined without their rows changing (a meeting renamed into another
    series), or that lose a deleted meeting's rows: summed again."""
    _marks(session).series.update(keys)


def worked_out(session: Session, meeting_ids: Iterable[int]) -> None:
    """Meetings worked out again, whose title, time, place in a series or organisations may have changed
    with no attendance row of theirs changing: the review queue's sums of their series are summed again."""
    _marks(session).reviewed.update(meeting_ids)


def bring_up_to_date(session: Session) -> None:
    """Apply what was marked."""
    work = unit_of_work.of(session)
    marks, work.monthly_marks = work.monthly_marks, MonthlyMarks()
    _sum_people_again(session, marks.summed_again)
    _apply_deltas(session, {k: d for k, d in marks.deltas.items() if (k[1], k[2]) not in marks.summed_again})
    keys = set(marks.series)
    for chunk in bulk.chunks(sorted(marks.meetings | marks.relabelled)):
        keys.update(session.scalars(select(Meeting.series_key).where(Meeting.id.in_(chunk))))
    for chunk in bulk.chunks(sorted(marks.meetings)):
        bulk.execute(session, _sum_meetings(Meeting.id.in_(chunk)))
    _sum_series_again(session, keys)
    for chunk in bulk.chunks(sorted(marks.reviewed - marks.meetings - marks.relabelled)):
        keys.update(session.scalars(select(Meeting.series_key).where(Meeting.id.in_(chunk))))
    review_series.sum_again(session, keys)


def _sum_people_again(session: Session, pairs: set[tuple[int, date]]) -> None:
    by_person: dict[int, set[date]] = defaultdict(set)
    for person, month in pairs:
        by_person[person].add(month)
    for person, months in by_person.items():
        ordered = sorted(months)
        bulk.execute(
            session, delete(MonthlyFigure).where(MonthlyFigure.person_id == person, MonthlyFigure.month.in_(ordered))
        )
        bulk.execute(session, _sum_people(Attendance.person_id == person, Attendance.month.in_(ordered)))


def _apply_deltas(session: Session, deltas: dict[tuple[int, int, date], list[int]]) -> None:
    """Each (partnership, person, month) sum moved by its delta: updated, added, or deleted at zero."""
    deltas = {key: d for key, d in deltas.items() if any(d)}
    by_person: dict[int, set[date]] = defaultdict(set)
    for _, person, month in deltas:
        by_person[person].add(month)
    stored: dict[tuple[int, int, date], list[int]] = {}
    for chunk in bulk.chunks(sorted(by_person)):
        months = sorted(set().union(*(by_person[p] for p in chunk)))
        query = select(
            MonthlyFigure.partnership_id,
            MonthlyFigure.person_id,
            MonthlyFigure.month,
            *(type_coerce(getattr(MonthlyFigure, name), BigInteger) for name in MOVED),
        ).where(MonthlyFigure.person_id.in_(chunk), MonthlyFigure.month.in_(months))
        for p, person, month, *sums in session.execute(query):
            stored[(p, person, month)] = [value or 0 for value in sums]
    inserts, updates, deletes = [], [], []
    for key, delta in deltas.items():
        att, unc, seconds, cost, std_unc, std_cost = (
            a + b for a, b in zip(stored.get(key, [0] * 6), delta, strict=True)
        )
        if att < 0 or not (0 <= unc <= att and 0 <= std_unc <= att):
            raise RuntimeError(f"monthly sums out of step with the attendance rows at {key}")
        partnership, person, month = key
        ids = {"p": partnership, "person": person, "m": month}
        if att == 0:
            deletes.append(ids)
            continue
        values = {  # SUM of no costed rows is NULL
            "attendances": att,
            "uncosted": unc,
            "seconds": seconds,
            "cost": Decimal(cost).scaleb(-MONEY_PLACES) if att > unc else None,
            "standard_uncosted": std_unc,
            "standard_cost": Decimal(std_cost).scaleb(-MONEY_PLACES) if att > std_unc else None,
        }
        if key in stored:
            updates.append({"partnership_id": partnership, "person_id": person, "month": month, **values})
        else:
            inserts.append({"partnership_id": partnership, "person_id": person, "month": month, **values})
    table = cast(Table, MonthlyFigure.__table__)
    one = (
        table.c.partnership_id == bindparam("p"),
        table.c.person_id == bindparam("person"),
        table.c.month == bindparam("m"),
    )
    if deletes:
        bulk.execute(session, delete(table).where(*one), deletes)
    bulk.execute(session, update(MonthlyFigure), updates)  # by primary key, in bulk
    bulk.execute(session, insert(MonthlyFigure), inserts)


def _sum_series_again(session: Session, keys: set[str]) -> None:
    """The series' sums from their rows, then the meetings of each partnership and month they touch."""
    touched: set[tuple[int, date]] = set()
    for chunk in bulk.chunks(sorted(keys)):
        where = MonthlySeries.series_key.in_(chunk)
        touched.update(session.execute(select(MonthlySeries.partnership_id, MonthlySeries.month).where(where)).all())
        bulk.execute(session, delete(MonthlySeries).where(where))
        bulk.execute(session, _sum_series(Meeting.series_key.in_(chunk)))
        touched.update(session.execute(select(MonthlySeries.partnership_id, MonthlySeries.month).where(where)).all())
    by_partnership: dict[int, set[date]] = defaultdict(set)
    for partnership, month in touched:
        by_partnership[partnership].add(month)
    for partnership, months in by_partnership.items():
        ordered = sorted(months)
        mine = (MonthlyMeetings.partnership_id == partnership, MonthlyMeetings.month.in_(ordered))
        bulk.execute(session, delete(MonthlyMeetings).where(*mine))
        bulk.execute(
            session, _count_meetings(MonthlySeries.partnership_id == partnership, MonthlySeries.month.in_(ordered))
        )


def rebuild(session: Session) -> None:
    """Sum every month afresh (after the attendance rows were rebuilt), the way changes keep them."""
    unit_of_work.of(session).monthly_marks = MonthlyMarks()
    for table in (MonthlyFigure, MonthlyMeetings, MonthlySeries):
        bulk.execute(session, delete(table))
    for statement in (_sum_people(), _sum_series(), _count_meetings()):
        bulk.execute(session, statement)
    # Every meeting's time at once: one grouping joined in, not a sum per meeting (2.1 s of PostgreSQL's
    # demo build when each of 60,000 meetings summed its own rows).
    total = func.sum(Attendance.seconds).label("seconds")
    summed = select(Attendance.meeting_id, total).group_by(Attendance.meeting_id).subquery()
    bulk.execute(session, update(Meeting).values(seconds=0))
    bulk.execute(session, update(Meeting).where(Meeting.id == summed.c.meeting_id).values(seconds=summed.c.seconds))
    review_series.rebuild(session)


def _sum_meetings(*where):
    """Each of these meetings' costed time, everyone's, from its rows (0 where no one is costed at it)."""
    rows = select(func.coalesce(func.sum(Attendance.seconds), 0)).where(Attendance.meeting_id == Meeting.id)
    return update(Meeting).where(*where).values(seconds=rows.scalar_subquery())


def _sum_people(*where):
    query = (
        select(
            Attendance.partnership_id,
            Attendance.person_id,
            Attendance.month,
            func.count(Attendance.id),
            func.count(Attendance.id) - func.count(Attendance.cost),
            func.sum(Attendance.seconds),
            func.sum(Attendance.cost),
            func.count(Attendance.id) - func.count(Attendance.standard_cost),
            func.sum(Attendance.standard_cost),
        )
        .where(Attendance.partnership_id.is_not(None), *where)
        .group_by(Attendance.partnership_id, Attendance.person_id, Attendance.month)
    )
    columns = ["partnership_id", "person_id", "month", *MOVED]
    return insert(MonthlyFigure).from_select(columns, query)


def _count_meetings(*where):
    """Each partnership's meetings a month: its series' meetings added up (a meeting is in one series)."""
    query = (
        select(MonthlySeries.partnership_id, MonthlySeries.month, func.sum(MonthlySeries.meetings))
        .where(*where)
        .group_by(MonthlySeries.partnership_id, MonthlySeries.month)
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
            func.sum(Attendance.standard_cost),
        )
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(Attendance.partnership_id.is_not(None), *where)
        .group_by(Attendance.partnership_id, Attendance.month, Meeting.series_key)
    )
    columns = ["partnership_id", "month", "series_key", "meetings", "cost", "standard_cost"]
    return insert(MonthlySeries).from_select(columns, query)


def totals_by_partnership(
    session: Session, moving: Moving | None = None
) -> dict[int | None, tuple[int, Decimal, Decimal, Decimal]]:
    """Every partnership's meetings, hours, cost and standard cost over all time (``None``: what no
    partnership has): what a change of attribution moves, read before and after it. Hours from the exact
    sum of seconds.

    A partnership's come from the monthly sums. What no partnership has is summed from the attendances
    themselves, most of a borough's: given ``moving`` (the series and meetings a correction can move),
    only theirs are summed, so a reviewer's save does not read every unattributed attendance twice."""
    totals: dict[int | None, list] = defaultdict(lambda: [0, Decimal(0), Decimal(0), Decimal(0)])
    sums = select(
        MonthlyFigure.partnership_id,
        func.sum(MonthlyFigure.seconds),
        func.sum(MonthlyFigure.cost),
        func.sum(MonthlyFigure.standard_cost),
    ).group_by(MonthlyFigure.partnership_id)
    for partnership, seconds, cost, standard in session.execute(sums):
        totals[partnership][1:] = [hours_of(int(seconds or 0)), cost or Decimal(0), standard or Decimal(0)]
    counts = select(MonthlyMeetings.partnership_id, func.sum(MonthlyMeetings.meetings))
    for partnership, meetings in session.execute(counts.group_by(MonthlyMeetings.partnership_id)):
        totals[partnership][0] = int(meetings or 0)
    if moving is None:
        loose = select(
            func.count(func.distinct(Attendance.meeting_id)),
            func.sum(Attendance.seconds),
            func.sum(Attendance.cost),
            func.sum(Attendance.standard_cost),
        ).where(Attendance.partnership_id.is_(None))
        meetings, seconds, cost, standard = session.execute(loose).one()
    else:
        meetings, seconds, cost, standard = _loose_among(session, moving)
    if meetings:
        totals[None] = [meetings, hours_of(int(seconds or 0)), cost or Decimal(0), standard or Decimal(0)]
    return {key: (m, h, c, s) for key, (m, h, c, s) in totals.items()}


def _loose_among(session: Session, moving: Moving) -> tuple[int, int, Decimal, Decimal]:
    """What no partnership has among the meetings a correction can move: (meetings, seconds, cost, standard
    cost). Their meetings are found first and their rows summed by meeting, the unattributed ones picked
    inside the sums: asked with the rows' partnership as a condition, SQLite began from every unattributed
    row of the borough (0.4 s of a save at 500 people) rather than from the corrected series' meetings."""
    series, ids = moving
    among = set(ids)
    for chunk in bulk.chunks(sorted(series)):
        among.update(session.scalars(select(Meeting.id).where(Meeting.series_key.in_(chunk))))
    loose = Attendance.partnership_id.is_(None)
    sums = (
        func.count(func.distinct(case((loose, Attendance.meeting_id)))),
        func.sum(case((loose, Attendance.seconds), else_=0)),
        func.sum(case((loose, Attendance.cost))),
        func.sum(case((loose, Attendance.standard_cost))),
    )
    meetings, seconds, cost, standard = 0, 0, Decimal(0), Decimal(0)
    for chunk in bulk.chunks(sorted(among)):  # meetings of one chunk are in no other: the sums add up
        found = session.execute(select(*sums).where(Attendance.meeting_id.in_(chunk))).one()
        meetings, seconds = meetings + found[0], seconds + (found[1] or 0)
        cost, standard = cost + (found[2] or 0), standard + (found[3] or 0)
    return meetings, seconds, cost, standard
