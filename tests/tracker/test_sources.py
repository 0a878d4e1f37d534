"""Connected calendars through the command line: who may be connected, what is refused and why, secrets
kept encrypted, and a published ICS address synced through the import path (tests/fetching/servers.py)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from tests.conftest import every_row, run
from tests.fetching.servers import Published, http_server
from tests.tracker.test_cli_imports import calendar, event, loaded
from tracker import db
from tracker.models import CalendarImport, CalendarSource, Meeting
from tracker.services.source_secrets import new_key, unseal

KEY = new_key()


@pytest.fixture
def agreed(app, runner):
    """The end-to-end registers; the NHS Trust agrees to connected calendars, local servers allowed."""
    app.config["SOURCES_KEY"] = KEY
    loaded(runner)
    run(runner, "sources", "agree", "NHS Trust")
    run(runner, "settings", "set", "allow_private_sources", "yes")
    return runner


def scalar(app, query):
    with app.app_context():
        return db.get_session().scalar(query)


def test_a_person_not_on_the_register_or_whose_organisation_has_not_agreed_is_refused(app, runner):
    loaded(runner)
    result = run(runner, "sources", "add", "--owner", "zed@nowhere.org", "--url", "https://a.example/c.ics", ok=False)
    assert result.exit_code != 0
    assert "zed@nowhere.org is not on the staff register" in result.output
    result = run(runner, "sources", "add", "--owner", "bob@nhs.net", "--url", "https://a.example/c.ics", ok=False)
    assert "NHS Trust has not agreed to its staff's calendars being connected" in result.output
    assert "tracker sources agree 'NHS Trust'" in result.output
    assert scalar(app, select(func.count()).select_from(CalendarSource)) == 0


def test_private_addresses_are_refused_until_an_administrator_allows_them(app, runner):
    loaded(runner)
    run(runner, "sources", "agree", "NHS Trust")
    for url in (
        "http://127.0.0.1:8080/c.ics",
        "https://10.1.2.3/dav/",
        "http://[::1]/c.ics",
        "http://169.254.169.254/",
    ):
        result = run(runner, "sources", "add", "--owner", "bob@nhs.net", "--url", url, ok=False)
        assert result.exit_code != 0 and "is a private or local address" in result.output, url
        assert "allow_private_sources yes" in result.output
    result = run(runner, "sources", "add", "--owner", "bob@nhs.net", "--url", "ftp://a.example/c.ics", ok=False)
    assert "only http:// and https:// (or webcal://) addresses can be read, not ftp://" in result.output
    run(runner, "settings", "set", "allow_private_sources", "yes")
    added = run(runner, "sources", "add", "--owner", "bob@nhs.net", "--url", "http://127.0.0.1:8080/c.ics")
    assert added.output.startswith("source 1: published ICS address of bob@nhs.net")


def test_an_administrator_may_allow_some_private_servers_and_not_the_rest(app, runner):
    loaded(runner)
    run(runner, "sources", "agree", "NHS Trust")
    bad = run(runner, "settings", "set", "private_source_servers", "dav.internal, not a/server", ok=False)
    assert "'not' is neither" not in bad.output and "'a/server' is neither a server's name nor a network" in bad.output
    run(runner, "settings", "set", "private_source_servers", "127.0.0.0/8")
    refused = run(runner, "sources", "add", "--owner", "bob@nhs.net", "--url", "http://[::1]/c.ics", ok=False)
    assert "::1 is a private or local address (::1)" in refused.output
    assert "tracker settings set private_source_servers ::1" in refused.output
    added = run(runner, "sources", "add", "--owner", "bob@nhs.net", "--url", "http://127.0.0.1:8080/c.ics")
    assert added.output.startswith("source 1: published ICS address of bob@nhs.net")


def test_a_webcal_link_is_read_over_https_and_kinds_are_detected(app, agreed, runner):
    run(runner, "sources", "add", "--owner", "bob@nhs.net", "--url", "webcal://127.0.0.1/feeds/bob")
    run(runner, "sources", "add", "--owner", "bob@nhs.net", "--url", "http://127.0.0.1/dav/bob/work/")
    with app.app_context():
        rows = db.get_session().execute(select(CalendarSource.kind, CalendarSource.url).order_by(CalendarSource.id))
        assert list(rows) == [("ics", "https://127.0.0.1/feeds/bob"), ("caldav", "http://127.0.0.1/dav/bob/work/")]


def test_a_secret_comes_from_the_environment_and_is_stored_encrypted_never_shown(app, agreed, runner, monkeypatch):
    monkeypatch.setenv("BOB_DAV", "s3cret-app-password")
    run(runner, "sources", "add", "--owner", "bob@nhs.net", "--url", "http://127.0.0.1/dav/", "--username", "bob",
        "--password-env", "BOB_DAV")  # fmt: skip
    stored = scalar(app, select(CalendarSource.secret))
    assert b"s3cret" not in stored and unseal(KEY, stored) == "s3cret-app-password"
    listing = run(runner, "sources", "list").output
    assert "s3cret" not in listing and "bob@nhs.net" in listing
    with app.app_context():
        from tracker.models import AuditEntry

        audited = " ".join(str(e.details) for e in db.get_session().scalars(select(AuditEntry)))
    assert "BOB_DAV" in audited  # the audit says which variable the secret came from...
    assert "s3cret" not in audited and "127.0.0.1/dav" not in audited  # ...never the secret, nor the address
    missing = run(runner, "sources", "add", "--owner", "bob@nhs.net", "--url", "http://127.0.0.1/x/",
                  "--password-env", "NOT_SET_ANYWHERE", ok=False)  # fmt: skip
    assert "the environment variable NOT_SET_ANYWHERE is not set" in missing.output


def test_a_secret_without_a_key_is_refused_and_nothing_is_added(app, agreed, runner, monkeypatch):
    app.config["SOURCES_KEY"] = ""
    monkeypatch.setenv("BOB_DAV", "pw")
    result = run(runner, "sources", "add", "--owner", "bob@nhs.net", "--url", "http://127.0.0.1/dav/",
                 "--username", "bob", "--password-env", "BOB_DAV", ok=False)  # fmt: skip
    assert "SOURCES_KEY is not set" in result.output and "Nothing was added." in result.output
    assert scalar(app, select(func.count()).select_from(CalendarSource)) == 0


def hwb(*days: str) -> bytes:
    return calendar(*(event(f"hwb-{d}", d) for d in days), name="bob@nhs.net").encode()


def test_a_published_address_is_imported_then_asked_only_whether_it_changed(app, agreed, runner):
    published = Published(body=hwb("20250303", "20250310"), etag='"v1"')
    with http_server(published) as base:
        run(runner, "sources", "add", "--owner", "bob@nhs.net", "--url", f"{base}/calendar.ics")
        first = run(runner, "sync", "--all")
        assert "source 1 (bob@nhs.net): 2 new, 0 updated, 0 removed, 0 unchanged (1 request)" in first.output
        assert scalar(app, select(func.count()).select_from(Meeting)) == 2
        before = every_row(app, leaving_out=("calendar_source", "audit_entry"))
        again = run(runner, "sync", "--all")
        assert "source 1 (bob@nhs.net): unchanged (1 request)" in again.output
        assert published.asked[-1]["if-none-match"] == '"v1"'
        assert every_row(app, leaving_out=("calendar_source", "audit_entry")) == before  # nothing done twice
        published.body, published.etag = hwb("20250303", "20250317"), '"v2"'  # one moved a week on
        moved = run(runner, "sync", "--all")
        assert "1 new, 0 updated, 1 removed, 1 unchanged" in moved.output
    with app.app_context():
        session = db.get_session()
        days = sorted(m.start.date().isoformat() for m in session.scalars(select(Meeting)))
        assert days == ["2025-03-03", "2025-03-17"]
        assert session.scalar(select(func.count()).select_from(CalendarImport)) == 2
        assert session.scalar(select(CalendarImport.filename).limit(1)) == "source 1 (127.0.0.1).ics"


def test_a_server_that_is_gone_fails_by_name_and_keeps_everything_imported(app, agreed, runner):
    published = Published(body=hwb("20250303"))
    with http_server(published) as base:
        run(runner, "sources", "add", "--owner", "bob@nhs.net", "--url", f"{base}/calendar.ics")
        run(runner, "sync", "--all")
    before = every_row(app, leaving_out=("calendar_source", "audit_entry"))
    result = run(runner, "sync", "--all", ok=False)
    assert result.exit_code == 1
    assert "source 1 (bob@nhs.net): FAILED: the server could not be reached" in result.output
    assert "1 of 1 sources failed (1); everything synced before is kept" in result.output
    assert every_row(app, leaving_out=("calendar_source", "audit_entry")) == before
    listing = run(runner, "sources", "list").output
    assert "failing: the server could not be reached" in listing


def test_a_server_asking_to_wait_is_waited_for_briefly_then_left_until_later(app, agreed, runner, monkeypatch):
    waited: list[float] = []
    monkeypatch.setattr("time.sleep", waited.append)
    published = Published(body=hwb("20250303"))
    published.scripted = [(429, {"Retry-After": "2"}, b""), (503, {"Retry-After": "7200"}, b"")]
    with http_server(published) as base:
        run(runner, "sources", "add", "--owner", "bob@nhs.net", "--url", f"{base}/calendar.ics")
        result = run(runner, "sync", "--all", ok=False)
        assert waited == [2.0]
        assert "FAILED: the server is busy (HTTP 503) and asked to be tried again in 7200 s" in result.output
        with app.app_context():
            source = db.get_session().scalars(select(CalendarSource)).one()
            assert (source.next_run_at - source.last_tried_at).total_seconds() == 7200
        assert "1 new" in run(runner, "sync", "--all").output  # asked by hand, it is tried now


def test_a_second_sync_of_a_source_being_synced_leaves_it_to_the_first(app, agreed, runner, monkeypatch):
    """The scheduler's sync and someone's "Sync now" at once: the second neither asks the server nor
    imports. A sync still running after an hour is taken over by the next, and then lands nothing of its
    own; an interrupted sync lets go of its claim."""
    from datetime import UTC, datetime, timedelta

    from tracker import sync_runs
    from tracker.services import source_sync

    published = Published(body=hwb("20250303"), gate=threading.Event())
    with http_server(published) as base:
        run(runner, "sources", "add", "--owner", "bob@nhs.net", "--url", f"{base}/calendar.ics")
        outcomes: list = []

        def scheduled() -> None:
            with app.app_context():
                settings = source_sync.SyncSettings.of(app.config)
                outcomes.extend(sync_runs.sync([1], by="scheduler", settings=settings))

        first = threading.Thread(target=scheduled)
        first.start()
        assert published.arrived.wait(timeout=30)  # the first sync is waiting for the server
        second = run(runner, "sync", "--all")
        assert "source 1 (bob@nhs.net): already being synced by another run (began " in second.output
        assert len(published.asked) == 1  # the second never asked the server
        assert "syncing since" in run(runner, "sources", "list").output

        with app.app_context(), db.transaction() as session:  # the first has now run for two hours
            session.scalars(select(CalendarSource)).one().syncing_since = datetime.now(UTC) - timedelta(hours=2)
        taken_over = run(runner, "sync", "--all")
        assert "source 1 (bob@nhs.net): 1 new, 0 updated, 0 removed, 0 unchanged (1 request)" in taken_over.output
        published.gate.set()
        first.join(timeout=30)
        assert [o.words for o in outcomes] == ["ran over an hour and another run took the source over; left to it"]
        assert scalar(app, select(func.count()).select_from(CalendarImport)) == 1  # the first landed nothing
        assert "unchanged (1 request)" in run(runner, "sync", "--all").output  # the claim was let go

    def interrupted(prepared, resolve):
        raise KeyboardInterrupt

    monkeypatch.setattr(source_sync, "fetch", interrupted)
    with app.app_context(), pytest.raises(KeyboardInterrupt):
        sync_runs.sync([1], by="cron", settings=source_sync.SyncSettings.of(app.config))
    assert scalar(app, select(CalendarSource.syncing_since)) is None


def test_a_sync_lets_go_of_its_claim_though_the_session_holds_its_source_from_before(app, agreed, runner):
    """The 200-calendar benchmark connected its sources and synced them in one session, still holding the
    last one it connected: that source's sync took its own claim for another's and never let it go."""
    from tracker import sync_runs
    from tracker.services import sources as connecting
    from tracker.services.source_sync import SyncSettings

    with http_server(Published(body=hwb("20250303"))) as base, app.app_context():
        with db.transaction() as session:
            held = [
                connecting.connect(session, connecting.NewSource(owner="bob@nhs.net", url=f"{base}/c{n}.ics"),
                                   by="bench", key=KEY, resolve=lambda host, port: ["127.0.0.1"])
                for n in range(2)
            ]  # fmt: skip
        ids = [source.id for source in held]
        settings = SyncSettings.of(app.config)
        for _ in range(2):
            outcomes = sync_runs.sync(ids, by="bench", settings=settings)
            assert all(o.ok and "already" not in o.words and "took" not in o.words for o in outcomes), outcomes
        assert list(db.get_session().scalars(select(CalendarSource.syncing_since))) == [None, None]


def test_five_failures_in_a_row_pause_a_source_and_the_schedule_skips_it(app, agreed, runner):
    run(runner, "sources", "add", "--owner", "bob@nhs.net", "--url", "http://127.0.0.1:9/calendar.ics")
    for n in range(1, 6):
        result = run(runner, "sync", "--source", "1", ok=False)
        assert ("(now paused)" in result.output) == (n == 5)
    assert "PAUSED: paused after 5 failed syncs in a row" in run(runner, "sources", "list").output
    assert run(runner, "sync", "--all").output.strip() == ""  # the paused source is not tried
    run(runner, "sources", "resume", "1")
    assert "PAUSED" not in run(runner, "sources", "list").output
    assert "source 1 (bob@nhs.net): FAILED" in run(runner, "sync", "--all", ok=False).output  # due again, tried again


def test_withdrawing_agreement_pauses_the_organisations_sources(app, agreed, runner):
    run(runner, "sources", "add", "--owner", "bob@nhs.net", "--url", "http://127.0.0.1:9/calendar.ics")
    run(runner, "sources", "agree", "NHS Trust", "--withdraw")
    assert "PAUSED: NHS Trust withdrew its agreement" in run(runner, "sources", "list").output
    result = run(runner, "sync", "--source", "1", ok=False)
    assert "NHS Trust has not agreed to its staff's calendars being connected" in result.output


def test_removing_a_source_keeps_what_it_imported(app, agreed, runner):
    published = Published(body=hwb("20250303"))
    with http_server(published) as base:
        run(runner, "sources", "add", "--owner", "bob@nhs.net", "--url", f"{base}/calendar.ics")
        run(runner, "sync", "--all")
    assert run(runner, "sources", "remove", "1").output.strip() == "source 1 removed: ics of bob@nhs.net"
    assert scalar(app, select(func.count()).select_from(CalendarSource)) == 0
    assert scalar(app, select(func.count()).select_from(Meeting)) == 1
    assert "there is no source 1" in run(runner, "sources", "remove", "1", ok=False).output


def test_the_public_privacy_notice_lists_who_agreed_and_counts_their_calendars_naming_nobody(app, agreed, runner):
    page = app.test_client().get("/privacy").get_data(as_text=True)
    assert 'NHS Trust</td><td class="govuk-table__cell">none yet' in page
    run(runner, "sources", "add", "--owner", "bob@nhs.net", "--url", "http://127.0.0.1:9/calendar.ics")
    run(runner, "sources", "add", "--owner", "bob@nhs.net", "--url", "http://127.0.0.1:9/dav/", "--kind", "caldav")
    page = app.test_client().get("/privacy").get_data(as_text=True)
    assert "1 CalDAV calendar, 1 published ICS address" in page
    assert "bob@nhs.net" not in page and "127.0.0.1" not in page
    run(runner, "sources", "agree", "NHS Trust", "--withdraw")
    page = app.test_client().get("/privacy").get_data(as_text=True)
    assert "No organisation has agreed to its staff's calendars being read directly" in page


def test_with_redis_the_scheduler_queues_the_due_syncs_and_a_worker_runs_them(app, agreed, runner, tmp_path):
    """``tracker scheduler`` (RQ's cron) queues the sync of what is due; ``tracker worker`` runs it as
    ``tracker sync`` would: the calendar imported, the source's next run an interval on."""
    import os
    import subprocess
    import sys

    from tests.databases import redis_url
    from tests.web.test_jobs import _redis

    connection = _redis()
    connection.flushdb()
    published = Published(body=hwb("20250303", "20250310"))
    with http_server(published) as base:
        run(runner, "sources", "add", "--owner", "bob@nhs.net", "--url", f"{base}/calendar.ics")
        environment = {
            **os.environ, "DATABASE_URL": app.config["DATABASE_URL"], "REDIS_URL": redis_url(),
            "TRACKER_INSTANCE_PATH": str(tmp_path / "instance"), "SECRET_KEY": "test", "SOURCES_KEY": KEY,
            "SYNC_INTERVAL": "600",
        }  # fmt: skip

        def tracker(*args: str) -> str:
            done = subprocess.run([sys.executable, "-c", "from tracker.cli import main; main()", *args],
                                  env=environment, capture_output=True, text=True, timeout=120)  # fmt: skip
            assert done.returncode == 0, done.stdout + done.stderr
            return done.stdout + done.stderr

        assert "Queued the connected calendars' sync on 'tracker'" in tracker("scheduler", "--once")
        assert scalar(app, select(func.count()).select_from(Meeting)) == 0  # queued, not run
        logged = tracker("worker", "--burst")
    assert (
        "source 1 (bob@nhs.net) synced: 2 new" in logged and "connected calendars: 1 due, 1 synced, 0 failed" in logged
    )
    assert scalar(app, select(func.count()).select_from(Meeting)) == 2
    with app.app_context():
        source = db.get_session().scalars(select(CalendarSource)).one()
        assert (source.next_run_at - source.last_synced_at).total_seconds() == 600
        assert source.last_result.startswith("2 new, 0 updated")
    connection.flushdb()


def test_without_redis_the_scheduler_says_to_use_cron(runner):
    result = run(runner, "scheduler", "--once", ok=False)
    assert "REDIS_URL is not set: without Redis, run `tracker sync` from cron instead" in result.output


def test_from_cron_only_the_sources_that_are_due_are_synced(app, agreed, runner):
    """``tracker sync`` (as cron runs it) syncs a new source and, after it, none until its interval has
    passed; a failing one waits out its backoff; ``--all`` syncs every one not paused now."""
    with http_server(Published(body=hwb("20250303"))) as base:
        run(runner, "sources", "add", "--owner", "bob@nhs.net", "--url", f"{base}/calendar.ics")
        run(runner, "sources", "add", "--owner", "bob@nhs.net", "--url", "http://127.0.0.1:9/gone.ics")
        first = run(runner, "sync", ok=False).output
        assert "source 1 (bob@nhs.net): 1 new" in first and "source 2 (bob@nhs.net): FAILED" in first
        assert run(runner, "sync").output.strip() == ""  # neither is due: an hour, and a failure's backoff
        forced = run(runner, "sync", "--all", ok=False).output
        assert "source 1 (bob@nhs.net): unchanged" in forced and "source 2 (bob@nhs.net): FAILED" in forced
