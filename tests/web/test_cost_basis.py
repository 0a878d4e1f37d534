"""Which basis costs are shown at: standard rates for directors always; actual pay for finance and admins,
who may switch; every answer says which."""

from __future__ import annotations

import csv
import io
from datetime import date
from fractions import Fraction

from tests.conftest import run
from tests.web.page import Page
from tests.web.test_dashboard_figures import ALL_COST, ALL_HOURS, MARCH, STANDARD, dashboard, pounds


def _api(client) -> dict:
    return client.get("/api/partnerships", query_string=MARCH).get_json()


def test_a_director_sees_standard_rates_and_cannot_switch(as_role):
    director = as_role("director")
    assert _api(director)["cost_basis"] == "standard"
    assert director.post("/cost-basis", data={"basis": "actual"}).status_code == 403
    page = dashboard(director)
    assert page.totals["Cost"] == pounds(ALL_HOURS * STANDARD)
    assert "Costs are at <strong>standard rates</strong>" in page.html
    assert "Show costs at actual pay" not in page.html
    assert "at standard rates)" in page.html  # the charts' cost axes: "Cost (£, at standard rates)"


def test_finance_sees_actual_pay_and_can_see_what_directors_see(as_role):
    finance, director = as_role("finance"), as_role("director")
    assert _api(finance)["cost_basis"] == "actual"
    assert dashboard(finance).totals["Cost"] == pounds(ALL_COST)
    switched = finance.post("/cost-basis", data={"basis": "standard", "next": "/dashboard?from=2025-03-01"})
    assert switched.status_code == 302 and switched.headers["Location"] == "/dashboard?from=2025-03-01"
    seen, given = _api(director), _api(finance)
    assert given["cost_basis"] == "standard"
    for mine, theirs in zip(given["partnerships"], seen["partnerships"], strict=True):
        assert theirs["cost"] in (mine["cost"], None)  # the same, but for what directors may not see at all
    assert dashboard(finance).totals["Cost"] == pounds(ALL_HOURS * STANDARD)
    assert (
        finance.post("/cost-basis", data={"basis": "actual", "next": "https://evil.example/"}).headers["Location"]
        == "/"
    )  # only a path on this site
    assert _api(finance)["cost_basis"] == "actual"


def test_an_unknown_basis_is_refused(as_role):
    finance = as_role("finance")
    refused = finance.post("/cost-basis", data={"basis": "cheapest"})
    assert refused.status_code == 400
    assert "not a cost basis" in refused.get_data(as_text=True)
    assert _api(finance)["cost_basis"] == "actual"


def test_downloads_say_their_basis_in_every_row_and_in_the_name(as_role):
    finance = as_role("finance")
    finance.post("/cost-basis", data={"basis": "standard"})
    response = finance.get("/downloads/partnerships.csv", query_string=MARCH)
    assert "partnerships-2025-03-01-to-2025-03-31-standard.csv" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert {r["cost_basis"] for r in rows} == {"standard"}
    assert sum(float(r["hours"]) for r in rows) == 28


def test_the_export_command_takes_a_basis(web_app, runner):
    out = run(runner, "export", "partnerships", "--from", "2025-03-01", "--to", "2025-03-31", "--basis", "standard")
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert {r["cost_basis"] for r in rows} == {"standard"}
    hwb = next(r for r in rows if r["partnership"] == "Health and Wellbeing Board")
    assert hwb["cost"] == pounds(Fraction(47, 2) * STANDARD)[1:].replace(",", "") == "1233.75"
    actual = run(runner, "export", "partnerships", "--from", "2025-03-01", "--to", "2025-03-31").stdout
    assert "1183.59,0,actual" in actual


def test_the_definitions_page_publishes_the_standard_rates(as_role, monkeypatch):
    monkeypatch.setattr("tracker.web.pages.today", lambda: date(2025, 3, 31))
    page = Page.of(as_role("director").get("/definitions"))
    assert "Standard rates in 2024/25" in page.html
    rates = page.table("Actual pay and standard rates")
    # Finance set each grade's rate for 2024/25 (tests/data/e2e/rates.csv; "cs" as it wrote it); no bands.
    assert rates.records() == [
        {"Grade": grade, "Pay band": "–", "From": "set by finance", "Hourly rate": "£52.50"}
        for grade in ("cs", "D1", "VSM")
    ]


def test_a_view_that_never_says_its_basis_shows_no_pay(web_app, as_role):
    """Fail closed: a new view reading in a session nobody told its basis (a second unit of work, as a
    streamed download opens) gets standard rates, even for finance, who may see pay."""
    from flask import jsonify

    from tracker.domain.periods import Filters, Period
    from tracker.reports.partnerships import partnership_rows

    @web_app.route("/forgetful")
    def forgetful():
        with web_app.extensions["database"].session() as untold:
            rows = partnership_rows(untold, Period(date(2025, 3, 1), date(2025, 3, 31)), Filters())
            return jsonify({"cost": str(sum(r.cost for r in rows)), "hours": str(sum(r.hours for r in rows))})

    answer = as_role("finance").get("/forgetful").get_json()
    assert Fraction(answer["hours"]) == ALL_HOURS
    assert pounds(Fraction(answer["cost"])) == pounds(ALL_HOURS * STANDARD) != pounds(ALL_COST)


def test_a_session_made_outside_the_app_is_refused_by_the_readers(web_app):
    """Only the app's unit of work carries a basis: a plain SQLAlchemy session cannot be read through,
    so no reader ever falls back to a default of its own."""
    import pytest
    from sqlalchemy.orm import Session

    from tracker.reports import basis

    with Session(web_app.extensions["database"].engine) as plain, pytest.raises(TypeError, match="unit of work"):
        basis.of(plain)
