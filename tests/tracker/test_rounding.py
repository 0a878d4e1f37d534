"""Rounding once, half up, from exact values: time to whole seconds, money to whole pence; time written exactly,
so columns of it add up and meetings CSV rows' printed time x printed rate give the printed cost
(``domain.rounding``)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from tracker.domain.costing import share_overlaps
from tracker.domain.overlap import weighted_overlap
from tracker.domain.rounding import clock, clock_words, cost_pence, half_up, pence, rounded, whole_seconds
from tracker.reports.cell_text import ratio


def test_three_20_minute_meetings_and_one_of_7_5_minutes_are_1_125_hours_printed_exactly():
    # 3 x 1,200 s + 450 s = 4,050 s = 1.125 h exactly (billionths made 1.124999999 and printed 1.12). Written
    # exactly, 1:07:30, and the rows add up to it: 0:20 + 0:20 + 0:20 + 0:07:30.
    parts = [whole_seconds(Fraction(1, 3))] * 3 + [whole_seconds(Fraction(1, 8))]
    assert sum(parts) == 4050
    assert [clock(p) for p in parts] == ["0:20", "0:20", "0:20", "0:07:30"]
    assert clock(sum(parts)) == "1:07:30" and clock(sum(parts), for_files=True) == "1:07:30"
    assert clock_words(sum(parts)) == "1 hour 7 minutes 30 seconds"


def test_a_partnership_of_exactly_321_8_hours_prints_40_07_30():
    # 321/8 h = 40.125 h = 144,450 s: 40:07:30, not 40.12 (nor a rounded 40.13 its rows would not add up to).
    assert whole_seconds(Fraction(321, 8)) == 144450
    assert clock(144450) == "40:07:30"


def test_times_are_written_with_separated_thousands_for_people_and_one_shape_for_files():
    assert clock(3600 * 1204 + 300) == "1,204:05" and clock(3600 * 1204 + 300, for_files=True) == "1204:05:00"
    assert clock(0) == "0:00" and clock(0, for_files=True) == "0:00:00" and clock_words(0) == "no time"
    assert clock(-1800) == "-0:30" and clock_words(-1800) == "minus 30 minutes"
    assert clock_words(3600) == "1 hour" and clock_words(7261) == "2 hours 1 minute 1 second"


def test_a_year_estimate_is_rounded_once_half_up_to_the_second():
    # 13 meetings of 1.5 h x 5 places x 364/31 days: an exact fraction, rounded once to the second.
    estimate = Fraction(13 * 3 * 5, 2) * Fraction(364, 31)
    assert whole_seconds(estimate) == half_up(estimate * 3600)
    assert whole_seconds(Decimal("0.0001388888888888888888888889")) == 1  # half a second (0.5 / 3600) goes up


def test_thirds_of_the_clock_are_whole_seconds_half_up():
    # Three meetings over the same 10:00-10:20 (1,200 s) share 400 s each; seven over an hour 514 2/7 s -> 514,
    # and 1 s shared by two is half a second each -> 1 (half up).
    assert whole_seconds(Fraction(400, 3600)) == 400
    assert whole_seconds(Fraction(3600, 7 * 3600)) == 514
    assert whole_seconds(Fraction(1, 2 * 3600)) == 1


@given(st.lists(st.integers(0, 10 * 86_400), max_size=40))
def test_a_column_of_printed_times_adds_up_to_its_printed_total(rows):
    # What the issue asks of every total: the printed rows, read back, sum to the printed total, exactly.
    def read(text: str) -> int:
        h, m, s = (int(x) for x in text.replace(",", "").split(":"))
        return (h * 60 + m) * 60 + s

    assert sum(read(clock(r, for_files=True)) for r in rows) == read(clock(sum(rows), for_files=True))
    assert clock(sum(rows)) == clock(sum(read(clock(r, for_files=True)) for r in rows))


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


def test_7_6_hours_at_160_76_multiply_out():
    # The row: 7/6 h = 4,200 s at £160.76 printed 1.16 h and £187.55 (1.16 x 160.76 = 186.48). Now
    # 1:10:00 x £160.76 = 7/6 x 160.76 = 187.5533... -> £187.55, the printed cost.
    assert clock(4200, for_files=True) == "1:10:00"
    assert cost_pence(4200, 16076) == 18755


@given(st.integers(1, 86400), st.integers(1, 99999))
def test_printed_time_times_the_printed_rate_is_the_cost_to_the_penny(seconds, rate_pence):
    h, m, s = (int(x) for x in clock(seconds, for_files=True).split(":"))
    printed_hours = Fraction((h * 60 + m) * 60 + s, 3600)
    rate = Fraction(rate_pence, 100)
    assert half_up(printed_hours * rate, Fraction(1, 100)) == cost_pence(seconds, rate_pence)


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
