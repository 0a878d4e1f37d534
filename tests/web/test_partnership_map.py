"""The map page for each role: the pairs as ``tracker map`` has them, the tree with its cost rolled up."""

from __future__ import annotations

from sqlalchemy import select

from tests.web.page import Page
from tests.web.test_dashboard_figures import ALL_OWN, CSP_HOURS, CSP_OWN, HWB_HOURS, MARCH, STANDARD, hours, pounds
from tracker import db
from tracker.domain.overlap import STOP_WORDS
from tracker.models import Partnership

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
    assert bsp["Cost (incl. below)"] == pounds(ALL_OWN) == "£1,434.22"
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


def test_a_board_and_its_own_sub_groups_are_listed_to_fold_back_in_not_to_merge(as_role, web_app):
    with web_app.app_context():
        session = db.get_session()
        top = session.scalars(select(Partnership).where(Partnership.name == "Borough Strategic Partnership")).one()
        top.purpose = "Reduce crime and improve health in the borough"
        session.commit()
    page = map_page(as_role("director"))
    # The two boards below it still top the look-alikes, as before.
    assert page.table("Candidates to merge or join up").record("1")["Partnerships"] == PAIR
    fold = page.table("Candidates to fold back in")
    # The Borough Strategic Partnership meets for no hours, so shares no one. Its words {reduce, crime,
    # improve, health, borough, strategic, partnership} against the HWB's {improve, health, reduce,
    # inequalities, wellbeing, hwb}: 3 of 10; against the CSP's {reduce, crime, disorder, community, safety,
    # csp}: 2 of 11. Ranked by the mean with an overlap of 0: 0.15, then 0.09.
    first, second = fold.record("1"), fold.record("2")
    assert first["Partnerships"] == "Borough Strategic Partnership and Health and Wellbeing Board"
    assert (first["Shared people"], first["Overlap"], first["Purpose similarity"]) == ("0", "0.000", "0.300")
    # The words as the purposes write them: "reduce" as the HWB has it mid-sentence.
    assert first["Why"] == "One is a sub-group of the other. Purposes share: health, improve, reduce."
    assert second["Partnerships"] == "Borough Strategic Partnership and Community Safety Partnership"
    assert second["Purpose similarity"] == "0.182"
    # Neither is among the look-alikes with no one in common.
    assert "Alike in purpose, no one in common" not in page.h2s()
    csv_rows = as_role("director").get("/map.csv", query_string=MARCH).data.decode("utf-8-sig").splitlines()
    assert csv_rows[1:] == [
        "Health and Wellbeing Board,Community Safety Partnership,2,22.00,0.191,0.091,merge",
        "Borough Strategic Partnership,Health and Wellbeing Board,0,0.00,0.000,0.300,fold back in",
        "Borough Strategic Partnership,Community Safety Partnership,0,0.00,0.000,0.182,fold back in",
    ]


def test_the_definitions_page_publishes_the_stop_words_the_similarity_leaves_out(as_role):
    html = as_role("manager").get("/definitions").get_data(as_text=True)
    listed = html.split('id="stop-words"', 1)[1].split("</p>", 1)[0]
    words = listed.split('<span class="app-muted">', 1)[1].split("</span>", 1)[0].split(", ")
    assert tuple(words) == STOP_WORDS
    assert f"only these ({len(STOP_WORDS)})" in listed
    assert '"work", "safety", "care", "health", "crime"' in listed  # kept, and said so
