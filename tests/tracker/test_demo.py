"""The demo organisation: built through the same import path as user files."""

from __future__ import annotations

import csv
import io

from sqlalchemy import func, select

from tests.conftest import run
from tracker import db
from tracker.models import (
    Comparator,
    FundingStream,
    LibraryEntry,
    Meeting,
    Partnership,
    Person,
    Proposal,
    Salary,
    Scenario,
)


def test_demo_builds_a_realistic_organisation(app, runner, tmp_path):
    out = run(runner, "demo", "--out", tmp_path, "--today", "2026-11-22").output
    assert "Demo organisation loaded: 24 staff, 15 partnerships" in out
    files = sorted(p.name for p in tmp_path.iterdir())
    heads = {(tmp_path / f).read_text()[:200] for f in files if f.endswith((".ics", ".csv")) and "@" in f}
    assert any("Outlook 16.0" in h for h in heads) and any("Google Calendar" in h for h in heads)
    assert any("Apple Inc." in h for h in heads) and any(h.startswith('"Subject","Start Date"') for h in heads)
    with app.app_context():
        session = db.get_session()
        assert 20 <= session.scalar(select(func.count()).select_from(Person)) <= 30
        assert session.scalar(select(func.count()).select_from(Partnership)) >= 12
        assert session.scalar(select(func.count()).select_from(Salary)) > 40  # salary history
        unattributed = session.scalar(select(func.count()).where(Meeting.partnership_id.is_(None)))
        assert unattributed > 0  # the review queue has something to show
    rows = list(
        csv.DictReader(
            io.StringIO(run(runner, "export", "partnerships", "--from", "2026-04-01", "--to", "2026-11-22").stdout)
        )
    )
    assert len(rows) == 15 and all(float(r["cost"]) > 0 for r in rows)


def test_demo_shows_the_partnership_map_at_work(app, runner, tmp_path):
    """Overlapping partnerships worth merging, activity-only reporting, comparators, funding, a proposal
    before the gatekeeper and one decided, saved scenarios and library entries, on a fresh start."""
    run(runner, "demo", "--out", tmp_path, "--today", "2026-11-22")
    pairs = list(csv.DictReader(io.StringIO(run(runner, "map", "--from", "2026-04-01", "--to", "2026-11-22").stdout)))
    planted = {
        frozenset({"Domestic Abuse Partnership", "Violence Against Women and Girls Group"}),
        frozenset({"Youth Justice Management Board", "Youth Crime Prevention Group"}),
    }
    assert {frozenset({p["partnership_a"], p["partnership_b"]}) for p in pairs[:2]} == planted
    results = {
        r["partnership"]: r
        for r in csv.DictReader(
            io.StringIO(run(runner, "export", "partnerships", "--from", "2026-04-01", "--to", "2026-11-22").stdout)
        )
    }
    assert "Youth Crime Prevention Group" in results
    with app.app_context():
        session = db.get_session()
        counts = {
            model.__tablename__: session.scalar(select(func.count()).select_from(model))
            for model in (Comparator, FundingStream, Proposal, Scenario, LibraryEntry)
        }
        assert counts == {"comparator": 3, "funding_stream": 5, "proposal": 2, "scenario": 3, "library_entry": 3}
        decided = session.scalars(select(Proposal).where(Proposal.decision.is_not(None))).all()
        assert [p.name for p in decided] == ["Town Centre Forum"]
    run(runner, "demo", "--out", tmp_path / "again", "--today", "2026-11-22")  # a second run adds nothing
    with app.app_context():
        assert db.get_session().scalar(select(func.count()).select_from(Proposal)) == 2


def test_demo_files_are_deterministic_and_reimport_changes_nothing(app, runner, tmp_path):
    run(runner, "demo", "--out", tmp_path / "a", "--today", "2026-11-22")
    before = run(runner, "export", "people", "--from", "2025-11-01", "--to", "2026-12-31").stdout
    run(runner, "demo", "--out", tmp_path / "b", "--today", "2026-11-22")
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "b").iterdir())
    assert all((tmp_path / "a" / n).read_bytes() == (tmp_path / "b" / n).read_bytes() for n in names)
    out = run(
        runner,
        "import",
        tmp_path / "a" / "sarah.mitchell@borough.gov.uk.ics",
        "--owner",
        "sarah.mitchell@borough.gov.uk",
    ).output
    assert "already imported" in out
    assert run(runner, "export", "people", "--from", "2025-11-01", "--to", "2026-12-31").stdout == before


def test_demo_proposals_print_on_one_page(app, runner, tmp_path):
    from pathlib import Path

    from tracker.web import pdf

    app.config["WTF_CSRF_ENABLED"] = False
    run(runner, "demo", "--out", tmp_path, "--today", "2026-11-22")
    client = app.test_client()
    client.post("/login", data={"email": "finance@demo.example", "password": "demo-finance-pass"})
    styles = pdf.inline_css(Path(app.static_folder), "app.css", "print.css")
    for proposal in (1, 2):
        html = client.get(f"/proposals/{proposal}/assessment").get_data(as_text=True)
        assert pdf.pages(html.replace("</head>", f"<style>{styles}</style></head>")) == 1
