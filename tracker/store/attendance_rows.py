"""The costed attendance rows every report sums: read back what a person has, write what is worked out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from ..domain.costing import financial_year
from ..models import Attendance, Meeting
from . import bulk, monthly


@dataclass(frozen=True)
class HeldMeeting:
    """A meeting a person is costed at now, with the times that decide their share of overlapping time."""

    meeting_id: int
    start: datetime
    end: datetime
    all_day: bool
    partnership_id: int | None


@dataclass(frozen=True)
class Costed:
    """A person's attendance at a meeting as stored: the stretch of time it costs and where it counts."""

    person_id: int
    meeting_id: int
    start: datetime
    end: datetime | None
    partnership_id: int | None


def attended_by(session: Session, meeting_ids: Iterable[int]) -> list[Costed]:
    """Every attendance at these meetings."""
    out: list[Costed] = []
    for chunk in bulk.chunks(sorted(set(meeting_ids))):
        query = select(
            Attendance.person_id, Attendance.meeting_id, Attendance.start, Attendance.end, Attendance.partnership_id
        ).where(Attendance.meeting_id.in_(chunk))
        out.extend(Costed(*row) for row in session.execute(query))
    return out


def held_between(session: Session, person_id: int, first: date, last: date) -> list[HeldMeeting]:
    """The meetings a person is costed at whose row falls on a local day from ``first`` to ``last``."""
    query = (
        select(Meeting.id, Meeting.start, Meeting.end, Meeting.all_day, Meeting.partnership_id)
        .join(Attendance, Attendance.meeting_id == Meeting.id)
        .where(Attendance.person_id == person_id, Attendance.local_day >= first, Attendance.local_day <= last)
    )
    return [HeldMeeting(*row) for row in session.execute(query)]


def replace(session: Session, person_id: int, meeting_ids: set[int], rows: list[dict]) -> None:
    """A person's rows for these meetings become ``rows`` (which may hold fewer meetings, or none)."""
    for chunk in bulk.chunks(sorted(meeting_ids)):
        mine = (Attendance.person_id == person_id, Attendance.meeting_id.in_(chunk))
        monthly.removed(session, session.execute(select(*monthly.SUMMED).where(*mine)), chunk)
        bulk.execute(session, delete(Attendance).where(*mine))
    add(session, rows)


def add(session: Session, rows: list[dict]) -> None:
    summed = (
        (r["person_id"], r["partnership_id"], r["month"], r["seconds"], r["cost"], r["standard_cost"]) for r in rows
    )
    monthly.added(session, summed, {r["meeting_id"] for r in rows})
    bulk.execute(session, insert(Attendance), rows)


def add_unsummed(session: Session, rows: list[dict]) -> None:
    """Rows written by a rebuild, which sums every month afresh once they are all written
    (``monthly.rebuild``): marking each for the sums would hold every meeting's id until then."""
    bulk.execute(session, insert(Attendance), rows)


def financial_years(session: Session) -> range:
    """The financial years the rows fall in (April to March), from the first row's to the last's."""
    first, last = session.execute(select(func.min(Attendance.local_day), func.max(Attendance.local_day))).one()
    if first is None:
        return range(0)
    return range(financial_year(first), financial_year(last) + 1)


def clear(session: Session) -> None:
    bulk.execute(session, delete(Attendance))


def priced(session: Session, person_id: int) -> list[tuple[int, date, int]]:
    """(row id, local day, seconds) of a person's rows, for pricing them again."""
    query = select(Attendance.id, Attendance.local_day, Attendance.seconds, Attendance.meeting_id, Attendance.month)
    rows = session.execute(query.where(Attendance.person_id == person_id)).all()
    monthly.repriced(session, {(person_id, month) for *_, month in rows}, {meeting for *_, meeting, _ in rows})
    return [(i, d, h) for i, d, h, _, _ in rows]


def set_prices(session: Session, prices: list[dict]) -> None:
    """``prices``: dicts of ``id``, ``hourly_rate``, ``cost``, ``rate_basis``, ``standard_rate`` and
    ``standard_cost``, one per row."""
    bulk.execute(session, update(Attendance), prices)


def relabel(session: Session, partnership_of: dict[int, int | None]) -> None:
    """The rows of these meetings now count for another partnership (or none)."""
    by_target: dict[int | None, list[int]] = {}
    for meeting_id, partnership_id in partnership_of.items():
        by_target.setdefault(partnership_id, []).append(meeting_id)
    for partnership_id, ids in by_target.items():
        for chunk in bulk.chunks(sorted(ids)):
            moving = (Attendance.meeting_id.in_(chunk), Attendance.partnership_id.is_distinct_from(partnership_id))
            rows = session.execute(select(*monthly.SUMMED).where(*moving)).all()
            monthly.relabelled(session, rows, partnership_id, chunk)
            bulk.execute(session, update(Attendance).where(*moving).values(partnership_id=partnership_id))
