"""A bulk import's end holds a verdict for every meeting: equal times are one object (``Context.costed_times``),
so a locality's million meetings at a few thousand slots hold a few thousand times. Only timed meetings in UTC
are shared: an all-day event's working day is built in London time, and equal instants written in another
zone would print otherwise."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from tracker.domain.settings import Settings
from tracker.services.verdicts import Context, costed_intervals
from tracker.store.register_snapshot import RegisterSnapshot


def meeting(start: datetime, end: datetime, all_day: bool = False):
    return SimpleNamespace(start=start, end=end, all_day=all_day)


def context() -> Context:
    return Context(Settings(), RegisterSnapshot(), [], {}, {}, {})


def test_meetings_at_the_same_times_share_one_object_with_the_same_value():
    ctx = context()
    nine, ten = datetime(2025, 3, 12, 9, tzinfo=UTC), datetime(2025, 3, 12, 10, tzinfo=UTC)
    first = ctx.costed_times(meeting(nine, ten))
    again = ctx.costed_times(meeting(datetime(2025, 3, 12, 9, tzinfo=UTC), datetime(2025, 3, 12, 10, tzinfo=UTC)))
    assert first == ((nine, ten),) and again is first
    other = ctx.costed_times(meeting(nine, datetime(2025, 3, 12, 11, tzinfo=UTC)))
    assert other == ((nine, datetime(2025, 3, 12, 11, tzinfo=UTC)),) and other is not first


def test_times_in_another_zone_and_all_day_events_are_their_own():
    ctx = context()
    nine, ten = datetime(2025, 3, 12, 9, tzinfo=UTC), datetime(2025, 3, 12, 10, tzinfo=UTC)
    ctx.costed_times(meeting(nine, ten))
    london = ZoneInfo("Europe/London")  # the same instants, written in London time (GMT in March)
    local = ctx.costed_times(meeting(nine.astimezone(london), ten.astimezone(london)))
    assert local[0][0].tzinfo is london
    day = meeting(datetime(2025, 3, 12, tzinfo=UTC), datetime(2025, 3, 13, tzinfo=UTC), all_day=True)
    assert ctx.costed_times(day) == costed_intervals(day.start, day.end, True, Settings())
    assert ctx.costed_times(day) is not ctx.costed_times(day)
