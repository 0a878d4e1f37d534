"""``tracker backup`` and ``tracker restore``: a round trip gives back every row, on SQLite and PostgreSQL
(whichever ``TEST_DATABASE_URL`` names), and a file that is not a backup changes nothing."""

from __future__ import annotations

import sqlite3

import pytest
from alembic import command
from sqlalchemy import create_engine, text

from tests.conftest import every_row, run
from tests.tracker.test_end_to_end import E2E, export, load_scenario
from tracker.store.schema import alembic_config

AUDITED = "audit_entry"  # the trail goes on: the restore itself is written to it


def everything(app) -> dict[str, list[tuple]]:
    return every_row(app)


def test_a_backup_restored_gives_back_every_row(app, runner, tmp_path):
    load_scenario(runner)
    before = everything(app)
    figures = export(runner, "partnerships")
    backup = tmp_path / "tracker.backup"
    done = run(runner, "backup", str(backup))
    assert f"Backup written to {backup}" in done.output and backup.stat().st_size > 0

    run(runner, "import", E2E / "bob-google.ics", "--owner", "carol@police.uk")  # Bob's file as Carol's
    run(runner, "staff", "load", E2E / "staff.csv")
    with app.extensions["database"].engine.begin() as connection:
        connection.execute(text("DELETE FROM salary"))
    assert everything(app) != before

    restored = run(runner, "restore", str(backup), "--yes")
    assert "Restored" in restored.output
    after = everything(app)
    assert {k: v for k, v in after.items() if k != AUDITED} == {k: v for k, v in before.items() if k != AUDITED}
    assert set(before[AUDITED]) < set(after[AUDITED])  # what was in the trail, and the restore
    assert export(runner, "partnerships") == figures


def test_a_restore_asks_first_and_a_no_changes_nothing(app, runner, tmp_path):
    load_scenario(runner)
    backup = tmp_path / "tracker.backup"
    run(runner, "backup", str(backup))
    run(runner, "import", E2E / "bob-google.ics", "--owner", "carol@police.uk")
    changed = everything(app)
    answer = runner.invoke(args=["restore", str(backup)], input="n\n")
    assert answer.exit_code != 0 and "Replace everything in" in answer.output
    assert {k: v for k, v in everything(app).items() if k != AUDITED} == {
        k: v for k, v in changed.items() if k != AUDITED
    }


def test_a_file_that_is_not_a_backup_is_refused_and_changes_nothing(app, runner, tmp_path):
    load_scenario(runner)
    before = everything(app)
    for name, body in (("notes.txt", b"not a backup at all\n"), ("other.backup", b"PGDMP\x01\x0e\x00" + b"\x00" * 64)):
        path = tmp_path / name
        path.write_bytes(body)
        refused = run(runner, "restore", str(path), "--yes", ok=False)
        assert refused.exit_code != 0
        assert f"Nothing restored: {path} is not" in refused.output
    if app.extensions["database"].engine.dialect.name == "sqlite":
        assert "it is a PostgreSQL backup" in refused.output
    assert {k: v for k, v in everything(app).items() if k != AUDITED} == {
        k: v for k, v in before.items() if k != AUDITED
    }


@pytest.fixture
def sqlite_only(app):
    if app.extensions["database"].engine.dialect.name != "sqlite":
        pytest.skip("the schema version is changed inside an SQLite backup file")


def test_a_backup_from_a_newer_version_is_refused(sqlite_only, app, runner, tmp_path):
    load_scenario(runner)
    backup = tmp_path / "tracker.backup"
    run(runner, "backup", str(backup))
    with sqlite3.connect(backup) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0999'")
    refused = run(runner, "restore", str(backup), "--yes", ok=False)
    assert "schema version 0999, which this version of the tracker does not know" in refused.output


def test_a_backup_from_an_older_version_is_migrated_and_worked_out_again(sqlite_only, app, runner, tmp_path):
    load_scenario(runner)
    figures = export(runner, "partnerships")
    backup = tmp_path / "tracker.backup"
    run(runner, "backup", str(backup))
    older = create_engine(f"sqlite:///{backup}")
    command.downgrade(alembic_config(older), "0010")  # as a version before standard rates wrote it
    older.dispose()
    run(runner, "import", E2E / "bob-google.ics", "--owner", "carol@police.uk")
    restored = run(runner, "restore", str(backup), "--yes")
    assert "schema 0010, migrated to this version, figures worked out again" in restored.output
    assert export(runner, "partnerships") == figures

    def standard() -> str:
        args = ("export", "partnerships", "--from", "2025-03-01", "--to", "2025-03-31", "--basis", "standard")
        return run(runner, *args).stdout

    hwb = "Health and Wellbeing Board,Borough Strategic Partnership,5,12,23:30:00"
    assert f"{hwb},0.00,12,standard" in standard()  # the older schema kept no standard rates: none to cost at
    run(runner, "rates", "load", E2E / "rates.csv")
    assert f"{hwb},1233.75,0,standard" in standard()  # 23:30:00 (23.5 h) at £52.50, worked out on the migrated data
