"""The dashboard's organisation and directorate filters, and the same filter on the JSON API and downloads.

tests/data/e2e/staff.csv puts one person in each: Alice Adams (Borough Council, Public Health),
Bob Brown (NHS Trust, Operations), Carol Cole (Police, Local Policing). A filter keeps only the
chosen staff's attendances; the figures below are those people's rows of the hand-worked scenario
in test_dashboard_figures.py. The finance user works for Borough Council: Alice's rows are at her pay,
Carol's (Police) and Bob's (NHS Trust) at the standard rate, filtered or not.
"""

from __future__ import annotations

import csv
import io
from fractions import Fraction
from urllib.parse import parse_qs, urlsplit

from tests.tracker.test_end_to_end import A1, A2, ALICE_HALF, C, money
from tests.web.page import Page
from tests.web.test_dashboard_figures import (
    DAYS,
    MARCH,
    OWN_WORDS,
    STANDARD,
    dashboard,
    figures,
    hours,
    percent,
    pounds,
)

# Carol: HWB 3rd, 10th, 25th, 31st (2h each) and the CSP board (2h) and tasking (1h). She is the Police's, so
# the council's finance officer sees her hours at the standard rate, £52.50, never at her pay (C, £35.43).
CAROL_HWB, CAROL_CSP = 8 * STANDARD, 3 * STANDARD
# Alice: HWB 3rd and 10th at A1, 25th and 31st at A2 (2h each), the development session 1.5h at A1;
# CSP board 1.5h at A1 (the 5th's overlap split equally). Each 1.5 h costs 1.5 x 4,749 = 7,123.5 p -> £71.24.
ALICE_HWB, ALICE_CSP = (2 + 2) * A1 + ALICE_HALF + (2 + 2) * A2, ALICE_HALF
ONE_FTE = Fraction(11692, 7) * 1 * Fraction(DAYS, 365)  # one full-time person's working hours in March


def organisation_id(client, name: str) -> str:
    return Page.of(client.get("/dashboard", query_string=MARCH)).option_value("organisation", name)


def test_dashboard_for_one_organisation(as_role):
    finance = as_role("finance")
    police = organisation_id(finance, "Police")
    assert dashboard(finance, organisation=police).totals == {  # the headline: whole pounds
        "Cost": "£578",  # £577.50 rounded half up
        "Meeting hours": "11:00",
        "Partnerships": "2",
        "Senior staff involved": "1 of 1",
    }

    def page_of(name: str) -> Page:
        return figures(finance, name, organisation=police)

    page = page_of("totals")
    assert [label for _, label, selected in page.options["organisation"] if selected] == ["Police"]
    assert page.totals == {
        "Meeting hours": hours(Fraction(8 + 3)),
        "Cost": pounds(CAROL_HWB + CAROL_CSP),  # 11 hours at the standard rate
        "Partnerships": "2",
        "Senior staff involved": "1 of 1",  # Carol, of the one person at the Police
        "Share of their working time": percent(11 / ONE_FTE),
    }
    assert (page.totals["Cost"], page.totals["Share of their working time"]) == ("£577.50", "8%")
    assert pounds(11 * C) == "£389.73"  # her pay (11 x £35.43), which is the Police's to see
    bsp = page_of("tree").table("Cost by partnership").record("Borough Strategic Partnership")
    assert (bsp["Hours (incl. below)"], bsp["Cost (incl. below)"]) == ("11:00", pounds(CAROL_HWB + CAROL_CSP))
    assert page_of("months").table("Cost per month").records() == [
        {"Month": "March 2025", "Hours": "11:00", "Cost": pounds(CAROL_HWB + CAROL_CSP)}
    ]
    assert page_of("hats").table("Who wears which hats").records() == [
        {"Person": "Carol Cole", "Community Safety Partnership": "3:00", "Health and Wellbeing Board": "8:00"}
    ]
    series = page_of("recurring").table("Biggest recurring meetings").record("Health and Wellbeing Board")
    assert (series["Times"], series["Hours"]) == ("4", "8:00")
    assert series["Cost a year"] == pounds(CAROL_HWB * 364 / DAYS) == "£4,931.61"  # a year of 52 weeks
    results = page_of("results").table("Cost against results")
    hwb, csp = results.record("Health and Wellbeing Board"), results.record("Community Safety Partnership")
    assert (hwb["Meetings"], hwb["Cost"]) == ("4", pounds(CAROL_HWB))
    # The smoking result is for January to March: Carol's March cost against March's share, 240 x 31/90 people.
    assert f"{pounds(CAROL_HWB / (240 * Fraction(31, 90)))} per person" in hwb["Outcomes and cost per unit"]
    assert (csp["Meetings"], csp["Cost"]) == ("2", pounds(CAROL_CSP))
    # The council's own staff, Alice, at her pay: 7 hours at A1 and 4 at A2: 189.96 + 2 x 71.24 + 209.28.
    council = figures(finance, "totals", organisation=organisation_id(finance, "Borough Council"))
    assert council.totals["Meeting hours"] == "11:00"
    assert council.totals["Cost"] == pounds(ALICE_HWB + ALICE_CSP) == "£541.72"


def test_dashboard_for_one_directorate(as_role):
    finance = as_role("finance")

    def page_of(name: str) -> Page:
        return figures(finance, name, directorate="Public Health")

    page = page_of("totals")
    assert [label for _, label, selected in page.options["directorate"] if selected] == ["Public Health"]
    assert page.totals == {
        "Meeting hours": hours(Fraction(19, 2) + Fraction(3, 2)),  # 11:00
        "Cost": pounds(ALICE_HWB + ALICE_CSP),  # 4 A1 + 2 x £71.24 + 4 A2
        "Partnerships": "2",
        "Senior staff involved": "1 of 1",
        "Share of their working time": percent(11 / ONE_FTE),
    }
    assert page.totals["Cost"] == "£541.72"
    assert dashboard(finance, directorate="Public Health").totals["Cost"] == "£542"  # whole pounds
    assert page_of("hats").table("Who wears which hats").records() == [
        {"Person": "Alice Adams", "Community Safety Partnership": "1:30", "Health and Wellbeing Board": "9:30"}
    ]
    bsp = page_of("tree").table("Cost by partnership").record("Borough Strategic Partnership")
    assert bsp["Cost (incl. below)"] == pounds(ALICE_HWB + ALICE_CSP)
    # Her four board meetings recur; the development session does not.
    series = page_of("recurring").table("Biggest recurring meetings").record("Health and Wellbeing Board")
    assert (series["Times"], series["Hours"]) == ("4", "8:00")
    assert series["Cost a year"] == pounds((4 * A1 + 4 * A2) * 364 / DAYS)
    results = page_of("results").table("Cost against results")
    hwb, csp = results.record("Health and Wellbeing Board"), results.record("Community Safety Partnership")
    assert (hwb["Meetings"], hwb["Cost"]) == ("5", pounds(ALICE_HWB))
    assert (csp["Meetings"], csp["Cost"]) == ("1", pounds(ALICE_CSP))  # she was not at the tasking


def test_dashboard_filters_that_match_nobody_show_zeros(as_role):
    finance = as_role("finance")
    nobody = {"organisation": organisation_id(finance, "Police"), "directorate": "Operations"}
    page = figures(finance, "totals", **nobody)
    assert page.totals["Meeting hours"] == "0:00"
    assert page.totals["Senior staff involved"] == "0 of 0"
    assert page.totals["Share of their working time"] == "0%"
    assert figures(finance, "hats", **nobody).table("Who wears which hats").rows == []
    assert figures(finance, "recurring", **nobody).table("Biggest recurring meetings").rows == []
    # The answer keeps the HWB, which reported results, at no cost; the CSP neither met nor reported for them.
    answer = dashboard(finance, **nobody).table("Partnership dashboard")
    assert [(r["Partnership"], r["Cost"], r["Hours"]) for r in answer.records()] == [
        ("Health and Wellbeing Board", "£0.00", "0:00")
    ]


def test_dashboard_filtered_to_one_person_shows_directors_only_her_grades_rate(as_role):
    director = as_role("director")
    police = organisation_id(director, "Police")
    page = figures(director, "totals", organisation=police)
    assert page.totals["Meeting hours"] == "11:00"
    # Carol alone: 11 hours at her grade's published £52.50, never her pay (£35.43 an hour).
    assert page.totals["Cost"] == "£577.50"
    tree = figures(director, "tree", organisation=police).table("Cost by partnership")
    assert tree.record("Borough Strategic Partnership")["Cost (incl. below)"] == "£577.50"
    results = figures(director, "results", organisation=police).table("Cost against results")
    assert results.column("Cost") == ["£420.00", "£157.50"]
    # The answer: HWB 8 h and CSP 3 h at £52.50, costliest first.
    assert dashboard(director, organisation=police).table("Partnership dashboard").column("Cost") == [
        "£420.00",
        "£157.50",
    ]


def test_dashboard_drill_down_keeps_the_organisation_filter(as_role):
    finance = as_role("finance")
    police = organisation_id(finance, "Police")
    page = figures(finance, "tree", organisation=police)
    drill = page.table("Cost by partnership").row("Borough Strategic Partnership")[0].links[0]
    within = Page.of(finance.get(drill)).table("Cost by partnership")
    assert within.column("Hours (incl. below)") == ["8:00", "3:00"]  # Carol's, not everyone's 23:30 and 4:30
    assert within.column("Cost (incl. below)") == [pounds(CAROL_HWB), pounds(CAROL_CSP)] == ["£420.00", "£157.50"]


def test_dashboard_back_from_a_drill_down_keeps_the_organisation_filter(as_role):
    finance = as_role("finance")
    police = organisation_id(finance, "Police")
    drill = figures(finance, "tree").table("Cost by partnership").row("Borough Strategic Partnership")[0].links[0]
    root = parse_qs(urlsplit(drill).query)["root"][0]
    within = figures(finance, "tree", organisation=police, root=root)  # as the chart's bar links it
    assert within.table("Cost by partnership").column("Hours (incl. below)") == ["8:00", "3:00"]
    back = Page.of(finance.get(within.link("Back to all partnerships")))
    assert back.table("Cost by partnership").record("Borough Strategic Partnership")["Hours (incl. below)"] == "11:00"


def test_api_honours_the_organisation_and_directorate_filters(as_role):
    finance, director = as_role("finance"), as_role("director")
    police = organisation_id(finance, "Police")
    api = finance.get("/api/partnerships", query_string={**MARCH, "organisation": police}).get_json()
    assert api["partnerships"] == [
        {
            "partnership": "Health and Wellbeing Board",
            "parent": "Borough Strategic Partnership",
            "meetings": 4,
            "attendances": 4,
            "people": 1,
            "hours": "8:00:00",
            "cost": money(CAROL_HWB),
        },
        {
            "partnership": "Community Safety Partnership",
            "parent": "Borough Strategic Partnership",
            "meetings": 2,
            "attendances": 2,
            "people": 1,
            "hours": "3:00:00",
            "cost": money(CAROL_CSP),
        },
    ]
    seen = director.get("/api/partnerships", query_string={**MARCH, "organisation": police}).get_json()
    # Carol alone, at her grade's published rate (£52.50): shown, since it is not her pay; the council's finance
    # officer is given the same.
    assert [(r["hours"], r["cost"]) for r in seen["partnerships"]] == [("8:00:00", "420.00"), ("3:00:00", "157.50")]
    assert [(r["hours"], r["cost"]) for r in api["partnerships"]] == [("8:00:00", "420.00"), ("3:00:00", "157.50")]
    alice = finance.get("/api/partnerships", query_string={**MARCH, "directorate": "Public Health"}).get_json()
    assert [(r["partnership"], r["hours"], r["cost"]) for r in alice["partnerships"]] == [
        ("Health and Wellbeing Board", "9:30:00", money(ALICE_HWB)),
        ("Community Safety Partnership", "1:30:00", money(ALICE_CSP)),
    ]


def _csv(response) -> list[dict[str, str]]:
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))


def test_downloads_honour_the_organisation_filter(as_role):
    finance = as_role("finance")
    police = organisation_id(finance, "Police")
    page = Page.of(finance.get("/downloads", query_string={**MARCH, "organisation": police}))
    assert [label for _, label, selected in page.options["organisation"] if selected] == ["Police"]
    partnerships = _csv(finance.get(page.link("Partnerships (CSV)")))
    assert [list(r.values()) for r in partnerships] == [
        [
            "Health and Wellbeing Board",
            "Borough Strategic Partnership",
            "4",
            "4",
            "8:00:00",
            money(CAROL_HWB),
            "0",
            OWN_WORDS,
        ],
        [
            "Community Safety Partnership",
            "Borough Strategic Partnership",
            "2",
            "2",
            "3:00:00",
            money(CAROL_CSP),
            "0",
            OWN_WORDS,
        ],
    ]
    people = _csv(finance.get(page.link("People (CSV)")))
    assert [(r["partnership"], r["email"], r["hours"], r["cost"]) for r in people] == [
        ("Community Safety Partnership", "carol@police.uk", "3:00:00", money(CAROL_CSP)),
        ("Health and Wellbeing Board", "carol@police.uk", "8:00:00", money(CAROL_HWB)),
    ]
    meetings = _csv(finance.get(page.link("Meetings (CSV)")))
    assert [(r["start"][:10], r["title"], r["hours"]) for r in meetings] == [  # exact, H:MM:SS: rows multiply out
        ("2025-03-03", "Health and Wellbeing Board", "2:00:00"),
        ("2025-03-05", "Community Safety Partnership board", "2:00:00"),
        ("2025-03-10", "Health and Wellbeing Board", "2:00:00"),
        ("2025-03-19", "CSP tasking", "1:00:00"),
        ("2025-03-25", "Health and Wellbeing Board", "2:00:00"),
        ("2025-03-31", "Health and Wellbeing Board", "2:00:00"),
    ]
    assert {r["email"] for r in meetings} == {"carol@police.uk"}
    assert {r["hourly_rate"] for r in meetings} == {"52.50"}  # the standard rate, not hers (£35.43)
    # The council's own: Alice's meetings at her hourly rate, which rises on the 17th.
    council = organisation_id(finance, "Borough Council")
    alice = _csv(finance.get("/downloads/meetings.csv", query_string={**MARCH, "organisation": council}))
    assert [(r["start"][:10], r["hourly_rate"], r["cost_basis"]) for r in alice] == [
        ("2025-03-03", money(A1), OWN_WORDS),
        ("2025-03-05", money(A1), OWN_WORDS),
        ("2025-03-05", money(A1), OWN_WORDS),
        ("2025-03-10", money(A1), OWN_WORDS),
        ("2025-03-25", money(A2), OWN_WORDS),
        ("2025-03-31", money(A2), OWN_WORDS),
    ]
    assert (money(A1), money(A2)) == ("47.49", "52.32")
