"""Connecting a calendar in a real browser: a manager tests a published calendar's address, connects it,
syncs it and sees what it brought, then pauses it. The server is a local one (tests/fetching/servers.py)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import shot
from tests.browser.test_journeys import heading, nav, row
from tests.conftest import run
from tests.fetching.servers import Published, http_server
from tests.tracker.test_sources import hwb
from tracker.services.source_secrets import new_key

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixtures skip (or fail, under REQUIRE_BROWSER) before a test gets here
    expect = None


@pytest.fixture
def agreeing(web_app, runner):
    web_app.config["SOURCES_KEY"] = new_key()
    run(runner, "sources", "agree", "Borough Council")
    run(runner, "settings", "set", "allow_private_sources", "yes")
    return web_app


def test_browser_manager_tests_connects_syncs_and_pauses_a_calendar(agreeing, page_for):
    page = page_for("manager")
    nav(page, "Sources")
    heading(page, "Connected calendars")
    expect(page.get_by_text("No calendars are connected yet.")).to_be_visible()
    with http_server(Published(body=hwb("20260303", "20260310", "20260317"))) as base:
        page.get_by_label("Whose calendar (their email address)").fill("alice@council.gov.uk")
        page.get_by_label("The calendar's address").fill(f"{base}/calendar.ics")
        page.get_by_role("button", name="Test the connection").click()
        expect(page.locator("#connection-test")).to_contain_text("Connected: the calendar holds 3 events")
        expect(page.get_by_label("The calendar's address")).to_have_value(f"{base}/calendar.ics")  # kept
        page.get_by_role("button", name="Connect the calendar").click()
        expect(page.get_by_text("Calendar connected (source 1)")).to_be_visible()
        sources = page.get_by_role("table").filter(has_text="Calendar of")
        expect(row(page, "alice@council.gov.uk", sources)).to_contain_text("Nothing yet")
        page.get_by_role("button", name="Sync now the calendar of alice@council.gov.uk").click()
        expect(row(page, "alice@council.gov.uk", sources)).to_contain_text(
            "3 new, 0 updated, 0 removed, 0 unchanged (1 request)"
        )
        shot(page, "sources-manager")
    page.get_by_role("button", name="Pause the calendar of alice@council.gov.uk").click()
    expect(row(page, "alice@council.gov.uk", sources)).to_contain_text("Paused")
    expect(page.get_by_role("button", name="Resume the calendar of alice@council.gov.uk")).to_be_visible()
