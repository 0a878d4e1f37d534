"""The demo organisation: built through the same import path as user files."""

from __future__ import annotations

import csv
import io

from sqlalchemy import func, select

from tests.conftest import run
from tracker import db
from tracker.models import Meeting, Partnership, Person, Salary


def test_demo_builds_a_realistic_organisation(app, runner, tmp_path):
    out = run(runner, "demo", "--out", tmp_path, "--today", "2026-11-22").output
    assert "Demo organisation loaded: 24 staff, 13 partnerships" in out
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
    assert len(rows) == 13 and all(float(r["cost"]) > 0 for r in rows)


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
