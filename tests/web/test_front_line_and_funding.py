"""Opportunity cost in front-line terms and the cost of governing against the money governed, worked by
hand on the end-to-end scenario (March 2025: 28 hours; £1,434.22 for Borough Council's finance officer, who
sees Alice, the council's, at her pay and Bob and Carol at the standard rate; £1,470.00 for a director)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

from tests.conftest import run
from tests.web.page import Page
from tests.web.test_dashboard_figures import ALL_HOURS, ALL_OWN, HWB_OWN, MARCH, OWN_WORDS, STANDARD, pounds
from tracker.domain.equivalents import cost_per_thousand, governed_in
from tracker.domain.periods import Period

COMPARATORS = (
    "name,unit,cost_per_unit,source\n"
    "Social worker day,day,220,PSSRU Unit Costs of Health and Social Care 2024\n"
    "Youth worker hour,hour,25.50,JNC youth worker pay scale\n"
)
FUNDING = (
    "partnership,source,amount,period_start,period_end,conditions\n"
    'Health and Wellbeing Board,Public Health Grant,"£1,200,000",2024-04-01,2025-03-31,Ring-fenced\n'
)
TABLE = "What the same money would pay for instead"


def load(runner, tmp_path) -> None:
    (tmp_path / "comparators.csv").write_text(COMPARATORS)
    (tmp_path / "funding.csv").write_text(FUNDING)
    assert "2 new" in run(runner, "comparators", "load", tmp_path / "comparators.csv").output
    assert "1 new" in run(runner, "funding", "load", tmp_path / "funding.csv").output


def tenths(value: Fraction) -> str:
    """As the tenths filter prints a count (working days, units bought): one decimal, half up."""
    whole_tenths = int(value * 10 + Fraction(1, 2))  # the counts here are positive
    return f"{Decimal(whole_tenths).scaleb(-1):,.1f}"


def test_dashboard_shows_hours_as_working_days_and_cost_as_front_line_service(web_app, runner, as_role, tmp_path):
    load(runner, tmp_path)
    page = Page.of(as_role("finance").get("/dashboard/totals", query_string=MARCH))
    html = page.html
    # 28 hours at 7.4 hours a day (37 a week over five days).
    assert f"That is <strong>{tenths(ALL_HOURS / Fraction(74, 10))} working days</strong>" in html
    assert tenths(ALL_HOURS / Fraction(74, 10)) == "3.8"
    table = page.table("In front-line terms")
    assert table.caption == TABLE
    social = table.record("Social worker day")
    assert social["How many"] == f"{tenths(ALL_OWN / 220)} days" == "6.5 days"  # £1,434.22 / £220
    assert social["Cost of one"] == "£220.00 a day"
    assert social["Source"] == "PSSRU Unit Costs of Health and Social Care 2024"
    assert table.record("Youth worker hour")["How many"] == f"{tenths(ALL_OWN / Fraction(51, 2))} hours" == "56.2 hours"
    director = Page.of(as_role("director").get("/dashboard/totals", query_string=MARCH)).table("In front-line terms")
    assert (
        director.record("Social worker day")["How many"] == f"{tenths(ALL_HOURS * STANDARD / 220)} days" == "6.7 days"
    )


def test_partnership_page_sets_cost_against_the_money_it_governs(web_app, runner, as_role, tmp_path):
    load(runner, tmp_path)
    page = Page.of(as_role("finance").get("/partnerships/2", query_string=MARCH))
    assert page.table("Money governed").record("Public Health Grant")["Amount"] == "£1,200,000.00"
    html = as_role("finance").get("/partnerships/2", query_string=MARCH).get_data(as_text=True)
    governed = Fraction(1200000 * 31, 365)  # March's 31 of the grant's 365 days
    assert pounds(governed) == "£101,917.81"
    assert f"it governs <strong>{pounds(governed)}</strong>" in html
    # The HWB at the council's finance officer's basis: Alice at her pay, Bob and Carol at the standard rate.
    assert f"its meetings cost <strong>{pounds(HWB_OWN * 1000 / governed)} for each £1,000 governed" in html
    assert pounds(HWB_OWN * 1000 / governed) == "£11.83"  # £1,205.48 for £101,917.81
    results = Page.of(as_role("finance").get("/dashboard/results", query_string=MARCH)).table("Cost against results")
    assert results.record("Health and Wellbeing Board")["Cost per £1,000 governed"] == "£11.83"
    assert results.record("Community Safety Partnership")["Cost per £1,000 governed"] == "–"
    manager = as_role("manager").get("/partnerships/2", query_string=MARCH).get_data(as_text=True)
    assert TABLE not in manager and "for each £1,000 governed" not in manager and "£101,917.81" in manager


def test_results_csv_has_the_dashboards_figures(web_app, runner, as_role, tmp_path):
    load(runner, tmp_path)
    body = as_role("finance").get("/downloads/results.csv", query_string=MARCH).data.decode("utf-8-sig")
    lines = body.splitlines()
    assert lines[0] == (
        "partnership,meetings,hours,cost,results,share_of_targets_met,money_governed,cost_per_1000_governed,cost_basis"
    )
    # The council's finance officer's figures (Bob and Carol at the standard rate), each row saying so.
    # Its 23.5 hours exact, as H:MM:SS.
    assert lines[1] == (f'Health and Wellbeing Board,5,23:30:00,1205.48,better_off,0.500,101917.81,11.83,"{OWN_WORDS}"')


def test_funding_for_a_partnership_not_in_the_register_names_its_line(web_app, runner, tmp_path):
    bad = tmp_path / "funding.csv"
    bad.write_text(FUNDING + "Youth Board,Lottery,5000,2025-01-01,2025-12-31,\n")
    result = run(runner, "funding", "load", bad, ok=False)
    assert result.exit_code != 0
    assert "line 3" in result.output and "'Youth Board' is not in the register" in result.output
    assert "nothing was changed" in result.output


def test_a_stream_counts_in_proportion_to_the_days_the_period_covers():
    year = Period(date(2025, 4, 1), date(2026, 3, 31))
    # £36,500 over 2025 (365 days): April 2025 to March 2026 covers 1 April to 31 December, 275 days.
    assert governed_in(Decimal(36500), date(2025, 1, 1), date(2025, 12, 31), year) == Decimal(27500)
    assert governed_in(Decimal(100), date(2024, 1, 1), date(2024, 12, 31), year) == 0
    assert cost_per_thousand(Decimal(50), Decimal(20000)) == Decimal("2.5")
    assert cost_per_thousand(Decimal(50), Decimal(0)) is None
