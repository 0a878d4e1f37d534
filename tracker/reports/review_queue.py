"""The review queue: meetings grouped by series, with their hours, for people to attribute or correct.

Each reader sees the meetings their calendar scope covers (``domain/calendar_scope.py``): a manager those
on the calendars of their own organisation's staff, whoever uploaded them; an administrator all.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from sqlalchemy import ColumnElement, CompoundSelect, Exists, Select, func, or_, select, union
from sqlalchemy.orm import Session

from ..domain.calendar_scope import CalendarScope
from ..domain.local_time import ZONE
from ..domain.rounding import hours as hours_of
from ..models import (
    EVERY_CALENDAR,
    CalendarImport,
    Meeting,
    MeetingCopy,
    Partnership,
    Person,
    PersonAlias,
    ReviewSeries,
)
from .calendar_scope import addresses_within, owned_within, visible_meetings

PAGE_SIZE = 50  # series a review page lists: enough to work through, small enough to read and load at once
OWNERS_SHOWN = 3  # calendar owners named on a row; the rest counted


@dataclass(frozen=True)
class QueueFilter:
    """What the reviewer asked to see: ``unattributed`` only (else attributed ones too), those that take no
    one's time (``left_out``: all-day, declined, cancelled), one partnership's, one owner's (a name or address,
    in part), and titles holding ``search``."""

    unattributed: bool = True
    left_out: bool = False
    partnership_id: int | None = None
    owner: str = ""
    search: str = ""


@dataclass(frozen=True)
class SeriesRow:
    """A series as the queue lists it: whose calendars it is in, how much time it takes, when it next meets
    (or last met), and which partnership it counts for now and how that was decided."""

    series_key: str
    title: str
    count: int
    hours: Decimal
    first: datetime
    last: datetime
    next: datetime | None  # the next meeting from today; None when all are past
    partnership_id: int | None
    partnership: str | None
    reason: str  # as stored: "rule: ...", "override by ...", "no rule matched", "private"
    owners: tuple[tuple[str, str], ...] = ()  # (address, name) of the first calendar owners, by name
    more_owners: int = 0  # owners not named


@dataclass(frozen=True)
class QueuePage:
    rows: list[SeriesRow]
    total: int  # series matching the filter, on every page
    page: int  # from 1
    size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def first_shown(self) -> int:
        return (self.page - 1) * self.size + 1 if self.rows else 0

    @property
    def last_shown(self) -> int:
        return (self.page - 1) * self.size + len(self.rows)


def _owner_addresses(owner: str) -> CompoundSelect:
    """Calendar owners' addresses (lower case) whose address, or whose person's name, holds ``owner``."""
    like = f"%{owner.strip().lower()}%"
    named = select(func.lower(Person.email)).where(
        or_(func.lower(Person.name).like(like), func.lower(Person.email).like(like))
    )
    aliases = (
        select(func.lower(PersonAlias.email))
        .join(Person, Person.id == PersonAlias.person_id)
        .where(or_(func.lower(Person.name).like(like), func.lower(PersonAlias.email).like(like)))
    )
    imported = select(CalendarImport.owner_email).where(CalendarImport.owner_email.like(like))
    return union(named, aliases, imported)


def _owned_by(owner: str, scope: CalendarScope) -> Select:
    """The meetings on a calendar in the scope whose owner matches ``owner``."""
    return (
        select(MeetingCopy.meeting_id)
        .join(CalendarImport, CalendarImport.id == MeetingCopy.import_id)
        .where(CalendarImport.owner_email.in_(_owner_addresses(owner)), owned_within(CalendarImport.owner_email, scope))
    )


def queue_page(
    session: Session, wanted: QueueFilter, *, scope: CalendarScope, page: int = 1, size: int = PAGE_SIZE, today: date
) -> QueuePage:
    """One page of series, most costed hours first (private ones never shown), with their owners.

    The queue is read from the series sums kept for each scope (``ReviewSeries``): a page costs the same
    whether the queue holds fifty series or three hundred thousand. A search or an owner filter picks
    meetings, not series, so those are grouped from the meetings they pick; owners, and when each series
    next meets, are looked up for the page's rows alone.

    Ties (many people's "Senior leadership team", each its own series of the same hours) are broken by the
    title, then the series key, so the page reads the same each time: PostgreSQL returns tied rows in
    whatever order an update last left them.

    ``left_out`` lists just the unattributed series that take no one's time (all-day events, declined or
    cancelled meetings), which would only clutter a queue of corrections; otherwise an unattributed series
    is listed only when it takes someone's time."""
    if not scope.everyone and scope.organisation_id is None:
        return QueuePage([], 0, 1, size)  # a manager of no organisation: no calendar is theirs
    picks_meetings = wanted.search.strip() or wanted.owner.strip()
    query, taken, grouped = _from_meetings(wanted, scope) if picks_meetings else _from_sums(wanted, scope)
    if wanted.left_out or wanted.unattributed:
        time_taken = taken <= 0 if wanted.left_out else taken > 0
        query = query.having(time_taken) if grouped else query.where(time_taken)
    ordered = query.order_by(taken.desc(), query.selected_columns.title, query.selected_columns.series_key)
    found, total, page = _page_of(session, ordered, grouped, max(page, 1), size)
    keys = [row[0] for row in found]
    owners = _owners(session, keys, scope)
    upcoming = _next_meetings(session, keys, wanted, scope, datetime.combine(today, time.min, tzinfo=ZONE))
    rows = []
    for key, title, count, spent, first, last, pid, name, reason, *_ in found:
        named = owners.get(key, [])
        rows.append(
            SeriesRow(
                key,
                title,
                count,
                hours_of(int(spent)),
                first,
                last,
                upcoming.get(key),
                pid,
                name,
                reason,
                tuple(named[:OWNERS_SHOWN]),
                max(0, len(named) - OWNERS_SHOWN),
            )  # fmt: skip
        )
    return QueuePage(rows, total, page, size)


def _page_of(session: Session, ordered: Select, grouped: bool, page: int, size: int) -> tuple[list, int, int]:
    """The page's rows, how many series there are in all, and the page shown (the last one for a page past
    it: the queue shrinks as series are attributed). Groups are counted by a window over them, in the same
    pass; rows read in the order of an index are counted apart, as a window would read every one."""
    if not grouped:
        total = session.scalar(select(func.count()).select_from(ordered.order_by(None).subquery())) or 0
        page = min(page, max(1, -(-total // size)))
        return list(session.execute(ordered.limit(size).offset((page - 1) * size)).all()), total, page
    counted = ordered.add_columns(func.count().over())
    found = session.execute(counted.limit(size).offset((page - 1) * size)).all()
    total = found[0][-1] if found else session.scalar(select(func.count()).select_from(ordered.subquery())) or 0
    if not found and total:
        page = -(-total // size)
        found = session.execute(counted.limit(size).offset((page - 1) * size)).all()
    return list(found), total, page


def _meeting_filter(wanted: QueueFilter) -> list[ColumnElement[bool]]:
    """Which of a series' meetings the filter counts: by their partnership (or none)."""
    where: list[ColumnElement[bool]] = [Meeting.private.is_(False)]
    if wanted.unattributed or wanted.left_out:
        where.append(Meeting.partnership_id.is_(None))
    if wanted.partnership_id is not None:
        where.append(Meeting.partnership_id == wanted.partnership_id)
    return where


def _from_meetings(wanted: QueueFilter, scope: CalendarScope) -> tuple[Select, ColumnElement, bool]:
    """The series grouped from the meetings the filter picks (a title search, an owner's calendar)."""
    where = _meeting_filter(wanted)
    if not scope.everyone:
        where.append(Meeting.id.in_(visible_meetings(scope)))
    if wanted.search.strip():
        where.append(func.lower(Meeting.title).like(f"%{wanted.search.strip().lower()}%"))
    if wanted.owner.strip():
        where.append(Meeting.id.in_(_owned_by(wanted.owner, scope)))
    grouped = _by_series(
        Meeting.series_key,
        Meeting.title,
        func.count(Meeting.id),
        Meeting.seconds,  # each meeting's rows summed already (``store/monthly.py``)
        Meeting.start,
        Meeting.start,
        Meeting.partnership_id,
        Meeting.attribution,
    )
    return grouped.where(*where), func.sum(Meeting.seconds), True


def _by_series(key, title, count, seconds, first, last, partnership_id, attribution) -> Select:
    """Rows grouped into series, in the columns every queue reads: the greatest title, how many meetings,
    their time (labelled ``hours``), the first and last start, a partnership (and its name), a reason."""
    return (
        select(
            key,
            func.max(title).label("title"),
            count,
            func.sum(seconds).label("hours"),
            func.min(first),
            func.max(last),
            func.max(partnership_id),
            func.max(Partnership.name),
            func.max(attribution),
        )
        .outerjoin(Partnership, Partnership.id == partnership_id)
        .group_by(key)
    )


def _from_sums(wanted: QueueFilter, scope: CalendarScope) -> tuple[Select, ColumnElement, bool]:
    """The series read from the sums kept for the scope. A series has a row for each partnership its
    meetings count for (or none): a queue of one partnership, or of none, reads one row a series in the
    order of the index; a queue of every series adds each series' rows up."""
    sums = ReviewSeries
    where = [sums.scope == (EVERY_CALENDAR if scope.everyone else scope.organisation_id)]
    if wanted.unattributed or wanted.left_out:
        where.append(sums.partnership_id.is_(None))
    if wanted.partnership_id is not None:
        where.append(sums.partnership_id == wanted.partnership_id)
    if wanted.unattributed or wanted.left_out or wanted.partnership_id is not None:
        columns = (sums.title, sums.meetings, sums.seconds, sums.first_start, sums.last_start, sums.partnership_id)
        one_row: Select = select(sums.series_key, *columns, Partnership.name, sums.attribution)
        time_taken: ColumnElement = sums.seconds.expression
        return one_row.outerjoin(Partnership, Partnership.id == sums.partnership_id).where(*where), time_taken, False
    grouped = _by_series(
        sums.series_key,
        sums.title,
        func.sum(sums.meetings),
        sums.seconds,
        sums.first_start,
        sums.last_start,
        sums.partnership_id,
        sums.attribution,
    )
    return grouped.where(*where), func.sum(sums.seconds), True


def _next_meetings(
    session: Session, keys: list[str], wanted: QueueFilter, scope: CalendarScope, upcoming: datetime
) -> dict[str, datetime]:
    """When each of these series next meets, from ``upcoming``, among the meetings its row counts.

    The series' meetings are read by their key and the partnership, privacy and start checked here: asked
    in SQL, SQLite without statistics began from every unattributed meeting (300 ms at 500 people) instead
    of the page's fifty series."""
    if not keys:
        return {}
    where: list[ColumnElement[bool]] = [Meeting.series_key.in_(keys)]
    if wanted.search.strip():
        where.append(func.lower(Meeting.title).like(f"%{wanted.search.strip().lower()}%"))
    if wanted.owner.strip():
        where.append(Meeting.id.in_(_owned_by(wanted.owner, scope)))
    if not scope.everyone:  # asked meeting by meeting: the page's series hold a few hundred
        held = (
            select(MeetingCopy.id)
            .join(CalendarImport, CalendarImport.id == MeetingCopy.import_id)
            .where(MeetingCopy.meeting_id == Meeting.id, owned_within(CalendarImport.owner_email, scope))
        )
        where.append(held.exists())
    found: dict[str, datetime] = {}
    query = select(Meeting.series_key, Meeting.start, Meeting.partnership_id, Meeting.private).where(*where)
    for key, start, partnership_id, private in session.execute(query):
        if private or start < upcoming or not _counts(wanted, partnership_id):
            continue
        found[key] = min(start, found.get(key, start))
    return found


def _counts(wanted: QueueFilter, partnership_id: int | None) -> bool:
    """Whether the filter counts a meeting of this partnership (or none): ``_meeting_filter`` in Python."""
    if (wanted.unattributed or wanted.left_out) and partnership_id is not None:
        return False
    return wanted.partnership_id is None or partnership_id == wanted.partnership_id


def _owners(session: Session, series_keys: list[str], scope: CalendarScope) -> dict[str, list[tuple[str, str]]]:
    """Whose calendars each series is in, (address, name) by name: only calendars in the scope (a manager
    is not told whose other organisations' diaries hold it). An owner the register does not know is named
    by their address."""
    if not series_keys:
        return {}
    # Every owner of the page's series first, the scope applied after: asked in one query, SQLite began
    # from the scope's calendars and read each of their copies (0.42 s of a manager's page at 500 people),
    # where the page's series hold a few hundred.
    read = session.execute(
        select(Meeting.series_key, CalendarImport.owner_email)
        .join(MeetingCopy, MeetingCopy.meeting_id == Meeting.id)
        .join(CalendarImport, CalendarImport.id == MeetingCopy.import_id)
        .where(Meeting.series_key.in_(series_keys))
        .distinct()
    )
    allowed = None if scope.everyone else addresses_within(session, scope)
    pairs = [(key, address) for key, address in read if allowed is None or address in allowed]
    addresses = {address for _, address in pairs}
    names: dict[str, str] = dict(
        session.execute(
            select(func.lower(PersonAlias.email), Person.name)
            .join(Person, Person.id == PersonAlias.person_id)
            .where(func.lower(PersonAlias.email).in_(addresses))
        ).all()
    )
    own = select(func.lower(Person.email), Person.name).where(func.lower(Person.email).in_(addresses))
    names.update({address: name for address, name in session.execute(own)})  # a person's own address first
    found: dict[str, list[tuple[str, str]]] = {}
    for key, address in pairs:
        found.setdefault(key, []).append((address, names.get(address, address)))
    return {key: sorted(owners, key=lambda owner: (owner[1].lower(), owner[0])) for key, owners in found.items()}


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


def _copy_in_scope(scope: CalendarScope) -> Exists:
    """Whether a calendar in the scope holds a copy of the meeting of the row (correlated): asked of the few
    meetings of the series ticked, not of every meeting the scope covers."""
    return (
        select(MeetingCopy.id)
        .join(CalendarImport, CalendarImport.id == MeetingCopy.import_id)
        .where(MeetingCopy.meeting_id == Meeting.id, owned_within(CalendarImport.owner_email, scope))
        .exists()
    )


def reviewable_series(session: Session, series_keys: Collection[str], scope: CalendarScope) -> set[str]:
    """Those of these series the reviewer sees a meeting of: the ones theirs to correct (see ``may_review``)."""
    if not series_keys:
        return set()
    query = select(Meeting.series_key).where(Meeting.series_key.in_(list(series_keys)))
    if not scope.everyone:
        query = query.where(_copy_in_scope(scope))
    return set(session.scalars(query.distinct()))


def series_beyond(session: Session, series_keys: Collection[str], scope: CalendarScope) -> list[str]:
    """The titles of those of these series that hold a meeting no calendar in the scope has a copy of: a
    series known only by its title (files without UIDs) gathers every organisation's meetings of that title,
    so correcting it whole would correct other organisations' calendars too. One query for all the series a
    reviewer ticked."""
    if scope.everyone or not series_keys:
        return []
    query = select(func.max(Meeting.title)).where(Meeting.series_key.in_(list(series_keys)), ~_copy_in_scope(scope))
    return sorted(session.scalars(query.group_by(Meeting.series_key)))


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
