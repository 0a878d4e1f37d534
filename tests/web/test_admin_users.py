"""Administrators change a user's role and access (POST /admin/users/<id>); it takes effect at once."""

from __future__ import annotations

import pytest

from tests.web.page import Page
from tests.web_fixtures import PASSWORD, email
from tracker.domain.permissions import ROLE_NAMES


def user_id(admin, role: str) -> int:
    """The id in the users page's row for the fixture user of this role."""
    control = Page.of(admin.get("/admin/users")).control(f"Role of {email(role)}")  # "role-<id>"
    return int(control.removeprefix("role-"))


def shown(admin, role: str) -> tuple[str, str]:
    """(role, access) as the users page shows them selected for the fixture user of this role."""
    page = Page.of(admin.get("/admin/users"))
    ident = user_id(admin, role)
    chosen = [next(label for _, label, on in page.options[f"{name}-{ident}"] if on) for name in ("role", "active")]
    return chosen[0], chosen[1]


def change(admin, who: str, **form: str):
    """Post the users page's form for the fixture user ``who``."""
    return admin.post(f"/admin/users/{user_id(admin, who)}", data=form)


def to_login(response) -> bool:
    return response.status_code == 302 and "/login" in response.headers["Location"]


def test_admin_promotes_a_user_and_their_next_request_has_the_new_role(as_role):
    admin, director = as_role("admin"), as_role("director")
    assert director.get("/downloads").status_code == 403
    response = change(admin, "director", role="finance", active="yes")
    assert response.status_code == 302 and response.headers["Location"] == "/admin/users"
    page = Page.of(admin.get("/admin/users"))
    assert page.notices == [f"{email('director')}: Finance, active."]
    assert shown(admin, "director") == ("Finance", "can sign in")
    assert director.get("/downloads").status_code == 200  # the same session, no new sign-in
    assert f"{email('director')} (finance)" in director.get("/").get_data(as_text=True)


def test_admin_demotes_a_user_and_they_lose_access_at_once(as_role):
    admin, finance = as_role("admin"), as_role("finance")
    assert finance.get("/dashboard").status_code == 200
    assert change(admin, "finance", role="manager", active="yes").status_code == 302
    assert finance.get("/dashboard").status_code == 403
    assert finance.get("/registers/staff").status_code == 403
    assert finance.get("/upload").status_code == 200


def test_admin_blocks_a_user_whose_session_stops_at_once(web_app, as_role):
    admin, manager = as_role("admin"), as_role("manager")
    assert manager.get("/upload").status_code == 200
    assert change(admin, "manager", role="manager", active="no").status_code == 302
    assert Page.of(admin.get("/admin/users")).notices == [f"{email('manager')}: Manager, signed out and blocked."]
    assert shown(admin, "manager") == ("Manager", "blocked")
    assert to_login(manager.get("/upload"))  # the open session no longer counts
    again = web_app.test_client().post("/login", data={"email": email("manager"), "password": PASSWORD})
    assert again.status_code == 400 and "The email address or password is not right" in again.get_data(as_text=True)
    assert change(admin, "manager", role="manager", active="yes").status_code == 302
    back = web_app.test_client().post("/login", data={"email": email("manager"), "password": PASSWORD})
    assert back.status_code == 302  # unblocked, they can sign in again


@pytest.mark.parametrize(("role", "active"), [("director", "yes"), ("admin", "no"), ("finance", "no")])
def test_admin_cannot_remove_their_own_admin_access(as_role, role, active):
    admin = as_role("admin")
    response = change(admin, "admin", role=role, active=active)
    assert response.status_code == 302 and response.headers["Location"] == "/admin/users"
    page = Page.of(admin.get("/admin/users"))
    assert page.notices == ["You cannot remove your own administrator access."]
    assert shown(admin, "admin") == ("Administrator", "can sign in")
    assert admin.get("/admin/settings").status_code == 200


def test_change_user_refuses_a_role_that_does_not_exist(as_role):
    admin, director = as_role("admin"), as_role("director")
    assert change(admin, "director", role="superuser", active="yes").status_code == 400
    assert change(admin, "director", active="yes").status_code == 400
    assert shown(admin, "director") == ("Director", "can sign in")
    assert director.get("/dashboard").status_code == 200


def test_change_user_of_nobody_is_not_found(as_role):
    admin = as_role("admin")
    ids = [user_id(admin, role) for role in ("manager", "director", "finance", "admin")]
    assert admin.post(f"/admin/users/{max(ids) + 1}", data={"role": "director", "active": "yes"}).status_code == 404


@pytest.mark.parametrize("role", ["manager", "director", "finance"])
def test_change_user_is_for_administrators_only(as_role, role):
    client, admin = as_role(role), as_role("admin")
    own = user_id(admin, role)
    assert client.post(f"/admin/users/{own}", data={"role": "admin", "active": "yes"}).status_code == 403
    other = user_id(admin, "admin")
    assert client.post(f"/admin/users/{other}", data={"role": "manager", "active": "no"}).status_code == 403
    assert shown(admin, role) == (ROLE_NAMES[role], "can sign in")
    assert shown(admin, "admin") == ("Administrator", "can sign in")
    assert client.get("/admin/users").status_code == 403
