"""Rounding once, half up, from exact values: time to whole seconds, money to whole pence, and meetings CSV
rows whose printed hours x printed rate give the printed cost (``domain.rounding``)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from tracker.domain.costing import share_overlaps
from tracker.domain.overlap import weighted_overlap
from tracker.domain.rounding import cost_pence, half_up, hours, pence, rounded, row_hours, whole_seconds
from tracker.reports.cell_text import ratio, two_places


def test_three_20_minute_meetings_and_one_of_7_5_minutes_are_1_125_hours_and_print_1_13():
    # 3 x 1,200 s + 450 s = 4,050 s = 1.125 h exactly; half up to two places: 1.13 (billionths made 1.124999999).
    seconds = 3 * whole_seconds(Fraction(1, 3)) + whole_seconds(Fraction(1, 8))
    assert seconds == 4050
    assert two_places(hours(seconds)) == "1.13"


def test_a_partnership_of_exactly_321_8_hours_prints_40_13():
    # 321/8 h = 40.125 h = 144,450 s; half up: 40.13 (not 40.12).
    assert whole_seconds(Fraction(321, 8)) == 144450
    assert two_places(hours(144450)) == "40.13"


def test_thirds_of_the_clock_are_whole_seconds_half_up():
    # Three meetings over the same 10:00-10:20 (1,200 s) share 400 s each; seven over an hour 514 2/7 s -> 514,
    # and 1 s shared by two is half a second each -> 1 (half up).
    assert whole_seconds(Fraction(400, 3600)) == 400
    assert whole_seconds(Fraction(3600, 7 * 3600)) == 514
    assert whole_seconds(Fraction(1, 2 * 3600)) == 1


def test_a_map_overlap_of_exactly_0_1325_prints_0_133():
    # One person: 4,770 s (1.325 h) on one board, 36,000 s (10 h) on the other: 4,770 / 36,000 = 0.1325 exactly.
    # Half up to three places: 0.133.
    share = weighted_overlap({1: 4770}, {1: 36000})
    assert share == Decimal("0.1325") and ratio(share) == "0.133"


def test_an_attendance_costs_its_seconds_at_a_rate_in_pence_rounded_once():
    # A rate of £47.4912... an hour is 4,749 p; 1.5 h = 5,400 s: 5,400 x 4,749 / 3,600 = 7,123.5 p -> 7,124 p.
    assert pence(Fraction(474912, 10000)) == 4749
    assert cost_pence(5400, 4749) == 7124
    # Half a penny exactly rounds up; just under it rounds down.
    assert pence(Fraction(5, 1000)) == 1 and pence(Fraction(4999, 1000000)) == 0
    assert cost_pence(1, 1800) == 1  # 1 s at £18 an hour: 0.5 p -> 1 p


@given(st.integers(-86_400, 86_400), st.integers(-1_000_000, 1_000_000))
def test_an_attendance_cost_in_whole_numbers_is_the_exact_cost_rounded_half_up(seconds, rate_pence):
    # The cost is worked out in integers for speed: it must be the exact value rounded once, half up.
    assert cost_pence(seconds, rate_pence) == half_up(Fraction(seconds * rate_pence, 3600))


def test_7_6_hours_at_160_76_print_so_that_they_multiply_out():
    # The row: 7/6 h = 4,200 s at £160.76: cost 4,200 x 16,076 / 3,600 = 18,755.33 p -> £187.55, which
    # 1.16 x 160.76 = 186.48 did not give. Six places: 1.166667 x 160.76 = 187.55338692 -> 187.55.
    assert row_hours(4200, Decimal("160.76")) == "1.166667"


def test_more_places_where_six_do_not_multiply_out():
    # 49,966 s at £899.79: cost 49,966 x 89,979 / 3,600 = 1,248,858.53 p -> £12,488.59. Six places:
    # 13.879444 x 899.79 = 12,488.5849... -> 12,488.58, a penny short; seven: 13.8794444 x 899.79
    # = 12,488.58527... -> 12,488.59.
    assert row_hours(49966, Decimal("899.79")) == "13.8794444"


def test_at_a_half_penny_the_hours_round_the_way_that_keeps_the_cost():
    # 7 s at £18.00: cost 7 x 1,800 / 3,600 = 3.5 p exactly -> 4 p. Half up, 7/3,600 = 0.0019444... prints
    # 0.001944 and 0.001944 x 18 = 0.034992 -> 0.03 (so do 7 to 10 places of 4s); 0.001945 x 18 = 0.03501 -> 0.04.
    assert row_hours(7, Decimal("18.00")) == "0.001945"


def test_whole_and_half_hours_print_to_six_places():
    assert row_hours(7200, Decimal("47.49")) == "2.000000"
    assert row_hours(5400, Decimal("47.49")) == "1.500000"  # 1.5 x 47.49 = 71.235 -> 71.24, as 7,123.5 p -> 7,124


@given(st.integers(1, 86400), st.integers(1, 99999))
def test_printed_hours_times_the_printed_rate_is_the_cost_to_the_penny(seconds, rate_pence):
    rate = Decimal(rate_pence).scaleb(-2)
    printed = Decimal(row_hours(seconds, rate))
    expected = Decimal(cost_pence(seconds, rate_pence)).scaleb(-2)
    assert (printed * rate).quantize(Decimal("0.01"), ROUND_HALF_UP) == expected
    assert abs(Fraction(printed) - Fraction(seconds, 3600)) <= Fraction(15, 10**7)  # within 1.5 millionths of an hour


def test_double_booked_shares_held_as_seconds_add_up_to_the_clock():
    from datetime import UTC, datetime

    t = datetime(2026, 1, 5, 10, tzinfo=UTC)
    t20 = datetime(2026, 1, 5, 10, 20, tzinfo=UTC)
    shares = share_overlaps([(1, t, t20), (2, t, t20), (3, t, t20)])
    assert sum(whole_seconds(h) for h in shares.values()) == 1200  # 3 x 400 s: the 20 minutes, once


def test_rounded_is_half_up_from_the_exact_value():
    assert rounded(Fraction(1325, 10000), 3) == Decimal("0.133")
    assert rounded(Fraction(1, 3), 6) == Decimal("0.333333")
    assert rounded(Fraction(-1, 8), 2) == Decimal("-0.13")
