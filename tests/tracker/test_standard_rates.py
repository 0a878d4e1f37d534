"""Standard rates: a grade's published rate, worked by hand, never anything of anyone's pay."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from tracker.domain.costing import DEFAULT_ONCOSTS, OnCosts
from tracker.domain.standard_rates import Band, standard_rate

# 37 h a week over 365/7 weeks, less 35 days of 7.4 h: 11,692/7 hours a full-time year.
HOURS = Fraction(11692, 7)
BANDS = {"d1": Band(Decimal("60000"), Decimal("70000"))}
SET = {("d1", 2025): Decimal("52.50")}


def test_a_rate_finance_set_for_the_grade_and_year_is_the_standard_rate():
    assert standard_rate("D1", 2025, SET, BANDS, DEFAULT_ONCOSTS[2025], HOURS) == (Fraction(105, 2), "set")


def test_a_year_with_no_rate_set_costs_the_grade_at_its_band_midpoint_with_on_costs():
    # 65,000 + NI 15% above 5,000 (9,000) + pension 20% (13,000) + levy 0.5% (325) = 87,325 a year.
    rate, source = standard_rate("D1", 2024, SET, BANDS, DEFAULT_ONCOSTS[2025], HOURS)
    assert (rate, source) == (Fraction(87325) / HOURS, "band")
    assert round(float(rate), 2) == 52.28


def test_the_organisations_on_costs_load_the_midpoint():
    no_pension = OnCosts(Decimal("0.15"), Decimal("5000"), Decimal("0"), Decimal("0"))
    rate, _ = standard_rate("D1", 2024, {}, BANDS, no_pension, HOURS)
    assert rate == Fraction(65000 + 9000) / HOURS  # £44.30


def test_grades_match_ignoring_case_and_outer_spaces():
    assert standard_rate(" d1 ", 2025, SET, BANDS, DEFAULT_ONCOSTS[2025], HOURS) == (Fraction(105, 2), "set")


def test_no_grade_or_a_grade_with_neither_rate_nor_band_is_not_costed():
    assert standard_rate("", 2025, SET, BANDS, DEFAULT_ONCOSTS[2025], HOURS) == (None, "none")
    assert standard_rate("VSM", 2025, SET, BANDS, DEFAULT_ONCOSTS[2025], HOURS) == (None, "none")
