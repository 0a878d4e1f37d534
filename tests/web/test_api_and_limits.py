"""The JSON API answers in JSON (errors too) and describes itself; downloads say their charset once;
uploaded file names keep their "@"; the upload page states the limits in force."""

from __future__ import annotations

from tests.web.test_dashboard_figures import MARCH
from tracker.web.uploads import stored_name


def test_the_api_answers_errors_as_json(web_app, as_role):
    anonymous = web_app.test_client().get("/api/partnerships")
    assert anonymous.status_code == 401 and anonymous.is_json
    assert anonymous.json["error"].startswith("sign in first")
    refused = as_role("manager").get("/api/partnerships")
    assert refused.status_code == 403 and refused.is_json and refused.json["status"] == 403
    bad = as_role("director").get("/api/partnerships", query_string={"from": "yesterday"})
    assert bad.status_code == 400 and bad.json["error"] == "'yesterday' is not a date: write it as YYYY-MM-DD"
    assert as_role("director").get("/api/nothing-here").json["status"] == 404


def test_the_api_is_described_at_a_fixed_path(web_app):
    description = web_app.test_client().get("/api/openapi.json")
    assert description.status_code == 200 and description.json["openapi"].startswith("3.")
    operation = description.json["paths"]["/api/partnerships"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"from", "to", "organisation", "directorate"}
    assert set(operation["responses"]) == {"200", "400", "401", "403"}


def test_a_csv_says_its_charset_once(as_role):
    response = as_role("finance").get("/downloads/partnerships.csv", query_string=MARCH)
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"


def test_stored_file_names_keep_the_owner_and_lose_any_path():
    assert stored_name("C:\\Users\\alice\\alice@council.gov.uk.ics") == "alice@council.gov.uk.ics"
    assert stored_name("../../etc/passwd") == "passwd"
    assert stored_name(".hidden file (1).ics") == "hidden_file_1_.ics"
    assert stored_name("") == ""


def test_the_upload_page_states_the_limits_in_force(as_role):
    page = as_role("manager").get("/upload").get_data(as_text=True)
    assert "Each file up to 50 MB (a .zip too); up to 200 MB in one upload." in page


def test_finance_reads_a_partnership_and_is_offered_no_form(as_role):
    from tests.web.page import Page

    finance = as_role("finance")
    page = Page.of(finance.get("/registers/partnerships/2"))
    assert page.h1() == "Health and Wellbeing Board"
    html = finance.get("/registers/partnerships/2").get_data(as_text=True)
    assert '<form method="post" novalidate>' not in html
    assert "Only an administrator changes the partnership register." in html
    assert finance.get("/registers/partnerships/new").status_code == 403
    assert as_role("admin").get("/registers/partnerships/new").status_code == 200
