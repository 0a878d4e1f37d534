"""axe-core (vendored: tests/browser/vendor) on every page each role can open, in Chromium: no violation of
serious or critical impact; and no page scrolls sideways on a 320-pixel screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import shot
from tests.browser.test_journeys import MARCH

AXE = Path(__file__).parent / "vendor" / "axe-4.14.1.min.js"
PAGES = {
    "manager": ["/", "/upload", "/imports", "/review", "/review/changes", "/review/rules", "/outcomes", "/outcomes/3",
                "/map", "/hats", "/proposals", "/proposals/new", "/library", "/library/new", "/definitions",
                "/partnerships/2", "/people/1"],
    "director": ["/", "/dashboard", "/map", "/hats", "/scenarios", "/proposals", "/library", "/outcomes",
                 "/definitions", "/partnerships/2", "/people/1", "/partnerships", "/dashboard/results",
                 "/dashboard/tree", "/dashboard/totals", "/dashboard/hats"],
    "finance": ["/", "/dashboard", "/downloads", "/registers/staff", "/registers/staff/1", "/registers/partnerships",
                "/registers/partnerships/2", "/registers/grades", "/registers/rates", "/registers/oncosts",
                "/registers/funding", "/registers/comparators", "/scenarios", "/map", "/hats"],
    "admin": ["/admin/users", "/admin/settings", "/admin/audit", "/registers/partnerships/new",
              "/registers/staff/new", "/review", "/review/rules"],
}  # fmt: skip


def _signed_in(browser, live_server, role: str, width: int):
    from tests.web_fixtures import PASSWORD, email

    context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB", bypass_csp=True)
    page = context.new_page()
    page.goto(f"{live_server}/login")
    page.get_by_label("Email address").fill(email(role))
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server}/")
    return context, page


def _visit(page, live_server, path: str) -> None:
    page.goto(f"{live_server}{path}{'?' + MARCH if path != '/' else ''}")
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("role", list(PAGES))
def test_no_serious_accessibility_violations(browser, live_server, role):
    context, page = _signed_in(browser, live_server, role, 1280)
    found = []
    for path in PAGES[role]:
        _visit(page, live_server, path)
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".filter(v => ['serious', 'critical'].includes(v.impact))"
            ".map(v => `${v.id} (${v.impact}): ${v.nodes.length} on ${v.nodes[0].target.join(' ')}`)"
        )
        found.extend(f"{role} {path}: {v}" for v in violations)
    context.close()
    assert not found, "\n".join(found)


def test_clicking_plain_text_does_not_highlight_the_page(page_for, live_server):
    page = page_for("director")
    page.goto(f"{live_server}/definitions")
    page.locator("main p").first.click()
    page.locator("main").focus()  # what a skip link does
    background = page.evaluate("getComputedStyle(document.querySelector('main')).backgroundColor")
    assert background in ("rgba(0, 0, 0, 0)", "transparent"), background
    page.keyboard.press("Tab")  # a link still shows the focus colour (past any table that scrolls sideways)
    while page.evaluate("document.activeElement.tagName") != "A":
        page.keyboard.press("Tab")
    focused = page.evaluate("getComputedStyle(document.activeElement).backgroundColor")
    assert focused == "rgb(255, 221, 0)", focused


@pytest.mark.parametrize("role", list(PAGES))
def test_no_page_scrolls_sideways_at_320_pixels(browser, live_server, role):
    """Tables scroll inside their own box, charts resize, forms wrap: the page itself is never wider."""
    context, page = _signed_in(browser, live_server, role, 320)
    wide = []
    for path in PAGES[role]:
        _visit(page, live_server, path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            wide.append(f"{path}: {width} px")
    shot(page, f"narrow-{role}")
    context.close()
    assert not wide, "\n".join(wide)
