"""Restricting an attendance query to a period of local days and the chosen people and partnerships."""

from __future__ import annotations

from sqlalchemy import Select, select

from ..domain.periods import NO_FILTERS, Filters, Period
from ..models import Attendance, Person


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
