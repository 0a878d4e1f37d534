"""Who did what, and when: changes, sign-ins and exports are recorded as they happen, with what was asked
(never a password); administrators page through and download the trail, and nobody can edit it."""

from __future__ import annotations

import csv
import io
import re

from tests.rule_fixtures import make_rule
from tests.web.test_dashboard_figures import OWN_WORDS
from tests.web.test_pages import MARCH, _upload, text
from tests.web_fixtures import PASSWORD, email
from tracker.web import audit_words


def lead_of(web_app) -> int:
    """The partnership the manager leads (the fixture makes them lead of the Community Safety Partnership)."""
    from sqlalchemy import select

    from tracker import db
    from tracker.models import Partnership

    with web_app.app_context():
        return db.get_session().scalar(select(Partnership.id).where(Partnership.lead_email == email("manager")))


COLUMNS = ["at", "who", "what", "whose", "filters", "asked", "outcome", "address", "through"]


def entries(admin) -> list[dict[str, str]]:
    """The downloaded trail's rows (oldest first), by column."""
    body = admin.get("/admin/audit.csv").get_data(as_text=True).lstrip("\ufeff")
    header, *rows = csv.reader(io.StringIO(body))
    assert header == COLUMNS
    return [dict(zip(header, row, strict=True)) for row in rows]


def web_entries(admin) -> list[dict[str, str]]:
    return [r for r in entries(admin) if not r["who"].startswith("shell:")]  # the fixture's loads came first


def test_sign_ins_changes_and_exports_are_recorded_with_who_what_and_how_it_ended(web_app, as_role):
    web_app.test_client().post("/login", data={"email": email("director"), "password": "a wrong guess"})
    finance = as_role("finance")
    finance.get("/downloads/partnerships.csv", query_string=MARCH).close()
    manager = as_role("manager")
    _upload(manager, "bob.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    make_rule(manager, "Budget 1:1", str(lead_of(web_app)))
    rows = web_entries(as_role("admin"))
    seen = [(r["who"], r["what"], r["outcome"]) for r in rows]
    assert seen[0] == (email("director"), "sign in", "refused (400)")  # a failed sign-in, under the address tried
    assert (email("finance"), "sign in", "done (302)") in seen
    assert (email("finance"), "download the partnerships CSV", "done (200)") in seen
    assert (email("manager"), "upload calendar files", "done (302)") in seen
    assert (email("manager"), "preview a title rule", "done (200)") in seen  # the rule was seen, then saved
    assert (email("manager"), "add a title rule", "done (302)") in seen
    export = next(r for r in rows if r["what"] == "download the partnerships CSV")
    assert export["through"] == "/downloads/partnerships.csv?from=2025-03-01&to=2025-03-31"
    # The council's finance officer reads the council's staff at actual pay, and the trail says whose.
    assert export["filters"] == f"period 2025-03-01 to 2025-03-31; cost basis {OWN_WORDS}"
    upload = next(r for r in rows if r["what"] == "upload calendar files")
    assert upload["asked"] == "files bob.ics (32 bytes)"
    rule = next(r for r in rows if r["what"] == "add a title rule")
    assert rule["whose"] == "Community Safety Partnership"  # the partnership, by name, not its id
    assert rule["asked"].startswith(f"partnership id {lead_of(web_app)}; seen ")  # the preview's digest
    assert rule["asked"].endswith("; title Budget 1:1")
    assert all(PASSWORD not in cell and "a wrong guess" not in cell for row in rows for cell in row.values())
    # To the second, with its offset: microseconds told a reader nothing (and read like amounts).
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", row["at"]) for row in rows), rows[0]["at"]


def test_a_password_reset_names_whose_password_it_was(web_app, as_role):
    admin = as_role("admin")
    finance_id = user_id(web_app, email("finance"))
    reset = admin.post(f"/admin/users/{finance_id}/password", data={"password": "a-new-long-password"})
    assert reset.status_code == 302
    admin.post(f"/admin/users/{finance_id}", data={"role": "director", "active": "yes"})
    rows = web_entries(admin)
    reset = next(r for r in rows if r["what"] == "reset the password of a user")
    assert (reset["whose"], reset["asked"], reset["outcome"]) == (email("finance"), "", "done (302)")
    assert "a-new-long-password" not in str(rows)
    change = next(r for r in rows if r["what"] == "change the role of a user")
    assert (change["whose"], change["asked"]) == (email("finance"), "active yes; role director")
    page = text(admin.get("/admin/audit"))
    assert "reset the password of a user" in page and "{}" not in page


def test_filters_read_in_words_an_organisation_by_name(web_app, as_role):
    finance = as_role("finance")
    police = organisation_id(web_app, "Police")
    finance.get("/downloads/people.csv", query_string={**MARCH, "organisation": str(police)}).close()
    finance.get("/hats/hats.csv").close()  # no period asked for: the default one is what was read
    rows = web_entries(as_role("admin"))
    people = next(r for r in rows if r["what"] == "download the people CSV")
    assert people["filters"] == f"period 2025-03-01 to 2025-03-31; organisation Police; cost basis {OWN_WORDS}"
    hats = next(r for r in rows if r["what"] == "download the hats CSV")
    assert hats["filters"].startswith("period ") and hats["filters"].endswith(f"; cost basis {OWN_WORDS}")


def test_old_entries_read_in_words_too(web_app, as_role):
    """Entries written before the words existed kept an endpoint's name and ``{}``: they read as new ones."""
    from datetime import UTC, datetime

    from tracker.services import audit

    with web_app.app_context():
        audit.record(
            web_app.extensions["database"].session,
            actor="old@example.gov.uk",
            action="scenarios.index",
            target="/scenarios",
            outcome="done (302)",
            details={},
            at=datetime(2025, 1, 1, tzinfo=UTC),
        )
    old = next(r for r in entries(as_role("admin")) if r["who"] == "old@example.gov.uk")
    assert (old["what"], old["asked"], old["filters"]) == ("save a scenario", "", "")


def user_id(web_app, address: str) -> int:
    from sqlalchemy import select

    from tracker import db
    from tracker.models import User

    with web_app.app_context():
        return db.get_session().scalar(select(User.id).where(User.email == address))


def organisation_id(web_app, name: str) -> int:
    from sqlalchemy import select

    from tracker import db
    from tracker.models import Organisation

    with web_app.app_context():
        return db.get_session().scalar(select(Organisation.id).where(Organisation.name == name))


def test_administrators_page_through_the_trail_newest_first(web_app, as_role, monkeypatch):
    admin = as_role("admin")
    for n in range(3):
        admin.post("/admin/settings", data={"weekly_hours": "not a number", "note": str(n)})
    monkeypatch.setattr("tracker.web.admin.AUDIT_PAGE", 2)
    first = text(admin.get("/admin/audit"))
    assert "Page 1 of" in first and "Older entries" in first and "Newer entries" not in first
    assert first.index("note 2") < first.index("note 1")  # newest first
    assert "change settings" in first and "refused (400)" in first


def test_the_trail_cannot_be_changed_through_the_app(web_app):
    writes = [
        rule
        for rule in web_app.url_map.iter_rules()
        if "audit" in rule.rule and rule.methods & {"POST", "PUT", "PATCH", "DELETE"}
    ]
    assert writes == []
    assert set(audit_words.ACTIONS) <= {rule.endpoint for rule in web_app.url_map.iter_rules()}  # no stale names


def test_commands_run_from_the_shell_are_recorded_too(web_app, as_role, runner, tmp_path):
    from tests.conftest import run

    out = tmp_path / "people.csv"
    run(runner, "export", "people", "--from", "2025-03-01", "--to", "2025-03-31", "-o", str(out))
    run(runner, "users", "create", "new@example.gov.uk", "--role", "director", "--password", "a-long-password-1")
    rows = entries(as_role("admin"))
    shell = [(r["what"], r["outcome"], r["asked"]) for r in rows if r["who"].startswith("shell:")]
    assert ("tracker export", "done") == shell[-2][:2] and "kind people" in shell[-2][2]
    assert shell[-1][:2] == ("tracker users create", "done")
    assert "password" not in shell[-1][2] and "email new@example.gov.uk" in shell[-1][2]
    assert [r["whose"] for r in rows if r["what"] == "tracker users create"] == ["new@example.gov.uk"]


def test_an_oncost_change_is_recorded_with_its_rates_and_their_source(as_role):
    from tests.web.test_register_rules import ONCOST_FORM

    source = "LGPS primary rate 19% (2022 valuation)"
    finance = as_role("finance")
    assert (
        finance.post("/registers/oncosts", data={**ONCOST_FORM, "pension_rate": "19%", "source": source}).status_code
        == 302
    )
    change = next(r for r in web_entries(as_role("admin")) if r["what"] == "change on-costs")
    assert (change["who"], change["outcome"]) == (email("finance"), "done (302)")
    assert "pension rate 19%" in change["asked"] and f"source {source}" in change["asked"]
