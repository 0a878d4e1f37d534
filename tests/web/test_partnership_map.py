"""The map page for each role: the pairs as ``tracker map`` has them, the tree with its cost rolled up."""

from __future__ import annotations

import html
import json

from sqlalchemy import select

from tests.web.page import Page
from tests.web.test_dashboard_figures import (
    ALL_OWN,
    CSP_HOURS,
    CSP_OWN,
    HWB_HOURS,
    HWB_OWN,
    MARCH,
    STANDARD,
    hours,
    pounds,
)
from tests.web.test_pay_invariance import normalised
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
            "22:00",  # Alice 9.5 + 1.5 hours, Carol 8 + 3
            "0.191",
            "0.091",
        )
        assert (
            row["Why"] == "Both report to the same board. Alice Adams, Carol Cole sit on both; purposes share: reduce."
        )


def test_map_tree_rolls_up_hours_and_shows_cost_as_the_role_may(as_role):
    finance = map_page(as_role("finance")).table("The partnership tree")
    bsp = finance.record("Borough Strategic Partnership")
    assert bsp["Hours"] == "0:00" and bsp["Hours (incl. below)"] == hours(HWB_HOURS + CSP_HOURS) == "28:00"
    # The council's finance officer: Alice at her pay, Bob (NHS Trust) and Carol (Police) at the standard rate.
    assert bsp["Cost (incl. below)"] == pounds(ALL_OWN) == "£1,434.22"
    assert finance.record("– Community Safety Partnership")["Hours"] == hours(CSP_HOURS) == "4:30"
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
        "Health and Wellbeing Board,Community Safety Partnership,2,22:00:00,0.191,0.091,merge",
        "Borough Strategic Partnership,Health and Wellbeing Board,0,0:00:00,0.000,0.300,fold back in",
        "Borough Strategic Partnership,Community Safety Partnership,0,0:00:00,0.000,0.182,fold back in",
    ]


def test_the_definitions_page_publishes_the_stop_words_the_similarity_leaves_out(as_role):
    html = as_role("manager").get("/definitions").get_data(as_text=True)
    listed = html.split('id="stop-words"', 1)[1].split("</p>", 1)[0]
    words = listed.split('<span class="app-muted">', 1)[1].split("</span>", 1)[0].split(", ")
    assert tuple(words) == STOP_WORDS
    assert f"only these ({len(STOP_WORDS)})" in listed
    assert '"work", "safety", "care", "health", "crime"' in listed  # kept, and said so


def test_the_map_lists_each_family_with_its_shared_people_and_combined_cost(as_role):
    # March: the HWB and the CSP share Alice and Carol, the one link there is: one family of the two.
    # The Borough Strategic Partnership meets for no hours and shares no one: not drawn, in no family.
    finance = map_page(as_role("finance"))
    family = finance.table("Families").record("Family 1")
    assert family["Partnerships"] == "Health and Wellbeing Board, Community Safety Partnership"  # costliest first
    assert (family["Shared people"], family["Who sits on two or more"]) == ("2", "Alice Adams, Carol Cole")
    assert family["Combined hours"] == hours(HWB_HOURS + CSP_HOURS) == "28:00"  # 23.5 + 4.5 hours: 23:30 + 4:30
    # At finance's basis: Alice at her council pay, Bob and Carol at the standard rate.
    assert family["Combined cost"] == pounds(HWB_OWN + CSP_OWN) == "£1,434.22"
    assert len(finance.table("Families").records()) == 1
    assert "1 partnership shares no one with another in this period and is not drawn." in finance.html
    director = map_page(as_role("director")).table("Families").record("Family 1")
    assert director["Combined cost"] == pounds(28 * STANDARD) == "£1,470.00"  # 28 hours at £52.50
    manager = map_page(as_role("manager")).table("Families")
    assert "Combined cost" not in manager.header
    assert manager.record("Family 1")["Who sits on two or more"] == "Alice Adams, Carol Cole"


def test_the_map_draws_the_strongest_links_unless_asked_for_more(as_role):
    client = as_role("director")
    # The one link has two people on both: under the default three, not drawn.
    default = map_page(client)
    assert "0 links drawn: those where 3 or more people sit on both partnerships; 1 weaker link is not drawn." in (
        default.html
    )
    assert default.table("Partnerships linked by the people they share").records() == []
    assert 'id="links-strongest" name="links" type="radio" value="strongest" checked' in default.html
    more = Page.of(client.get("/map", query_string={**MARCH, "links": "more"}))
    assert "1 link drawn: those where 2 or more people sit on both partnerships." in more.html
    drawn = more.table("Partnerships linked by the people they share").rows
    assert [[cell.text for cell in row] for row in drawn] == [
        ["Health and Wellbeing Board", "Community Safety Partnership", "2", "22:00", "0.191"]
    ]
    assert 'id="links-more" name="links" type="radio" value="more" checked' in more.html
    # The choice is kept when the period changes.
    assert '<input type="hidden" name="links" value="more">' in more.html
    everything = Page.of(client.get("/map", query_string={**MARCH, "links": "all"}))
    assert "1 link drawn: those where at least one person sits on both partnerships." in everything.html
    # The families do not change with the links drawn.
    assert everything.table("Families").records() == default.table("Families").records()


def test_the_map_is_the_same_page_twice(as_role):
    """The same layout and families each time (no random seed, no set order); the page's CSRF tokens aside,
    which are signed with the second they were made in."""
    client = as_role("director")
    first = normalised(client.get("/map", query_string={**MARCH, "links": "all"}).get_data()).decode()
    second = normalised(client.get("/map", query_string={**MARCH, "links": "all"}).get_data()).decode()
    assert first == second
    figure = first.split('id="chart-network" data-figure="', 1)[1].split('"', 1)[0]
    assert "Health and Wellbeing Board" in figure and "family 1" in figure


def test_a_locality_s_many_links_are_listed_strongest_first_and_counted(demo, monkeypatch):
    """The table under the network lists the strongest links, most people in common first, and says how many
    were drawn in all (a locality's map drew 1,050); here the demo's, with three listed."""
    import re

    from tests.web.test_dashboard_answers import signed_in
    from tracker.web import partnership_map

    monkeypatch.setattr(partnership_map, "LINKS_LISTED", 3)
    page = Page.of(signed_in(demo, "director").get("/map", query_string={"links": "all"}))
    drawn = int(re.search(r'<p id="links-shown">([\d,]+) links? drawn', page.html).group(1).replace(",", ""))
    assert drawn > 3
    assert f"The 3 strongest of the {drawn:,} links drawn, most people in common first" in page.html
    rows = page.table("Partnerships linked by the people they share").records()
    assert len(rows) == 3
    shared = [int(r["Shared people"]) for r in rows]
    assert shared == sorted(shared, reverse=True)
    monkeypatch.setattr(partnership_map, "LINKS_LISTED", drawn)
    everything = Page.of(signed_in(demo, "director").get("/map", query_string={"links": "all"}))
    assert len(everything.table("Partnerships linked by the people they share").records()) == drawn
    assert 'id="links-listed"' not in everything.html
    assert (
        max(int(r["Shared people"]) for r in everything.table("Partnerships linked by the people they share").records())
        == shared[0]
    )


def test_the_chart_draws_at_most_its_lines_and_says_how_many_it_left_out(demo, monkeypatch):
    import re

    from tests.web.test_dashboard_answers import signed_in
    from tracker.domain import map_layout

    director = signed_in(demo, "director")
    page = director.get("/map", query_string={"links": "all"}).get_data(as_text=True)
    drawn = int(re.search(r'<p id="links-shown">([\d,]+) links? drawn', page).group(1).replace(",", ""))
    cut = re.search(r"\(([\d,]+) more at this strength are not drawn", page)
    every = drawn + (int(cut.group(1).replace(",", "")) if cut else 0)  # the demo has more than 300
    monkeypatch.setattr(map_layout, "MOST_LINES", 5)
    capped = director.get("/map", query_string={"links": "all"}).get_data(as_text=True)
    assert (
        "5 links drawn: those where at least one person sits on both partnerships, the 5 with most people in "
        f"common ({every - 5:,} more at this strength are not drawn, to keep the chart readable)."
    ) in capped
    figure = json.loads(html.unescape(capped.split('id="chart-network" data-figure="', 1)[1].split('"', 1)[0]))
    hovers = [t for t in figure["data"] if t.get("mode") == "markers" and t.get("hovertemplate")]
    assert [len(t["x"]) for t in hovers] == [5]  # one hover a line drawn
