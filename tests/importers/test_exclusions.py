"""Why a meeting is not costed, written once for the readers and the domain (``importers.exclusions``)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from importers.exclusions import EXCLUSION_REASONS, ends_before_start, exclusion
from tracker.domain import attendance

NONE = {"status": None, "private": False, "all_day": False, "transparent": False, "negative": False}


def test_exclusions_first_reason_wins_in_a_fixed_order():
    everything = {"status": "CANCELLED", "private": True, "all_day": True, "transparent": True, "negative": True}
    assert exclusion(**everything) == "cancelled"
    assert exclusion(**everything, counted={"cancelled", "private"}) == "all_day"
    assert exclusion(**everything, counted=set(EXCLUSION_REASONS) | {"private"}) is None
    assert exclusion(**NONE) is None


def test_exclusions_the_domain_uses_the_same_rule():
    assert attendance.exclusion is exclusion


def test_exclusions_ends_before_start_compares_like_with_like():
    noon = datetime(2025, 3, 10, 12, tzinfo=UTC)
    assert ends_before_start(noon, noon.replace(hour=11))
    assert not ends_before_start(noon, noon)
    assert ends_before_start(date(2025, 3, 10), date(2025, 3, 9))
    assert not ends_before_start(date(2025, 3, 10), datetime(2025, 3, 9, 9))  # a date and a time: not compared
    assert not ends_before_start(noon, None)
    paris = ZoneInfo("Europe/Paris")
    assert ends_before_start(noon, datetime(2025, 3, 10, 12, 30, tzinfo=paris))  # aware: 11:30 UTC, an instant
    assert not ends_before_start(noon.replace(tzinfo=None), datetime(2025, 3, 10, 12, 30))  # floating: as written
