"""The review queue: meetings grouped by series, with their hours, for people to attribute or correct.

Managers review the meetings of calendars they uploaded; ``uploaded_by=None`` means all meetings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from ..models import Attendance, CalendarImport, Meeting, MeetingCopy, Partnership

LIMIT = 300  # series a review page lists at most, most hours first


def _visible(uploaded_by: str | None) -> Select:
    query = select(Meeting.id)
    if uploaded_by is not None:
        query = (
            query.join(MeetingCopy, MeetingCopy.meeting_id == Meeting.id)
            .join(CalendarImport, CalendarImport.id == MeetingCopy.import_id)
            .where(CalendarImport.imported_by == uploaded_by)
        )
    return query


@dataclass(frozen=True)
class SeriesGroup:
    series_key: str
    title: str
    count: int
    first: datetime
    last: datetime
    hours: Decimal
    reason: str
    partnership: str | None
    meeting_id: int


def series_groups(
    session: Session, *, attributed: bool, uploaded_by: str | None, limit: int = LIMIT, takes_time: bool | None = None
) -> list[SeriesGroup]:
    """Attributed or unattributed meetings by series, most costed hours first (private ones never shown).

    Ties (many people's "Senior leadership team", each its own series of the same hours) are broken by the
    series key, so the page reads the same each time: PostgreSQL returns tied rows in whatever order an
    update last left them.

    ``takes_time=True`` keeps only series that take someone's time: all-day events and declined or
    cancelled meetings would only clutter a queue of corrections. ``False`` lists just those left out,
    so a busy organisation's hundreds of timed series never hide them past the limit."""
    condition = Meeting.partnership_id.is_not(None) if attributed else Meeting.partnership_id.is_(None)
    hours = (
        select(Attendance.meeting_id, func.sum(Attendance.hours).label("hours"))
        .group_by(Attendance.meeting_id)
        .subquery()
    )
    query = (
        select(
            Meeting.series_key,
            func.max(Meeting.title),
            func.count(Meeting.id),
            func.min(Meeting.start),
            func.max(Meeting.start),
            func.coalesce(func.sum(hours.c.hours), 0),
            func.max(Meeting.attribution),
            func.max(Partnership.name),
            func.min(Meeting.id),
        )
        .outerjoin(hours, hours.c.meeting_id == Meeting.id)
        .outerjoin(Partnership, Partnership.id == Meeting.partnership_id)
        .where(condition, Meeting.private.is_(False), Meeting.id.in_(_visible(uploaded_by)))
        .group_by(Meeting.series_key)
        .order_by(func.coalesce(func.sum(hours.c.hours), 0).desc(), func.max(Meeting.title), Meeting.series_key)
        .limit(limit)
    )
    if takes_time is not None:
        taken = func.coalesce(func.sum(hours.c.hours), 0) > 0
        query = query.having(taken if takes_time else ~taken)
    return [SeriesGroup(*row) for row in session.execute(query)]


def series_occurrences(session: Session, series_key: str, *, uploaded_by: str | None) -> list[Meeting]:
    return list(
        session.scalars(
            select(Meeting)
            .where(Meeting.series_key == series_key, Meeting.id.in_(_visible(uploaded_by)))
            .order_by(Meeting.start)
        )
    )


def may_review(session: Session, *, series_key: str | None, meeting_id: int | None, uploaded_by: str | None) -> bool:
    """Whether the reviewer sees this occurrence or any of this series."""
    where = Meeting.id == meeting_id if meeting_id is not None else Meeting.series_key == series_key
    return bool(session.scalar(select(func.count()).where(where, Meeting.id.in_(_visible(uploaded_by)))))
