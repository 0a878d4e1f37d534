"""A session ends when its user signs out, is given a new password or is blocked: a session cookie
copied before then (from a shared computer, a proxy log) no longer opens anything."""

from __future__ import annotations

from sqlalchemy import select

from tests.web.test_pages import text
from tests.web_fixtures import PASSWORD, email, sign_in
from tracker import db
from tracker.models import User


def user_id(web_app, role: str) -> int:
    with web_app.app_context():
        return db.get_session().scalar(select(User.id).where(User.email == email(role)))


def copied(web_app, client):
    """Another browser holding a copy of this client's session cookie."""
    thief = web_app.test_client()
    cookie = client.get_cookie("session")
    thief.set_cookie(cookie.key, cookie.value)
    return thief


def test_a_cookie_copied_before_sign_out_does_not_work_after_it(web_app):
    finance = sign_in(web_app.test_client(), "finance")
    thief = copied(web_app, finance)
    assert thief.get("/dashboard").status_code == 200  # the copy works while the session does
    finance.post("/logout")
    after = thief.get("/dashboard")
    assert after.status_code == 302 and "/login" in after.headers["Location"]
    assert sign_in(web_app.test_client(), "finance").get("/dashboard").status_code == 200  # signing in again works


def test_an_admin_resets_a_password_and_every_session_of_that_user_ends(web_app, as_role):
    manager = sign_in(web_app.test_client(), "manager")
    admin = as_role("admin")
    page = text(admin.get("/admin/users"))
    assert 'New password<span class="govuk-visually-hidden"> for manager@example.gov.uk</span></label>' in page
    manager_id = user_id(web_app, "manager")
    short = admin.post(f"/admin/users/{manager_id}/password", data={"password": "short"}, follow_redirects=True)
    assert "The new password must be at least 10 characters." in text(short)
    assert manager.get("/review").status_code == 200  # nothing changed
    done = admin.post(
        f"/admin/users/{manager_id}/password", data={"password": "a-new-password-2"}, follow_redirects=True
    )
    assert "manager@example.gov.uk has a new password and has been signed out everywhere" in text(done)
    assert manager.get("/review").status_code == 302  # their session ended
    refused = web_app.test_client().post("/login", data={"email": email("manager"), "password": PASSWORD})
    assert refused.status_code == 400
    fresh = web_app.test_client().post("/login", data={"email": email("manager"), "password": "a-new-password-2"})
    assert fresh.status_code == 302


def test_blocking_a_user_ends_their_sessions_and_unblocking_does_not_revive_them(web_app, as_role):
    director = sign_in(web_app.test_client(), "director")
    admin = as_role("admin")
    director_id = user_id(web_app, "director")
    admin.post(f"/admin/users/{director_id}", data={"role": "director", "active": "no"})
    assert director.get("/dashboard").status_code == 302
    admin.post(f"/admin/users/{director_id}", data={"role": "director", "active": "yes"})
    assert director.get("/dashboard").status_code == 302  # the old session stays ended
    assert sign_in(web_app.test_client(), "director").get("/dashboard").status_code == 200
