"""Users belong to an organisation of the staff register, or to the host (the administrators who run the
app): set by ``tracker users create --organisation`` and on the users page, shown in its list."""

from __future__ import annotations

import pytest

from tests.conftest import run
from tests.web.page import Page
from tests.web_fixtures import email
from tracker import create_app
from tracker.domain.single_sign_on import ProviderSettingError


def organisation_of(admin, address: str) -> str:
    return Page.of(admin.get("/admin/users")).table("Users and roles").record(address)["Organisation"]


def test_the_command_line_puts_a_user_in_an_organisation_and_the_users_page_shows_it(web_app, runner, as_role):
    out = run(
        runner, "users", "create", "fo@police.uk", "--role", "finance", "--organisation", "Police",
        "--password", "a-long-password",
    )  # fmt: skip
    assert "fo@police.uk can now sign in as finance of Police." in out.output
    admin = as_role("admin")
    assert organisation_of(admin, "fo@police.uk") == "Police"
    assert organisation_of(admin, email("admin")) == "The host"


def test_an_organisation_not_in_the_staff_register_is_refused_naming_those_that_are(web_app, runner):
    out = run(
        runner, "users", "create", "x@example.org", "--role", "manager", "--organisation", "Polise",
        "--password", "a-long-password", ok=False,
    )  # fmt: skip
    assert "there is no organisation called 'Polise' (known: Borough Council, NHS Trust, Police)" in out.output


def test_the_users_page_adds_a_user_to_an_organisation_and_moves_them_to_the_host(as_role):
    admin = as_role("admin")
    added = admin.post(
        "/admin/users",
        data={"email": "nurse@nhs.net", "role": "manager", "organisation": "NHS Trust", "password": "a-long-password"},
    )
    assert added.status_code == 302
    assert organisation_of(admin, "nurse@nhs.net") == "NHS Trust"
    ident = Page.of(admin.get("/admin/users")).control("Role of nurse@nhs.net").removeprefix("role-")
    admin.post(f"/admin/users/{ident}", data={"role": "manager", "active": "yes"})  # no organisation: unchanged
    assert organisation_of(admin, "nurse@nhs.net") == "NHS Trust"
    admin.post(f"/admin/users/{ident}", data={"role": "manager", "active": "yes", "organisation": ""})
    assert organisation_of(admin, "nurse@nhs.net") == "The host"


def test_a_moved_user_is_signed_out(as_role):
    admin, manager = as_role("admin"), as_role("manager")
    ident = Page.of(admin.get("/admin/users")).control(f"Role of {email('manager')}").removeprefix("role-")
    admin.post(f"/admin/users/{ident}", data={"role": "manager", "active": "yes", "organisation": "Police"})
    assert manager.get("/").status_code == 302


def test_passwords_off_with_no_provider_stops_the_app_starting(tmp_path):
    with pytest.raises(ProviderSettingError, match="nobody could sign in"):
        create_app({"LOCAL_PASSWORDS": False, "OIDC_PROVIDERS": "", "INSTANCE_PATH": str(tmp_path)})
