"""Every route, every role, and nobody signed in: one permission table decides who gets in."""

from __future__ import annotations

import pytest

from tests.web_fixtures import ROLES, sign_in
from tracker.domain.permissions import can

SAMPLE = {
    "partnership_id": 2,
    "person_id": 1,
    "import_id": 1,
    "token": "0" * 24,
    "kind": "partnerships",
    "register": "oncosts",
    "user_id": 1,
    "filename": "app.css",
}
PUBLIC = {"auth.login", "pages.plotly_js", "static"}


def routes(app):
    for rule in app.url_map.iter_rules():
        method = "GET" if "GET" in rule.methods else "POST"
        url = rule.build({k: SAMPLE[k] for k in rule.arguments}, append_unknown=False)[1]
        view = app.view_functions[rule.endpoint]
        yield rule.endpoint, method, url, getattr(view, "permission", None)


def test_access_every_route_has_a_permission_or_is_public(web_app):
    for endpoint, _, _, permission in routes(web_app):
        if endpoint in PUBLIC or endpoint in ("auth.logout", "pages.home"):
            continue
        assert permission is not None, f"{endpoint} has no permission check"


@pytest.mark.parametrize("role", [None, *ROLES])
def test_access_walk_every_route(web_app, role):
    client = web_app.test_client()
    if role:
        sign_in(client, role)
    for endpoint, method, url, permission in routes(web_app):
        response = client.open(url, method=method)
        response.close()
        where = f"{role or 'anonymous'} {method} {url} ({endpoint})"
        if endpoint in PUBLIC:
            assert response.status_code in (200, 404), where
        elif endpoint == "auth.logout" and role:
            assert response.status_code == 302, where  # signing out sends you to sign in
        elif role is None:
            assert response.status_code == 302 and "/login" in response.headers["Location"], where
        elif permission is None or can(role, permission):
            assert response.status_code not in (401, 403), where
            assert not (response.status_code == 302 and "/login" in response.headers.get("Location", "")), where
        else:
            assert response.status_code == 403, where
        if endpoint == "auth.logout" and role:
            sign_in(client, role)
