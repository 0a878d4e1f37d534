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

from sqlalchemy import ColumnElement, Select, delete, func, insert, literal, select, union
from sqlalchemy.orm import Session

from ..models import EVERY_CALENDAR, CalendarImport, Meeting, MeetingCopy, Person, PersonAlias, ReviewSeries
from . import bulk

COLUMNS = ["scope", "series_key", "partnership_id", "meetings", "seconds", "first_start", "last_start"]
COLUMNS += ["title", "attribution"]


def sum_again(session: Session, keys: Collection[str]) -> None:
    """These series' rows, summed again from their meetings (gone series lose their rows)."""
    for chunk in bulk.chunks(sorted(keys)):
        bulk.execute(session, delete(ReviewSeries).where(ReviewSeries.series_key.in_(chunk)))
        for statement in _sums(Meeting.series_key.in_(chunk)):
            bulk.execute(session, statement)


def rebuild(session: Session) -> None:
    """Every series summed afresh (after the attendance rows and meetings' time were rebuilt)."""
    bulk.execute(session, delete(ReviewSeries))
    for statement in _sums():
        bulk.execute(session, statement)


def _sums(*where: ColumnElement[bool]) -> list:
    """The statements that write the rows of the meetings ``where`` picks: every calendar's, then each
    organisation's."""
    everyone = _grouped(literal(EVERY_CALENDAR), *where)
    owners = _organisations_holding().subquery()
    by_organisation = _grouped(owners.c.organisation_id, *where).join(owners, owners.c.meeting_id == Meeting.id)
    return [insert(ReviewSeries).from_select(COLUMNS, query) for query in (everyone, by_organisation)]


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


def _organisations_holding() -> Select:
    """(meeting, organisation) once for each organisation whose staff's calendars hold a copy of it."""
    own = select(func.lower(Person.email).label("address"), Person.organisation_id)
    aliases = (
        select(func.lower(PersonAlias.email), Person.organisation_id)
        .join(Person, Person.id == PersonAlias.person_id)
        .where(func.lower(PersonAlias.email).not_in(select(func.lower(Person.email))))
    )
    staff = union(own, aliases).subquery()
    return (
        select(MeetingCopy.meeting_id, staff.c.organisation_id)
        .join(CalendarImport, CalendarImport.id == MeetingCopy.import_id)
        .join(staff, staff.c.address == CalendarImport.owner_email)
        .where(staff.c.organisation_id.is_not(None))
        .distinct()
    )
