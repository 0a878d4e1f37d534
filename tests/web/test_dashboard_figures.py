"""Each dashboard figure for March 2025, worked out by hand from the end-to-end scenario.

The attendances (tests/tracker/test_end_to_end.py), hours x hourly rate, with the rates A1/A2/B/C:
  Alice  HWB 3rd 2h A1, 10th 2h A1, 25th 2h A2, 31st 2h A2 (her salary rises on the 17th);
         on the 5th the CSP board (13:00-15:00) and the HWB development session (14:00-16:00)
         overlap for an hour, split equally: CSP 1 + 1/2 = 1.5h A1, development 1/2 + 1 = 1.5h A1.
  Bob    HWB 3rd, 25th, 31st, 2h each at B (he declined the 10th).
  Carol  HWB 3rd, 10th, 25th, 31st, 2h each at C; CSP board 5th 2h and CSP tasking 19th 1h at C.
Dave attends too but is not in the staff register, so is not costed. The register is Borough
Strategic Partnership (no meetings of its own) with the HWB and the CSP below it.

The finance user works for Borough Council (tests/web_fixtures.FINANCE_OF), Alice's employer, so sees
Alice's hours at her actual pay (A1, A2) and Bob's (NHS Trust) and Carol's (Police) at the standard rate
of their grades: their pay is their own organisations' to see. HWB_COST and the like are everyone at
actual pay, what the operator's CLI export says (test_end_to_end); HWB_OWN and the like are what the
council's finance officer is shown.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from urllib.parse import parse_qs, urlsplit

from tests.tracker.test_end_to_end import A1, A2, ALICE_HALF, PRODUCTIVE, B, C, money
from tests.web.page import Page

MARCH = {"from": "2025-03-01", "to": "2025-03-31"}
DAYS = 31

# Each rate is held to the penny (A1 £47.49, A2 £52.32, B £71.61, C £35.43) and each attendance costs its hours
# x that rate rounded half up to the penny: a whole number of hours costs whole pence, and Alice's 1.5 h at A1
# 1.5 x 4,749 = 7,123.5 p -> 7,124 p (£71.24). Every figure is a sum of those pence.
HWB_HOURS = (2 + 2 + 2 + 2 + Fraction(3, 2)) + 3 * 2 + 4 * 2  # Alice 9.5, Bob 6, Carol 8 = 23.5
HWB_COST = (2 + 2) * A1 + ALICE_HALF + (2 + 2) * A2 + 6 * B + 8 * C
CSP_HOURS = Fraction(3, 2) + 2 + 1  # Alice 1.5, Carol 3 = 4.5
CSP_COST = ALICE_HALF + 3 * C
ALL_HOURS = HWB_HOURS + CSP_HOURS  # 28
ALL_COST = HWB_COST + CSP_COST  # 4 A1 + 2 x £71.24 + 4 A2 + 6 B + 11 C
# What a director is shown: everyone's time at the standard rate of their grade for 2024/25, which finance
# set at £52.50 an hour for each of Alice's, Bob's and Carol's grades (tests/data/e2e/rates.csv): nothing
# of their pay goes into it.
STANDARD = Fraction(105, 2)
# What Borough Council's finance officer is shown: Alice at her own pay, Bob's 6 HWB hours and Carol's 8 HWB
# and 3 CSP hours at the standard rate (their pay belongs to the NHS Trust and the Police).
HWB_OWN = (2 + 2) * A1 + ALICE_HALF + (2 + 2) * A2 + (6 + 8) * STANDARD
CSP_OWN = ALICE_HALF + 3 * STANDARD
ALL_OWN = HWB_OWN + CSP_OWN  # 4 A1 + 2 x £71.24 + 4 A2 + 17 hours at £52.50
OWN_WORDS = "actual pay for Borough Council staff, standard rates for everyone else"  # that basis, as said


def pounds(value: Fraction) -> str:
    """As the money filter prints it: pence rounded half up, thousands separated."""
    return f"£{Decimal(money(value)):,.2f}"


def hours(value: Fraction) -> str:
    """As the hours filter prints a time: hours and minutes exactly, ``:SS`` only where there are seconds,
    thousands separated (23.5 h is 23:30). The scenario's times are whole seconds, so nothing is rounded."""
    seconds = Fraction(value) * 3600
    assert seconds.denominator == 1, f"{value} h is not a whole number of seconds"
    minutes, second = divmod(int(seconds), 60)
    hour, minute = divmod(minutes, 60)
    return f"{hour:,}:{minute:02d}" + (f":{second:02d}" if second else "")


def percent(value: Fraction) -> str:
    return f"{int(value * 100 + Fraction(1, 2))}%"


def dashboard(client, **args) -> Page:
    return Page.of(client.get("/dashboard", query_string={**MARCH, **args}))


def figures(client, name: str, **args) -> Page:
    """One of the dashboard's other pages, ``/dashboard/<name>``, over March 2025 (or as ``args`` say)."""
    return Page.of(client.get(f"/dashboard/{name}", query_string={**MARCH, **args}))


def test_dashboard_hand_worked_scenario_figures():
    # The page figures below rest on these; test_end_to_end checks them against the CLI export.
    assert (HWB_HOURS, CSP_HOURS, ALL_HOURS) == (Fraction(47, 2), Fraction(9, 2), 28)
    # 4 x 47.49 + 71.24 + 4 x 52.32 + 6 x 71.61 + 8 x 35.43 = 189.96 + 71.24 + 209.28 + 429.66 + 283.44
    # = £1,183.58; 71.24 + 3 x 35.43 = £177.53.
    assert (pounds(HWB_COST), pounds(CSP_COST)) == ("£1,183.58", "£177.53")
    # 189.96 + 71.24 + 209.28 + 14 x 52.50 = £1,205.48; 71.24 + 3 x 52.50 = £228.74; together £1,434.22.
    assert (pounds(HWB_OWN), pounds(CSP_OWN), pounds(ALL_OWN)) == ("£1,205.48", "£228.74", "£1,434.22")
    assert PRODUCTIVE == Fraction(11692, 7)


def test_dashboard_totals(as_role):
    page = figures(as_role("finance"), "totals")
    assert page.h1() == "Totals in front-line terms"
    assert page.totals["Meeting hours"] == hours(ALL_HOURS) == "28:00"
    # Alice at her pay, Bob's and Carol's 17 hours at the standard rate (not their pay: not the council's).
    assert page.totals["Cost"] == pounds(ALL_OWN) == "£1,434.22"
    assert pounds(ALL_OWN) != pounds(ALL_COST)  # everyone's actual pay, which this viewer may not see
    assert page.totals["Partnerships"] == "2"
    assert page.totals["Senior staff involved"] == "3 of 3"  # Alice, Bob, Carol of the 3 in the register


def test_dashboard_rolls_cost_and_hours_up_the_partnership_tree(as_role):
    finance = as_role("finance")
    page = figures(finance, "tree")
    table = page.table("Cost by partnership")
    assert [row[0].text for row in table.rows] == ["Borough Strategic Partnership (2 below)"]  # the only root
    bsp = table.record("Borough Strategic Partnership")
    # Its own figures are nothing; "incl. below" adds the HWB's and the CSP's (Bob and Carol at standard).
    assert bsp["Hours (incl. below)"] == hours(0 + HWB_HOURS + CSP_HOURS) == "28:00"
    assert bsp["Cost (incl. below)"] == pounds(0 + HWB_OWN + CSP_OWN) == "£1,434.22"

    drill = table.row("Borough Strategic Partnership")[0].links[0]
    assert "root=" in drill
    within = Page.of(finance.get(drill))
    children = within.table("Cost by partnership")
    assert children.heading == "Cost by partnership: within Borough Strategic Partnership"
    assert children.records() == [  # biggest cost first
        {
            "Partnership": "Health and Wellbeing Board",
            "Meetings": "5",  # 3rd, 10th, 25th, 31st and the development session
            "Hours (incl. below)": hours(HWB_HOURS),
            "Cost (incl. below)": pounds(HWB_OWN),
        },
        {
            "Partnership": "Community Safety Partnership",
            "Meetings": "2",  # the board on the 5th and the tasking on the 19th
            "Hours (incl. below)": hours(CSP_HOURS),
            "Cost (incl. below)": pounds(CSP_OWN),
        },
    ]
    assert within.link("Back to all partnerships").startswith("/dashboard/tree")
    # Leaves link to their partnership page rather than to an empty drill-down.
    assert children.row("Health and Wellbeing Board")[0].links[0].startswith("/partnerships/")


def test_dashboard_parent_figure_is_its_own_plus_its_childrens(as_role):
    # Give the Borough Strategic Partnership a meeting of its own: Alice's "Budget 1:1" (6 March,
    # 09:00-10:00, only in her calendar), attributed to it on the review page. Own: 1h at A1 (Alice is the
    # council's, so its finance officer sees her pay; Bob and Carol below at the standard rate).
    manager = as_role("manager")
    review = Page.of(manager.get("/review"))
    link = review.table("1 unattributed series").row("Budget 1:1")[-1].links[0]  # "Meetings": the series opened
    series = parse_qs(urlsplit(link).query)["series"][0]
    bsp_id = review.option_value("ticked-partnership", "Borough Strategic Partnership")  # the one choice
    done = manager.post("/review/attribute", data={"series_key": series, "partnership_id": bsp_id})
    assert done.status_code == 302

    finance, director = as_role("finance"), as_role("director")
    page = figures(finance, "tree")
    bsp = page.table("Cost by partnership").record("Borough Strategic Partnership")
    assert bsp["Hours (incl. below)"] == hours(1 + HWB_HOURS + CSP_HOURS) == "29:00"
    assert bsp["Cost (incl. below)"] == pounds(1 * A1 + HWB_OWN + CSP_OWN) == "£1,481.71"  # 47.49 + 1,434.22
    assert bsp["Meetings"] == "1"  # its own
    results = figures(finance, "results").table("Cost against results")
    assert results.record("Borough Strategic Partnership")["Cost"] == pounds(A1) == "£47.49"  # own cost only
    within = Page.of(finance.get(page.table("Cost by partnership").row("Borough Strategic Partnership")[0].links[0]))
    assert within.table("Cost by partnership").column("Cost (incl. below)") == [pounds(HWB_OWN), pounds(CSP_OWN)]
    # A director sees the roll-up and the parent's own cost (Alice's hour alone) at standard rates: an hour of
    # her grade at its published rate, nothing of her pay.
    seen = figures(director, "tree")
    assert seen.table("Cost by partnership").record("Borough Strategic Partnership")["Cost (incl. below)"] == pounds(
        (1 + HWB_HOURS + CSP_HOURS) * STANDARD
    )
    seen = figures(director, "results")
    assert seen.table("Cost against results").record("Borough Strategic Partnership")["Cost"] == "£52.50"


def test_dashboard_annualises_the_biggest_recurring_meetings(as_role):
    finance = as_role("finance")
    series = figures(finance, "recurring").table("Biggest recurring meetings")
    # Only the HWB series recurs: the development session, the CSP board and the tasking happen once.
    # Its four March meetings: Alice 2+2 at A1 and 2+2 at A2, Bob 6h and Carol 8h at the standard rate (the
    # council's finance officer sees only the council's pay).
    period_cost = 4 * A1 + 4 * A2 + (6 + 8) * STANDARD
    assert series.records() == [
        {
            "Meeting": "Health and Wellbeing Board",
            "Partnership": "Health and Wellbeing Board",
            "Times": "4",
            "Hours": hours(Fraction(8 + 6 + 8)),
            "Cost a year": pounds(period_cost * 364 / DAYS),  # £1,134.24 in 31 days, x 364/31 (52 weeks)
        }
    ]
    # 4 x 47.49 + 4 x 52.32 + 14 x 52.50 = 189.96 + 209.28 + 735.00 = £1,134.24; x 364 / 31 = £13,318.17.
    assert pounds(period_cost * 364 / DAYS) == "£13,318.17"
    # The same series over 1-10 March (10 days): the 3rd and the 10th, Alice 4h A1, Bob 2h and Carol 4h at
    # the standard rate.
    ten_days = (
        figures(finance, "recurring", to="2025-03-10")
        .table("Biggest recurring meetings")
        .record("Health and Wellbeing Board")
    )
    assert (ten_days["Times"], ten_days["Hours"]) == ("2", "10:00")
    # (4 x 47.49 + 6 x 52.50) x 364 / 10 = (189.96 + 315.00) x 36.4 = £18,380.54.
    assert ten_days["Cost a year"] == pounds((4 * A1 + (2 + 4) * STANDARD) * 364 / 10) == "£18,380.54"


def test_dashboard_share_of_working_time(as_role):
    finance = as_role("finance")
    # Working time in the period: productive hours a year (11692/7) x total FTE (three at 1.0) x 31/365.
    available = Fraction(11692, 7) * 3 * Fraction(DAYS, 365)  # 428.5 hours
    assert figures(finance, "totals").totals["Share of their working time"] == percent(ALL_HOURS / available) == "7%"
    # 1-10 March: HWB 3rd (2+2+2), CSP board 5th (1.5+2), development (1.5), HWB 10th (2+2) = 15h in 10 days.
    ten_days = Fraction(11692, 7) * 3 * Fraction(10, 365)
    assert figures(finance, "totals", to="2025-03-10").totals["Share of their working time"] == percent(15 / ten_days)
    assert percent(15 / ten_days) == "11%"

    # Bob goes half time: the same 28 hours over 2.5 FTE of working time.
    admin = as_role("admin")
    staff = Page.of(admin.get("/registers/staff")).table("Staff register")
    bob = staff.row("Bob Brown")[0].links[0]
    form = {
        "name": "Bob Brown",
        "job_title": "Chief Operating Officer",
        "grade": "VSM",
        "organisation": "NHS Trust",
        "directorate": "Operations",
        "fte": "0.5",
        "aliases": "",
    }
    assert admin.post(bob, data=form).status_code == 302
    half = Fraction(11692, 7) * Fraction(5, 2) * Fraction(DAYS, 365)
    page = figures(finance, "totals")
    assert page.totals["Meeting hours"] == "28:00"
    assert page.totals["Share of their working time"] == percent(ALL_HOURS / half) == "8%"


def test_dashboard_cost_per_unit_against_results(as_role):
    results = figures(as_role("finance"), "results").table("Cost against results")
    assert results.caption == "Partnerships ranked by share of targets met"
    assert results.column("Partnership") == ["Health and Wellbeing Board", "Community Safety Partnership"]
    hwb = results.record("Health and Wellbeing Board")
    assert hwb["Meetings"] == "5"
    assert hwb["Cost"] == pounds(HWB_OWN)  # Alice at her pay, Bob and Carol at the standard rate
    # Smoking: 240 people against a target of 200 (up is better), met; actions on time 70% against 80, not.
    assert hwb["Targets met"] == "50% of 2"
    # The result is for January to March (90 days), the period March (31 of them): March's meeting cost is set
    # against March's share of the result, 240 x 31/90 people, not all of the quarter's 240.
    per_person = pounds(HWB_OWN / (240 * Fraction(31, 90)))  # £1,205.48 / 82.67 people
    assert per_person == "£14.58"
    # "Is anyone better off" measures first; a percentage is a rate, not a count: no cost per unit.
    # Both are "up" measures: their targets are floors.
    assert hwb["Outcomes and cost per unit"] == (
        f"People supported to stop smoking: 240 people (target at least 200, met); {per_person} per person "
        "Actions completed on time: 70% (target at least 80, not met)"
    )
    assert hwb["Results"] == "Reports who is better off"
    csp = results.record("Community Safety Partnership")
    assert (csp["Cost"], csp["Targets met"], csp["Results"]) == (pounds(CSP_OWN), "–", "Reports nothing")
    assert csp["Outcomes and cost per unit"].startswith("No outcomes reported It met twice in the period")


def test_partnership_page_cost_per_unit_matches_the_dashboard(as_role):
    page = Page.of(as_role("finance").get("/partnerships/2", query_string=MARCH))
    assert page.h1() == "Health and Wellbeing Board"
    assert page.totals["Cost"] == pounds(HWB_OWN) == "£1,205.48"  # Bob and Carol at standard, as on the dashboard
    measures = page.table("Outcomes against cost")
    smoking = measures.record("People supported to stop smoking")
    assert smoking["Cost per unit"] == pounds(HWB_OWN / (240 * Fraction(31, 90))) == "£14.58"  # March's share
    assert smoking["Target"] == "at least 200"
    assert measures.record("Actions completed on time")["Cost per unit"] == "–"


def test_dashboard_director_sees_every_cost_at_standard_rates_however_few_it_covers(as_role):
    director = as_role("director")
    assert figures(director, "totals").totals["Cost"] == pounds(ALL_HOURS * STANDARD) == "£1,470.00"  # 28 h x £52.50
    assert dashboard(director).totals["Cost"] == "£1,470"  # the dashboard's headline: whole pounds
    results = figures(director, "results").table("Cost against results")
    assert results.record("Health and Wellbeing Board")["Cost"] == pounds(HWB_HOURS * STANDARD)  # Alice, Bob, Carol
    # Alice and Carol only: 4.5 hours at the published rate, shown since it gives neither's pay away.
    assert results.record("Community Safety Partnership")["Cost"] == "£236.25"
    assert (
        f"{pounds(HWB_HOURS * STANDARD / (240 * Fraction(31, 90)))} per person"  # £1,233.75 / 82.67: £14.92
        in results.record("Health and Wellbeing Board")["Outcomes and cost per unit"]
    )
