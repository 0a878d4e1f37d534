"""Scenarios on fair, stated bases: a meeting's length is its scheduled slot, not the seat average after
double-booking splits; one year of 52 weeks for scenarios and the gatekeeper, said beside each figure."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from tracker.domain import annual
from tracker.domain.gatekeeper import Place, meetings_a_year, project
from tracker.domain.local_time import ZONE
from tracker.domain.periods import Period
from tracker.domain.scenarios import Board, Seat, merge, scheduled_hours, shorter, slot

# A small case, worked by hand, observed over 28 days (a year of 52 weeks is 364/28 = 13 of them):
#
# Board A meets once, 10:00-11:30 (booked 1.5 h), P1 and P2 attend. P2 is double-booked 10:30-11:30 with
# another meeting, so that hour is shared: P2's seat at A is 0.5 + 1/2 = 1 h. Seats 1.5 + 1 = 2.5 h over 2
# attendances: an average seat of 1.25 h, less than the 1.5 h slot.
# Board B meets once, 14:00-15:00 (booked 1 h), P1 and P3 attend, nothing overlaps: seats 1 h each.
# Rates: P1 £40, P2 £60, P3 £30 an hour. A year (x 13):
#   A: 13 meetings; P1 19.5 h (£780), P2 13 h (£780).   B: 13 meetings; P1 13 h (£520), P3 13 h (£390).
#   Before: 58.5 h, £2,470.
A = Board(
    1, Decimal(13), Decimal("1.5"), (Seat(1, 1, Decimal("19.5"), Decimal(780)), Seat(1, 2, Decimal(13), Decimal(780)))
)
B = Board(2, Decimal(13), Decimal(1), (Seat(2, 1, Decimal(13), Decimal(520)), Seat(2, 3, Decimal(13), Decimal(390))))


def test_a_merged_board_sits_for_the_longest_scheduled_slot_not_the_shortened_seat():
    # Merged: 13 meetings a year (the most of either) of 1.5 h (A's slot), all three sitting the whole of it:
    # 3 x 13 x 1.5 = 58.5 h. Each at their own rate over A and B: P1 (780 + 520) / 32.5 = £40, P2 £60, P3 £30:
    # 19.5 x (40 + 60 + 30) = £2,535. So the merger saves no time and costs £65 more a year.
    outcome = merge([A, B])
    assert (outcome.hours_before, outcome.cost_before) == (Decimal("58.5"), Decimal(2470))
    assert (outcome.hours_after, outcome.cost_after) == (Decimal("58.5"), Decimal(2535))
    assert (outcome.hours_saved, outcome.cost_saved) == (0, Decimal(-65))
    # The old rule took the longest average seat, A's 1.25 h: 3 x 13 x 1.25 = 48.75 h at £130 an hour of seat
    # (£2,112.50), a saving of 9.75 h and £357.50 a year that merging would never make.
    old = merge([A, B], hours=Decimal("1.25"))
    assert (old.hours_saved, old.cost_saved) == (Decimal("9.75"), Decimal("357.50"))


def test_shorter_meetings_scale_each_seat_by_the_new_length_over_the_slot():
    # A at 1 h: every seat x 1/1.5 = 2/3: P1 19.5 -> 13 h, P2 13 -> 26/3 h; 65/3 = 21.67 h after, 32.5 - 65/3 =
    # 10.83 h saved. (The old rule's 1/1.25 made it 26 h after, 6.5 h saved.)
    outcome = shorter(A, Decimal(1))
    assert round(outcome.hours_after, 2) == Decimal("21.67")
    assert round(outcome.hours_saved, 2) == Decimal("10.83")


def test_a_meetings_scheduled_length_is_its_booked_time_and_the_slot_counts_each_meeting_once():
    start = datetime(2026, 3, 4, 10, 0, tzinfo=ZONE)
    assert scheduled_hours(start, datetime(2026, 3, 4, 11, 30, tzinfo=ZONE), False) == Decimal("1.5")
    # An all-day event over two days, costed as a working day of 7.4 h from 09:00 each day (to 16:24): its
    # costed start and end run from the first 09:00 to the last 16:24, but it is booked for 2 x 7.4 = 14.8 h.
    first, last = datetime(2026, 3, 4, 9, 0, tzinfo=ZONE), datetime(2026, 3, 5, 16, 24, tzinfo=ZONE)
    assert scheduled_hours(first, last, True) == Decimal("14.8")
    # Over a change of the clocks (29 March 2026): still 09:00 to 16:24 on each of its days.
    first, last = datetime(2026, 3, 28, 9, 0, tzinfo=ZONE), datetime(2026, 3, 29, 16, 24, tzinfo=ZONE)
    assert scheduled_hours(first, last, True) == Decimal("14.8")
    # Two meetings booked 2 h and 1 h: a slot of 1.5 h, however many sat at each.
    assert slot([Decimal(2), Decimal(1)]) == Decimal("1.5")
    assert slot([]) == 0


def test_one_year_of_52_weeks_counts_a_board_the_same_observed_or_proposed():
    # Every 4 weeks: 52/4 = 13 a year. Watched for 28 days, one meeting: 1 x 364/28 = 13.
    assert meetings_a_year("4-weeks") == 13 == annual.observed(Decimal(1), 28)
    # Weekly, four in 28 days: 4 x 364/28 = 52. Monthly, three in a 91-day quarter: 3 x 364/91 = 12.
    assert meetings_a_year("week") == 52 == annual.observed(Decimal(4), 28)
    assert meetings_a_year("month") == 12 == annual.observed(Decimal(3), 91)
    assert meetings_a_year("quarter") == 4 == annual.observed(Decimal(1), 91)
    # A period's figures a year go by the same rule: March 2025's 31 days, x 364/31.
    assert Period(date(2025, 3, 1), date(2025, 3, 31)).per_year(Decimal(31)) == 364


@pytest.mark.parametrize(
    ("start", "end", "line"),
    [
        # 1 April to 6 December 2026: 30 + 31 + 30 + 31 + 31 + 30 + 31 + 30 (April to November) + 6 = 250 days.
        (date(2026, 4, 1), date(2026, 12, 6), "a year: 250 days observed (1 Apr–6 Dec 2026) × 364/250"),
        # Across a new year: 31 days of December and 6 of January.
        (date(2025, 12, 1), date(2026, 1, 6), "a year: 37 days observed (1 Dec 2025–6 Jan 2026) × 364/37"),
        (date(2026, 12, 6), date(2026, 12, 6), "a year: 1 day observed (6 Dec 2026) × 364/1"),
    ],
)
def test_an_observed_figure_says_its_days_and_the_scaling(start, end, line):
    assert annual.observed_basis(start, end) == line == Period(start, end).year_basis


def test_a_proposal_says_how_its_year_is_counted():
    places = [Place(None, "SM", Decimal(50))] * 5
    # Every 4 weeks: 13 meetings x 1.5 h x 5 places = 97.5 hours; at £50 an hour, £4,875.
    every_four = project(meetings_a_year("4-weeks"), Decimal("1.5"), places, every="4-weeks")
    assert (every_four.hours, every_four.cost) == (Decimal("97.5"), Decimal(4875))
    assert every_four.basis == "a year: every 4 weeks = 13 meetings × 1.5 h × 5 places"
    # Every 3 weeks is not a whole number of meetings: 52/3 = 17.33, said with its sum.
    every_three = project(meetings_a_year("3-weeks"), Decimal(2), places[:1], every="3-weeks")
    assert every_three.basis == "a year: every 3 weeks = 52/3 = 17.33 meetings × 2 h × 1 place"
    quarterly = project(meetings_a_year("quarter"), Decimal("0.75"), places[:2], every="quarter")
    assert quarterly.basis == "a year: quarterly = 4 meetings × 0.75 h × 2 places"
