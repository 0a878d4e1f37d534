"""Rationalising the partnership map in a real browser: the map, a scenario, the gatekeeper from proposal
to recorded decision, and a library search. Each step asserts what the page shows before its screenshot.
Figures are the hand-worked March 2025 ones of tests/web/test_partnership_map.py, test_scenarios.py and
test_proposals.py."""

from __future__ import annotations

from tests.browser.conftest import fill_date, shot
from tests.browser.test_journeys import MARCH, cells, charts_drawn, heading, nav, row, terms

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixtures skip (or fail, under REQUIRE_BROWSER) before a test gets here
    expect = None

PAIR = "Health and Wellbeing Board and Community Safety Partnership"


def test_browser_director_walks_the_partnership_map(page_for, live_server):
    page = page_for("director")
    nav(page, "Map")
    heading(page, "Partnership map")
    page.goto(f"{live_server}/map?{MARCH}")
    candidates = page.locator("table").first
    first = row(page, PAIR, candidates)
    assert cells(first)[:6] == ["1", PAIR, "2", "22:00", "0.191", "0.091"]
    charts_drawn(page, ["chart-network"])
    expect(page.locator("#chart-network")).to_contain_text("Community Safety Partnership")  # a node's label
    expect(page.locator("#chart-network")).to_contain_text("Family 1")
    families = page.get_by_role("table").filter(has_text="Who sits on two or more")
    assert cells(row(page, "Family 1", families))[2:5] == ["2", "Alice Adams, Carol Cole", "28:00"]
    # Their one link has two people on both: drawn once the director asks for more than the strongest.
    expect(page.locator("#links-shown")).to_contain_text("0 links drawn")
    page.get_by_label("More: 2 or more people on both").check()
    page.get_by_role("button", name="Show links").click()
    expect(page.locator("#links-shown")).to_contain_text("1 link drawn")
    charts_drawn(page, ["chart-network"])
    page.get_by_text("Show the figures as a table").first.click()
    network = page.locator("#chart-network").locator("xpath=ancestor::figure").get_by_role("table")
    assert cells(row(page, "Health and Wellbeing Board", network)) == [
        "Health and Wellbeing Board",
        "Community Safety Partnership",
        "2",
        "22:00",
        "0.191",
    ]
    tree = page.get_by_role("table").filter(has_text="Hours (incl. below)")
    assert cells(row(page, "Borough Strategic Partnership", tree))[:4] == [
        "Borough Strategic Partnership",
        "0",
        "0:00",
        "28:00",
    ]
    shot(page, "map-director")
    candidates.get_by_role("link", name="Community Safety Partnership").click()
    heading(page, "Community Safety Partnership")


def test_browser_finance_models_and_compares_scenarios(page_for, live_server):
    page = page_for("finance")
    nav(page, "Scenarios")
    heading(page, "Scenarios")
    page.goto(f"{live_server}/scenarios?{MARCH}")
    expect(page.get_by_text("No scenarios saved yet.")).to_be_visible()
    page.get_by_label("Name of the scenario").fill("HWB twelve a year")
    page.get_by_label("Meet less often").check()
    page.get_by_role("group", name="Partnerships").get_by_label("Health and Wellbeing Board").check()
    expect(page.get_by_label("Who sends a deputy")).to_be_hidden()  # only what meeting less often needs shows
    page.get_by_label("Meetings a year", exact=True).fill("12")
    page.get_by_role("button", name="Model and save").click()
    heading(page, "HWB twelve a year")
    expect(page.get_by_text("Scenario HWB twelve a year saved.")).to_be_visible()
    saving = row(page, "Saving", page.get_by_role("table").first)
    assert cells(saving)[:1] == ["219:32:08"]  # hours a year: 23.5 x 364/31 - 23.5 x 12/5 = 790,327.74 s
    freed = page.get_by_role("table").filter(has_text="Senior time freed")
    expect(freed.or_(page.get_by_role("heading", name="Senior time freed, per person"))).to_be_visible()
    shot(page, "scenario-finance")

    page.get_by_role("link", name="All scenarios").click()
    page.get_by_label("Name of the scenario").fill("Stop the CSP")
    page.get_by_label("Stop a partnership").check()
    page.get_by_role("group", name="Partnerships").get_by_label("Community Safety Partnership").check()
    page.get_by_role("button", name="Model and save").click()
    heading(page, "Stop the CSP")
    page.get_by_role("link", name="All scenarios").click()
    page.get_by_label("Compare HWB twelve a year").check()
    page.get_by_label("Compare Stop the CSP").check()
    page.get_by_role("button", name="Compare the chosen scenarios").click()
    heading(page, "Scenarios compared")
    compared = row(page, "Hours saved a year")
    assert cells(compared) == ["219:32:08", "52:50:19"]  # 4.5 h x 364/31 = 52:50:19 (190,219.35 s) for the CSP
    shot(page, "scenarios-compared")


def test_browser_a_deputy_is_chosen_on_the_next_page_among_those_who_sit_on_it(page_for, live_server):
    """The first page lists no one; the next lists who sat on the Community Safety Partnership in March (Alice
    and Carol: not Bob), and the scenario is saved from there (the figures of test_scenarios.py)."""
    page = page_for("finance")
    page.goto(f"{live_server}/scenarios?{MARCH}")
    page.get_by_label("Name of the scenario").fill("Carol deputises")
    page.get_by_label("A deputy attends instead").check()
    page.get_by_label("The deputy's grade").select_option("CS")
    page.get_by_role("group", name="Partnerships").get_by_label("Community Safety Partnership").check()
    page.get_by_role("button", name="Model and save").click()
    heading(page, "Who sends a deputy")
    expect(page.get_by_text("Scenario: Carol deputises")).to_be_visible()
    choices = page.get_by_label("Who sends a deputy").locator("option")
    expect(choices).to_have_text(["Choose a person", "Alice Adams", "Carol Cole"])
    expect(page.get_by_label("The deputy's grade")).to_have_value("CS")
    page.get_by_role("button", name="Model and save").click()  # nobody chosen yet: asked again, in words
    expect(page.get_by_role("link", name="Who sends a deputy: choose who would send a deputy")).to_be_visible()
    page.get_by_label("Who sends a deputy").select_option(label="Carol Cole")
    page.get_by_role("button", name="Model and save").click()
    heading(page, "Carol deputises")
    expect(page.get_by_text("Scenario Carol deputises saved.")).to_be_visible()
    expect(page.get_by_text("Carol Cole sends a deputy of grade CS to Community Safety Partnership")).to_be_visible()
    shot(page, "scenario-deputy")


def test_browser_gatekeeper_from_proposal_to_decision(page_for, live_server):
    page = page_for("manager")
    nav(page, "Proposals")
    heading(page, "Proposed partnerships")
    page.get_by_role("link", name="Propose a partnership").click()
    heading(page, "Propose a partnership")
    page.get_by_label("Name of the proposed partnership").fill("Reducing Reoffending Board")
    page.get_by_label("What it is for").fill("Reduce reoffending and crime through community support")
    page.get_by_label("How often it would meet").select_option(label="Monthly")
    page.get_by_label("How long each meeting would last (hours)").fill("1.5")
    members = page.get_by_role("group", name="Members from the staff register")
    for name in ("Alice Adams", "Carol Cole"):
        members.get_by_label(name).check()
    page.get_by_label("Places not yet named, by grade").fill("VSM")
    page.get_by_label("Does the issue really need several organisations").fill("Police and council together")
    page.get_by_role("button", name="Propose and see the assessment").click()
    heading(page, "Reducing Reoffending Board")
    expect(page.get_by_text("Reducing Reoffending Board proposed: read its assessment below.")).to_be_visible()
    fill_date(page, "From", "2025-03-01")  # overlaps measured over the scenario's month
    fill_date(page, "To", "2025-03-31")
    page.get_by_role("button", name="Show").click()
    assert terms(page)["Senior hours a year"] == "54:00"  # 12 x 1.5 h x 3 places
    overlaps = page.get_by_role("table").filter(has_text="Members it shares")
    assert cells(row(page, "Community Safety Partnership", overlaps))[1:2] == ["Alice Adams, Carol Cole"]
    expect(page.get_by_text("A director or an administrator records the decision.")).to_be_visible()
    shot(page, "proposal-manager")

    director = page_for("director")
    director.goto(f"{live_server}/proposals")
    expect(row(director, "Reducing Reoffending Board")).to_contain_text("Awaiting decision")
    director.get_by_role("link", name="Reducing Reoffending Board").click()
    director.get_by_label("Refer to an existing partnership").check()
    director.get_by_role("button", name="Record decision").click()
    expect(director.get_by_text("There is a problem")).to_be_visible()  # the reason is required
    director.get_by_label("Refer to an existing partnership").check()
    director.get_by_label("Referred to (if referred)").select_option(label="Community Safety Partnership")
    director.get_by_label("Reasons, and any changes asked for").fill("The CSP covers reoffending")
    director.get_by_role("button", name="Record decision").click()
    expect(director.get_by_text("Decision recorded: Refer to an existing partnership.")).to_be_visible()
    expect(director.get_by_text("Refer to an existing partnership: to Community Safety Partnership")).to_be_visible()
    shot(director, "proposal-decided")
    director.get_by_role("link", name="Printable assessment").click()
    heading(director, "Reducing Reoffending Board")
    expect(director.get_by_role("navigation", name="Main")).to_have_count(0)  # a page for paper
    shot(director, "proposal-printable")


def test_browser_library_entry_found_by_search(page_for, live_server):
    page = page_for("manager")
    nav(page, "Library")
    heading(page, "Practice library")
    page.get_by_role("link", name="Add to the library").click()
    page.get_by_label("Title").fill("Housing First: what worked")
    page.get_by_label("Kind").select_option(label="Good practice")
    page.get_by_label("Tags, separated by ;").fill("housing; rough sleeping")
    page.get_by_label("Text (Markdown)").fill("We **housed** 40 people in a year.")
    page.get_by_role("button", name="Save").click()
    heading(page, "Housing First: what worked")
    expect(page.locator(".app-prose strong")).to_have_text("housed")

    director = page_for("director")
    nav(director, "Library")
    director.get_by_role("searchbox", name="Search").fill("house")
    director.get_by_role("button", name="Search").click()
    heading(director, "Found for “house”", level=2)
    expect(row(director, "Housing First: what worked")).to_contain_text("Good practice")
    shot(director, "library-search")
    director.get_by_role("link", name="Housing First: what worked").click()
    heading(director, "Housing First: what worked")
