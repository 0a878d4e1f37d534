"""Logging: a line for each request and each job with its id, errors with their context, and nothing in
any line that gives pay or a password."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import text

from tests.web.test_jobs import previewed
from tests.web_fixtures import PASSWORD, email
from tracker import background, logs

SALARIES = ("60000", "66000", "90000", "45000", "60,000", "66,000", "90,000", "45,000")


class Lines(logging.Handler):
    """The app's log lines as its own handler formats them (same format, same filter)."""

    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(logging.Formatter(logs.FORMAT))
        self.addFilter(logs.ContextFilter())
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def lines():
    handler = Lines()
    logger = logging.getLogger(logs.LOGGER)
    logger.addHandler(handler)
    yield handler.lines
    logger.removeHandler(handler)


def test_each_request_has_one_line_with_its_id_and_no_pay_or_password(web_app, lines):
    client = web_app.test_client()
    signed_in = client.post("/login", data={"email": email("finance"), "password": PASSWORD})
    assert signed_in.status_code == 302
    shown = client.get("/hats/hats.csv", query_string={"from": "2025-03-01", "to": "2025-03-31"})
    assert shown.status_code == 200 and b"Alice" in shown.data  # finance sees each person's actual cost
    requests = [line for line in lines if " tracker.requests " in line]
    assert len(requests) == 2
    login, download = requests
    assert "POST /login 302" in login and login.endswith(f"user={shown_user(web_app)}")
    assert "GET /hats/hats.csv 200" in download and "from=" not in download  # never the query
    assert f"[{shown.headers['X-Request-ID']}]" in download
    everything = "\n".join(lines)
    assert PASSWORD not in everything and email("finance") not in everything
    assert not any(salary in everything for salary in SALARIES)


def shown_user(app) -> str:
    """What a request line says of the signed-in finance user: their account's id, never their address."""
    from sqlalchemy import select

    from tracker.models import User

    with app.app_context():
        from tracker.db import get_session

        return str(get_session().scalars(select(User.id).where(User.email == email("finance"))).one())


def test_a_request_id_from_the_proxy_is_kept_only_if_it_looks_like_one(web_app, lines):
    client = web_app.test_client()
    kept = client.get("/login", headers={"X-Request-ID": "edge-4f2a.77"})
    assert kept.headers["X-Request-ID"] == "edge-4f2a.77" and "[edge-4f2a.77]" in lines[-1]
    odd = client.get("/login", headers={"X-Request-ID": "x 2026 INFO forged line"})
    assert odd.headers["X-Request-ID"] != "x 2026 INFO forged line" and "forged" not in "\n".join(lines)


def test_an_error_is_logged_with_its_request_id_and_without_the_statement_values(web_app, lines):
    @web_app.route("/boom")
    def boom():
        from tracker.db import get_session

        pay = f"{91234 + 0.56:.2f}"  # not written out here: the traceback quotes this source line
        get_session().execute(text("SELECT * FROM no_such_table WHERE pay = :pay"), {"pay": pay})
        return "never"

    web_app.config["PROPAGATE_EXCEPTIONS"] = False
    answer = web_app.test_client().get("/boom")
    assert answer.status_code == 500
    request_id = answer.headers.get("X-Request-ID")
    error = next(line for line in lines if "Exception on /boom" in line)
    assert "no_such_table" in error and "Traceback" in error  # the context an operator needs
    assert "91234.56" not in "\n".join(lines)  # but not the values the statement carried
    assert request_id is None or f"[{request_id}]" in error


def test_each_job_logs_its_start_and_end_under_its_id(web_app, nhs_manager, lines):
    manager = nhs_manager  # previewed() uploads Bob's calendar: his organisation's manager does
    job_page = manager.post(f"/upload/{previewed(manager)}/confirm").headers["Location"]
    job_id = job_page.rstrip("/").rsplit("/", 1)[-1]
    mine = [line.split(f"[job:{job_id}] ", 1)[1] for line in lines if f"[job:{job_id}]" in line]
    assert len(mine) == 4, lines  # started, each step (its time in the log says where the job's time went), done
    assert mine[0] == f"import job {job_id} started"
    assert mine[1] == f"import job {job_id}: Reading and storing bob-tasking.ics (0 of 1)"
    assert mine[2] == f"import job {job_id}: Working out attendances and costs (1 of 1)"
    assert mine[3].startswith(f"import job {job_id} done in ")


def test_progress_kept_in_memory_is_let_go_a_day_later(app, monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(background.time, "monotonic", lambda: now[0])
    monkeypatch.setattr(background, "_memory", {})
    background.report(app, "old", background.Progress("Reading", 1, 2))
    now[0] += background.KEPT_FOR - 1
    background.report(app, "newer", background.Progress("Reading", 1, 2))
    assert background.progress_of(app, "old").stage == "Reading"  # still within its day
    now[0] += 2
    background.report(app, "newest", background.Progress("Done", 1, 1))
    assert background.progress_of(app, "old") == background.Progress()  # gone: a day since its last report
    assert background.progress_of(app, "newer").stage == "Reading"
    assert set(background._memory) == {"newer", "newest"}
