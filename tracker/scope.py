"""What a figure covers: a period of local days and optional filters, applied to attendance queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, select

from .models import Attendance, Person


@dataclass(frozen=True)
class Period:
    """Inclusive Europe/London days; an attendance belongs by the day its meeting starts."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"the period ends ({self.end}) before it starts ({self.start})")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class Filters:
    organisation_id: int | None = None
    directorate: str | None = None
    partnership_ids: tuple[int, ...] | None = None  # a partnership and its descendants
    person_id: int | None = None


NO_FILTERS = Filters()


def people_in(filters: Filters) -> Select:
    query = select(Person.id)
    if filters.organisation_id is not None:
        query = query.where(Person.organisation_id == filters.organisation_id)
    if filters.directorate:
        query = query.where(Person.directorate == filters.directorate)
    if filters.person_id is not None:
        query = query.where(Person.id == filters.person_id)
    return query


def scoped(query: Select, period: Period, filters: Filters = NO_FILTERS, *, attributed: bool = True) -> Select:
    """Restrict a query over attendances to the period, the people and the partnerships chosen."""
    query = query.where(Attendance.local_day >= period.start, Attendance.local_day <= period.end)
    if attributed:
        query = query.where(Attendance.partnership_id.is_not(None))
    if filters.organisation_id is not None or filters.directorate:
        query = query.where(Attendance.person_id.in_(people_in(filters)))
    if filters.partnership_ids is not None:
        query = query.where(Attendance.partnership_id.in_(filters.partnership_ids))
    if filters.person_id is not None:
        query = query.where(Attendance.person_id == filters.person_id)
    return query
