"""A person's data on request: everything held about them, from every table that can point at them."""

from __future__ import annotations

import json
import zipfile

from sqlalchemy import String

from tests.conftest import run
from tests.tracker.test_end_to_end import load_scenario
from tracker.models import Base, Person
from tracker.reports.subject_access import searched_tables


def test_every_table_that_can_point_at_a_person_is_searched():
    """A foreign key to a person, or an address column (any String column named like one), in any table."""
    pointing = {
        t.name
        for t in Base.metadata.sorted_tables
        for c in t.columns
        if any(fk.column.table is Person.__table__ for fk in c.foreign_keys)
        or (isinstance(c.type, String) and ("email" in c.name or c.name.endswith("_by") or c.name == "actor"))
    }
    assert pointing - set(searched_tables()) == set(), "these tables name people but are not searched"
    assert {"person", "person_alias", "salary", "attendance", "monthly_figure", "meeting_copy", "calendar_import",
            "app_user", "audit_entry"} <= set(searched_tables())  # fmt: skip


def test_subject_access_holds_everything_about_alice(app, runner, tmp_path):
    load_scenario(runner)
    run(runner, "users", "create", "alice@council.gov.uk", "--role", "manager", "--password", "a-long-password")
    out = tmp_path / "alice.json"
    run(runner, "subject-access", "a.adams@council.gov.uk", "-o", out)  # found by her alias
    held = json.loads(out.read_text())
    assert [p["email"] for p in held["person"]] == ["alice@council.gov.uk"]
    assert [a["email"] for a in held["person_alias"]] == ["a.adams@council.gov.uk"]
    assert sorted(s["annual_salary"] for s in held["salary"]) == ["60000.00", "66000.00"]
    assert held["app_user"][0]["password_hash"] == "(held, not shown)"
    copies = [(c["owner_email"], c["organizer"]) for c in held["meeting_copy"]]
    assert sum(owner == "alice@council.gov.uk" for owner, _ in copies) == 8  # her own calendar's occurrences
    # ...and the two Health and Wellbeing Boards of Bob's calendar that name her as their organiser (the
    # other two are overrides in his file, which name none)
    assert sorted(c for c in copies if c[0] != "alice@council.gov.uk") == [("bob@nhs.net", "alice@council.gov.uk")] * 2
    assert len(held["attendance"]) == 7 and len(held["meetings_costed"]) == 7
    # Time as held, in whole seconds: (4 x 2 + 1.5 + 1.5 + 1 (budget 1:1)) h = 12 h = 43,200 s.
    assert sum(m["seconds"] for m in held["meetings_costed"]) == 43200
    listed = {(c["calendar_of"], c["title"]) for c in held["listed_in_copies"]}
    assert ("carol@police.uk", "CSP tasking") in listed  # Carol's calendar names her by name only
    assert [c["owner_email"] for c in held["calendar_import"]] == ["alice@council.gov.uk"]
    assert any("alice@council.gov.uk" in e["details"] for e in held["audit_entries_mentioning"])  # her import
    assert "bob@nhs.net" not in json.dumps(held["person"] + held["salary"])
    zipped = tmp_path / "alice.zip"
    run(runner, "subject-access", "alice@council.gov.uk", "-o", zipped)
    names = zipfile.ZipFile(zipped).namelist()
    assert {"person.csv", "salary.csv", "meetings_costed.csv"} <= set(names)


def test_subject_access_for_nobody_says_so(app, runner, tmp_path):
    result = run(runner, "subject-access", "nobody@nowhere.org", "-o", tmp_path / "x.json", ok=False)
    assert result.exit_code != 0 and "no person" in result.output
