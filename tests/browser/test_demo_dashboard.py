"""In Chromium, on the demo organisation: the top of the dashboard lists the ten costliest partnerships with
the partnership export's figures, for each role that sees the dashboard (directors, finance, administrators),
at that role's cost basis."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from tests.browser.conftest import ARGS, CHROMIUM, require_browser, serve, shot
from tests.conftest import run

PERIOD = {"from": "2026-04-01", "to": "2026-11-22"}


@pytest.fixture
def demo_server(demo):
    require_browser()
    demo.config["WTF_CSRF_ENABLED"] = True
    yield from serve(demo)


# On the demo, the administrator belongs to no partner organisation: it sees no one's pay, so reads standard
# rates as a director does. The finance officer works for the Borough Council: its staff at their pay and
# everyone else at standard rates, which no export is at, so it is set against the export once switched to
# what directors see, with the switch the banner offers.
@pytest.mark.parametrize(("role", "basis"), [("director", "standard"), ("finance", "standard"), ("admin", "standard")])
def test_the_answer_in_the_browser_is_costliest_first_with_the_exports_figures(demo_server, demo_runner, role, basis):
    from playwright.sync_api import expect, sync_playwright

    out = run(demo_runner, "export", "partnerships", "--from", PERIOD["from"], "--to", PERIOD["to"], "--basis", basis)
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    top = sorted(rows, key=lambda r: (-Decimal(r["cost"] or 0), r["partnership"]))[:10]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB").new_page()
        _sign_in(page, demo_server, role)
        page.goto(f"{demo_server}/dashboard?from={PERIOD['from']}&to={PERIOD['to']}")
        if role == "finance":
            banner = page.locator("#cost-basis")
            expect(banner).to_contain_text("actual pay for Borough Council staff, standard rates for everyone else")
            banner.get_by_role("button", name="Show costs at standard rates").click()
            expect(banner).to_contain_text("Costs are at standard rates")
        expect(page.get_by_text("What each partnership cost, and what it achieved")).to_be_visible()
        table = page.locator("#answer")
        seen = [
            [r.locator("th").inner_text().strip(), *(c.strip() for c in r.locator("td").all_inner_texts())]
            for r in table.locator("tbody tr").all()[:10]
        ]
        assert [s[0].split("\n")[0].strip() for s in seen] == [r["partnership"] for r in top]
        for cells, row in zip(seen, top, strict=True):
            name, cost, hours = cells[:3]
            assert hours == f"{Decimal(row['hours']):,.1f}", name
            assert cost == f"£{Decimal(row['cost']):,.2f}", name
        browser.close()


def _sign_in(page, server: str, role: str) -> None:
    page.goto(f"{server}/login")
    page.get_by_label("Email address").fill(f"{role}@demo.example")
    page.get_by_label("Password", exact=True).fill(f"demo-{role}-pass")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{server}/")


# The walk-through measured the old dashboard at 24,156 px tall at 1366 px (46,154 at 390 px), ready
# about 4 s after sign-in; the answer must fit 4,000 px at 1366, and at 390 px show each partnership's name,
# cost and result with nothing scrolling sideways. How soon it is ready is measured, not asserted (a timed test
# fails on a slow machine and passes a slow page on a fast one): benchmarks/bench_pages.py times the dashboard
# against a baseline page in the same run.
@pytest.mark.parametrize(("width", "tallest"), [(1366, 4000), (390, None)])
def test_the_dashboard_is_one_screen_of_answer_at_desktop_and_fits_a_phone(demo_server, width, tallest):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB").new_page()
        _sign_in(page, demo_server, "director")
        page.goto(f"{demo_server}/dashboard?from={PERIOD['from']}&to={PERIOD['to']}", wait_until="load")
        height = page.evaluate("document.documentElement.scrollHeight")
        if tallest is not None:
            assert height <= tallest, f"{height} px tall at {width} px"
        sideways = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert sideways <= 0, f"the page scrolls {sideways} px sideways at {width} px"
        # Each row's name, cost and result lie inside the screen: no cell is cut off to the right.
        rows = page.locator("#answer tbody tr")
        assert rows.count() >= 60
        first = rows.first
        for cell in (first.locator("th"), first.locator("td[data-label=Cost]"), first.locator("td[data-label=Result]")):
            box = cell.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, box
        shot(page, "director-dashboard" if width == 1366 else f"director-dashboard-{width}", readme=True)
        browser.close()
