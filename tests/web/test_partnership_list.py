"""The list of partnerships (``/partnerships``, issue 21): every one with its parent, its own cost in the period,
what its reports say of its results and its review date; a text search and three sorts, on the server.

Worked by hand on the end-to-end scenario for March 2025 (tests/web/test_dashboard_figures.py's docstring), as
the council's finance officer sees it: the HWB £1,205.48 (4 h at A1 + £71.24 for 1.5 h at A1 + 4 h at A2 + 14 h
at £52.50, each attendance to the penny), the CSP £228.74 (1.5 h at A1 + 3 h at £52.50), their parent the Borough
Strategic Partnership nothing of its own.
"""

from __future__ import annotations

from tests.conftest import run
from tests.tracker.test_end_to_end import E2E
from tests.web.page import Page
from tests.web.test_dashboard_figures import CSP_OWN, HWB_HOURS, HWB_OWN, MARCH, STANDARD, pounds

BSP, CSP, HWB = "Borough Strategic Partnership", "Community Safety Partnership", "Health and Wellbeing Board"


def listed(client, **args) -> Page:
    return Page.of(client.get("/partnerships", query_string={**MARCH, **args}))


def test_every_partnership_is_listed_by_name_with_parent_cost_results_and_review_date(as_role):
    page = listed(as_role("finance"))
    assert page.h1() == "Partnerships"
    table = page.table("Partnerships")
    assert table.records() == [
        {"Partnership": BSP, "Part of": "–", "Cost": "£0.00", "Results": "Reports nothing", "Review date": "None set"},
        {
            "Partnership": CSP,
            "Part of": BSP,
            "Cost": pounds(CSP_OWN),
            "Results": "Reports nothing",
            "Review date": "None set",
        },  # fmt: skip
        {
            "Partnership": HWB,
            "Part of": BSP,
            "Cost": pounds(HWB_OWN),
            "Results": "Reports who is better off",
            "Review date": "None set",
        },  # fmt: skip
    ]
    assert (pounds(CSP_OWN), pounds(HWB_OWN)) == ("£228.74", "£1,205.48")
    assert table.row(HWB)[0].links == ["/partnerships/2?from=2025-03-01&to=2025-03-31"]


def test_the_list_sorts_by_cost_and_by_review_date(web_app, runner, as_role, tmp_path):
    director = as_role("director")
    by_cost = listed(director, sort="cost").table("Partnerships")
    # At standard rates: HWB 23.5 h and CSP 4.5 h at £52.50; the BSP held no meeting of its own.
    assert [(r["Partnership"], r["Cost"]) for r in by_cost.records()] == [
        (HWB, pounds(HWB_HOURS * STANDARD)),
        (CSP, "£236.25"),
        (BSP, "£0.00"),
    ]
    register = (E2E / "partnerships.csv").read_text().splitlines()
    rows = [register[0] + ",review_on"] + [
        line + (",2025-09-01" if line.startswith(CSP) else ",2025-06-01" if line.startswith(HWB) else ",")
        for line in register[1:]
    ]
    path = tmp_path / "partnerships.csv"
    path.write_text("\n".join(rows) + "\n")
    run(runner, "partnerships", "load", path)
    by_review = listed(director, sort="review").table("Partnerships")
    # Soonest first (the HWB on 1 June, the CSP on 1 September); one with no date last.
    assert [(r["Partnership"], r["Review date"]) for r in by_review.records()] == [
        (HWB, "1 Jun 2025"),
        (CSP, "1 Sep 2025"),
        (BSP, "None set"),
    ]
    assert by_review.header[-1] == "Review date"  # the column sorted by is not a link to itself
    assert listed(director, sort="nonsense").table("Partnerships").column("Partnership") == [BSP, CSP, HWB]


def test_the_search_finds_a_name_or_its_parents_in_any_case(as_role):
    director = as_role("director")
    assert listed(director, q="wellbeing").table("Partnerships").column("Partnership") == [HWB]
    # "borough" is the BSP's own name and the parent of the other two.
    assert listed(director, q="BOROUGH", sort="cost").table("Partnerships").column("Partnership") == [HWB, CSP, BSP]
    none = listed(director, q="fire")
    assert none.table("Partnerships").rows == []
    assert "No partnership's name has “fire” in it." in none.html
    # The sort links keep the search.
    assert listed(director, q="safety").link("Cost").startswith("/partnerships?q=safety&sort=cost")


def test_the_list_is_in_the_navigation_of_those_who_see_the_dashboard(as_role):
    assert Page.of(as_role("director").get("/dashboard")).link("Partnerships") == "/partnerships"
    manager = as_role("manager")
    assert 'href="/partnerships"' not in manager.get("/").get_data(as_text=True)
    assert manager.get("/partnerships").status_code == 403
