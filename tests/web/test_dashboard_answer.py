"""The dashboard's answer on one screen (issue 21): one table of each partnership's cost, hours, headline
result against target, cost per result and trend, costliest first, those with no results flagged in it,
under a line of totals in whole pounds; the dashboard's other figures on pages of their own, linked.

Worked by hand on the end-to-end scenario for March 2025 (tests/web/test_dashboard_figures.py's docstring):
the council's finance officer sees the HWB at £1,205.48 for 23.5 hours and the CSP at £228.74 for 4.5 hours
(HWB_OWN, CSP_OWN); a director sees everyone at the standard £52.50 an hour. The HWB reports (web_fixtures
OUTCOMES) 240 people supported to stop smoking, target 200, over January to March 2025 (90 days), and 70% of
actions completed on time, target 80%; the CSP reports nothing. The parent, the Borough Strategic
Partnership, neither met nor reported, so it is not in the table.
"""

from __future__ import annotations

import re
from fractions import Fraction

from tests.web.page import Page
from tests.web.test_dashboard_figures import ALL_OWN, CSP_OWN, HWB_HOURS, HWB_OWN, MARCH, STANDARD, hours, pounds

# The smoking result covers 90 days, 31 of them in March: 240 x 31 / 90 people count against March's cost.
SMOKING_IN_MARCH = Fraction(240 * 31, 90)  # 82.67 people


def answer(client, **args) -> Page:
    return Page.of(client.get("/dashboard", query_string={**MARCH, **args}))


def test_the_answer_lists_each_partnership_costliest_first_with_its_headline_result(as_role):
    page = answer(as_role("finance"))
    table = page.table("Partnership dashboard")
    assert table.caption == "What each partnership cost, and what it achieved"
    assert table.column("Partnership") == ["Health and Wellbeing Board", "Community Safety Partnership Reports nothing"]
    hwb = table.record("Health and Wellbeing Board")
    assert (hwb["Cost"], hwb["Hours"]) == (pounds(HWB_OWN), hours(HWB_HOURS)) == ("£1,205.48", "23:30")  # 23.5 h
    # Its most telling measure with a target: who is better off (smoking), not how well (actions on time).
    assert hwb["Result against target"] == "People supported to stop smoking: 240 people, target 200, met"
    # £1,205.48 (March's meetings, all inside the result's period) / (240 x 31 / 90) = £14.58 a person
    # (5.5 h x A1 + 4 h x A2 + 14 h x £52.50, over 82.67 people).
    assert hwb["Cost per result"] == pounds(HWB_OWN / SMOKING_IN_MARCH) + " per person" == "£14.58 per person"
    assert hwb["Trend"] == "–"  # one whole month: no halves to compare
    csp = table.row("Community Safety Partnership Reports nothing")
    assert [c.text for c in csp[1:]] == [pounds(CSP_OWN), "4:30", "No results reported", "–", "–"]  # 4.5 h
    assert csp[1].text == "£228.74"


def test_the_totals_line_gives_the_cost_in_whole_pounds(as_role):
    page = answer(as_role("finance"))
    # £1,434.22 (4 A1 + 2 x £71.24 + 4 A2 + 17 h at £52.50, each attendance to the penny) in whole pounds;
    # the table keeps the pence.
    assert page.totals == {
        "Cost": "£1,434",
        "Meeting hours": "28:00",
        "Partnerships": "2",
        "Senior staff involved": "3 of 3",
    }
    assert pounds(ALL_OWN) == "£1,434.22"


def test_a_director_sees_the_answer_at_standard_rates(as_role):
    table = answer(as_role("director")).table("Partnership dashboard")
    hwb = table.record("Health and Wellbeing Board")
    assert hwb["Cost"] == pounds(HWB_HOURS * STANDARD) == "£1,233.75"  # 23.5 h x £52.50
    # £1,233.75 / (240 x 31 / 90) = £1,233.75 x 90 / 7,440 = £14.92 a person
    assert hwb["Cost per result"] == pounds(HWB_HOURS * STANDARD / SMOKING_IN_MARCH) + " per person"
    assert hwb["Cost per result"] == "£14.92 per person"


def test_the_trend_compares_the_halves_of_the_whole_months(as_role):
    # March and April: the HWB's 23.5 hours all fall in March and none in April, so its hours a month fell by
    # all of them: 0 / 23.5 - 1 = -100%.
    table = answer(as_role("director"), to="2025-04-30").table("Partnership dashboard")
    assert table.record("Health and Wellbeing Board")["Trend"] == "−100%"


def test_only_activity_is_flagged_in_the_same_table(web_app, runner, as_role, tmp_path):
    from tests.conftest import run

    csv = tmp_path / "activity.csv"
    csv.write_text(
        "partnership,period_start,period_end,measure,value,unit,target,notes,kind,direction\n"
        "Community Safety Partnership,2025-03-01,2025-03-31,Meetings held with a quorum,2,meetings,3,,how_much,up\n"
    )
    run(runner, "outcomes", "load", csv)
    table = answer(as_role("director")).table("Partnership dashboard")
    csp = table.row("Community Safety Partnership Reports only activity")
    # 2 meetings against a target of 3: not met; 4.5 h x £52.50 = £236.25 over 2 meetings = £118.13 a meeting.
    assert csp[3].text == "Meetings held with a quorum: 2 meetings, target 3, not met"
    assert csp[4].text == pounds(Fraction(9, 2) * STANDARD / 2) + " per meeting" == "£118.13 per meeting"


def test_the_dashboard_links_its_other_figures_each_on_a_page_of_its_own(as_role):
    finance = as_role("finance")
    page = answer(finance)
    pages = {
        "Cost against results, and money governed": "Cost against results",
        "Cost by partnership, with the boards below each": "Cost by partnership",
        "Cost per month": "Cost per month",
        "Totals in front-line terms": "Totals in front-line terms",
        "Overdue for review": "Overdue for review",
        "Who wears which hats": "Who wears which hats",
        "Biggest recurring meetings": "Biggest recurring meetings",
        "Preparation and travel": "Preparation and travel",
        "Every partnership, to search and sort": "Partnerships",
    }
    for words, heading in pages.items():
        link = page.link(words)
        assert "from=2025-03-01" in link and "to=2025-03-31" in link, link
        shown = finance.get(link).get_data(as_text=True)
        assert Page(shown).h1() == heading, words
        if link.startswith("/dashboard/"):  # the main navigation marks the Dashboard as where they are
            assert re.search(r'govuk-service-navigation__item--active[^>]*>\s*<a[^>]*href="/dashboard"', shown), words
    # None of them is on the dashboard itself any more.
    assert [h for h in page.h2s() if h in pages.values()] == []
    assert "chart" not in finance.get("/dashboard", query_string=MARCH).get_data(as_text=True)


def test_the_moved_figures_keep_the_dashboards_filters(as_role):
    finance = as_role("finance")
    page = answer(finance, directorate="Public Health")
    link = page.link("Cost per month")
    assert "directorate=Public+Health" in link or "directorate=Public%20Health" in link
