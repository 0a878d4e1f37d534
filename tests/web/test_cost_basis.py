"""Which basis costs are shown at: standard rates for directors always; for a finance officer, their own
organisation's staff at actual pay and everyone else at standard rates, with a switch to standard rates
throughout; standard rates for the host's administrators, who belong to no organisation; every answer says
which. The fixtures' finance officer works for Borough Council, Alice's employer (tests/web_fixtures.py)."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from fractions import Fraction

from tests.conftest import run
from tests.tracker.test_end_to_end import A1, A2, ALICE_HALF, money
from tests.web.page import Page
from tests.web.test_dashboard_figures import (
    ALL_COST,
    ALL_HOURS,
    ALL_OWN,
    CSP_OWN,
    HWB_OWN,
    MARCH,
    OWN_WORDS,
    STANDARD,
    figures,
    pounds,
)
from tests.web_fixtures import PASSWORD
from tracker import db
from tracker.store.users import create_user


def _seconds(clock: str) -> int:
    """A time as the CSVs write it, exactly as H:MM:SS (2 h is 2:00:00), in seconds."""
    hour, minute, second = re.fullmatch(r"(\d+):([0-5]\d):([0-5]\d)", clock).groups()
    return (int(hour) * 60 + int(minute)) * 60 + int(second)


def _api(client) -> dict:
    return client.get("/api/partnerships", query_string=MARCH).get_json()


def test_a_director_sees_standard_rates_and_cannot_switch(as_role):
    director = as_role("director")
    assert _api(director)["cost_basis"] == "standard"
    assert director.post("/cost-basis", data={"basis": "actual"}).status_code == 403
    page = figures(director, "totals")
    assert page.totals["Cost"] == pounds(ALL_HOURS * STANDARD)
    assert "Costs are at <strong>standard rates</strong>" in page.html
    assert "Show costs at actual pay" not in page.html
    assert (
        "at standard rates)" in figures(director, "tree").html
    )  # the charts' cost axes: "Cost (£, at standard rates)"


def test_finance_sees_their_organisations_pay_and_can_see_what_directors_see(as_role):
    finance, director = as_role("finance"), as_role("director")
    given = _api(finance)
    assert (given["cost_basis"], given["cost_basis_words"]) == ("own", OWN_WORDS)
    # Alice is the council's: her hours at her pay (A1, A2). Bob's (NHS Trust) and Carol's (Police) at the
    # standard rate: their pay is their own organisations' to see, not the council's.
    costs = {r["partnership"]: r["cost"] for r in given["partnerships"]}
    assert costs == {"Health and Wellbeing Board": money(HWB_OWN), "Community Safety Partnership": money(CSP_OWN)}
    assert (costs["Health and Wellbeing Board"], costs["Community Safety Partnership"]) == ("1205.48", "228.74")
    page = figures(finance, "totals")
    assert page.totals["Cost"] == pounds(ALL_OWN) == "£1,434.22"  # test_dashboard_figures
    assert f"Costs are at <strong>{OWN_WORDS}</strong>" in page.html
    assert "Show costs at standard rates" in page.html
    switched = finance.post("/cost-basis", data={"basis": "standard", "next": "/dashboard?from=2025-03-01"})
    assert switched.status_code == 302 and switched.headers["Location"] == "/dashboard?from=2025-03-01"
    seen, given = _api(director), _api(finance)
    assert (given["cost_basis"], given["cost_basis_words"]) == ("standard", "standard rates")
    for mine, theirs in zip(given["partnerships"], seen["partnerships"], strict=True):
        assert theirs["cost"] in (mine["cost"], None)  # the same, but for what directors may not see at all
    page = figures(finance, "totals")
    assert page.totals["Cost"] == pounds(ALL_HOURS * STANDARD)
    assert f"Show costs at {OWN_WORDS}" in page.html  # and back
    assert (
        finance.post("/cost-basis", data={"basis": "own", "next": "https://evil.example/"}).headers["Location"] == "/"
    )  # only a path on this site
    assert _api(finance)["cost_basis"] == "own"


def test_what_finance_sees_beyond_standard_rates_is_their_own_staffs_pay_alone(as_role):
    """Each partnership's cost at the two bases differs by Alice's hours alone: at her pay in one, at the
    standard rate in the other. Bob's and Carol's hours are at the standard rate in both, so setting one
    figure against the other gives the council's finance officer nothing of the NHS Trust's or the Police's
    pay."""
    finance = as_role("finance")
    own = {r["partnership"]: Fraction(r["cost"]) for r in _api(finance)["partnerships"]}
    finance.post("/cost-basis", data={"basis": "standard"})
    standard = {r["partnership"]: Fraction(r["cost"]) for r in _api(finance)["partnerships"]}
    alice = {  # her hours at her pay, and the hours themselves
        "Health and Wellbeing Board": (4 * A1 + ALICE_HALF + 4 * A2, Fraction(19, 2)),
        "Community Safety Partnership": (ALICE_HALF, Fraction(3, 2)),
    }
    differences = {name: own[name] - standard[name] for name in own}
    # HWB £1,205.48 - £1,233.75; CSP £228.74 - £236.25: Alice's 9.5 hours at 4 x 47.49 + 71.24 + 4 x 52.32
    # = £470.48 against £498.75, and her 1.5 at £71.24 against £78.75.
    assert differences == {
        "Health and Wellbeing Board": Fraction("-28.27"),
        "Community Safety Partnership": Fraction("-7.51"),
    }
    for name, (at_pay, hours) in alice.items():
        assert abs(differences[name] - (at_pay - hours * STANDARD)) <= Fraction(1, 100)  # each figure rounded


def test_the_host_administrator_sees_standard_rates_only(as_role):
    """An administrator of the host runs the app for every partner and works for none of them: no one's pay
    is theirs to see, so they see what a director sees, with a word on why and no switch."""
    admin = as_role("admin")
    given = _api(admin)
    assert (given["cost_basis"], given["cost_basis_words"]) == ("standard", "standard rates")
    page = figures(admin, "totals")
    assert page.totals["Cost"] == pounds(ALL_HOURS * STANDARD) == "£1,470.00"  # 28 hours at £52.50
    assert "You run the app for every partner (the host), so you see no one" in page.html
    assert "Show costs at" not in page.html
    admin.post("/cost-basis", data={"basis": "own"})  # asking does not give them anyone's pay
    assert _api(admin)["cost_basis"] == "standard"
    assert figures(admin, "totals").totals["Cost"] == pounds(ALL_HOURS * STANDARD) != pounds(ALL_COST)


def test_an_unknown_basis_is_refused(as_role):
    finance = as_role("finance")
    refused = finance.post("/cost-basis", data={"basis": "cheapest"})
    assert refused.status_code == 400
    assert "not a cost basis" in refused.get_data(as_text=True)
    # Everyone's actual pay is the operator's view (the CLI export's), not a choice on the web.
    assert finance.post("/cost-basis", data={"basis": "actual"}).status_code == 400
    assert _api(finance)["cost_basis"] == "own"


def test_downloads_say_their_basis_in_every_row_and_in_the_name(as_role):
    finance = as_role("finance")
    finance.post("/cost-basis", data={"basis": "standard"})
    response = finance.get("/downloads/partnerships.csv", query_string=MARCH)
    assert "partnerships-2025-03-01-to-2025-03-31-standard.csv" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert {r["cost_basis"] for r in rows} == {"standard"}
    assert sum(_seconds(r["hours"]) for r in rows) == 28 * 3600  # 28 hours


def test_the_export_command_takes_a_basis(web_app, runner):
    out = run(runner, "export", "partnerships", "--from", "2025-03-01", "--to", "2025-03-31", "--basis", "standard")
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert {r["cost_basis"] for r in rows} == {"standard"}
    hwb = next(r for r in rows if r["partnership"] == "Health and Wellbeing Board")
    assert hwb["cost"] == pounds(Fraction(47, 2) * STANDARD)[1:].replace(",", "") == "1233.75"
    actual = run(runner, "export", "partnerships", "--from", "2025-03-01", "--to", "2025-03-31").stdout
    assert "1183.58,0,actual" in actual  # test_dashboard_figures: £1,183.58, a sum of attendances' pence


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


def test_a_finance_account_given_no_organisation_sees_no_ones_pay(web_app):
    """An account nobody placed shows no one's pay: standard rates, and the words to get it placed."""
    with web_app.app_context(), db.transaction() as session:
        create_user(session, "unplaced@example.gov.uk", "finance", PASSWORD)
    client = web_app.test_client()
    assert client.post("/login", data={"email": "unplaced@example.gov.uk", "password": PASSWORD}).status_code == 302
    page = figures(client, "totals")
    assert page.totals["Cost"] == pounds(ALL_HOURS * STANDARD) == "£1,470.00"
    assert "Your account belongs to no partner organisation, so you see no one" in page.html
    assert "an administrator can set your organisation on the users page" in page.html
