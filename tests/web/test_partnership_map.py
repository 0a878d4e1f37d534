"""The map page for each role: the pairs as ``tracker map`` has them, the tree with its cost rolled up."""

from __future__ import annotations

from tests.web.page import Page
from tests.web.test_dashboard_figures import ALL_OWN, CSP_HOURS, CSP_OWN, HWB_HOURS, MARCH, STANDARD, hours, pounds

PAIR = "Health and Wellbeing Board and Community Safety Partnership"


def map_page(client) -> Page:
    return Page.of(client.get("/map", query_string=MARCH))


def test_map_ranks_the_pair_that_shares_people(as_role):
    for role in ("manager", "director", "finance"):
        page = map_page(as_role(role))
        assert page.h1() == "Partnership map"
        candidates = page.table("Candidates to merge or join up")
        row = candidates.record("1")
        assert row["Partnerships"] == PAIR
        assert (row["Shared people"], row["Shared hours"], row["Overlap"], row["Purpose similarity"]) == (
            "2",
            "22.0",
            "0.191",
            "0.091",
        )
        assert (
            row["Why"] == "Both report to the same board. Alice Adams, Carol Cole sit on both; purposes share: reduce."
        )


def test_map_tree_rolls_up_hours_and_shows_cost_as_the_role_may(as_role):
    finance = map_page(as_role("finance")).table("The partnership tree")
    bsp = finance.record("Borough Strategic Partnership")
    assert bsp["Hours"] == "0.0" and bsp["Hours (incl. below)"] == hours(HWB_HOURS + CSP_HOURS) == "28.0"
    # The council's finance officer: Alice at her pay, Bob (NHS Trust) and Carol (Police) at the standard rate.
    assert bsp["Cost (incl. below)"] == pounds(ALL_OWN) == "£1,434.20"
    assert finance.record("– Community Safety Partnership")["Hours"] == hours(CSP_HOURS)
    assert finance.record("– Community Safety Partnership")["Cost (incl. below)"] == pounds(CSP_OWN) == "£228.74"
    director = map_page(as_role("director")).table("The partnership tree")
    # At standard rates: 28 hours at £52.50; the CSP's two people too, since it gives neither's pay away.
    assert director.record("Borough Strategic Partnership")["Cost (incl. below)"] == pounds(28 * STANDARD)
    assert director.record("– Community Safety Partnership")["Cost (incl. below)"] == pounds(CSP_HOURS * STANDARD)
    manager = map_page(as_role("manager")).table("The partnership tree")
    assert "Cost (incl. below)" not in manager.header


def test_map_csv_is_what_tracker_map_writes(as_role, runner):
    response = as_role("director").get("/map.csv", query_string=MARCH)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="map-2025-03-01-to-2025-03-31.csv"'
    cli = runner.invoke(args=["map", "--from", MARCH["from"], "--to", MARCH["to"]]).stdout
    assert response.data.decode("utf-8-sig").splitlines() == cli.splitlines()
