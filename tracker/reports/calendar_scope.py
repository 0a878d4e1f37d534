"""A user's calendar scope (``domain/calendar_scope.py``) as SQL: the calendars, imports and meetings it covers.

A calendar is known by its owner's address; the owner is the person whose address or alias it is, as
``store/register_snapshot.py`` resolves attendees (a person's own address first, then aliases), so the
scope covers exactly the calendars whose owner the register places in the organisation.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, CompoundSelect, Select, false, func, select, true, union
from sqlalchemy.orm import InstrumentedAttribute, Session

from ..domain.calendar_scope import CalendarScope, OwnerPlace
from ..models import CalendarImport, Meeting, MeetingCopy, Organisation, Person, PersonAlias


def staff_addresses(organisation_id: int) -> CompoundSelect:
    """Every address (lower case) that resolves to a person of the organisation: their own, and their aliases
    that are not someone else's own address."""
    own = select(func.lower(Person.email)).where(Person.organisation_id == organisation_id)
    aliases = (
        select(func.lower(PersonAlias.email))
        .join(Person, Person.id == PersonAlias.person_id)
        .where(
            Person.organisation_id == organisation_id,
            func.lower(PersonAlias.email).not_in(select(func.lower(Person.email))),
        )
    )
    return union(own, aliases)


def owned_within(owner_email: InstrumentedAttribute, scope: CalendarScope) -> ColumnElement[bool]:
    """Whether a row's calendar owner (an ``owner_email`` column, stored lower case) is in the scope."""
    if scope.everyone:
        return true()
    if scope.organisation_id is None:
        return false()
    return owner_email.in_(staff_addresses(scope.organisation_id))


def addresses_within(session: Session, scope: CalendarScope) -> frozenset[str]:
    """The calendar owners' addresses (lower case) a scope that is not everyone's covers: to filter a few
    rows already read, where asking the database to would lead it to read every calendar of the scope."""
    if scope.organisation_id is None:
        return frozenset()
    return frozenset(session.scalars(staff_addresses(scope.organisation_id)))


def visible_meetings(scope: CalendarScope) -> Select:
    """The ids of the meetings a calendar in the scope holds a copy of (everyone's: every meeting)."""
    if scope.everyone:
        return select(Meeting.id)
    return (
        select(MeetingCopy.meeting_id)
        .join(CalendarImport, CalendarImport.id == MeetingCopy.import_id)
        .where(owned_within(CalendarImport.owner_email, scope))
    )


def covers(session: Session, scope: CalendarScope, owner_email: str) -> bool:
    """Whether the calendar of ``owner_email`` is in the scope (an import's, to see or undo it)."""
    if scope.everyone:
        return True
    if scope.organisation_id is None:
        return False
    return owner_place(session, owner_email).organisation_id == scope.organisation_id


def owner_place(session: Session, address: str) -> OwnerPlace:
    """Where the staff register places the owner of this address: not at all, with no organisation, or in one."""
    wanted = address.strip().lower()
    person_id = session.scalar(select(Person.id).where(func.lower(Person.email) == wanted))
    if person_id is None:
        person_id = session.scalar(select(PersonAlias.person_id).where(func.lower(PersonAlias.email) == wanted))
    if person_id is None:
        return OwnerPlace(registered=False)
    row = session.execute(
        select(Organisation.id, Organisation.name)
        .select_from(Person)
        .join(Organisation, Organisation.id == Person.organisation_id)
        .where(Person.id == person_id)
    ).first()
    return OwnerPlace(registered=True, organisation_id=row[0], organisation=row[1]) if row else OwnerPlace(True)
