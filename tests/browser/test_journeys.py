"""The main journeys, clicked through in a real browser, one role at a time.

Each step asserts what the user would see there (headings, figures, messages, table rows, charts
drawn) before its screenshot is kept. The figures are the hand-worked March 2025 scenario of
tests/web/test_dashboard_figures.py.
"""

from __future__ import annotations

import re

from tests.browser.conftest import date_typed, fill_date, shot
from tests.tracker.test_end_to_end import E2E
from tests.tracker.test_workbook import sheets
from tests.web.test_dashboard_figures import OWN_WORDS
from tests.web_fixtures import make_manager

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixtures skip (or fail, under REQUIRE_BROWSER) before a test gets here
    expect = None

MARCH = "from=2025-03-01&to=2025-03-31"
CHARTS = ("chart-partnerships", "chart-months", "chart-hats", "chart-series", "chart-results")
# Each chart's page among the dashboard's figures (tracker/web/dashboard_figures.py).
CHART_PAGES = {
    "chart-partnerships": "/dashboard/tree",
    "chart-months": "/dashboard/months",
    "chart-hats": "/dashboard/hats",
    "chart-series": "/dashboard/recurring",
    "chart-results": "/dashboard/results",
}


def every_chart_drawn(page, server: str, query: str, ids=CHARTS) -> None:
    """Open each chart's page over ``query`` and check the chart is drawn."""
    for ident in ids:
        page.goto(f"{server}{CHART_PAGES[ident]}?{query}")
        charts_drawn(page, [ident])


def nav(page, name: str) -> None:
    """Follow a link in the main navigation."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True).click()


def heading(page, name: str | re.Pattern, level: int = 1) -> None:
    expect(page.get_by_role("heading", name=name, level=level, exact=isinstance(name, str))).to_be_visible()


def row(page, text: str, table=None):
    """The one table row holding ``text`` (in ``table``, a locator, if given)."""
    rows = (table or page).get_by_role("row").filter(has_text=text)
    expect(rows).to_have_count(1)
    return rows


def cells(row_locator) -> list[str]:
    return [t.strip() for t in row_locator.get_by_role("cell").all_inner_texts()]


def terms(page, selector: str = "dl.app-totals") -> dict[str, str]:
    """A description list as the user reads it: {term: definition}."""
    box = page.locator(selector).first
    labels = [t.strip() for t in box.locator("dt").all_inner_texts()]
    values = [t.strip() for t in box.locator("dd").all_inner_texts()]
    return dict(zip(labels, values, strict=True))


def charts_drawn(page, ids) -> None:
    for ident in ids:
        expect(page.locator(f"#{ident} .main-svg").first).to_be_attached()


def test_browser_manager_uploads_with_preview_and_confirm(web_app, page_for, live_server, tmp_path):
    nhs = make_manager(web_app, "NHS Trust")  # Bob's calendar: uploaded by his organisation's manager
    page = page_for("manager", nhs)
    calendar = tmp_path / "bob-tasking.ics"
    calendar.write_bytes(
        (E2E / "bob-google.ics")
        .read_bytes()
        .replace(b"Health and Wellbeing Board", b"Community safety tasking")
        .replace(b"00000000hwb", b"00000000tasking")
    )
    nav(page, "Upload")
    heading(page, "Upload calendar files")
    expect(page.get_by_label("Calendar files")).to_be_visible()
    expect(page.get_by_role("button", name="Continue")).to_be_visible()
    shot(page, "upload")

    page.get_by_label("Calendar files").set_input_files(str(calendar))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r".*/upload/[0-9a-f]+$"))
    heading(page, "Whose calendar is each file?")
    expect(page.get_by_text("Suggested from the file: bob@nhs.net")).to_be_visible()
    owner = page.get_by_label("Owner of bob-tasking.ics")
    assert owner.input_value() == "bob@nhs.net"  # suggested from the file

    page.get_by_role("button", name="Preview the import").click()
    heading(page, "Check what will be imported")
    expect(page.get_by_text("Nothing has been saved yet.")).to_be_visible()
    heading(page, "bob-tasking.ics calendar of bob@nhs.net", level=2)
    replaced = "4 meetings from earlier imports of bob@nhs.net's calendar are not in this file"
    expect(page.get_by_text(replaced)).to_be_visible()
    assert terms(page, "dl.govuk-summary-list") == {
        "Events read": "3",
        "Occurrences": "4",
        "New, updated, unchanged, removed": "4, 0, 0, 4",
        "Attributed to a partnership": "3",  # the 10th is not: Bob declined it
        "Not counted": "declined: 1",
    }
    meetings = page.locator("details table")
    expect(meetings.locator("tbody tr")).to_have_count(4)  # the 3rd, 10th, 25th (moved from the 24th), 31st
    first = row(page, "Mon 3 Mar 2025 10:00", meetings)
    assert cells(first)[1:3] == ["Community safety tasking", "Community Safety Partnership"]
    expect(first).to_contain_text("keyword 'community safety' in the title")
    shot(page, "upload-preview")

    page.get_by_role("button", name="Confirm and import").click()
    heading(page, "Import complete")
    expect(page.get_by_text("1 calendar file imported.")).to_be_visible()
    assert terms(page, "dl.govuk-summary-list")["New, updated, unchanged, removed"] == "4, 0, 0, 4"
    shot(page, "upload-result")

    page.get_by_role("link", name="Import history").click()
    heading(page, "Import history")
    done = row(page, "bob-tasking.ics")
    # File, calendar of (and who imported it), occurrences, added, changed, removed (the four earlier
    # meetings this export no longer holds in its days), attributed.
    assert cells(done)[1:8] == ["bob-tasking.ics", f"bob@nhs.net\nimported by {nhs}", "4", "4", "0", "4", "3"]
    done.get_by_role("link", name="Undo import of bob-tasking.ics").click()
    heading(page, "Undo the import of bob-tasking.ics?")  # asked first, with what it removes
    expect(page.get_by_text("Undoing removes the 4 meeting copies this import holds.")).to_be_visible()
    page.get_by_role("button", name="Undo the import").click()
    heading(page, "Import history")
    expect(page.get_by_text("Import of bob-tasking.ics undone: 4 meeting copies removed.")).to_be_visible()
    expect(page.locator("table").first.get_by_role("row").filter(has_text="bob-tasking.ics")).to_have_count(0)
    undone = row(page, "bob-tasking.ics", page.locator("#undone"))
    assert cells(undone)[1:5] == ["bob-tasking.ics", "bob@nhs.net", nhs, "4"]

    undone.get_by_role("button", name="Restore import of bob-tasking.ics").click()  # changed our mind
    heading(page, "Import history")
    expect(page.get_by_text("Import of bob-tasking.ics restored.")).to_be_visible()
    expect(page.locator("#undone")).to_have_count(0)
    assert cells(row(page, "bob-tasking.ics"))[1:8] == [
        "bob-tasking.ics",
        f"bob@nhs.net\nimported by {nhs}",
        "4",
        "4",
        "0",
        "4",
        "3",
    ]


def test_browser_a_preview_that_reads_for_long_says_what_it_is_doing(page_for, tmp_path):
    """The preview reads every event before its page comes back: meanwhile the owners page says so."""
    page = page_for("manager")
    calendar = tmp_path / "bob.ics"
    calendar.write_bytes((E2E / "bob-google.ics").read_bytes())
    nav(page, "Upload")
    page.get_by_label("Calendar files").set_input_files(str(calendar))
    page.get_by_role("button", name="Continue").click()
    heading(page, "Whose calendar is each file?")
    status = page.get_by_role("status").filter(has_text="Reading every event")
    expect(status).to_be_hidden()
    # The heading shows before the page's script at its end has run; wait for it, or the click can come first
    # and nothing is there to say anything (seen once in CI).
    page.wait_for_load_state("load")
    # Keep the form from leaving, as a million-line file's long read would keep the page waiting: what the
    # page shows meanwhile stays in view. (Added after the page's own handler, so that one runs first.)
    page.evaluate("document.querySelector('form[data-busy]').addEventListener('submit', e => e.preventDefault())")
    page.get_by_role("button", name="Preview the import").click()
    expect(status).to_be_visible()
    expect(status).to_contain_text("Reading every event to preview the import: a large calendar can take a minute…")
    shot(page, "upload-reading")


def test_browser_manager_attributes_from_the_review_queue(page_for):
    """Issue 21: one chooser for the ticked series, not a drop-down a row; why the choices are what they are is
    said at the top; "Make a rule" is in view, not clipped."""
    page = page_for("manager")
    nav(page, "Review")
    heading(page, "Review meetings")
    heading(page, "1 unattributed series", level=2)
    intro = page.get_by_text("you can make one only for the partnership you lead (Community Safety Partnership)")
    queue = page.locator("#queue")
    assert intro.bounding_box()["y"] < queue.bounding_box()["y"]  # the explanation comes before the list
    budget = row(page, "Budget 1:1", queue)
    assert cells(budget)[:5] == ["Budget 1:1", "Alice Adams", "1", "1:00", "last 6 Mar 2025"]
    expect(queue.locator("select")).to_have_count(0)  # no drop-down in any row
    # The table fits its column: "Make a rule", in the last column, is reachable without scrolling sideways.
    assert queue.evaluate("t => t.parentElement.scrollWidth <= t.parentElement.clientWidth")
    rule = budget.get_by_role("link", name="Make a rule for Budget 1:1")
    rule.scroll_into_view_if_needed()
    expect(rule).to_be_in_viewport()
    box, column = rule.bounding_box(), page.locator("main").bounding_box()
    assert box["x"] + box["width"] <= column["x"] + column["width"]  # not clipped by the page's column
    choice = page.get_by_label("Attribute the ticked series to")
    expect(choice).to_have_value("")  # nothing is chosen for the manager
    budget.get_by_label("Budget 1:1").check()
    page.get_by_role("button", name="Attribute ticked").click()  # a stray save changes nothing
    assert choice.evaluate("el => el.validationMessage"), "the browser asks for a choice"
    expect(page.get_by_text("Saved: the whole series attributed.")).to_have_count(0)
    shot(page, "manager-review", readme=True)
    choice.select_option(label="Community Safety Partnership")
    page.get_by_role("button", name="Attribute ticked").click()
    expect(page.get_by_text("Saved: the whole series attributed.")).to_be_visible()
    heading(page, "0 unattributed series", level=2)
    expect(page.get_by_text("Every meeting is attributed.")).to_be_visible()
    page.get_by_label("Unattributed only").uncheck()
    page.get_by_label("Title contains").fill("budget")
    page.get_by_role("button", name="Filter").click()
    heading(page, "1 series", level=2)
    attributed = row(page, "Budget 1:1", page.locator("#queue"))
    assert cells(attributed)[:6] == [
        "Budget 1:1",
        "Alice Adams",
        "1",
        "1:00",
        "last 6 Mar 2025",
        "Community Safety Partnership\noverride by manager@example.gov.uk",
    ]


def test_browser_lead_manager_records_an_outcome(page_for):
    page = page_for("manager")
    nav(page, "Outcomes")
    heading(page, "Outcomes")
    assert cells(row(page, "Community Safety Partnership")) == ["Community Safety Partnership", "none reported"]
    assert cells(row(page, "Health and Wellbeing Board")) == [
        "Health and Wellbeing Board",
        "Actions completed on time; People supported to stop smoking",
    ]

    page.get_by_role("link", name="Community Safety Partnership").click()
    heading(page, "Community Safety Partnership")
    expect(page.get_by_text("No measures yet.")).to_be_visible()
    expect(page.get_by_text("No outcomes reported: it can say how often it met")).to_be_visible()
    page.get_by_label("Measure", exact=True).fill("Repeat victims of domestic abuse")
    page.get_by_label("Unit", exact=True).fill("people")
    page.get_by_label("Target").fill("40")
    page.get_by_label("Better is").select_option(label="Lower")
    page.get_by_role("button", name="Add measure").click()
    expect(page.get_by_text("Measure added.")).to_be_visible()
    measure = row(page, "Repeat victims of domestic abuse")
    assert cells(measure) == [
        "Repeat victims of domestic abuse",
        "Is anyone better off?",  # the first kind offered: results before activity
        "people",
        "–",
        "40",
        "lower",
        "–",  # no value of one unit stated
    ]

    fill_date(page, "Period start", "2025-01-01")
    fill_date(page, "Period end", "2025-03-31")
    page.get_by_label("Value", exact=True).fill("35")
    page.get_by_label("Evidence and notes").fill("MARAC quarterly data")
    page.get_by_role("button", name="Record value").click()
    expect(page.get_by_text("Value recorded.")).to_be_visible()
    heading(page, "Reported values", level=2)
    value = row(page, "MARAC quarterly data")
    assert cells(value) == [
        "Repeat victims of domestic abuse",
        "1 Jan 2025 – 31 Mar 2025",
        "35 people",
        "MARAC quarterly data",
        "manager@example.gov.uk",
    ]
    expect(page.get_by_text("No outcomes reported")).to_have_count(0)
    shot(page, "outcomes")


def test_browser_director_reads_the_dashboard(page_for, live_server):
    page = page_for("director")
    page.goto(f"{live_server}/dashboard?{MARCH}")
    heading(page, "Partnership dashboard")
    expect(page.get_by_text("1 Mar 2025 to 31 Mar 2025")).to_be_visible()
    assert terms(page) == {
        "Cost": "£1,470",  # 28 hours at £52.50 (tests/web/test_dashboard_figures.py), in whole pounds
        "Meeting hours": "28:00",
        "Partnerships": "2",
        "Senior staff involved": "3 of 3",
    }
    expect(page.locator("#cost-basis")).to_contain_text("Costs are at standard rates")
    expect(page.get_by_role("button", name="Show costs at actual pay")).to_have_count(0)  # no way to actual pay
    answer = page.locator("#answer tbody tr")
    assert [[t.strip() for t in r.locator("th, td").all_inner_texts()] for r in answer.all()] == [
        # 23.5 h x £52.50; £1,233.75 over March's share of the quarter's 240 people (240 x 31 / 90)
        ["Health and Wellbeing Board", "£1,233.75", "23:30", "People supported to stop smoking: 240 people, "
         "target 200, met", "£14.92 per person", "–"],
        ["Community Safety Partnership Reports nothing", "£236.25", "4:30", "No results reported", "–", "–"],
    ]  # fmt: skip
    shot(page, "dashboard")

    page.get_by_role("link", name="Cost against results, and money governed").click()
    heading(page, "Cost against results")
    charts_drawn(page, ["chart-results"])
    expect(page.locator("#chart-results .scatterlayer .point")).to_have_count(1)  # one circle; names in the table
    results = page.locator("#results-table")
    assert cells(row(page, "Health and Wellbeing Board", results))[:6] == [
        "Health and Wellbeing Board",
        "5",
        "£1,233.75",
        "–",  # it governs no recorded money
        "Reports who is better off",
        "50% of 2",
    ]
    csp = row(page, "Community Safety Partnership", results)
    assert cells(csp)[:6] == ["Community Safety Partnership", "2", "£236.25", "–", "Reports nothing", "–"]  # 4.5 h
    expect(csp.get_by_text("No outcomes reported")).to_be_visible()

    page.get_by_role("link", name="Cost by partnership, with the boards below each").click()
    heading(page, "Cost by partnership")
    charts_drawn(page, ["chart-partnerships"])
    expect(page.locator("#chart-partnerships")).to_contain_text("Borough Strategic Partnership")  # the bar's label
    page.get_by_text("Show the figures as a table").first.click()
    tree = page.locator("#chart-partnerships-title").locator("..").locator("table")
    assert cells(row(page, "Borough Strategic Partnership", tree)) == [
        "Borough Strategic Partnership (2 below)",
        "0",
        "28:00",
        "£1,470.00",
    ]
    tree.get_by_role("link", name="Borough Strategic Partnership").click()
    heading(page, "Cost by partnership: within Borough Strategic Partnership")
    charts_drawn(page, ["chart-partnerships"])
    page.get_by_text("Show the figures as a table").first.click()
    tree = page.locator("#chart-partnerships-title").locator("..").locator("table")
    hwb = row(page, "Health and Wellbeing Board", tree)
    assert cells(hwb) == ["Health and Wellbeing Board", "5", "23:30", "£1,233.75"]
    assert cells(row(page, "Community Safety Partnership", tree))[:3] == ["Community Safety Partnership", "2", "4:30"]
    expect(page.get_by_role("link", name="Back to all partnerships")).to_be_visible()

    tree.get_by_role("link", name="Health and Wellbeing Board").click()
    heading(page, "Health and Wellbeing Board")
    expect(page.get_by_text("Improve health and reduce inequalities")).to_be_visible()
    assert terms(page) == {"Meetings": "5", "Hours": "23:30", "Cost": "£1,233.75", "People attending": "3"}
    charts_drawn(page, ["chart-months", "chart-calendar"])
    heading(page, "Who attends", level=2)
    attendees = page.get_by_role("heading", name="Who attends").locator("xpath=following-sibling::div[1]//table")
    assert [t.strip() for t in attendees.locator("thead th").all_inner_texts()] == [
        "Person",
        "Organisation",
        "Meetings",
        "Hours",
    ]  # no cost column: a director never sees one person's cost
    assert [cells(r) for r in attendees.locator("tbody tr").all()] == [
        ["Alice Adams", "Borough Council", "5", "9:30"],
        ["Carol Cole", "Police", "4", "8:00"],
        ["Bob Brown", "NHS Trust", "3", "6:00"],
    ]
    shot(page, "partnership")


def test_browser_finance_downloads_a_csv(page_for, live_server):
    page = page_for("finance")
    nav(page, "Downloads")
    heading(page, "Downloads for finance")
    fill_date(page, "From", "2025-03-01")
    fill_date(page, "To", "2025-03-31")
    page.get_by_role("button", name="Show", exact=True).click()
    page.wait_for_url(re.compile(r".*/downloads\?from=2025-03-01&to=2025-03-31"))
    # The finance user is Borough Council's: Alice, the council's, at her pay; Bob and Carol at standard rates.
    expect(page.locator("#cost-basis")).to_contain_text(f"Costs are at {OWN_WORDS}")
    assert date_typed(page, "From") == "2025-03-01"
    for kind in ("Partnerships", "People", "Meetings"):
        link = page.get_by_role("link", name=f"{kind} (CSV)")
        expect(link).to_have_attribute("href", f"/downloads/{kind.lower()}.csv?from=2025-03-01&to=2025-03-31")
    shot(page, "downloads")
    with page.expect_download() as info:
        page.get_by_role("link", name="Partnerships (CSV)").click()
    assert info.value.suggested_filename == "partnerships-2025-03-01-to-2025-03-31-own-pay.csv"
    content = info.value.path().read_text(encoding="utf-8")
    assert content.startswith(
        "\ufeffpartnership,parent,meetings,attendances,hours,cost,uncosted_attendances,cost_basis"
    )
    # tests/web/test_dashboard_figures.py: HWB_OWN and CSP_OWN, worked by hand.
    assert f'Health and Wellbeing Board,Borough Strategic Partnership,5,12,23:30:00,1205.48,0,"{OWN_WORDS}"' in content
    assert f'Community Safety Partnership,Borough Strategic Partnership,2,3,4:30:00,228.74,0,"{OWN_WORDS}"' in content
    # The workbook beside them: the same rows as numbers, named the same way.
    with page.expect_download() as info:
        page.get_by_role("link", name="Finance workbook (.xlsx)").click()
    assert info.value.suggested_filename == "finance-workbook-2025-03-01-to-2025-03-31-own-pay.xlsx"
    partnerships = sheets(info.value.path().read_bytes(), cached=True)["Partnerships"]
    assert [row[5] for row in partnerships[1:]] == [1205.48, 228.74, 1434.22]  # the total: the two rows' sum

    # What a director would be given: the same file at standard rates, after one switch, on the same page.
    page.get_by_role("button", name="Show costs at standard rates").click()
    page.wait_for_url(re.compile(r".*/downloads\?from=2025-03-01&to=2025-03-31"))
    expect(page.locator("#cost-basis")).to_contain_text("Costs are at standard rates")
    with page.expect_download() as info:
        page.get_by_role("link", name="Partnerships (CSV)").click()
    assert info.value.suggested_filename == "partnerships-2025-03-01-to-2025-03-31-standard.csv"
    content = info.value.path().read_text(encoding="utf-8")
    assert "Health and Wellbeing Board,Borough Strategic Partnership,5,12,23:30:00,1233.75,0,standard" in content
    page.get_by_role("button", name=f"Show costs at {OWN_WORDS}").click()
    expect(page.locator("#cost-basis")).to_contain_text(f"Costs are at {OWN_WORDS}")


def test_browser_keyboard_user_can_skip_to_content_and_sign_out(page_for, live_server):
    page = page_for("admin")
    heading(page, "What our partnerships cost, and what they achieve")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    page.goto(f"{live_server}/admin/settings")
    heading(page, "Settings")
    expect(page.get_by_text("Productive hours a year (full time) are now 1,670.29")).to_be_visible()
    assert page.get_by_label("Full-time hours a week").input_value() == "37"
    assert page.get_by_label("Months meeting titles and attendee lists are kept").input_value() == "24"
    expect(page.get_by_label("Count meetings a person declined")).not_to_be_checked()
    shot(page, "settings")

    page.goto(f"{live_server}/registers/staff")
    heading(page, "Staff register")
    staff = page.locator("table").last
    # The host's administrator keeps the register but sees no one's pay: each organisation's finance does.
    assert [cells(r) for r in staff.locator("tbody tr").all()] == [
        ["Alice Adams", "alice@council.gov.uk", "Director of Public Health", "Borough Council", "D1", "1",
         "Borough Council's pay: seen by Borough Council's finance"],
        ["Bob Brown", "bob@nhs.net", "Chief Operating Officer", "NHS Trust", "VSM", "1",
         "NHS Trust's pay: seen by NHS Trust's finance"],
        ["Carol Cole", "carol@police.uk", "Chief Superintendent", "Police", "CS", "1",
         "Police's pay: seen by Police's finance"],
    ]  # fmt: skip
    expect(page.get_by_role("link", name="Add a person")).to_be_visible()
    shot(page, "registers")

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    heading(page, "Sign in")
    expect(page.get_by_role("navigation", name="Main")).to_have_count(0)
    page.goto(f"{live_server}/registers/staff")
    heading(page, "Sign in")  # signed out means signed out
