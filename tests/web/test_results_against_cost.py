"""Results set against cost fairly (issue 20): each result against the meeting cost of its own period, pro rata
by days where its period runs outside the chosen one; unfinished periods marked and given no ratio; a measure
where lower is better never costed "per unit achieved", and its target an upper limit.

Worked by hand at the director's view, where everyone is costed at the standard £52.50 an hour
(tests/web/test_dashboard_figures.py). The Health and Wellbeing Board in March 2025 (that file's docstring):
  3rd   Alice 2h, Bob 2h, Carol 2h       6 h
  5th   Alice 1.5h (development session)  1.5 h
  10th  Alice 2h, Carol 2h (Bob declined) 4 h
  25th, 31st  Alice, Bob, Carol 2h each   12 h      -> 23.5 h in March, 11.5 h from the 1st to the 15th.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

from tests.conftest import run
from tests.web.page import Page
from tests.web.test_dashboard_figures import HWB_HOURS, MARCH, STANDARD, pounds

FIRST_HALF = Fraction(23, 2) * STANDARD  # 11.5 h from 1 to 15 March at £52.50 = £603.75
HEADER = "partnership,period_start,period_end,measure,value,unit,target,notes,kind,direction,baseline\n"


def load(runner, tmp_path, rows: str) -> None:
    more = tmp_path / "fair.csv"
    more.write_text(HEADER + rows)
    run(runner, "outcomes", "load", more)


def hwb_results(client) -> str:
    page = Page.of(client.get("/dashboard/results", query_string=MARCH))
    return page.table("Cost against results").record("Health and Wellbeing Board")["Outcomes and cost per unit"]


def test_a_result_for_part_of_the_period_gets_only_that_parts_cost(web_app, runner, as_role, tmp_path):
    load(
        runner,
        tmp_path,
        # 1-15 March, inside the period: the meetings of those 15 days only (£603.75), not all March's £1,233.75.
        "Health and Wellbeing Board,2025-03-01,2025-03-15,Health checks,23,people,20,,better_off,up,\n"
        # 16 February to 15 March, 28 days, 15 of them in March: 15/28 of the 28 referrals, against the same
        # £603.75 (the February days are outside the period, so neither their cost nor their share counts).
        "Health and Wellbeing Board,2025-02-16,2025-03-15,Referrals made,28,referrals,,,how_much,up,\n",
    )
    assert pounds(FIRST_HALF) == "£603.75"
    director = as_role("director")
    shown = hwb_results(director)
    assert f"Health checks: 23 people (target at least 20, met); {pounds(FIRST_HALF / 23)} per person" in shown
    assert pounds(FIRST_HALF / 23) == "£26.25"  # not £1,233.75 / 23 = £53.64
    assert pounds(HWB_HOURS * STANDARD / 23) == "£53.64"
    assert f"Referrals made: 28 referrals; {pounds(FIRST_HALF / 15)} per referral" in shown
    assert pounds(FIRST_HALF / 15) == "£40.25"
    page = Page.of(director.get("/partnerships/2", query_string=MARCH))
    table = page.table("Outcomes against cost")
    assert table.record("Health checks")["Cost per unit"] == "£26.25"
    assert table.record("Referrals made")["Cost per unit"] == "£40.25"


def test_an_unfinished_period_is_marked_and_gives_no_ratio(web_app, runner, as_role, tmp_path, monkeypatch):
    # On 20 March the March figures are in for 20 of its 31 days: a result for the whole month is not finished.
    monkeypatch.setattr("tracker.web.dashboard_figures.today", lambda: date(2025, 3, 20))
    monkeypatch.setattr("tracker.web.explore.today", lambda: date(2025, 3, 20))
    load(
        runner,
        tmp_path,
        "Health and Wellbeing Board,2025-03-01,2025-03-31,Health checks,23,people,20,,better_off,up,\n",
    )
    director = as_role("director")
    shown = hwb_results(director)
    assert (
        "Health checks: 23 people (period not finished) (target at least 20, met); "
        "no ratio: the period has not finished"
    ) in shown
    assert "per person" not in shown.split("Health checks", 1)[1].split("Actions completed", 1)[0]
    # The quarter's smoking result (January to March) has not finished either on 20 March.
    assert "People supported to stop smoking: 240 people (period not finished)" in shown
    page = Page.of(director.get("/partnerships/2", query_string=MARCH))
    record = page.table("Outcomes against cost").record("Health checks period not finished")
    assert record["Cost per unit"] == "no ratio: the period has not finished"
    assert record["Value for each £1"] == "–"


def test_a_lower_is_better_measure_is_never_costed_per_unit_achieved(web_app, runner, as_role, tmp_path):
    load(
        runner,
        tmp_path,
        # Fewer repeat attendances is better and there is no baseline: no ratio at all.
        "Health and Wellbeing Board,2025-03-01,2025-03-31,Repeat A&E attendances,50,cases,60,,better_off,down,\n"
        # A baseline of 80: the fall to 50 is 30 fewer delayed discharges, March's £1,233.75 over them.
        "Health and Wellbeing Board,2025-03-01,2025-03-31,Delayed discharges,50,cases,60,,better_off,down,80\n",
    )
    director = as_role("director")
    shown = hwb_results(director)
    assert (
        "Repeat A&E attendances: 50 cases (target at most 60, met); "
        "no ratio: lower is better and there is no baseline to measure the fall from"
    ) in shown
    march = HWB_HOURS * STANDARD
    assert pounds(march / 30) == "£41.13"  # £1,233.75 / 30 = £41.125, half up
    assert (
        f"Delayed discharges: 50 cases (target at most 60, met); {pounds(march / 30)} per case fewer than the baseline"
    ) in shown
    assert f"{pounds(march / 50)} per case" not in shown  # £24.68 "per repeat case": never
    table = Page.of(director.get("/partnerships/2", query_string=MARCH)).table("Outcomes against cost")
    repeat = table.record("Repeat A&E attendances")
    assert repeat["Target"] == "at most 60"
    assert repeat["Cost per unit"] == "no ratio: lower is better and there is no baseline to measure the fall from"
    assert table.record("Delayed discharges")["Cost per unit"] == "£41.13 per case fewer than the baseline"


def test_the_rule_is_on_the_definitions_page(web_app, as_role):
    page = as_role("director").get("/definitions").get_data(as_text=True)
    assert "Results against cost." in page and "pro rata by days" in page and "period not finished" in page
    assert "<strong>at most</strong> 60 where lower is better" in page


def test_pro_rata_by_days_worked_by_hand():
    from tracker.domain.results import days_inside, pro_rata

    assert days_inside(date(2025, 2, 16), date(2025, 3, 15), date(2025, 3, 1), date(2025, 3, 31)) == (15, 28)
    assert pro_rata(Decimal(28), date(2025, 2, 16), date(2025, 3, 15), date(2025, 3, 1), date(2025, 3, 31)) == 15
    assert pro_rata(Decimal(240), date(2025, 1, 1), date(2025, 3, 31), date(2025, 3, 1), date(2025, 3, 31)) == (
        Decimal(240 * 31) / 90
    )
