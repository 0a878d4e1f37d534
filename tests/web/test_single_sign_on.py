"""Single sign-on end to end, against a real OpenID provider the tests start (tests/oidc/provider.mjs).

Each case drives the whole flow: the sign-in button's redirect to the provider, the provider's own
redirects (login and consent, automatic for the test account named), and the app's callback with the
code; what the user then sees is the page the callback answers, and no session may exist afterwards
unless they were let in.
"""

from __future__ import annotations

import html
import json
from dataclasses import replace

import pytest

from tests.oidc.launch import APP, provider, through_provider
from tests.web.page import Page
from tracker import create_app, db
from tracker.reports import audit
from tracker.store.registers import organisation
from tracker.store.users import create_user

PASSWORD = "correct-horse-battery"
ACCOUNTS = {
    "alice": {"email": "alice@council.example", "email_verified": True},
    "root": {"email": "root@host.example", "email_verified": True},
    "carol": {"email": "carol@council.example", "email_verified": False},
    "dave": {"email": "dave@council.example", "email_verified": True},
    "erin": {"email": "erin@council.example", "email_verified": True},
    "bob": {"email": "bob@elsewhere.example", "email_verified": True},
}
USERS = [  # (email, role, organisation): dave has no account; bob's domain is mapped to no organisation
    ("alice@council.example", "finance", "County Council"),
    ("root@host.example", "admin", None),
    ("carol@council.example", "manager", "County Council"),
    ("erin@council.example", "manager", "Police"),
    ("bob@elsewhere.example", "manager", "County Council"),
]
CALLBACKS = [f"{APP}/auth/sso/{name}/callback" for name in ("council", "impostor")]


def setting(issuer: str, name: str = "council", **changes) -> dict:
    return {
        "name": name,
        "label": "County Council",
        "issuer": issuer,
        "client_id": "tracker",
        "client_secret_env": "TEST_OIDC_SECRET",
        "domains": {"council.example": "County Council", "host.example": None},
        **changes,
    }


@pytest.fixture(scope="module")
def issuer():
    with provider(ACCOUNTS, CALLBACKS) as url:
        yield url


@pytest.fixture
def make_app(tmp_path, databases, monkeypatch):
    """An app with these providers and users (USERS), on a fresh database."""
    monkeypatch.setenv("TEST_OIDC_SECRET", "tracker-test-secret")
    made = []

    def make(providers: list[dict], local_passwords: bool = True):
        app = create_app(
            {
                "TESTING": True,
                "DATABASE_URL": databases.fresh(tmp_path),
                "SECRET_KEY": "test",
                "INSTANCE_PATH": str(tmp_path / "instance"),
                "REDIS_URL": None,
                "WTF_CSRF_ENABLED": False,
                "OIDC_PROVIDERS": providers,
                "LOCAL_PASSWORDS": local_passwords,
            }
        )
        with app.app_context(), db.transaction() as session:
            organisation(session, "County Council")
            organisation(session, "Police")
            for email, role, organisation_name in USERS:
                create_user(session, email, role, PASSWORD, organisation=organisation_name)
        made.append(app)
        return app

    yield make
    for app in made:
        app.extensions["database"].engine.dispose()


def sign_in(client, issuer: str, account: str, name: str = "council", next_page: str = ""):
    """The whole flow for a test account: the button, the provider, the callback; the callback's answer."""
    start = client.get(f"/auth/sso/{name}" + (f"?next={next_page}" if next_page else ""))
    assert start.status_code == 302 and start.headers["Location"].startswith(issuer), start.data[:300]
    return client.get(through_provider(start.headers["Location"], issuer, account))


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def signed_in(client) -> bool:
    with client.session_transaction() as cookie:
        has_user = "_user_id" in cookie
    return has_user and client.get("/").status_code == 200


def entries(app) -> list[tuple[str, str, str, dict]]:
    """(actor, action, outcome, details) of the audit trail, oldest first."""
    with app.app_context():
        return [(e.actor, e.action, e.outcome, json.loads(e.details)) for e in audit.every(db.get_session())]


def test_a_user_of_a_mapped_domain_signs_in_and_it_is_audited(make_app, issuer):
    app = make_app([setting(issuer)])
    client = app.test_client()
    page = client.get("/login")
    assert "Sign in with County Council" in text(page) and 'name="password"' in text(page)
    answer = sign_in(client, issuer, "alice", next_page="/definitions")
    assert answer.status_code == 302 and answer.headers["Location"] == "/definitions"
    assert signed_in(client)
    assert entries(app) == [
        ("alice@council.example", "sign in with single sign-on", "done (302)", {"provider": "council"})
    ]


def test_a_host_administrator_signs_in_through_a_domain_mapped_to_the_host(make_app, issuer):
    client = make_app([setting(issuer)]).test_client()
    assert sign_in(client, issuer, "root").status_code == 302
    assert client.get("/admin/users").status_code == 200


def refused(app, client, answer, says: str, actor: str, reason: str) -> None:
    """The sign-in page again, with the reason, no session, and one audit entry saying so."""
    assert answer.status_code == 403
    assert says in text(answer)
    assert not signed_in(client)
    assert entries(app) == [
        (actor, "sign in with single sign-on", "refused (403)", {"provider": "council", "reason": reason})
    ]


def test_an_unknown_user_is_told_to_ask_an_administrator(make_app, issuer):
    app = make_app([setting(issuer)])
    client = app.test_client()
    answer = sign_in(client, issuer, "dave")
    refused(app, client, answer, "ask an administrator for access", "dave@council.example", "no account")


def test_an_unmapped_domain_is_refused_though_the_account_exists(make_app, issuer):
    app = make_app([setting(issuer)])
    client = app.test_client()
    answer = sign_in(client, issuer, "bob")
    says = "Accounts at elsewhere.example cannot sign in with County Council"
    refused(app, client, answer, says, "anonymous", "domain not mapped")


def test_an_email_the_provider_has_not_verified_is_refused(make_app, issuer):
    app = make_app([setting(issuer)])
    client = app.test_client()
    answer = sign_in(client, issuer, "carol")
    says = "County Council has not verified your email address carol@council.example"
    refused(app, client, answer, says, "anonymous", "email not verified")


def test_a_user_of_another_organisation_is_refused(make_app, issuer):
    """erin's account is the police's: the council's provider cannot vouch for her here."""
    app = make_app([setting(issuer)])
    client = app.test_client()
    answer = sign_in(client, issuer, "erin")
    says = "The account of erin@council.example belongs to another organisation here"
    refused(app, client, answer, says, "erin@council.example", "another organisation")


def test_a_provider_whose_discovery_names_another_issuer_is_refused(make_app, issuer):
    """The configured issuer is the tenant's; the discovery document (the real provider's) names another."""
    app = make_app([setting(f"{issuer}/tenant", discovery_url=f"{issuer}/.well-known/openid-configuration")])
    client = app.test_client()
    answer = client.get("/auth/sso/council")
    says = "County Council did not identify itself as the provider set up here"
    refused(app, client, answer, says, "anonymous", "wrong issuer")


def test_a_callback_with_a_state_this_browser_was_not_given_is_refused(make_app, issuer):
    """A real code from the provider, delivered with a forged state (a login CSRF): no sign-in."""
    app = make_app([setting(issuer)])
    client = app.test_client()
    start = client.get("/auth/sso/council")
    callback = through_provider(start.headers["Location"], issuer, "alice")
    query = dict(part.split("=", 1) for part in callback.split("?", 1)[1].split("&"))
    answer = client.get(f"/auth/sso/council/callback?code={query['code']}&state=forged-by-someone-else")
    refused(app, client, answer, "did not complete (not started here)", "anonymous", "forged or stale state")


def test_a_callback_in_another_browser_is_refused(make_app, issuer):
    """The state is kept in the session of the browser that pressed the button, so a link is worthless."""
    app = make_app([setting(issuer)])
    start = app.test_client().get("/auth/sso/council")
    callback = through_provider(start.headers["Location"], issuer, "alice")
    other = app.test_client()
    answer = other.get(callback)
    refused(app, other, answer, "did not complete (not started here)", "anonymous", "forged or stale state")


def test_an_expired_id_token_is_refused(make_app):
    """A provider whose clock runs ten minutes slow issues ID tokens (60 s) long expired on arrival."""
    with provider(ACCOUNTS, CALLBACKS, clock_offset=-600) as slow:
        app = make_app([setting(slow)])
        client = app.test_client()
        answer = sign_in(client, slow, "alice")
    refused(app, client, answer, "did not complete (it expired)", "anonymous", "expired ID token")


def test_an_id_token_for_another_audience_is_refused(make_app, issuer):
    """The app expects ID tokens addressed to another client id than the one the provider writes in them."""
    app = make_app([setting(issuer)])
    providers = app.extensions["identity_providers"]
    providers["council"] = replace(providers["council"], client_id="someone-else")
    client = app.test_client()
    answer = sign_in(client, issuer, "alice")
    refused(app, client, answer, "did not complete (refused)", "anonymous", "token refused: InvalidClaimError")


def test_local_passwords_off_remove_the_form_and_refuse_a_password(make_app, issuer):
    app = make_app([setting(issuer)], local_passwords=False)
    client = app.test_client()
    page = text(client.get("/login"))
    assert "Sign in with County Council" in page and 'name="password"' not in page
    answer = client.post("/login", data={"email": "alice@council.example", "password": PASSWORD})
    assert answer.status_code == 403 and "Sign-in with a password is switched off here" in text(answer)
    assert not signed_in(client)
    assert sign_in(client, issuer, "alice").status_code == 302 and signed_in(client)


def test_with_passwords_off_an_administrator_adds_a_user_without_one(make_app, issuer):
    app = make_app([setting(issuer)], local_passwords=False)
    admin = app.test_client()
    assert sign_in(admin, issuer, "root").status_code == 302
    page = text(admin.get("/admin/users"))
    assert 'name="password"' not in page and "Set password" not in page
    added = admin.post("/admin/users", data={"email": "dave@council.example", "role": "director", "organisation": ""})
    assert added.status_code == 302
    admin.post(f"/admin/users/{_id(admin, 'dave@council.example')}", data={
        "role": "director", "active": "yes", "organisation": "County Council"})  # fmt: skip
    dave = app.test_client()
    assert sign_in(dave, issuer, "dave").status_code == 302 and signed_in(dave)


def _id(admin, address: str) -> str:
    return Page.of(admin.get("/admin/users")).control(f"Role of {address}").removeprefix("role-")
