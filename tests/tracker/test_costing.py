"""Costing: rates from salaries and on-costs, salary history, and double-booked time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction

from tracker.domain.costing import (
    OnCosts,
    default_oncosts,
    financial_year,
    hourly_rate,
    levy_rate,
    loaded_annual_cost,
    productive_hours,
    salary_on,
    share_overlaps,
)

T0 = datetime(2025, 3, 5, 13, 0, tzinfo=UTC)
ONCOSTS = OnCosts(Decimal("0.15"), Decimal("5000"), Decimal("0.20"), Decimal("0.005"), Decimal("0.01"))


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def test_costing_loaded_cost_adds_ni_above_threshold_pension_levy_and_other():
    # 50,000: NI 15% of 45,000 = 6,750; pension 10,000; levy 250; other 500.
    assert loaded_annual_cost(Decimal("50000"), Decimal("1"), ONCOSTS) == 67500


def test_costing_ni_is_never_negative_below_threshold():
    assert loaded_annual_cost(Decimal("4000"), Decimal("1"), ONCOSTS) == Fraction(4000) * Fraction(1215, 1000)


def test_costing_part_timer_pays_ni_on_actual_pay_and_works_fewer_hours():
    hours = Fraction(1500)
    full = hourly_rate(Decimal("50000"), Decimal("1"), ONCOSTS, hours)
    half = hourly_rate(Decimal("50000"), Decimal("0.5"), ONCOSTS, hours)
    # Half time: pay 25,000, NI 15% of 20,000 = 3,000, +21.5% = 5,375: 33,375 over 750 hours.
    assert half == Fraction(33375, 750)
    assert half < full  # the threshold weighs more on a smaller pay


def test_costing_productive_hours_default_year():
    assert productive_hours(Decimal("37"), Decimal("27"), Decimal("8")) == Fraction(11692, 7)


def test_costing_financial_year_starts_in_april():
    assert financial_year(date(2025, 3, 31)) == 2024
    assert financial_year(date(2025, 4, 1)) == 2025


def test_costing_default_oncosts_follow_the_year():
    assert default_oncosts(2024).employer_ni_rate == Decimal("0.138")
    assert default_oncosts(2025).ni_threshold == Decimal("5000")
    assert default_oncosts(2031) == default_oncosts(2025)


def test_costing_levy_is_half_a_percent_of_the_pay_bill_less_the_allowance_spread_over_the_bill():
    # £120m: (0.005 × 120,000,000 − 15,000) / 120,000,000 = 585,000 / 120,000,000 = 0.4875%.
    assert levy_rate(Decimal("120000000")) == Decimal("0.004875")
    # £6m: (30,000 − 15,000) / 6,000,000 = 0.25%: half the headline rate.
    assert levy_rate(Decimal("6000000")) == Decimal("0.0025")
    # £7m: 20,000 / 7,000,000 = 0.0028571428...: held to a millionth, 0.2857%.
    assert levy_rate(Decimal("7000000")) == Decimal("0.002857")
    # £3m exactly: 15,000 − 15,000 = nothing; £2m: 10,000 is inside the allowance, never a negative levy.
    assert levy_rate(Decimal("3000000")) == levy_rate(Decimal("2000000")) == levy_rate(Decimal("0")) == 0


def test_costing_levy_at_its_rate_adds_up_to_what_the_employer_pays():
    # A £40m employer pays 0.005 × 40,000,000 − 15,000 = 185,000 a year; at 0.4625% on each pound of pay
    # its whole pay bill carries 40,000,000 × 0.004625 = 185,000: the same money, spread over its people.
    assert Decimal("40000000") * levy_rate(Decimal("40000000")) == Decimal("185000")


def test_costing_default_levy_is_the_full_rate_a_large_employer_nearly_pays():
    # With no setting: 0.5%; a £30m employer pays (150,000 − 15,000) / 30,000,000 = 0.45%, 0.05 points below.
    assert default_oncosts(2025).apprenticeship_levy_rate == Decimal("0.005")
    assert default_oncosts(2025).apprenticeship_levy_rate - levy_rate(Decimal("30000000")) == Decimal("0.0005")


def test_costing_salary_in_force_on_the_day():
    history = [(date(2024, 4, 1), Decimal("60000")), (date(2025, 3, 17), Decimal("66000"))]
    assert salary_on(history, date(2024, 3, 31)) is None
    assert salary_on(history, date(2025, 3, 16)) == Decimal("60000")
    assert salary_on(history, date(2025, 3, 17)) == Decimal("66000")


def test_costing_overlap_is_split_equally_and_never_exceeds_the_clock():
    shares = share_overlaps([("a", at(0), at(2)), ("b", at(1), at(3))])
    assert shares == {"a": Fraction(3, 2), "b": Fraction(3, 2)}


def test_costing_three_way_overlap():
    shares = share_overlaps([("a", at(0), at(3)), ("b", at(1), at(2)), ("c", at(1), at(2))])
    assert shares["b"] == shares["c"] == Fraction(1, 3)
    assert shares["a"] == 2 + Fraction(1, 3)
    assert sum(shares.values()) == 3


def test_costing_identical_meetings_share_the_hour_and_gaps_count_nothing():
    shares = share_overlaps([("a", at(0), at(1)), ("b", at(0), at(1)), ("c", at(5), at(6))])
    assert shares == {"a": Fraction(1, 2), "b": Fraction(1, 2), "c": Fraction(1)}


def test_costing_back_to_back_meetings_do_not_overlap():
    assert share_overlaps([("a", at(0), at(1)), ("b", at(1), at(2))]) == {"a": 1, "b": 1}


def test_costing_zero_length_meeting_costs_nothing():
    assert share_overlaps([("a", at(0), at(0)), ("b", at(0), at(1))]) == {"a": 0, "b": 1}
