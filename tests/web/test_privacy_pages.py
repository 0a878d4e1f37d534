"""The privacy notice (public, with the retention period in force) and the administrators' pages that
erase a person after a typed confirmation and download a person's data."""

from __future__ import annotations

import json
import re

from tests.conftest import every_row, run
from tests.web.page import Page
from tests.web_fixtures import sign_in


def text(response) -> str:
    """What the page says, tags taken out, spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", Page.of(response).html))


def test_the_privacy_notice_is_public_and_says_how_long_titles_are_kept(app, runner):
    client = app.test_client()
    assert Page.of(client.get("/privacy")).h1() == "Privacy notice: how your calendar is used"
    assert "kept for 24 months" in text(client.get("/privacy"))  # the default
    run(runner, "settings", "set", "retain_titles_months", "18")
    assert "kept for 18 months" in text(client.get("/privacy"))
    run(runner, "settings", "set", "retain_titles_months", "0")
    assert "no retention period is set" in text(client.get("/privacy"))
    assert Page.of(client.get("/login")).link("Privacy notice") == "/privacy"  # the footer links to it


def test_erasing_from_the_web_needs_the_subject_typed_again(web_app):
    client = sign_in(web_app.test_client(), "admin")
    page = text(client.post("/admin/erase", data={"kind": "person", "subject": "alice@council.gov.uk"}))
    assert "cannot be undone" in page and "Calendar imports 1" in page
    assert "Attendance rows 7" in page
    wrong = client.post(
        "/admin/erase",
        data={"kind": "person", "subject": "alice@council.gov.uk", "step": "erase", "confirmation": "alice"},
    )
    assert wrong.status_code == 400
    assert any("alice@council.gov.uk" in str(r) for r in every_row(web_app)["person"])  # nothing went yet
    done = client.post(
        "/admin/erase",
        data={"kind": "person", "subject": "alice@council.gov.uk", "step": "erase",
              "confirmation": "Alice@council.gov.uk"},
        follow_redirects=True,
    )  # fmt: skip
    assert "Erased a person (E-" in text(done)
    named = ("alice@council.gov.uk", "a.adams@council.gov.uk", "alice adams")
    rows = every_row(web_app)
    assert [r for t in rows.values() for r in t if any(w in repr(r).lower() for w in named)] == []  # audit too


def test_a_person_s_data_downloads_as_json(web_app):
    client = sign_in(web_app.test_client(), "admin")
    response = client.post("/admin/subject-access", data={"email": "bob@nhs.net"})
    assert response.headers["Content-Disposition"] == 'attachment; filename="subject-access.json"'
    held = json.loads(response.data)
    assert [p["name"] for p in held["person"]] == ["Bob Brown"]
    assert len(held["meetings_costed"]) == 3  # the 3rd, 25th and 31st: he declined the 10th
    assert client.post("/admin/subject-access", data={"email": "nobody@nowhere.org"}).status_code == 404
