"""A directorate's zip touches tens of thousands of meetings at once: every statement over them must
stay within what the database accepts (PostgreSQL takes at most 65,535 parameters a statement; a zip
of 190 year-long calendars failed there before the lookups were cut into chunks)."""

from __future__ import annotations

from sqlalchemy import func, select

from tests.conftest import run
from tests.tracker.test_cli_imports import loaded
from tests.tracker.test_end_to_end import E2E
from tracker.models import Meeting
from tracker.store import meetings, monthly


def test_meetings_left_empty_are_found_among_more_than_a_statement_can_name(app, runner, session):
    loaded(runner)
    run(runner, "import", E2E / "bob-google.ics")
    held = session.scalar(select(func.count(Meeting.id)))
    beyond = set(range(1, 70_001))  # every stored meeting, and ids far past them
    meetings.drop_empty(session, beyond)
    monthly.bring_up_to_date(session)
    assert session.scalar(select(func.count(Meeting.id))) == held  # each is held by a calendar: none goes


def test_whether_a_change_is_large_enough_to_rebuild_is_told_without_counting_every_meeting(app, runner, session):
    # A change that reaches more than half of all meetings rebuilds everything; the store answers "are there at
    # least N meetings" by reading at most N ids, exactly at the edge.
    loaded(runner)
    run(runner, "import", E2E / "bob-google.ics")
    held = session.scalar(select(func.count(Meeting.id)))
    assert held > 2
    assert meetings.at_least(session, 0) and meetings.at_least(session, held)
    assert not meetings.at_least(session, held + 1)
