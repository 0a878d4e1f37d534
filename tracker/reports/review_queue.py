"""The review queue: meetings grouped by series, with their hours, for people to attribute or correct.

Each reader sees the meetings their calendar scope covers (``domain/calendar_scope.py``): a manager those
on the calendars of their own organisation's staff, whoever uploaded them; an administrator all.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.calendar_scope import CalendarScope
from ..domain.rounding import hours as hours_of
from ..models import Attendance, Meeting, Partnership
from .calendar_scope import visible_meetings

LIMIT = 300  # series a review page lists at most, most hours first


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
    session: Session, *, attributed: bool, scope: CalendarScope, limit: int = LIMIT, takes_time: bool | None = None
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
        select(Attendance.meeting_id, func.sum(Attendance.seconds).label("hours"))
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
        .where(condition, Meeting.private.is_(False), Meeting.id.in_(visible_meetings(scope)))
        .group_by(Meeting.series_key)
        .order_by(func.coalesce(func.sum(hours.c.hours), 0).desc(), func.max(Meeting.title), Meeting.series_key)
        .limit(limit)
    )
    if takes_time is not None:
        taken = func.coalesce(func.sum(hours.c.hours), 0) > 0
        query = query.having(taken if takes_time else ~taken)
    return [
        SeriesGroup(k, t, n, first, last, hours_of(int(seconds)), *rest)
        for k, t, n, first, last, seconds, *rest in session.execute(query)
    ]


def series_occurrences(session: Session, series_key: str, *, scope: CalendarScope) -> list[Meeting]:
    return list(
        session.scalars(
            select(Meeting)
            .where(Meeting.series_key == series_key, Meeting.id.in_(visible_meetings(scope)))
            .order_by(Meeting.start)
        )
    )


def may_review(session: Session, *, series_key: str | None, meeting_id: int | None, scope: CalendarScope) -> bool:
    """Whether the reviewer sees this occurrence or any of this series: a series is one thing to correct,
    and a correction of it reaches its every occurrence, as a rule would."""
    where = Meeting.id == meeting_id if meeting_id is not None else Meeting.series_key == series_key
    return bool(session.scalar(select(func.count()).where(where, Meeting.id.in_(visible_meetings(scope)))))


def reaches_beyond(session: Session, series_key: str, scope: CalendarScope) -> bool:
    """Whether a series holds a meeting no calendar in the scope has a copy of: a series known only by its
    title (files without UIDs) gathers every organisation's meetings of that title, so correcting it whole
    would correct other organisations' calendars too."""
    if scope.everyone:
        return False
    outside = Meeting.id.not_in(visible_meetings(scope))
    return bool(session.scalar(select(func.count()).where(Meeting.series_key == series_key, outside)))


def titles_of(session: Session, ids: Collection[int], *, scope: CalendarScope, limit: int) -> dict[int, str]:
    """Up to ``limit`` of these meetings' titles, earliest first, private ones left out, and only meetings the
    scope covers (what the reader may see of other people's diaries)."""
    if not ids:
        return {}
    query = select(Meeting.id, Meeting.title).where(
        Meeting.id.in_(list(ids)), Meeting.private.is_(False), Meeting.id.in_(visible_meetings(scope))
    )
    rows = session.execute(query.order_by(Meeting.start, Meeting.id).limit(limit)).all()
    return {meeting_id: title for meeting_id, title in rows}
