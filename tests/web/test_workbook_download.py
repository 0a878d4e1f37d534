"""Finance's workbook download: the same three summaries as the CSV downloads, at the user's own cost basis,
for those who may have the CSVs, named for its period and basis; no one's pay the user may not see moves it.

Borough Council's finance officer (tests/web_fixtures.FINANCE_OF) sees Alice, the council's own, at her pay
and Bob and Carol at the standard rate, £52.50 an hour (tests/web/test_dashboard_figures.py): HWB £1,205.48,
CSP £228.74, in all £1,434.22.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from tests.tracker.test_end_to_end import money
from tests.tracker.test_workbook import assert_rows_are_the_csvs, seconds, sheets
from tests.web.page import Page
from tests.web.test_dashboard_figures import ALL_OWN, CSP_OWN, HWB_OWN, MARCH, OWN_WORDS
from tests.web_fixtures import email
from tracker import db
from tracker.domain.entries import SalaryEntry
from tracker.models import Organisation
from tracker.reports import registers
from tracker.services import registers as register_changes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KINDS = ("partnerships", "people", "meetings")


def workbook(client, **args) -> bytes:
    response = client.get("/downloads/workbook.xlsx", query_string={**MARCH, **args})
    assert response.status_code == 200 and response.mimetype == XLSX, response.status_code
    return response.get_data()


def values(body: bytes) -> dict[str, list[list]]:
    """What a reader sees in a workbook (totals as cached), but for the moment it was made."""
    book = sheets(body, cached=True)
    book["Definitions"] = [row for row in book["Definitions"] if row[0] != "Made"]
    return book


def pay_rise(app, address: str, salary: int) -> None:
    """A new salary from 1 March 2025 (the month read), loaded through the service finance's load uses."""
    with app.app_context(), db.transaction() as session:
        person = registers.person_by_email(session, address)
        assert person is not None
        register_changes.save_salary(session, person, SalaryEntry(Decimal(salary), date(2025, 3, 1)))


def test_finance_downloads_the_workbook_at_their_own_basis(as_role):
    finance = as_role("finance")
    response = finance.get("/downloads/workbook.xlsx", query_string=MARCH)
    assert response.mimetype == XLSX
    name = "finance-workbook-2025-03-01-to-2025-03-31-own-pay.xlsx"
    assert response.headers["Content-Disposition"] == f"attachment; filename={name}"
    body = response.get_data()
    csvs = {k: finance.get(f"/downloads/{k}.csv", query_string=MARCH).get_data(as_text=True) for k in KINDS}
    assert_rows_are_the_csvs(sheets(body), csvs)  # each row the finance officer's CSV row, cell for cell
    book = sheets(body, cached=True)
    costs = {row[0]: row[5] for row in book["Partnerships"][1:]}
    assert costs == {
        "Health and Wellbeing Board": 1205.48,  # 5.5 A1 + 4 A2 + 14 h x £52.50
        "Community Safety Partnership": 228.74,  # 1.5 A1 + 3 h x £52.50
        "Total": 1434.22,  # £1,205.48 + £228.74: the sum of the rows as printed, as finance adds them up
    }
    assert (money(HWB_OWN), money(CSP_OWN)) == ("1205.48", "228.74")
    printed = csv.DictReader(io.StringIO(csvs["partnerships"].removeprefix("\ufeff")))
    assert sum(Decimal(r["cost"]) for r in printed) == Decimal("1434.22")
    # Every cost is a sum of attendances' pence, so the dashboard's total is the same sum: the workbook's
    # total, the CSV rows' sum and the dashboard agree to the penny.
    assert money(ALL_OWN) == "1434.22"
    assert {row[-1] for row in book["People"][1:-1]} == {OWN_WORDS}
    said = {row[0]: row[1] for row in book["Definitions"] if row[0]}
    assert (said["Costs at"], said["Made by"], said["People"]) == (OWN_WORDS, email("finance"), "everyone")


def test_the_workbook_of_one_organisations_staff_says_whose(web_app, as_role):
    with web_app.app_context():
        police = db.get_session().scalar(select(Organisation.id).where(Organisation.name == "Police"))
    book = values(workbook(as_role("finance"), organisation=police))
    # Carol alone, at the standard rate: HWB 8 h x £52.50 = £420.00, CSP 3 h x £52.50 = £157.50, £577.50 in all.
    assert [(r[0], seconds(r[4]), r[5]) for r in book["Partnerships"][1:]] == [
        ("Health and Wellbeing Board", 8 * 3600, 420),
        ("Community Safety Partnership", 3 * 3600, 157.5),
        ("Total", 11 * 3600, 577.5),
    ]
    assert {r[1] for r in book["People"][1:-1]} == {"Carol Cole"}
    assert {r[0]: r[1] for r in book["Definitions"] if r[0]}["People"] == "staff of Police"


def test_the_downloads_page_offers_the_workbook_for_its_period(as_role):
    page = Page.of(as_role("finance").get("/downloads", query_string=MARCH))
    assert page.link("Finance workbook (.xlsx)") == "/downloads/workbook.xlsx?from=2025-03-01&to=2025-03-31"


@pytest.mark.parametrize("role", ["director", "manager"])
def test_those_who_may_not_have_the_csvs_may_not_have_the_workbook(as_role, role):
    client = as_role(role)
    assert client.get("/downloads/people.csv", query_string=MARCH).status_code == 403
    assert client.get("/downloads/workbook.xlsx", query_string=MARCH).status_code == 403


def test_a_pay_the_user_may_not_see_never_moves_their_workbook(web_app, as_role):
    """The council's finance officer reads Bob (NHS Trust) at the standard rate, and the host's administrator
    everyone: Bob's pay rise changes neither's workbook. Alice's changes the officer's (she is the council's
    own) but not the administrator's: the comparison sees a change where there is one."""
    finance, admin = as_role("finance"), as_role("admin")
    before = values(workbook(finance)), values(workbook(admin))
    pay_rise(web_app, "bob@nhs.net", 99999)
    assert (values(workbook(finance)), values(workbook(admin))) == before
    pay_rise(web_app, "alice@council.gov.uk", 77777)
    officer, host = values(workbook(finance)), values(workbook(admin))
    assert host == before[1]
    assert officer["Partnerships"][-1][5] > before[0]["Partnerships"][-1][5]  # Alice's hours cost more
    assert officer["Meetings"][1:-1] != before[0]["Meetings"][1:-1]
