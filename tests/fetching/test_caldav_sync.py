"""A CalDAV calendar on a real Radicale server, connected and synced through ``tracker sync``: the first
sync imports it, a second with nothing changed imports nothing, a moved, lengthened or deleted event is
followed, a server without sync reports is read by ETags, and a server gone fails by name, losing nothing."""

from __future__ import annotations

import pytest
from caldav.davclient import DAVClient
from sqlalchemy import func, select

from tests.conftest import every_row, run
from tests.fetching.servers import PASSWORD, USER, DigestOnly, radicale, refusing_sync_reports, switching_to_digest
from tests.tracker.test_cli_imports import loaded
from tracker import db
from tracker.models import CalendarImport, Meeting, SourceEvent
from tracker.services.source_secrets import new_key

KEPT = ("calendar_source", "audit_entry")  # the source's own state moves on each sync; nothing else may


def ics(uid: str, start: str, end: str, title: str = "HWB meeting") -> str:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VTIMEZONE\r\nTZID:Europe/London\r\n"
        "BEGIN:STANDARD\r\nDTSTART:19701025T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0000\r\n"
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\nBEGIN:DAYLIGHT\r\nDTSTART:19700329T010000\r\n"
        "TZOFFSETFROM:+0000\r\nTZOFFSETTO:+0100\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n"
        f"END:VTIMEZONE\r\nBEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20250101T000000Z\r\n"
        f"DTSTART;TZID=Europe/London:{start}\r\nDTEND;TZID=Europe/London:{end}\r\nSUMMARY:{title}\r\n"
        "ATTENDEE;CN=Alice Adams:mailto:alice@council.gov.uk\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with radicale(tmp_path_factory.mktemp("radicale")) as base:
        yield base


@pytest.fixture
def work_calendar(server, request):
    """A calendar of its own on the server for each test, with three meetings (one a series)."""
    client = DAVClient(url=f"{server}/{USER}/", username=USER, password=PASSWORD, enable_rfc6764=False)
    name = request.node.name[:40].replace("[", "-").replace("]", "")
    calendar = client.principal().make_calendar(name=name, cal_id=name)
    calendar.save_event(ics("a@test", "20250303T100000", "20250303T110000"))
    calendar.save_event(ics("b@test", "20250310T140000", "20250310T153000"))
    series = ics("c@test", "20250304T090000", "20250304T100000").replace(
        "SUMMARY:", "RRULE:FREQ=WEEKLY;COUNT=3\r\nSUMMARY:"
    )
    calendar.save_event(series)
    yield calendar
    calendar.delete()
    client.close()


@pytest.fixture
def connected(app, runner, work_calendar, monkeypatch):
    app.config["SOURCES_KEY"] = new_key()
    loaded(runner)
    run(runner, "sources", "agree", "Borough Council")
    run(runner, "settings", "set", "allow_private_sources", "yes")
    monkeypatch.setenv("DAV_PASSWORD", PASSWORD)
    return runner


def add(runner, url: str) -> None:
    run(runner, "sources", "add", "--owner", "alice@council.gov.uk", "--url", url, "--kind", "caldav",
        "--username", USER, "--password-env", "DAV_PASSWORD")  # fmt: skip


def meetings(app) -> list[tuple[str, str, str]]:
    with app.app_context():
        rows = db.get_session().scalars(select(Meeting).order_by(Meeting.start))
        return [(m.start.isoformat(), m.end.isoformat(), m.title) for m in rows]


def test_synced_moved_lengthened_deleted_and_unchanged(app, connected, runner, work_calendar):
    add(runner, str(work_calendar.url))
    first = run(runner, "sync", "--all").output
    assert "source 1 (alice@council.gov.uk): 5 new, 0 updated, 0 removed, 0 unchanged" in first
    assert meetings(app) == [
        ("2025-03-03T10:00:00+00:00", "2025-03-03T11:00:00+00:00", "HWB meeting"),
        ("2025-03-04T09:00:00+00:00", "2025-03-04T10:00:00+00:00", "HWB meeting"),
        ("2025-03-10T14:00:00+00:00", "2025-03-10T15:30:00+00:00", "HWB meeting"),
        ("2025-03-11T09:00:00+00:00", "2025-03-11T10:00:00+00:00", "HWB meeting"),
        ("2025-03-18T09:00:00+00:00", "2025-03-18T10:00:00+00:00", "HWB meeting"),
    ]
    before = every_row(app, leaving_out=KEPT)
    again = run(runner, "sync", "--all").output
    assert "source 1 (alice@council.gov.uk): unchanged (" in again
    assert every_row(app, leaving_out=KEPT) == before  # no import, nothing rewritten

    moved = work_calendar.event_by_uid("a@test")
    moved.data = ics("a@test", "20250305T100000", "20250305T113000")  # a day later, half an hour longer
    moved.save()
    work_calendar.event_by_uid("b@test").delete()
    result = run(runner, "sync", "--all").output
    assert "0 new, 1 updated, 1 removed, 3 unchanged" in result  # the moved one the same meeting, at its new time
    assert meetings(app)[:2] == [
        ("2025-03-04T09:00:00+00:00", "2025-03-04T10:00:00+00:00", "HWB meeting"),
        ("2025-03-05T10:00:00+00:00", "2025-03-05T11:30:00+00:00", "HWB meeting"),
    ]
    assert len(meetings(app)) == 4
    with app.app_context():
        assert db.get_session().scalar(select(func.count()).select_from(SourceEvent)) == 2
        assert db.get_session().scalar(select(func.count()).select_from(CalendarImport)) == 2


def test_a_server_without_sync_reports_is_read_by_etags(app, connected, runner, work_calendar, server):
    path = str(work_calendar.url).removeprefix(server)
    with refusing_sync_reports(server) as proxy:
        add(runner, proxy + path)
        assert "5 new" in run(runner, "sync", "--all").output
        before = every_row(app, leaving_out=KEPT)
        assert "unchanged (" in run(runner, "sync", "--all").output
        assert every_row(app, leaving_out=KEPT) == before
        work_calendar.event_by_uid("b@test").delete()
        assert "0 new, 0 updated, 1 removed, 4 unchanged" in run(runner, "sync", "--all").output
    with app.app_context():
        from tracker.models import CalendarSource

        assert db.get_session().scalars(select(CalendarSource.validator)).one() == '{"mode": "etags", "auth": "basic"}'


def test_the_password_goes_with_the_first_request_once_the_server_asked_for_basic(
    app, connected, runner, work_calendar, server
):
    """An unchanged calendar costs one request; a server that stops taking Basic is asked again and signed in to
    as it now asks (Digest), not taken for a wrong password."""
    path = str(work_calendar.url).removeprefix(server)
    state = DigestOnly()
    with switching_to_digest(server, state) as proxy:
        add(runner, proxy + path)
        assert "5 new" in run(runner, "sync", "--all").output
        assert state.schemes[:2] == ["", "Basic"]  # the first sync: challenged, then Basic
        state.schemes.clear()
        assert "source 1 (alice@council.gov.uk): unchanged (1 request)" in run(runner, "sync", "--all").output
        assert state.schemes == ["Basic"]
        state.on, state.schemes = True, []
        assert "unchanged (" in run(runner, "sync", "--all").output
        assert state.schemes[0] == "Basic" and state.schemes[-1] == "Digest"
        state.schemes.clear()
        assert "unchanged (" in run(runner, "sync", "--all").output  # Digest is challenged every time
        assert "Basic" not in state.schemes and state.schemes[-1] == "Digest"


def test_a_wrong_password_or_a_server_gone_fails_by_name_and_nothing_is_lost(
    app, connected, runner, work_calendar, monkeypatch
):
    add(runner, str(work_calendar.url))
    run(runner, "sync", "--all")
    before = every_row(app, leaving_out=KEPT)
    monkeypatch.setenv("DAV_PASSWORD", "wrong")
    run(runner, "sources", "add", "--owner", "alice@council.gov.uk", "--url", str(work_calendar.url),
        "--username", USER, "--password-env", "DAV_PASSWORD")  # fmt: skip
    run(runner, "sources", "add", "--owner", "alice@council.gov.uk", "--url", "http://127.0.0.1:9/dav/",
        "--kind", "caldav")  # fmt: skip
    result = run(runner, "sync", "--all", ok=False)
    assert result.exit_code == 1
    assert "source 2 (alice@council.gov.uk): FAILED: the server refused the user name or password" in result.output
    assert "source 3 (alice@council.gov.uk): FAILED: the server could not be reached (Connection refused)" in (
        result.output
    )
    assert "2 of 3 sources failed (2, 3); everything synced before is kept" in result.output
    assert every_row(app, leaving_out=KEPT) == before


def test_erasing_the_owner_removes_their_sources_and_every_object_kept(app, connected, runner, work_calendar):
    add(runner, str(work_calendar.url))
    run(runner, "sync", "--all")
    with app.app_context():
        assert db.get_session().scalar(select(func.count()).select_from(SourceEvent)) == 3
    out = run(runner, "erase", "person", "alice@council.gov.uk", "--yes").output
    assert "1 connected calendars" in out and "3 connected calendar objects" in out
    rows = every_row(app)
    assert rows["calendar_source"] == [] and rows["source_event"] == []
    assert not [c for table in rows.values() for row in table for c in row if "alice@council" in c.lower()]


def test_an_event_added_then_deleted_is_followed_though_the_calendar_is_as_before(
    app, connected, runner, work_calendar
):
    """The calendar after the deletion is byte for byte the one first imported: it is still imported (against
    the source's latest import, not any earlier one), so the meeting goes."""
    add(runner, str(work_calendar.url))
    run(runner, "sync", "--all")
    work_calendar.save_event(ics("d@test", "20250320T100000", "20250320T110000"))
    assert "1 new" in run(runner, "sync", "--all").output
    work_calendar.event_by_uid("d@test").delete()
    assert "0 new, 0 updated, 1 removed, 5 unchanged" in run(runner, "sync", "--all").output
    assert len(meetings(app)) == 5


def test_a_syncs_import_undone_is_imported_again_at_the_next_sync(app, connected, runner, work_calendar):
    from tracker.models import CalendarImport
    from tracker.services.import_undo import undo_import

    add(runner, str(work_calendar.url))
    run(runner, "sync", "--all")
    with app.app_context():
        with db.transaction() as session:
            undo_import(session, session.scalars(select(CalendarImport)).one(), by="manager@example.gov.uk")
    assert meetings(app) == []
    again = run(runner, "sync", "--all").output  # nothing changed on the server, but its import was undone
    assert "5 new, 0 updated, 0 removed, 0 unchanged" in again
    assert len(meetings(app)) == 5


def test_erasing_an_attendee_rewrites_them_in_the_objects_kept_though_a_fold_split_them(
    app, connected, runner, work_calendar
):
    # The server folds lines at 75 octets: Bob's name falls across a fold of the title, at octets 72 to 80
    # of "SUMMARY:Partnership budget\\, performance..." (the comma escaped).
    title = "Partnership budget, performance and outcomes review: prep with Bob Brown"
    assert len("SUMMARY:") + title.index("Bob Brown") + 1 == 72
    folded = ics("bob@test", "20250312T100000", "20250312T110000", title=title).replace(
        "END:VEVENT", "ATTENDEE;CN=Bob Brown;PARTSTAT=ACCEPTED:mailto:bob@nhs.net\r\nEND:VEVENT"
    )
    work_calendar.save_event(folded)
    add(runner, str(work_calendar.url))
    assert "6 new" in run(runner, "sync", "--all").output
    run(runner, "erase", "person", "bob@nhs.net", "--yes")
    text = " ".join(str(value) for row in every_row(app)["source_event"] for value in row)
    assert "prep with [erased " in text
    assert "bob@nhs.net" not in text.lower() and "bob brown" not in text.lower()


def test_retention_lets_old_objects_go_and_later_syncs_leave_their_days_alone(app, connected, runner, work_calendar):
    """Retention takes the titles out of meetings before its cutoff and out of the objects kept of them; a
    later sync neither takes those meetings for deleted nor gives them their titles back (a series still
    running keeps its object whole: its older occurrences are left out of the sync's import)."""
    from datetime import date, timedelta

    soon = date.today() + timedelta(days=14)
    work_calendar.save_event(ics("d@test", f"{soon:%Y%m%d}T100000", f"{soon:%Y%m%d}T110000", title="HWB planning"))
    running = ics("e@test", "20250306T090000", "20250306T093000", title="HWB huddle")
    work_calendar.save_event(running.replace("SUMMARY:", "RRULE:FREQ=WEEKLY\r\nSUMMARY:"))
    add(runner, str(work_calendar.url))
    run(runner, "sync", "--all")
    run(runner, "settings", "set", "retain_titles_months", "1")
    out = run(runner, "retention", "apply").output
    assert "3 connected calendar objects let go" in out  # a, b and the counted series c; d is to come, e runs on
    with app.app_context():
        kept = dict(db.get_session().execute(select(SourceEvent.href, SourceEvent.body)).all())
    assert sorted(bool(body) for body in kept.values()) == [False, False, False, True, True]
    assert "HWB meeting" not in " ".join(kept.values())
    assert "unchanged (" in run(runner, "sync", "--all").output
    before = len(meetings(app))
    later = soon + timedelta(days=1)
    moved = work_calendar.event_by_uid("d@test")
    moved.data = ics("d@test", f"{later:%Y%m%d}T100000", f"{later:%Y%m%d}T113000", title="HWB planning")
    moved.save()
    assert "0 new, 1 updated, 0 removed, " in run(runner, "sync", "--all").output
    held = meetings(app)
    cutoff = f"{date.today() - timedelta(days=31):%Y-%m-%d}"
    assert len(held) == before
    assert {title for start, _, title in held if start < cutoff} == {""}  # retired, and left so
    assert {title for start, _, title in held if start > f"{date.today():%Y-%m-%d}"} == {"HWB planning", "HWB huddle"}
    assert [start[:10] for start, _, title in held if title == "HWB planning"] == [f"{later:%Y-%m-%d}"]
    with app.app_context():
        latest = db.get_session().scalars(select(CalendarImport).order_by(CalendarImport.id.desc())).first()
        assert latest.readings is None  # nothing of the retired occurrences kept for the next read either
