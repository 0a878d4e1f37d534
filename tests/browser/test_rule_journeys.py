"""A partnership lead's title rule, clicked through: previewed from the review queue, changed to one that takes
a meeting from another partnership, sent to an administrator, who sees what it would move and approves it.

Figures: the e2e scenario of tests/web/test_rule_previews.py (HWB 5 meetings and 23.5 hours, CSP 2 and 4.5).
"""

from __future__ import annotations

import re

from tests.browser.conftest import shot
from tests.browser.test_accessibility import AXE
from tests.browser.test_journeys import cells, heading, nav, row
from tests.rule_fixtures import make_hwb_lead
from tests.web_fixtures import PASSWORD, email

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixtures skip (or fail, under REQUIRE_BROWSER) before a test gets here
    expect = None


def moved(table, partnership: str) -> list[str]:
    """The cells of the row whose first cell is the partnership (an example title may name another)."""
    rows = table.locator("tbody tr").filter(
        has=table.page.locator("td:first-child", has_text=re.compile(f"^{partnership}$"))
    )
    expect(rows).to_have_count(1)
    return cells(rows)


def serious_violations(page) -> list[str]:
    """What axe-core finds serious or critical on the page as it stands."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".filter(v => ['serious', 'critical'].includes(v.impact)).map(v => `${v.id}: ${v.nodes[0].target}`)"
    )


def signed_in(browser, live_server, address: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB", bypass_csp=True)
    page = context.new_page()
    page.goto(f"{live_server}/login")
    page.get_by_label("Email address").fill(address)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server}/")
    return page


def test_browser_a_leads_rule_is_previewed_and_one_that_takes_meetings_is_approved_by_an_administrator(
    web_app, browser, live_server
):
    lead = signed_in(browser, live_server, make_hwb_lead(web_app, organisation="Borough Council"))
    nav(lead, "Review")
    budget = row(lead, "Budget 1:1", lead.locator("#queue"))
    budget.get_by_role("link", name="Make a rule for Budget 1:1").click()
    heading(lead, "Make a rule")
    lead.get_by_label("Partnership for the rule").select_option(label="Health and Wellbeing Board")
    lead.get_by_role("button", name="Preview rule").click()

    heading(lead, "Preview a rule")
    preview = lead.locator("#rule-preview")
    assert moved(preview, "Health and Wellbeing Board") == [
        "Health and Wellbeing Board",
        "5",
        "6",
        "+1",
        "23:30",
        "24:30",
        "+1:00",
        "gains “Budget 1:1”",
    ]
    assert moved(preview, "No partnership")[:7] == ["No partnership", "1", "0", "−1", "1:00", "0:00", "−1:00"]
    expect(lead.get_by_role("button", name="Save the rule")).to_be_visible()  # it takes from no partnership

    lead.get_by_label("Titles containing").fill("board")
    lead.get_by_role("button", name="Preview again").click()
    heading(lead, "Preview a rule")
    assert moved(preview, "Health and Wellbeing Board")[:7] == [
        "Health and Wellbeing Board",
        "5",
        "6",
        "+1",
        "23:30",
        "27:00",
        "+3:30",
    ]
    assert moved(preview, "Community Safety Partnership")[:7] == [
        "Community Safety Partnership",
        "2",
        "1",
        "−1",
        "4:30",
        "1:00",
        "−3:30",
    ]
    expect(lead.get_by_text("This rule would take meetings from Community Safety Partnership.")).to_be_visible()
    assert serious_violations(lead) == []
    shot(lead, "rule-preview-held")
    lead.get_by_role("button", name="Send to an administrator").click()

    heading(lead, "Rules waiting for an administrator")
    expect(
        lead.get_by_text("Sent to an administrator: the rule would take meetings from Community Safety Partnership.")
    ).to_be_visible()
    expect(lead.get_by_text("waiting for an administrator", exact=True)).to_be_visible()

    admin = signed_in(browser, live_server, email("admin"))
    nav(admin, "Review")
    admin.get_by_role("link", name="Rules waiting for an administrator").click()
    heading(admin, "Waiting (1)", level=2)
    request = admin.get_by_role("region", name="Titles containing ‘board’ to Health and Wellbeing Board")
    expect(request.get_by_text("Asked for by hwb-lead@example.gov.uk")).to_be_visible()
    assert moved(request, "Community Safety Partnership") == [
        "Community Safety Partnership",
        "2",
        "1",
        "−1",
        "4:30",
        "1:00",
        "−3:30",
        "loses “Community Safety Partnership board”",
    ]
    assert serious_violations(admin) == []
    shot(admin, "rule-request-waiting")
    request.get_by_role("button", name="Approve ‘board’ to Health and Wellbeing Board").click()
    expect(
        admin.get_by_text("Approved: titles containing 'board' now go to Health and Wellbeing Board.")
    ).to_be_visible()
    expect(admin.get_by_text("No rule is waiting.")).to_be_visible()

    admin.get_by_role("link", name="Changes to attribution").click()
    summary = (
        "Rule: titles containing 'board' go to Health and Wellbeing Board "
        "(asked for by hwb-lead@example.gov.uk, approved by admin@example.gov.uk)"
    )
    heading(admin, summary, level=2)
    lead.reload()
    expect(lead.get_by_text("approved by admin@example.gov.uk", exact=False)).to_be_visible()
