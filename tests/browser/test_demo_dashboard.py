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
def test_the_costliest_ten_in_the_browser_are_the_exports_top_ten(demo_server, demo_runner, role, basis):
    from playwright.sync_api import expect, sync_playwright

    out = run(demo_runner, "export", "partnerships", "--from", PERIOD["from"], "--to", PERIOD["to"], "--basis", basis)
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    top = sorted(rows, key=lambda r: (-Decimal(r["cost"] or 0), r["partnership"]))[:10]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB").new_page()
        page.goto(f"{demo_server}/login")
        page.get_by_label("Email address").fill(f"{role}@demo.example")
        page.get_by_label("Password", exact=True).fill(f"demo-{role}-pass")
        page.get_by_role("button", name="Sign in").click()
        page.goto(f"{demo_server}/dashboard?from={PERIOD['from']}&to={PERIOD['to']}")
        if role == "finance":
            banner = page.locator("#cost-basis")
            expect(banner).to_contain_text("actual pay for Borough Council staff, standard rates for everyone else")
            banner.get_by_role("button", name="Show costs at standard rates").click()
            expect(banner).to_contain_text("Costs are at standard rates")
        expect(page.get_by_role("heading", name="The 10 costliest partnerships")).to_be_visible()
        table = page.locator("#costliest")
        seen = [[c.strip() for c in r.locator("td").all_inner_texts()] for r in table.locator("tbody tr").all()]
        assert [s[0] for s in seen] == [r["partnership"] for r in top]
        for cells, row in zip(seen, top, strict=True):
            name, _parent, meetings, hours, cost, people, _results = cells
            assert (meetings, hours) == (row["meetings"], f"{Decimal(row['hours']):,.1f}"), name
            assert cost == f"£{Decimal(row['cost']):,.2f}" or (role == "director" and cost.startswith("hidden")), name
        if role == "director":
            page.wait_for_function("document.querySelectorAll('.app-chart__plot .main-svg').length > 0")
            shot(page, "director-dashboard", readme=True)
        browser.close()
