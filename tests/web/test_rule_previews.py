"""A title rule shows what it would move, per partnership, before it is saved; a lead's rule that takes meetings
from another partnership waits for an administrator.

Once, a lead's rule "meeting" moved 6 -> 4,327 meetings, taking them from five other partnerships, unseen.

The scenario (tests/tracker/test_end_to_end.py), over all time (it is all March 2025):
- Health and Wellbeing Board (HWB, register row 2, priority 10): 5 meetings, 23.5 hours;
- Community Safety Partnership (CSP, row 3, priority 10, led by the manager): 2 meetings, 4.5 hours: the
  board on the 5th (Carol 2 h, Alice 1.5 h of her double-booked afternoon = 3.5 h) and Carol's tasking (1 h);
- no partnership: Alice's "Budget 1:1" (1 meeting, 1 hour).
A CSP rule "Budget 1:1" moves the 1:1 from no partnership to the CSP: 2 -> 3 meetings, 4.5 -> 5.5 hours
(4:30 -> 5:30 as a page writes them; 4:30:00 -> 5:30:00 in the JSON answer).
An HWB rule "board" catches "Community Safety Partnership board" too, which the CSP's "community safety"
also matches; equal priority and depth, the earlier row (HWB) wins: HWB 5 -> 6 meetings, 23.5 -> 27 hours
(23:30 -> 27:00), CSP 2 -> 1 and 4.5 -> 1 (4:30 -> 1:00). That takes from another partnership.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.rule_fixtures import make_hwb_lead
from tests.web.page import Page
from tests.web.test_attribution_changes import _change_id
from tests.web.test_review_queue import series_key
from tests.web_fixtures import PASSWORD, email
from tracker import db
from tracker.models import Partnership, RuleRequest

HWB, CSP = "Health and Wellbeing Board", "Community Safety Partnership"
COLUMNS = ("Meetings now", "Meetings after", "Meetings gained or lost", "Hours now", "Hours after")


def ids(app) -> dict[str, int]:
    with app.app_context():
        return {p.name: p.id for p in db.get_session().scalars(select(Partnership))}


def keywords(app, name: str) -> str:
    with app.app_context():
        return db.get_session().scalar(select(Partnership.keywords).where(Partnership.name == name)) or ""


def preview(client, title: str, partnership_id: int) -> Page:
    return Page.of(client.post("/review/rule/preview", data={"title": title, "partnership_id": partnership_id}))


def seen(page: Page) -> str:
    (digest,) = re.findall(r'name="seen" value="([0-9a-f]+)"', page.html)
    return digest


def shown(page: Page, heading: str = "Preview a rule") -> dict[str, tuple[str, ...]]:
    """Each partnership's row of the preview: meetings now, after, gained or lost, hours now and after."""
    return {r["Partnership"]: tuple(r[c] for c in COLUMNS) for r in page.table(heading).records()}


def recorded(client, summary: str) -> dict[str, tuple[str, ...]]:
    """The same figures as the change history kept them when the rule was saved."""
    rows = Page.of(client.get("/review/changes")).table(summary).records()
    return {
        r["Partnership"]: (
            r["Meetings before"],
            r["Meetings after"],
            f"{int(r['Meetings after']) - int(r['Meetings before']):+d}".replace("-", "−"),
            r["Hours before"],
            r["Hours after"],
        )
        for r in rows
    }


def own(client, name: str) -> tuple[int, str] | None:
    """A partnership's meetings and hours in March, as finance reads them from the JSON answer."""
    answer = client.get("/api/partnerships", query_string={"from": "2025-03-01", "to": "2025-03-31"}).get_json()
    found = next((p for p in answer["partnerships"] if p["partnership"] == name), None)
    return None if found is None else (found["meetings"], found["hours"])


def test_a_leads_rule_that_takes_nothing_from_others_is_previewed_then_saved_as_shown(web_app, as_role):
    manager, finance = as_role("manager"), as_role("finance")
    csp = ids(web_app)[CSP]
    page = preview(manager, "Budget 1:1", csp)
    expected = {
        CSP: ("2", "3", "+1", "4:30", "5:30"),
        "No partnership": ("1", "0", "−1", "1:00", "0:00"),
    }
    assert shown(page) == expected
    examples = {r["Partnership"]: r["For example"] for r in page.table("Preview a rule").records()}
    assert examples == {CSP: "gains “Budget 1:1”", "No partnership": "loses “Budget 1:1”"}
    assert "Save the rule" in page.html and "Send to an administrator" not in page.html
    assert own(finance, CSP) == (2, "4:30:00") and "Budget 1:1" not in keywords(web_app, CSP)  # nothing kept

    saved = manager.post("/review/rule", data={"title": "Budget 1:1", "partnership_id": csp, "seen": seen(page)})
    assert saved.status_code == 302
    assert "titles containing &#39;Budget 1:1&#39; now go to" in manager.get(saved.headers["Location"]).text
    assert own(finance, CSP) == (3, "5:30:00")
    # What was shown is what saving did, partnership by partnership.
    assert recorded(manager, "Rule: titles containing 'Budget 1:1' go to Community Safety Partnership") == expected


def test_a_leads_rule_that_takes_from_another_partnership_waits_for_an_administrator(web_app, as_role, hwb_lead):
    finance, admin = as_role("finance"), as_role("admin")
    hwb = ids(web_app)[HWB]
    page = preview(hwb_lead, "board", hwb)
    expected = {HWB: ("5", "6", "+1", "23:30", "27:00"), CSP: ("2", "1", "−1", "4:30", "1:00")}
    assert shown(page) == expected
    # The lead works for the NHS Trust, and the CSP board is on no NHS Trust calendar (Bob's holds only the
    # HWB): no title of another organisation's calendars is shown to them.
    assert {r["For example"] for r in page.table("Preview a rule").records()} == {""}
    assert "This rule would take meetings from Community Safety Partnership." in page.html
    assert "Send to an administrator" in page.html

    sent = hwb_lead.post("/review/rule", data={"title": "board", "partnership_id": hwb, "seen": seen(page)})
    assert sent.headers["Location"] == "/review/rules"
    theirs = Page.of(hwb_lead.get("/review/rules"))
    assert "Sent to an administrator: the rule would take meetings from Community Safety Partnership." in theirs.html
    assert "waiting for an administrator" in theirs.html
    assert shown(theirs, "Titles containing ‘board’ to Health and Wellbeing Board") == expected
    assert own(finance, CSP) == (2, "4:30:00") and "board" not in keywords(web_app, HWB)  # nothing moved
    again = hwb_lead.post("/review/rule", data={"title": "board", "partnership_id": hwb, "seen": seen(page)})
    assert again.status_code == 302  # the same rule asked for twice is one request
    with web_app.app_context():
        assert len(db.get_session().scalars(select(RuleRequest)).all()) == 1

    waiting = Page.of(admin.get("/review/rules"))
    assert "Asked for by hwb-lead@example.gov.uk" in waiting.html
    assert shown(waiting, "Titles containing ‘board’ to Health and Wellbeing Board") == expected
    examples = waiting.table("Titles containing ‘board’ to Health and Wellbeing Board").column("For example")
    assert examples == ["gains “Community Safety Partnership board”", "loses “Community Safety Partnership board”"]
    (request_id,) = re.findall(r'action="/review/rules/(\d+)/approve"', waiting.html)
    approved = admin.post(f"/review/rules/{request_id}/approve", data={"seen": seen(waiting)})
    assert approved.status_code == 302
    assert own(finance, CSP) == (1, "1:00:00") and own(finance, HWB) == (6, "27:00:00")
    summary = (
        "Rule: titles containing 'board' go to Health and Wellbeing Board "
        "(asked for by hwb-lead@example.gov.uk, approved by admin@example.gov.uk)"
    )
    assert recorded(admin, summary) == expected  # approved as the administrator saw it
    assert f"approved by {email('admin')}" in Page.of(hwb_lead.get("/review/rules")).html
    assert admin.post(f"/review/rules/{request_id}/approve", data={"seen": seen(waiting)}).status_code == 404

    # Revertible like any rule: the keyword comes off and the board goes back to the CSP.
    assert admin.post(f"/review/changes/{_change_id(admin, summary)}/revert").status_code == 302
    assert own(finance, CSP) == (2, "4:30:00") and "board" not in keywords(web_app, HWB)


def test_an_administrator_refuses_a_waiting_rule_and_nothing_moves(web_app, as_role, hwb_lead):
    finance, admin = as_role("finance"), as_role("admin")
    hwb = ids(web_app)[HWB]
    page = preview(hwb_lead, "board", hwb)
    hwb_lead.post("/review/rule", data={"title": "board", "partnership_id": hwb, "seen": seen(page)})
    (request_id,) = re.findall(r'action="/review/rules/(\d+)/refuse"', admin.get("/review/rules").text)
    assert hwb_lead.post(f"/review/rules/{request_id}/refuse").status_code == 403  # not for the lead to decide
    assert admin.post(f"/review/rules/{request_id}/refuse").status_code == 302
    assert own(finance, CSP) == (2, "4:30:00") and "board" not in keywords(web_app, HWB)
    assert f"refused by {email('admin')}" in Page.of(hwb_lead.get("/review/rules")).html
    assert "No rule is waiting." in admin.get("/review/rules").text


def test_an_administrators_rule_that_takes_from_others_is_saved_after_its_preview(web_app, as_role):
    admin, finance = as_role("admin"), as_role("finance")
    hwb = ids(web_app)[HWB]
    page = preview(admin, "board", hwb)
    assert "This rule would take meetings from Community Safety Partnership." in page.html
    assert "Save the rule" in page.html
    saved = admin.post("/review/rule", data={"title": "board", "partnership_id": hwb, "seen": seen(page)})
    assert saved.status_code == 302 and own(finance, CSP) == (1, "1:00:00")
    assert recorded(admin, "Rule: titles containing 'board' go to Health and Wellbeing Board") == shown(page)


def test_a_rule_is_never_saved_unseen_nor_when_it_would_now_move_something_else(web_app, as_role):
    manager, admin, finance = as_role("manager"), as_role("admin"), as_role("finance")
    csp = ids(web_app)[CSP]
    unseen = manager.post("/review/rule", data={"title": "Budget 1:1", "partnership_id": csp})
    assert unseen.status_code == 400 and "Budget 1:1" not in keywords(web_app, CSP)

    page = preview(manager, "Budget 1:1", csp)
    # Meanwhile an administrator sends the 1:1 to the Borough Strategic Partnership by hand: a correction
    # beats any rule, so the rule would now move nothing.
    review = Page.of(admin.get("/review"))
    series = series_key(review, "1 unattributed series", "Budget 1:1")
    bsp = review.option_value("ticked-partnership", "Borough Strategic Partnership")
    admin.post("/review/attribute", data={"series_key": series, "partnership_id": bsp})
    late = Page.of(
        manager.post("/review/rule", data={"title": "Budget 1:1", "partnership_id": csp, "seen": seen(page)})
    )
    assert "Nothing was saved" in late.html
    assert "It would move no meeting held so far" in late.html
    assert "Budget 1:1" not in keywords(web_app, CSP) and own(finance, CSP) == (2, "4:30:00")


def test_a_lead_previews_rules_only_for_the_partnerships_they_lead(web_app, as_role):
    manager = as_role("manager")
    hwb = ids(web_app)[HWB]
    refused = manager.post("/review/rule/preview", data={"title": "Budget 1:1", "partnership_id": hwb})
    assert refused.status_code == 403
    forged = manager.post("/review/rule", data={"title": "Budget 1:1", "partnership_id": hwb, "seen": "0" * 32})
    assert forged.status_code == 403
    assert "Budget 1:1" not in keywords(web_app, HWB)
    choices = preview(manager, "Budget 1:1", ids(web_app)[CSP]).options["rule-partnership"]
    assert [label for _, label, _ in choices] == [CSP]


@pytest.fixture
def hwb_lead(web_app):
    """A second manager, of the NHS Trust (Bob's employer), who leads the Health and Wellbeing Board, signed in."""
    client = web_app.test_client()
    lead = make_hwb_lead(web_app, organisation="NHS Trust")
    assert client.post("/login", data={"email": lead, "password": PASSWORD}).status_code == 302
    return client


def test_the_reported_meeting_rule_on_the_demo_is_shown_and_held_for_an_administrator(demo_copy):
    """The report: the CSP lead's rule "meeting" took the CSP from 6 meetings to thousands, emptying five other
    partnerships, unseen. Now the lead sees it first, and it waits for an administrator."""
    lead = demo_copy.test_client()
    lead.post("/login", data={"email": "manager@demo.example", "password": "demo-manager-pass"})
    csp = ids(demo_copy)[CSP]
    page = preview(lead, "meeting", csp)
    rows = {r["Partnership"]: r for r in page.table("Preview a rule").records()}
    # 4,909: each person's own "Team meeting" (and other meetings of their own) in an Outlook CSV is a
    # meeting apart, no longer joined to another's of the same title and time (issue 20; it was 4,360)
    assert (rows[CSP]["Meetings now"], rows[CSP]["Meetings after"]) == ("6", "4,909")
    emptied = {name for name, r in rows.items() if r["Meetings after"] == "0" and name != "No partnership"}
    assert emptied == {
        "Borough Strategic Partnership",
        "Children's Trust Board",
        "Housing and Homelessness Partnership",
        "Climate Emergency Partnership",
        "Anti-Poverty Alliance",
    }
    assert "Send to an administrator" in page.html and "Save the rule" not in page.html
    sent = lead.post("/review/rule", data={"title": "meeting", "partnership_id": csp, "seen": seen(page)})
    assert sent.headers["Location"] == "/review/rules"
    assert "meeting" not in keywords(demo_copy, CSP).lower().split(";")
    again = preview(lead, "meeting", csp)
    assert {r["Partnership"]: r["Meetings now"] for r in again.table("Preview a rule").records()}[CSP] == "6"
