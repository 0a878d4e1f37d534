"""Figures read from the monthly sums equal figures summed from the attendance rows, for any period and filter.

The demo organisation is loaded once; for random periods (whole months, part-months, a few days,
across year ends) and filters, every report that reads the monthly sums is compared with a plain SQL
aggregate over the attendance rows written here, independently of the code under test.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from tracker import db
from tracker.domain.periods import Filters, Period
from tracker.models import Attendance, Meeting, Partnership, Person
from tracker.reports import basis, meetings, partnerships, people, totals
from tracker.reports.basis import BASES
from tracker.reports.sums import split

FIRST, LAST = date(2025, 11, 1), date(2026, 12, 31)


@pytest.fixture(scope="module")
def demo(built_demo, tmp_path_factory):
    """The shared demo (tests/demo_fixtures.py), read only."""
    from tests.demo_fixtures import demo_app

    app = demo_app(built_demo.url, tmp_path_factory.mktemp("sums") / "instance")
    yield app
    app.extensions["database"].engine.dispose()


def _cost(session):
    """The cost column of the session's basis, named here rather than asked of the code under test."""
    return Attendance.cost if session.cost_basis == basis.ACTUAL else Attendance.standard_cost  # untold: standard


def plain(session, period: Period, filters: Filters, *columns):
    """The reference: attributed attendance rows of the period, summed by ``columns``."""
    query = select(
        *columns,
        func.count(Attendance.id),
        func.coalesce(func.sum(Attendance.seconds), 0),  # whole seconds: hours are seconds / 3600
        func.coalesce(func.sum(_cost(session)), 0),
        func.count(func.distinct(Attendance.person_id)),
        func.count(func.distinct(Attendance.meeting_id)),
    ).where(
        Attendance.partnership_id.is_not(None), Attendance.local_day >= period.start, Attendance.local_day <= period.end
    )
    if filters.organisation_id is not None:
        query = query.where(
            Attendance.person_id.in_(select(Person.id).where(Person.organisation_id == filters.organisation_id))
        )
    if filters.person_id is not None:
        query = query.where(Attendance.person_id == filters.person_id)
    return {tuple(row[: len(columns)]): tuple(row[len(columns) :]) for row in session.execute(query.group_by(*columns))}


days = st.integers(0, (LAST - FIRST).days)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    days, st.integers(0, 200), st.sampled_from([None, 1, 2, 3]), st.sampled_from([None, 1, 5]), st.sampled_from(BASES)
)
def test_monthly_sums_equal_the_rows(demo, start, length, organisation, person, cost_basis):
    period = Period(FIRST + timedelta(days=start), min(LAST, FIRST + timedelta(days=start + length)))
    filters = Filters(organisation_id=organisation, person_id=person)
    with demo.app_context():
        session = db.get_session()
        basis.use(session, cost_basis)
        reference = plain(session, period, filters, Attendance.partnership_id)
        rows = {(r.partnership_id,): r for r in partnerships.partnership_rows(session, period, filters)}
        assert set(rows) == set(reference)
        for key, (attendances, seconds, cost, people_count, meetings) in reference.items():
            row = rows[key]
            assert (row.attendances, row.hours, row.cost, row.people, row.meetings) == (
                attendances,
                Decimal(seconds) / 3600,
                Decimal(cost),
                people_count,
                meetings,
            ), (period, key)
        listed = totals.by_month(session, period, filters)
        by_month = plain(session, period, filters, Attendance.month)
        # Every month of the period is listed, in order; those without rows hold nothing.
        assert [m.month for m in listed] == sorted({period.start.replace(day=1), *(m.month for m in listed)})
        assert listed[0].month == period.start.replace(day=1) and listed[-1].month == period.end.replace(day=1)
        months = {(m.month,): m for m in listed if (m.month,) in by_month}
        assert all(m.hours == 0 and m.cost == 0 and m.people == 0 for m in listed if (m.month,) not in by_month)
        assert {k: (m.hours, m.cost, m.people) for k, m in months.items()} == {
            k: (Decimal(s) / 3600, Decimal(c), p) for k, (_, s, c, p, _) in by_month.items()
        }
        whole = totals.totals(session, period, filters, productive_hours=Fraction(1670))
        assert whole.meetings == sum(v[4] for v in reference.values())
        assert whole.hours == Decimal(sum(v[1] for v in reference.values())) / 3600  # exact seconds, then hours
        assert whole.partnerships == len(reference)
        pairs = plain(session, period, filters, Attendance.partnership_id, Attendance.person_id)
        hats = people.people_rows(session, period, filters)
        assert sorted((r.person_id, r.hours) for r in hats) == sorted(
            (k[1], Decimal(v[1]) / 3600) for k, v in pairs.items()
        )


def plain_series(session, period: Period, partnership_ids: tuple[int, ...] | None, limit: int) -> list[tuple]:
    """The reference for the recurring meetings, added up here from the attributed rows of the period:
    every series of more than one meeting, costliest first (uncosted last), then by title."""
    rows = select(Meeting.series_key, Meeting.title, Partnership.name, Attendance.meeting_id, Attendance.person_id)
    rows = rows.add_columns(Attendance.seconds, _cost(session)).select_from(Attendance)
    rows = rows.join(Meeting, Meeting.id == Attendance.meeting_id)
    rows = rows.join(Partnership, Partnership.id == Attendance.partnership_id)
    rows = rows.where(Attendance.local_day >= period.start, Attendance.local_day <= period.end)
    if partnership_ids is not None:
        rows = rows.where(Attendance.partnership_id.in_(partnership_ids))
    series: dict[str, list] = {}
    for key, title, partnership, meeting, person, seconds, cost in session.execute(rows):
        s = series.setdefault(key, [key, title, partnership, set(), 0, None, set()])
        s[1], s[2] = max(s[1], title), max(s[2], partnership)
        s[3].add(meeting)
        s[4] += seconds
        s[5] = s[5] if cost is None else cost + (s[5] or 0)
        s[6].add(person)
    found = [
        (k, t, p, len(m), Decimal(h) / 3600, c, len(who)) for k, t, p, m, h, c, who in series.values() if len(m) > 1
    ]
    found.sort(key=lambda r: (r[5] is None, -(r[5] or 0), r[1], r[0]))
    return [(*r[:5], r[5] or 0, r[6]) for r in found[:limit]]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    days,
    st.integers(0, 200),
    st.sampled_from([None, (1,), (2, 3)]),
    st.sampled_from([1, 2, 3, 10]),
    st.sampled_from(BASES),
)
def test_monthly_series_give_the_recurring_meetings_of_the_rows(
    demo, start, length, partnership_ids, limit, cost_basis
):
    period = Period(FIRST + timedelta(days=start), min(LAST, FIRST + timedelta(days=start + length)))
    with demo.app_context():
        session = db.get_session()
        basis.use(session, cost_basis)
        found = meetings.recurring_meetings(session, period, Filters(partnership_ids=partnership_ids), limit)
        assert [(s.series_key, s.title, s.partnership, s.occurrences, s.hours, s.cost, s.people) for s in found] == (
            plain_series(session, period, partnership_ids, limit)
        ), period


@pytest.mark.parametrize(
    ("start", "end", "months", "ends"),
    [
        (date(2025, 4, 1), date(2026, 3, 31), (date(2025, 4, 1), date(2026, 3, 1)), ()),
        (
            date(2025, 4, 1),
            date(2026, 3, 15),
            (date(2025, 4, 1), date(2026, 2, 1)),
            ((date(2026, 3, 1), date(2026, 3, 15)),),
        ),
        (date(2025, 3, 10), date(2025, 3, 20), None, ((date(2025, 3, 10), date(2025, 3, 20)),)),
        (
            date(2025, 1, 31),
            date(2025, 3, 1),
            (date(2025, 2, 1), date(2025, 2, 1)),
            ((date(2025, 1, 31), date(2025, 1, 31)), (date(2025, 3, 1), date(2025, 3, 1))),
        ),
        (date(2024, 2, 1), date(2024, 2, 29), (date(2024, 2, 1), date(2024, 2, 1)), ()),
    ],
)
def test_monthly_split_of_a_period_into_whole_months_and_ends(start, end, months, ends):
    parts = split(Period(start, end))
    assert parts.months == months
    assert [(p.start, p.end) for p in parts.ends] == list(ends)


def test_a_session_that_writes_reads_its_sums_afresh(demo):
    """The dashboard reads the same sums several times and remembers them for the request; a command
    that changes figures and reads them again in one session must see the change, however it writes."""
    from sqlalchemy import update

    from tracker.models import MonthlyFigure

    period, filters = Period(date(2025, 12, 1), date(2026, 2, 28)), Filters()
    with demo.app_context():
        session = db.get_session()
        before = totals.totals(session, period, filters, productive_hours=Fraction(1670))
        assert totals.totals(session, period, filters, productive_hours=Fraction(1670)) == before
        month = session.scalars(select(MonthlyFigure).where(MonthlyFigure.month == date(2026, 1, 1))).first()
        one = (MonthlyFigure.partnership_id == month.partnership_id, MonthlyFigure.person_id == month.person_id)
        session.execute(
            update(MonthlyFigure).where(*one, MonthlyFigure.month == month.month).values(seconds=month.seconds + 36000)
        )
        session.refresh(month)
        seconds = int((before.hours * 3600).to_integral_value())  # the total's exact seconds
        core = totals.totals(session, period, filters, productive_hours=Fraction(1670))
        assert core.hours == Decimal(seconds + 36000) / 3600  # 10 hours more: a Core UPDATE through the session
        month.seconds = month.seconds + 18000
        orm = totals.totals(session, period, filters, productive_hours=Fraction(1670))
        assert orm.hours == Decimal(seconds + 54000) / 3600  # 15 hours more: an ORM change, flushed before the read
        session.rollback()
        assert totals.totals(session, period, filters, productive_hours=Fraction(1670)) == before
