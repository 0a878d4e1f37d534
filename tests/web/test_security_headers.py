"""What every answer tells the browser: run only the app's own scripts, keep nothing with costs in it,
and, served over HTTPS, send cookies only over HTTPS and stay there."""

from __future__ import annotations

from tests.web.test_pages import MARCH
from tests.web_fixtures import PASSWORD, email
from tracker import create_app

COSTS = ["/dashboard", "/partnerships/1", "/people/1", "/api/partnerships", "/downloads/partnerships.csv"]


def test_pages_and_files_with_costs_are_never_stored(web_app, as_role):
    finance = as_role("finance")
    for path in COSTS:
        response = finance.get(path, query_string=MARCH)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "no-store", path
    assert web_app.test_client().get("/login").headers["Cache-Control"] == "no-store"
    with finance.get("/static/app.css") as asset:  # the app's own files, the same for everyone
        assert "no-store" not in (asset.headers.get("Cache-Control") or "")
    with finance.get("/vendor/plotly.min.js") as plotly:
        assert "max-age=86400" in plotly.headers["Cache-Control"]


def test_only_the_apps_own_scripts_may_run(web_app, as_role):
    policy = as_role("director").get("/dashboard", query_string=MARCH).headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"  # no inline script, no other site
    assert directives["default-src"] == "'self'" and directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'" and directives["form-action"] == "'self'"
    assert "Strict-Transport-Security" not in as_role("director").get("/").headers  # plain HTTP: no HSTS


def test_over_https_cookies_are_secure_and_browsers_stay_on_https(web_app, tmp_path):
    app = create_app({**web_app.config, "HTTPS": True, "INSTANCE_PATH": str(tmp_path / "https")})
    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    signed_in = client.post("/login", data={"email": email("finance"), "password": PASSWORD})
    assert signed_in.status_code == 302
    assert "Secure" in signed_in.headers["Set-Cookie"] and "HttpOnly" in signed_in.headers["Set-Cookie"]
    assert client.get("/").headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    app.extensions["database"].engine.dispose()
