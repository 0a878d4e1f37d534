"""Who did what, and when: changes, sign-ins and exports are recorded as they happen, with what was asked
(never a password); administrators page through and download the trail, and nobody can edit it."""

from __future__ import annotations

import csv
import io
import json

from tests.rule_fixtures import make_rule
from tests.web.test_pages import MARCH, _upload, text
from tests.web_fixtures import PASSWORD, email
from tracker.web import audit_trail


def lead_of(web_app) -> int:
    """The partnership the manager leads (the fixture makes them lead of the Community Safety Partnership)."""
    from sqlalchemy import select

    from tracker import db
    from tracker.models import Partnership

    with web_app.app_context():
        return db.get_session().scalar(select(Partnership.id).where(Partnership.lead_email == email("manager")))


def entries(admin) -> list[list[str]]:
    """The downloaded trail's rows (oldest first), without the header."""
    body = admin.get("/admin/audit.csv").get_data(as_text=True).lstrip("\ufeff")
    return list(csv.reader(io.StringIO(body)))[1:]


def test_sign_ins_changes_and_exports_are_recorded_with_who_what_and_how_it_ended(web_app, as_role):
    web_app.test_client().post("/login", data={"email": email("director"), "password": "a wrong guess"})
    finance = as_role("finance")
    finance.get("/downloads/partnerships.csv", query_string=MARCH).close()
    manager = as_role("manager")
    _upload(manager, "bob.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    make_rule(manager, "Budget 1:1", str(lead_of(web_app)))
    admin = as_role("admin")
    rows = [r for r in entries(admin) if not r[1].startswith("shell:")]  # the fixture's loads came first
    seen = [(actor, action, outcome) for _, actor, action, _, outcome, _, _ in rows]
    assert seen[0] == (email("director"), "sign in", "refused (400)")  # a failed sign-in, under the address tried
    assert (email("finance"), "sign in", "done (302)") in seen
    assert (email("finance"), "export a CSV file", "done (200)") in seen
    assert (email("manager"), "upload files", "done (302)") in seen
    assert (email("manager"), "preview a rule", "done (200)") in seen  # the rule was seen, then saved
    assert (email("manager"), "add a rule", "done (302)") in seen
    export = next(r for r in rows if r[2] == "export a CSV file")
    assert export[3] == "/downloads/partnerships.csv?from=2025-03-01&to=2025-03-31"  # the filters asked for
    assert json.loads(export[6])["query"] == MARCH
    upload = next(r for r in rows if r[2] == "upload files")
    assert json.loads(upload[6])["files"] == [{"name": "bob.ics", "bytes": 32}]
    rule = json.loads(next(r for r in rows if r[2] == "add a rule")[6])
    assert rule == {"partnership_id": str(lead_of(web_app)), "title": "Budget 1:1", "seen": rule["seen"]}
    assert len(rule["seen"]) == 32  # the digest of the preview it was saved as
    assert all(PASSWORD not in cell and "a wrong guess" not in cell for row in rows for cell in row)


def test_administrators_page_through_the_trail_newest_first(web_app, as_role, monkeypatch):
    admin = as_role("admin")
    for n in range(3):
        admin.post("/admin/settings", data={"weekly_hours": "not a number", "note": str(n)})
    monkeypatch.setattr("tracker.web.admin.AUDIT_PAGE", 2)
    first = text(admin.get("/admin/audit"))
    assert "Page 1 of" in first and "Older entries" in first and "Newer entries" not in first
    assert first.index("&#34;note&#34;: &#34;2&#34;") < first.index("&#34;note&#34;: &#34;1&#34;")  # newest first
    assert "change settings" in first and "refused (400)" in first


def test_the_trail_cannot_be_changed_through_the_app(web_app):
    writes = [
        rule
        for rule in web_app.url_map.iter_rules()
        if "audit" in rule.rule and rule.methods & {"POST", "PUT", "PATCH", "DELETE"}
    ]
    assert writes == []
    assert set(audit_trail.ACTIONS) <= {rule.endpoint for rule in web_app.url_map.iter_rules()}  # no stale names


def test_commands_run_from_the_shell_are_recorded_too(web_app, as_role, runner, tmp_path):
    from tests.conftest import run

    out = tmp_path / "people.csv"
    run(runner, "export", "people", "--from", "2025-03-01", "--to", "2025-03-31", "-o", str(out))
    run(runner, "users", "create", "new@example.gov.uk", "--role", "director", "--password", "a-long-password-1")
    rows = entries(as_role("admin"))
    shell = [(r[2], r[4], json.loads(r[6])) for r in rows if r[1].startswith("shell:")]
    assert ("tracker export", "done") == shell[-2][:2] and shell[-2][2]["kind"] == "people"
    assert shell[-1][:2] == ("tracker users create", "done")
    assert "password" not in shell[-1][2] and shell[-1][2]["email"] == "new@example.gov.uk"
