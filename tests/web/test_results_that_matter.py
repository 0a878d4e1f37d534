"""Results that matter: measures weighed "better off" first, partnerships that report only activity flagged,
and a value-to-cost ratio where a measure states what one unit of its outcome is worth."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from tests.conftest import run
from tests.web.page import Page
from tests.web.test_dashboard_figures import HWB_COST, HWB_HOURS, HWB_OWN, MARCH, STANDARD, pounds

# The smoking measure now says one person helped to stop is worth £500 (a unit-cost database figure),
# and the CSP reports only how many meetings it held.
MORE = (
    "partnership,period_start,period_end,measure,value,unit,target,notes,kind,direction,unit_value,unit_value_source\n"
    "Health and Wellbeing Board,2025-01-01,2025-03-31,People supported to stop smoking,240,people,200,Q4 return,"
    "better_off,up,500,Unit Cost Database 2024: smoking cessation\n"
    "Community Safety Partnership,2025-03-01,2025-03-31,Meetings held,2,meetings,,,how_much,up,,\n"
)


def load(runner, tmp_path) -> None:
    more = tmp_path / "more.csv"
    more.write_text(MORE)
    run(runner, "outcomes", "load", more)


def per_pound(worth: Fraction) -> str:
    """The value-to-cost ratio as the pages print it: pounds of outcome for each £1, to the penny."""
    return f"£{Decimal(worth.numerator) / Decimal(worth.denominator):,.2f}"


def test_value_to_cost_is_outcome_value_over_meeting_cost(web_app, runner, as_role, tmp_path):
    load(runner, tmp_path)
    page = Page.of(as_role("finance").get("/partnerships/2", query_string=MARCH))
    smoking = page.table("Outcomes against cost").record(
        "People supported to stop smoking One person is worth £500.00 (Unit Cost Database 2024: smoking cessation)"
    )
    # The result is for January to March (90 days) and the period is March (31 days): March's share of the
    # result, 240 x 31/90 people x £500 = £41,333.33 of outcome, over March's £1,205.48 (each attendance to the
    # penny) of meeting time (not all the quarter's £120,000 over one month's cost): the council's finance
    # officer sees Alice at her pay, Bob and Carol (not the council's) at the standard rate.
    worth = 240 * Fraction(31, 90) * 500 / HWB_OWN
    assert smoking["Value for each £1"] == per_pound(worth) == "£34.29"
    assert smoking["Kind"] == "Is anyone better off?"
    # A director sees it at standard rates: the same outcome over 23.5 hours at the group's rate.
    director = Page.of(as_role("director").get("/partnerships/2", query_string=MARCH))
    row = director.table("Outcomes against cost").rows[0]
    header = director.table("Outcomes against cost").header
    assert row[header.index("Value for each £1")].text == per_pound(
        240 * Fraction(31, 90) * 500 / (HWB_HOURS * STANDARD)
    )


def test_a_partnership_reporting_only_activity_is_flagged(web_app, runner, as_role, tmp_path):
    load(runner, tmp_path)
    director = as_role("director")
    results = Page.of(director.get("/dashboard/results", query_string=MARCH)).table("Cost against results")
    assert results.record("Community Safety Partnership")["Results"] == "Reports only activity"
    answer = Page.of(director.get("/dashboard", query_string=MARCH)).table("Partnership dashboard")
    assert "Community Safety Partnership Reports only activity" in answer.column("Partnership")  # flagged there too
    assert results.record("Health and Wellbeing Board")["Results"] == "Reports who is better off"
    page = Page.of(as_role("manager").get("/partnerships/3", query_string=MARCH))
    assert any(n.startswith("It reports only activity") for n in page.notices), page.notices
    assert "Cost per unit" not in page.table("Outcomes against cost").header  # managers see no costs


def test_unit_value_must_be_money(web_app, runner, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(MORE.replace(",500,", ",five hundred,"))
    result = run(runner, "outcomes", "load", bad, ok=False)
    assert result.exit_code != 0
    assert "line 2" in result.output and "unit_value" in result.output and "'five hundred'" in result.output


def test_hand_worked_ratio():
    assert pounds(HWB_COST) == "£1,183.58"  # test_dashboard_figures: a sum of attendances' pence
    assert (Decimal(120000) / Decimal("1183.58")).quantize(Decimal("0.01"), ROUND_HALF_UP) == Decimal("101.39")
    assert pounds(HWB_OWN) == "£1,205.48"  # the council's finance officer's
    assert (Decimal(120000) / Decimal("1205.48")).quantize(Decimal("0.01"), ROUND_HALF_UP) == Decimal("99.55")
    # March's share of the quarter's result: 240 x 31/90 = 82.67 people, £41,333.33 at £500 each.
    march = Decimal(240 * 31 * 500) / 90
    assert (march / Decimal("1205.48")).quantize(Decimal("0.01"), ROUND_HALF_UP) == Decimal("34.29")
