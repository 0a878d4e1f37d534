"""The main journeys, clicked through in a real browser, one role at a time."""

from __future__ import annotations

import re

from tests.browser.conftest import shot
from tests.tracker.test_end_to_end import E2E

MARCH = "from=2025-03-01&to=2025-03-31"


def nav(page, name: str) -> None:
    """Follow a link in the main navigation."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True).click()


def test_browser_manager_uploads_with_preview_and_confirm(page_for, live_server, tmp_path):
    page = page_for("manager")
    calendar = tmp_path / "bob-tasking.ics"
    calendar.write_bytes(
        (E2E / "bob-google.ics")
        .read_bytes()
        .replace(b"Health and Wellbeing Board", b"Community safety tasking")
        .replace(b"00000000hwb", b"00000000tasking")
    )
    nav(page, "Upload")
    shot(page, "upload")
    page.get_by_label("Calendar files").set_input_files(str(calendar))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r".*/upload/[0-9a-f]+$"))
    owner = page.get_by_label("Owner of bob-tasking.ics")
    assert owner.input_value() == "bob@nhs.net"  # suggested from the file
    page.get_by_role("button", name="Preview the import").click()
    page.get_by_role("heading", name="Check what will be imported").wait_for()
    assert page.get_by_text("keyword 'community safety' in the title").first.is_visible()
    replaced = "4 meetings from earlier imports of bob@nhs.net's calendar are not in this file"
    assert page.get_by_text(replaced).is_visible()
    shot(page, "upload-preview")
    page.get_by_role("button", name="Confirm and import").click()
    page.get_by_role("heading", name="Import complete").wait_for()
    assert "New, updated, unchanged, removed" in page.content()
    shot(page, "upload-result")
    page.get_by_role("link", name="Import history").click()
    assert page.get_by_role("cell", name="bob-tasking.ics", exact=True).is_visible()


def test_browser_manager_attributes_from_the_review_queue(page_for):
    page = page_for("manager")
    nav(page, "Review")
    row = page.get_by_role("row").filter(has_text="Budget 1:1")
    row.get_by_label("Partnership", exact=True).select_option(label="Community Safety Partnership")
    shot(page, "review")
    row.get_by_role("button", name="Save for Budget 1:1").click()
    page.get_by_text("Saved: the whole series attributed.").wait_for()
    attributed = page.get_by_role("row").filter(has_text="Budget 1:1")
    assert "override by manager@example.gov.uk" in attributed.first.inner_text()


def test_browser_lead_manager_records_an_outcome(page_for):
    page = page_for("manager")
    nav(page, "Outcomes")
    page.get_by_role("link", name="Community Safety Partnership").click()
    page.get_by_label("Measure", exact=True).fill("Repeat victims of domestic abuse")
    page.get_by_label("Unit").fill("people")
    page.get_by_label("Target").fill("40")
    page.get_by_label("Better is").select_option(label="Lower")
    page.get_by_role("button", name="Add measure").click()
    page.get_by_text("Measure added.").wait_for()
    page.get_by_label("Period start").fill("2025-01-01")
    page.get_by_label("Period end").fill("2025-03-31")
    page.get_by_label("Value").fill("35")
    page.get_by_label("Evidence and notes").fill("MARAC quarterly data")
    page.get_by_role("button", name="Record value").click()
    page.get_by_text("Value recorded.").wait_for()
    assert page.get_by_role("cell", name="MARAC quarterly data").is_visible()
    shot(page, "outcomes")


def test_browser_director_reads_the_dashboard(page_for, live_server):
    page = page_for("director")
    page.goto(f"{live_server}/dashboard?{MARCH}")
    page.locator("#chart-results .main-svg").first.wait_for()
    assert page.locator(".chart__plot .main-svg").count() >= 5  # every chart drew
    assert page.get_by_text("No outcomes reported").first.is_visible()
    shot(page, "dashboard")
    page.get_by_text("Show the figures as a table").first.click()
    page.get_by_role("link", name="Borough Strategic Partnership").first.click()
    page.get_by_role("heading", name=re.compile("within Borough Strategic Partnership")).wait_for()
    page.get_by_role("link", name="Health and Wellbeing Board").first.click()
    page.get_by_role("heading", name="Health and Wellbeing Board", exact=True).wait_for()
    shot(page, "partnership")
    assert page.get_by_role("heading", name="Who attends").is_visible()


def test_browser_finance_downloads_a_csv(page_for, live_server):
    page = page_for("finance")
    nav(page, "Downloads")
    page.get_by_label("From").fill("2025-03-01")
    page.get_by_label("To").fill("2025-03-31")
    page.get_by_role("button", name="Show").click()
    shot(page, "downloads")
    with page.expect_download() as info:
        page.get_by_role("link", name="Partnerships (CSV)").click()
    content = info.value.path().read_text(encoding="utf-8")
    assert content.startswith("\ufeffpartnership,parent,meetings,attendances,hours,cost")
    assert "Health and Wellbeing Board,Borough Strategic Partnership,5,12,23.50" in content


def test_browser_keyboard_user_can_skip_to_content_and_sign_out(page_for, live_server):
    page = page_for("admin")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.goto(f"{live_server}/admin/settings")
    shot(page, "settings")
    page.goto(f"{live_server}/registers/staff")
    shot(page, "registers")
    page.get_by_role("button", name="Sign out").click()
    page.get_by_text("You have signed out.").wait_for()
