"""Keeping the review queue's series sums (``ReviewSeries``) in step with the meetings they sum.

Whatever changes meetings (an import, an undo, an attribution, the retention setting, a register change
that moves someone's calendar to another organisation) ends in ``monthly.bring_up_to_date``, which hands
the series it touched here: their rows are deleted and summed again from their meetings, a few hundred
rows each, so the cost follows the change, not the size of the locality. ``rebuild`` sums every series
afresh; a property test (``tests/tracker/test_incremental.py``) proves the two always agree.

A meeting counts in the sums of every calendar (``EVERY_CALENDAR``) and, once, in those of each
organisation whose staff's calendars hold a copy of it: the meetings a manager's queue may show
(``reports/calendar_scope.visible_meetings``, which this follows: a calendar is its import's owner, and
an owner is the person whose own address, or alias, it is).
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import ColumnElement, Select, case, delete, func, insert, literal, select, union
from sqlalchemy.orm import Session

from ..models import EVERY_CALENDAR, CalendarImport, Meeting, MeetingCopy, Person, PersonAlias, ReviewSeries
from . import bulk, unattributed_titles

COLUMNS = ["scope", "series_key", "partnership_id", "meetings", "seconds", "first_start", "last_start"]
COLUMNS += ["title", "attribution"]


def sum_again(session: Session, keys: Collection[str]) -> None:
    """These series' rows, summed again from their meetings (gone series lose their rows)."""
    for chunk in bulk.chunks(sorted(keys)):
        before = unattributed_titles.of_series(session, chunk)
        bulk.execute(session, delete(ReviewSeries).where(ReviewSeries.series_key.in_(chunk)))
        picked = Meeting.series_key.in_(chunk)
        bulk.execute(session, _insert(_grouped(literal(EVERY_CALENDAR), picked)))
        unattributed_titles.moved(session, before, unattributed_titles.of_series(session, chunk))
        holding = _held_by(session, picked)
        if holding is not None:
            bulk.execute(session, _insert(_by_organisation(holding, picked)))


def rebuild(session: Session) -> None:
    """Every series summed afresh (after the attendance rows and meetings' time were rebuilt)."""
    bulk.execute(session, delete(ReviewSeries))
    for statement in _sums():
        bulk.execute(session, statement)
    unattributed_titles.rebuild(session)


def _sums() -> list:
    """The statements that write every series' rows: every calendar's, then each organisation's."""
    return [_insert(_grouped(literal(EVERY_CALENDAR))), _insert(_by_organisation(_organisations_holding()))]


def _insert(query: Select):
    return insert(ReviewSeries).from_select(COLUMNS, query)


def _by_organisation(holding: Select, *where: ColumnElement[bool]) -> Select:
    owners = holding.subquery()
    return _grouped(owners.c.organisation_id, *where).join(owners, owners.c.meeting_id == Meeting.id)


def _held_by(session: Session, picked: ColumnElement[bool]) -> Select | None:
    """``_organisations_holding`` for a few series: their calendars' owners are found first and placed in
    their organisations here, so the database starts from the series' meetings. Joined to every staff
    address in SQL, SQLite started from the staff and read every copy of their calendars (4.6 s for fifty
    series at 200 people, where a reviewer's save had taken 0.45 s in all). None: no staff's calendar."""
    owners = set(
        session.scalars(
            select(CalendarImport.owner_email)
            .join(MeetingCopy, MeetingCopy.import_id == CalendarImport.id)
            .join(Meeting, Meeting.id == MeetingCopy.meeting_id)
            .where(picked)
            .distinct()
        )
    )
    places = {address: org for address, org in session.execute(_staff()) if address in owners and org is not None}
    if not places:
        return None
    organisation = case(places, value=CalendarImport.owner_email)
    return (
        select(MeetingCopy.meeting_id, organisation.label("organisation_id"))
        .join(Meeting, Meeting.id == MeetingCopy.meeting_id)
        .join(CalendarImport, CalendarImport.id == MeetingCopy.import_id)
        .where(picked, CalendarImport.owner_email.in_(sorted(places)))
        .distinct()
    )


def _grouped(scope, *where: ColumnElement[bool]) -> Select:
    return (
        select(
            scope,
            Meeting.series_key,
            Meeting.partnership_id,
            func.count(Meeting.id),
            func.sum(Meeting.seconds),
            func.min(Meeting.start),
            func.max(Meeting.start),
            func.max(Meeting.title),
            func.max(Meeting.attribution),
        )
        .select_from(Meeting)
        .where(Meeting.private.is_(False), *where)
        .group_by(scope, Meeting.series_key, Meeting.partnership_id)
    )


def _staff():
    """Every staff address (lower case) and the organisation it places its owner in: a person's own
    address, and their aliases that are no one's own address (as ``reports/calendar_scope`` places them)."""
    own = select(func.lower(Person.email).label("address"), Person.organisation_id)
    aliases = (
        select(func.lower(PersonAlias.email), Person.organisation_id)
        .join(Person, Person.id == PersonAlias.person_id)
        .where(func.lower(PersonAlias.email).not_in(select(func.lower(Person.email))))
    )
    return union(own, aliases)


def _organisations_holding() -> Select:
    """(meeting, organisation) once for each organisation whose staff's calendars hold a copy of it."""
    staff = _staff().subquery()
    return (
        select(MeetingCopy.meeting_id, staff.c.organisation_id)
        .join(CalendarImport, CalendarImport.id == MeetingCopy.import_id)
        .join(staff, staff.c.address == CalendarImport.owner_email)
        .where(staff.c.organisation_id.is_not(None))
        .distinct()
    )
