"""The demo organisation: built through the same import path as user files."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from sqlalchemy import func, select

from tests.conftest import run
from tracker import db
from tracker.models import (
    Attendance,
    Comparator,
    FundingStream,
    LibraryEntry,
    Organisation,
    Partnership,
    Person,
    Proposal,
    Salary,
    Scenario,
)


def test_demo_builds_a_realistic_organisation(built_demo, demo, demo_runner):
    """About sixty senior staff, sixty-odd partnerships in a tree, a thousand occurrences a person a year of
    which partnership meetings are a minority, calendars in four producers' styles."""
    assert "Demo organisation loaded: 60 staff, 64 partnerships, 60 calendar files" in built_demo.output
    files = sorted(p.name for p in built_demo.files.iterdir())
    heads = {(built_demo.files / f).read_text()[:200] for f in files if f.endswith((".ics", ".csv")) and "@" in f}
    assert any("Outlook 16.0" in h for h in heads) and any("Google Calendar" in h for h in heads)
    assert any("Apple Inc." in h for h in heads) and any(h.startswith('"Subject","Start Date"') for h in heads)
    year = (datetime(2025, 11, 22, tzinfo=UTC), datetime(2026, 11, 22, tzinfo=UTC))
    with demo.app_context():
        session = db.get_session()
        assert session.scalar(select(func.count()).select_from(Person)) == 60
        organisations = session.scalars(select(Organisation.name)).all()
        assert {"Borough Council", "Borough NHS Trust", "County Police", "County Fire and Rescue"} <= set(organisations)
        assert any("Voluntary" in name for name in organisations)
        assert session.scalar(select(func.count()).select_from(Partnership)) >= 60
        depth = session.scalar(  # a borough partnership, its thematic boards, their sub-groups and theirs
            select(func.count())
            .select_from(Partnership)
            .where(Partnership.parent_id.in_(select(Partnership.id).where(Partnership.parent_id.is_not(None))))
        )
        assert depth >= 20
        assert session.scalar(select(func.count()).select_from(Salary)) > 100  # salary history
        a_year = (
            select(Attendance.person_id, func.count(), func.count(Attendance.partnership_id))
            .where(Attendance.start >= year[0], Attendance.start < year[1])
            .group_by(Attendance.person_id)
        )
        for _, occurrences, at_partnerships in session.execute(a_year):
            assert 800 <= occurrences <= 1500
            assert at_partnerships < occurrences / 5  # partnership meetings are a minority of the diary
    rows = list(
        csv.DictReader(
            io.StringIO(run(demo_runner, "export", "partnerships", "--from", "2026-04-01", "--to", "2026-11-22").stdout)
        )
    )
    assert len(rows) >= 60 and all(float(r["cost"]) > 0 for r in rows)


def test_demo_shows_the_partnership_map_at_work(demo, demo_runner):
    """Overlapping partnerships worth merging, activity-only reporting, comparators, funding, a proposal
    before the gatekeeper and one decided, saved scenarios and library entries, on a fresh start."""
    runner = demo_runner
    pairs = list(csv.DictReader(io.StringIO(run(runner, "map", "--from", "2026-04-01", "--to", "2026-11-22").stdout)))
    # Groups set up beside a board, for much the same purpose with much the same people: look-alikes
    # side by side (the same parent) to merge, listed first...
    beside = {
        frozenset({"Domestic Abuse Partnership", "Violence Against Women and Girls Group"}),
        frozenset({"Youth Justice Management Board", "Youth Crime Prevention Group"}),
        frozenset({"Employment and Skills Board", "Skills and Work Partnership"}),
    }
    # ...and sub-groups set up below the board they repeat, to fold back in, listed apart after them.
    below = {
        frozenset({"Mental Health Partnership Board", "Crisis Care Concordat Group"}),
        frozenset({"Serious Violence Duty Group", "Knife Crime Task Group"}),
        frozenset({"Housing and Homelessness Partnership", "Rough Sleeping Task Group"}),
        frozenset({"Anti-Poverty Alliance", "Cost of Living Task Group"}),
        frozenset({"Early Help Partnership", "Family Hubs Steering Group"}),
    }
    merge = [p for p in pairs if p["kind"] == "merge"]
    fold = [p for p in pairs if p["kind"] == "fold back in"]
    assert [p["kind"] for p in pairs] == ["merge"] * len(merge) + ["fold back in"] * len(fold)
    # Whole words find one more true look-alike among them: the VAWG Group and the Sexual Violence
    # Partnership share "women", "girls", "victims", "abuse", "sexual" and "violence", 6 of 10 words.
    beside |= {frozenset({"Violence Against Women and Girls Group", "Sexual Violence Partnership"})}
    assert {frozenset({p["partnership_a"], p["partnership_b"]}) for p in merge[:4]} == beside
    assert {frozenset({p["partnership_a"], p["partnership_b"]}) for p in fold[:5]} == below
    results = {
        r["partnership"]: r
        for r in csv.DictReader(
            io.StringIO(run(runner, "export", "partnerships", "--from", "2026-04-01", "--to", "2026-11-22").stdout)
        )
    }
    assert "Youth Crime Prevention Group" in results
    with demo.app_context():
        session = db.get_session()
        counts = {
            model.__tablename__: session.scalar(select(func.count()).select_from(model))
            for model in (Comparator, FundingStream, Proposal, Scenario, LibraryEntry)
        }
        assert counts == {"comparator": 3, "funding_stream": 5, "proposal": 2, "scenario": 3, "library_entry": 3}
        decided = session.scalars(select(Proposal).where(Proposal.decision.is_not(None))).all()
        assert [p.name for p in decided] == ["Town Centre Forum"]


def test_demo_files_are_deterministic_and_reimport_changes_nothing(built_demo, demo_copy, tmp_path):
    """Run again on the demo it built, ``tracker demo`` writes the same files byte for byte and adds nothing."""
    runner = demo_copy.test_cli_runner()
    before = run(runner, "export", "people", "--from", "2025-11-01", "--to", "2026-12-31").stdout
    run(runner, "demo", "--out", tmp_path / "again", "--today", "2026-11-22")
    names = sorted(p.name for p in (tmp_path / "again").iterdir())
    assert names == sorted(p.name for p in built_demo.files.iterdir())
    assert all((tmp_path / "again" / n).read_bytes() == (built_demo.files / n).read_bytes() for n in names)
    out = run(
        runner,
        "import",
        tmp_path / "again" / "sarah.mitchell@borough.gov.uk.ics",
        "--owner",
        "sarah.mitchell@borough.gov.uk",
    ).output
    assert "already imported" in out
    assert run(runner, "export", "people", "--from", "2025-11-01", "--to", "2026-12-31").stdout == before
    with demo_copy.app_context():
        assert db.get_session().scalar(select(func.count()).select_from(Proposal)) == 2


def test_demo_proposals_print_on_one_page(demo):
    from pathlib import Path

    from tracker.web import pdf

    app = demo
    client = app.test_client()
    client.post("/login", data={"email": "finance@demo.example", "password": "demo-finance-pass"})
    styles = pdf.inline_css(Path(app.static_folder))
    for proposal in (1, 2):
        html = client.get(f"/proposals/{proposal}/assessment").get_data(as_text=True)
        assert pdf.pages(html.replace("</head>", f"<style>{styles}</style></head>")) == 1


def test_demo_merged_youth_board_sits_for_its_booked_slot(demo, demo_runner):
    """The finance analyst's case: the merged youth crime board was modelled at the longest average seat
    (under 1.5 h, shortened where members were double-booked), not the 90 minutes both groups book."""
    from tests.web.page import Page

    span = {"from": "2026-04-01", "to": "2026-12-06"}  # 30+31+30+31+31+30+31+30 days to November, + 6 = 250
    rows = csv.DictReader(
        io.StringIO(run(demo_runner, "export", "partnerships", "--from", span["from"], "--to", span["to"]).stdout)
    )
    held = {r["partnership"]: int(r["meetings"]) for r in rows}
    assert (held["Youth Crime Prevention Group"], held["Youth Justice Management Board"]) == (7, 3)
    client = demo.test_client()
    client.post("/login", data={"email": "finance@demo.example", "password": "demo-finance-pass"})
    listed = Page.of(client.get("/scenarios", query_string=span))
    page = Page.of(client.get(listed.link("Merge the two youth crime groups")))
    # The Prevention Group meets more often: 7 x 364/250 = 10.192 meetings a year, each booked 1.5 h, and its
    # five members (the Board's four and one more) sit the whole of each: 10.192 x 1.5 x 5 = 76.44 h a year,
    # exactly (7 x 364 x 1.5 x 5 / 250): 76 h and 0.44 x 60 = 26.4 minutes, 26 minutes 24 seconds.
    (figures,) = [t for t in page.tables if t.caption.startswith("A year before and after")]
    after = figures.record("With the change")["Hours a year"]
    assert after == "76:26:24"
    assert (
        "Basis: a year: 250 days observed (1 Apr–6 Dec 2026) × 364/250; the merged board: 10.2 meetings a year"
        " (the most of any: Youth Crime Prevention Group) of 1.5 h (the longest scheduled slot: Youth Justice"
        " Management Board and Youth Crime Prevention Group), each member for the whole meeting at their own"
        " rate." in page.html
    )
