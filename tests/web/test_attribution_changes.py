"""Every rule and correction is recorded with what it moved, and can be reverted.

The scenario (tests/web/test_dashboard_figures.py): Alice's "Budget 1:1" (6 March 2025, 09:00-10:00, in
her calendar only) is attributed to no partnership; the Borough Strategic Partnership has no meetings of
its own. Sending the series there moves one meeting and Alice's hour (A1: £47.49) into it.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from markupsafe import escape

from tests.conftest import run
from tests.rule_fixtures import make_rule
from tests.tracker.test_end_to_end import A1, E2E
from tests.web.page import Page
from tests.web.test_dashboard_figures import MARCH, hours, pounds


def _budget_series(manager) -> tuple[str, str]:
    review = Page.of(manager.get("/review"))
    link = review.table("1 unattributed series").row("Budget 1:1")[-1].links[0]  # "Meetings": the series opened
    bsp = review.option_value("ticked-partnership", "Borough Strategic Partnership")
    return parse_qs(urlsplit(link).query)["series"][0], bsp


def _bsp_own(client) -> dict | None:
    answer = client.get("/api/partnerships", query_string=MARCH).get_json()
    return next((p for p in answer["partnerships"] if p["partnership"] == "Borough Strategic Partnership"), None)


def _change_id(client, summary: str) -> int:
    """The id of the newest change listed under ``summary``, from its Revert form (or its section)."""
    html = client.get("/review/changes").get_data(as_text=True)
    heading = html.index(f">{escape(summary)}</h2>")
    section = html[html.rindex('id="change-', 0, heading) :]
    return int(re.match(r'id="change-(\d+)"', section).group(1))


def test_a_correction_is_recorded_with_what_it_moved_and_can_be_reverted(as_role):
    manager, admin, finance = as_role("manager"), as_role("admin"), as_role("finance")
    series, bsp = _budget_series(manager)
    assert _bsp_own(finance) is None  # no meetings of its own
    done = manager.post("/review/attribute", data={"series_key": series, "partnership_id": bsp})
    assert done.status_code == 302
    assert _bsp_own(finance)["hours"] == "1:00:00"

    summary = 'Series "Budget 1:1" to Borough Strategic Partnership'
    mine = Page.of(manager.get("/review/changes"))
    moved = mine.table(summary)
    bsp_row = moved.record("Borough Strategic Partnership")
    assert (bsp_row["Meetings before"], bsp_row["Meetings after"]) == ("0", "1")
    assert (bsp_row["Hours before"], bsp_row["Hours after"]) == ("0:00", hours(1))
    assert "Cost before" not in bsp_row  # a manager is not shown pay
    # What no partnership has is counted over the corrected series alone (not every unattributed meeting
    # of the borough, read twice a save): the one "Budget 1:1" meeting of an hour, and then none.
    loose = moved.record("No partnership (of the meetings corrected)")
    assert (loose["Meetings before"], loose["Meetings after"]) == ("1", "0")
    assert (loose["Hours before"], loose["Hours after"]) == (hours(1), "0:00")
    assert "manager@example.gov.uk" in mine.html

    seen = Page.of(admin.get("/review/changes")).table(summary).record("Borough Strategic Partnership")
    # The record sums every organisation's staff: shown at standard rates, Alice's hour at D1's £52.50
    # (at her pay it would be £47.49, which the host's administrator does not see).
    assert (seen["Cost before"], seen["Cost after"]) == ("£0.00", "£52.50") != ("£0.00", pounds(A1))

    change = _change_id(manager, summary)
    assert manager.post(f"/review/changes/{change}/revert").status_code == 302
    assert _bsp_own(finance) is None  # back where the rules put it
    after = Page.of(manager.get("/review/changes"))
    back = after.table(f"Reverted: {summary}").record("Borough Strategic Partnership")
    assert (back["Meetings before"], back["Meetings after"]) == ("1", "0")
    assert f"reverted (change {change + 1})" in after.html
    assert after.html.count(">Revert<") == 0  # neither can be reverted again
    assert manager.post(f"/review/changes/{change}/revert").status_code == 400


def test_a_rule_is_recorded_and_reverting_takes_its_keyword_off_again(as_role):
    admin, manager, finance = as_role("admin"), as_role("manager"), as_role("finance")
    _, bsp = _budget_series(admin)
    assert make_rule(admin, "Budget 1:1", bsp).status_code == 302
    assert _bsp_own(finance)["hours"] == "1:00:00"
    summary = "Rule: titles containing 'Budget 1:1' go to Borough Strategic Partnership"
    page = Page.of(admin.get("/review/changes"))
    assert page.table(summary).record("Borough Strategic Partnership")["Meetings after"] == "1"
    assert summary not in Page.of(manager.get("/review/changes")).html  # a manager sees their own changes
    change = _change_id(admin, summary)
    assert manager.post(f"/review/changes/{change}/revert").status_code == 403  # ...and reverts only those
    assert admin.post(f"/review/changes/{change}/revert").status_code == 302
    assert _bsp_own(finance) is None
    form = Page.of(admin.get(f"/registers/partnerships/{bsp}")).html
    (keywords,) = re.findall(r'name="keywords"[^>]*value="([^"]*)"', form) or re.findall(
        r'value="([^"]*)"[^>]*name="keywords"', form
    )
    assert keywords == "strategic partnership"  # as the register has it


def test_other_roles_cannot_see_or_revert_changes(as_role):
    for role in ("director", "finance"):
        client = as_role(role)
        assert client.get("/review/changes").status_code == 403
        assert client.post("/review/changes/1/revert").status_code == 403


def test_a_register_change_to_the_rules_is_recorded_and_reverted(web_app, runner, as_role, tmp_path):
    admin, finance = as_role("admin"), as_role("finance")
    register = (E2E / "partnerships.csv").read_text()
    changed = tmp_path / "partnerships-budget.csv"
    changed.write_text(
        register.replace(
            "Shared strategy for the borough,Borough Council,strategic partnership,",
            "Shared strategy for the borough,Borough Council,strategic partnership;budget,",
        )
    )
    run(runner, "partnerships", "load", changed)
    assert _bsp_own(finance)["hours"] == "1:00:00"  # Alice's "Budget 1:1" now goes by rule
    page = Page.of(admin.get("/review/changes"))
    summary = "Partnership register loaded from partnerships-budget.csv"
    moved = page.table(summary).record("Borough Strategic Partnership")
    assert (moved["Meetings before"], moved["Meetings after"]) == ("0", "1")
    assert "shell:" in page.html  # who: the account that ran the command

    run(runner, "partnerships", "load", changed)  # the same file again changes no rule: nothing recorded
    assert Page.of(admin.get("/review/changes")).html.count(f">{summary}</h2>") == 1

    assert admin.post(f"/review/changes/{_change_id(admin, summary)}/revert").status_code == 302
    assert _bsp_own(finance) is None
    form = Page.of(admin.get("/registers/partnerships/1")).html
    assert "strategic partnership;budget" not in form and "strategic partnership" in form


def test_review_choices_start_empty_and_a_save_without_one_changes_nothing(web_app, as_role):
    from tests.conftest import every_row

    manager = as_role("manager")
    series, bsp = _budget_series(manager)
    review = Page.of(manager.get("/review"))
    options = review.options["ticked-partnership"]  # the one choice for the ticked series
    assert options[0] == ("", "Choose…", True)  # the first is selected, and it is no partnership
    assert not any(selected for _, _, selected in options[1:])
    before = every_row(web_app, leaving_out=("audit_entry",))
    refused = manager.post("/review/attribute", data={"series_key": series, "partnership_id": ""})
    assert refused.status_code == 302
    assert "before saving: nothing was changed" in Page.of(manager.get(refused.headers["Location"])).html
    assert every_row(web_app, leaving_out=("audit_entry",)) == before


def test_follow_the_rules_again_takes_a_correction_away(as_role):
    manager, finance = as_role("manager"), as_role("finance")
    series, bsp = _budget_series(manager)
    manager.post("/review/attribute", data={"series_key": series, "partnership_id": bsp})
    assert _bsp_own(finance)["hours"] == "1:00:00"
    done = manager.post("/review/attribute", data={"series_key": series, "partnership_id": "rules"})
    assert "the rules decide again" in Page.of(manager.get(done.headers["Location"])).html
    assert _bsp_own(finance) is None  # no rule sends the 1:1 anywhere
    changes = Page.of(manager.get("/review/changes"))
    assert (
        changes.table('Series "Budget 1:1" back to the rules').record("Borough Strategic Partnership")["Meetings after"]
        == "0"
    )
    again = manager.post("/review/attribute", data={"series_key": series, "partnership_id": "rules"})
    assert "It already follows the rules: nothing was changed." in Page.of(manager.get(again.headers["Location"])).html
