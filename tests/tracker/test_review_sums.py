"""The review queue read from the series sums kept for it lists what grouping the meetings themselves gives.

On the demo (read only), for every calendar and for each organisation's staff's calendars, and for the
queue's filters (series without a partnership that take time, those that take none, every series, one
partnership's), every series the queue lists is compared with a plain grouping, in Python, of the
meetings the scope can see: found here from the copies, their imports' owners and the staff register,
not from the code under test. (That the sums stay in step through every kind of change is
``test_incremental.py``'s.)
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time

import pytest
from sqlalchemy import select

from tracker import db
from tracker.domain.calendar_scope import EVERYONE, CalendarScope
from tracker.domain.local_time import ZONE
from tracker.domain.rounding import hours
from tracker.models import CalendarImport, Meeting, MeetingCopy, Organisation, Partnership, Person, PersonAlias
from tracker.reports.review_queue import QueueFilter, queue_page

TODAY = date(2026, 1, 15)
MIDNIGHT = datetime.combine(TODAY, time.min, ZONE)  # the day starts in London


@pytest.fixture(scope="module")
def demo(built_demo, tmp_path_factory):
    from tests.demo_fixtures import demo_app

    app = demo_app(built_demo.url, tmp_path_factory.mktemp("review-sums") / "instance")
    yield app
    app.extensions["database"].engine.dispose()


def visible(session, organisation_id: int | None) -> set[int] | None:
    """The meetings a calendar of the organisation's staff holds (None: every calendar)."""
    if organisation_id is None:
        return None
    own = {email.lower(): org for email, org in session.execute(select(Person.email, Person.organisation_id))}
    staff = {a for a, org in own.items() if org == organisation_id}
    for alias, org in session.execute(select(PersonAlias.email, Person.organisation_id).join(Person)):
        if org == organisation_id and alias.lower() not in own:
            staff.add(alias.lower())
    copies = select(MeetingCopy.meeting_id, CalendarImport.owner_email).join(CalendarImport)
    return {mid for mid, owner in session.execute(copies) if owner in staff}


def every_meeting(session) -> list:
    columns = (Meeting.id, Meeting.series_key, Meeting.title, Meeting.seconds, Meeting.start, Meeting.partnership_id)
    return session.execute(select(*columns, Meeting.attribution).where(Meeting.private.is_(False))).all()


def expected(meetings: list, names: dict, seen: set[int] | None, wanted: QueueFilter) -> dict[str, tuple]:
    groups: dict[str, list] = defaultdict(list)
    for m in meetings:
        if seen is not None and m.id not in seen:
            continue
        if (wanted.unattributed or wanted.left_out) and m.partnership_id is not None:
            continue
        if wanted.partnership_id is not None and m.partnership_id != wanted.partnership_id:
            continue
        groups[m.series_key].append(m)
    rows = {}
    for key, held in groups.items():
        seconds = sum(m.seconds for m in held)
        if (wanted.left_out and seconds > 0) or (wanted.unattributed and not wanted.left_out and seconds <= 0):
            continue
        ids = [m.partnership_id for m in held if m.partnership_id is not None]
        upcoming = [m.start for m in held if m.start >= MIDNIGHT]
        rows[key] = (
            max(m.title for m in held),
            len(held),
            hours(seconds),
            min(m.start for m in held),
            max(m.start for m in held),
            min(upcoming) if upcoming else None,
            max(ids) if ids else None,
            max((names[i] for i in ids), default=None),
            max(m.attribution for m in held),
        )
    return rows


def listed(session, scope: CalendarScope, wanted: QueueFilter) -> tuple[dict[str, tuple], list]:
    page = queue_page(session, wanted, scope=scope, size=100_000, today=TODAY)
    rows = {
        r.series_key: (r.title, r.count, r.hours, r.first, r.last, r.next, r.partnership_id, r.partnership, r.reason)
        for r in page.rows
    }
    assert page.total == len(page.rows)
    return rows, [r.hours for r in page.rows]


def test_the_queue_from_the_sums_lists_what_grouping_the_meetings_gives(demo):
    with demo.app_context():
        session = db.get_session()
        organisations = session.execute(select(Organisation.id, Organisation.name).order_by(Organisation.id)).all()
        partnerships = session.scalars(select(Meeting.partnership_id).where(Meeting.partnership_id.is_not(None)))
        some = sorted(set(partnerships))[:3]
        scopes = [(EVERYONE, None), *((CalendarScope(organisation_id=i, organisation=n), i) for i, n in organisations)]
        filters = [
            QueueFilter(),
            QueueFilter(left_out=True),
            QueueFilter(unattributed=False),
            *(QueueFilter(unattributed=False, partnership_id=p) for p in some),
        ]
        meetings, compared = every_meeting(session), 0
        names = dict(session.execute(select(Partnership.id, Partnership.name)).all())
        for scope, organisation_id in scopes:
            seen = visible(session, organisation_id)
            for wanted in filters:
                rows, order = listed(session, scope, wanted)
                assert rows == expected(meetings, names, seen, wanted), (scope, wanted)
                assert order == sorted(order, reverse=True)  # most time first
                compared += len(rows)
        assert compared > 1000 and len(scopes) > 2  # the demo has queues worth comparing


def test_the_next_meeting_is_the_first_from_today(demo):
    """A series' next meeting is its first on or after today, and none once all are past."""
    with demo.app_context():
        rows, _ = listed(db.get_session(), EVERYONE, QueueFilter(unattributed=False))
        nexts = [row[5] for row in rows.values()]
        assert any(n is None for n in nexts) and any(n is not None for n in nexts)
        assert all(n is None or n >= MIDNIGHT for n in nexts)
