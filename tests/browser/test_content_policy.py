"""Every page works under the Content-Security-Policy, charts included: the browser reports no
violation on any page any role opens (a blocked script or style would leave a chart half drawn)."""

from __future__ import annotations

import pytest

from tests.browser.test_journeys import MARCH, every_chart_drawn

PAGES = {
    "finance": ["/dashboard", "/partnerships/1", "/people/1", "/definitions", "/registers/partnerships"],
    "manager": ["/upload", "/review", "/imports", "/partnerships/1"],
    "director": ["/dashboard", "/people/1"],
}


@pytest.mark.parametrize("role", sorted(PAGES))
def test_no_page_breaks_the_content_policy(page_for, live_server, role):
    page = page_for(role)
    refused: list[str] = []
    page.on(
        "console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None
    )
    for path in PAGES[role]:
        response = page.goto(f"{live_server}{path}?{MARCH}")
        assert response is not None and response.ok, path
        page.wait_for_load_state("networkidle")
    if "/dashboard" in PAGES[role]:  # and its figures' pages, charts drawn
        every_chart_drawn(page, live_server, MARCH)
    assert refused == []
