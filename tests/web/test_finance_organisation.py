"""Pay is each organisation's own: finance of an organisation sees, adds and loads salaries and on-costs of
its own staff only; administrators keep the registers and see pay only where they belong to the organisation.

The scenario (tests/data/e2e/staff.csv): Alice Adams of Borough Council, 60,000 from 1 April 2024 and
66,000 from 17 March 2025; Bob Brown of NHS Trust, 90,000; Carol Cole of Police, 45,000. The fixture's
finance user works for Borough Council; its administrator for the host (no organisation).
"""

from __future__ import annotations

import html
import io
from decimal import Decimal

from sqlalchemy import select

from tests.conftest import run
from tests.tracker.test_end_to_end import A1, A2, ALICE_HALF
from tests.web.page import Page
from tests.web.test_dashboard_figures import MARCH, pounds
from tracker import db
from tracker.models import OnCostRate, Organisation, Person, Salary

ALICE, BOB, CAROL = 1, 2, 3  # the register's rows, in the file's order
NHS_PAY = "NHS Trust's pay: seen by NHS Trust's finance"
POLICE_PAY = "Police's pay: seen by Police's finance"
COUNCIL_PAY = "Borough Council's pay: seen by Borough Council's finance"
SALARIES_HEAD = "email,annual_salary,salary_effective_from\n"
STAFF_HEAD = (
    "name,email,aliases,job_title,grade,organisation,directorate,cost_centre,annual_salary,fte,salary_effective_from\n"
)
ONCOSTS_HEAD = (
    "organisation,financial_year,employer_ni_rate,ni_threshold,pension_rate,apprenticeship_levy_rate,other_rate\n"
)


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def salaries(app, address: str) -> list[tuple[str, Decimal]]:
    """A person's salary history as stored: (from, full-time salary)."""
    with app.app_context():
        query = (
            select(Salary.effective_from, Salary.annual_salary)
            .join(Person, Person.id == Salary.person_id)
            .where(Person.email == address)
            .order_by(Salary.effective_from)
        )
        return [(day.isoformat(), amount) for day, amount in db.get_session().execute(query)]


def oncosts(app, organisation: str) -> list[tuple[int, Decimal]]:
    """An organisation's stored on-costs: (financial year, pension rate)."""
    with app.app_context():
        query = (
            select(OnCostRate.financial_year, OnCostRate.pension_rate)
            .join(Organisation, Organisation.id == OnCostRate.organisation_id)
            .where(Organisation.name == organisation)
            .order_by(OnCostRate.financial_year)
        )
        return [(year, rate) for year, rate in db.get_session().execute(query)]


def upload(client, register: str, body: str) -> str:
    """Load a CSV through the web as the register page's form does; the page it lands on."""
    data = {"file": (io.BytesIO(body.encode()), f"{register}.csv")}
    response = client.post(f"/registers/{register}/load", data=data, content_type="multipart/form-data")
    assert response.status_code == 302, response.status_code
    return text(client.get(response.headers["Location"]))


def staff_salaries(client) -> dict[str, str]:
    """Each person's cell of 'Salary in force today' on the staff register."""
    table = Page.of(client.get("/registers/staff")).table("Staff register")
    return {r["Name"]: r["Salary in force today"] for r in table.records()}


def admin_of(web_app, runner, organisation: str):
    """A second administrator, who works for ``organisation``, signed in."""
    address = f"admin@{organisation.lower().replace(' ', '-')}.example"
    run(
        runner,
        "users",
        "create",
        address,
        "--role",
        "admin",
        "--organisation",
        organisation,
        "--password",
        "pw-long-enough",
    )
    client = web_app.test_client()
    assert client.post("/login", data={"email": address, "password": "pw-long-enough"}).status_code == 302
    return client


def test_finance_sees_the_salaries_of_its_own_staff_and_says_why_not_the_others(as_role):
    finance = as_role("finance")
    # Alice's 66,000 is in force today (from 17 March 2025); Bob's and Carol's pay is not this council's.
    assert staff_salaries(finance) == {"Alice Adams": "£66,000", "Bob Brown": NHS_PAY, "Carol Cole": POLICE_PAY}
    alice = Page.of(finance.get(f"/registers/staff/{ALICE}"))
    history = alice.table("Salary history").records()
    assert [(r["In force from"], r["Full-time annual salary"]) for r in history] == [
        ("1 Apr 2024", "£60,000.00"),
        ("17 Mar 2025", "£66,000.00"),
    ]
    bob = text(finance.get(f"/registers/staff/{BOB}"))
    assert f"{NHS_PAY}." in bob and "90,000" not in bob and "Add a salary" not in bob
    carol = text(finance.get(f"/registers/staff/{CAROL}"))
    assert f"{POLICE_PAY}." in carol and "45,000" not in carol
    register = text(finance.get("/registers/staff"))
    assert "90,000" not in register and "45,000" not in register


def test_finance_adds_a_salary_for_its_own_staff_and_is_refused_for_anyone_elses(web_app, as_role):
    finance = as_role("finance")
    added = finance.post(
        f"/registers/staff/{ALICE}",
        data={"salary-annual_salary": "70000", "salary-salary_effective_from": "2025-04-01"},
    )
    assert added.status_code == 302
    assert salaries(web_app, "alice@council.gov.uk") == [
        ("2024-04-01", Decimal("60000.00")),
        ("2025-03-17", Decimal("66000.00")),
        ("2025-04-01", Decimal("70000.00")),
    ]
    assert staff_salaries(finance)["Alice Adams"] == "£70,000"  # in force today
    refused = finance.post(
        f"/registers/staff/{BOB}", data={"salary-annual_salary": "95000", "salary-salary_effective_from": "2025-04-01"}
    )
    assert refused.status_code == 403
    assert (
        "A salary for Bob Brown (bob@nhs.net) is refused: Bob Brown works for NHS Trust, and only NHS Trust's "
        "finance sees and sets their pay; you set Borough Council's only. Nothing was changed." in text(refused)
    )
    assert salaries(web_app, "bob@nhs.net") == [("2024-04-01", Decimal("90000.00"))]  # nothing changed
    # The rest of a person is the administrators' register: finance changes no one's details.
    details = {"name": "Alice Adams", "job_title": "Chief Executive", "fte": "1", "organisation": "Borough Council"}
    assert finance.post(f"/registers/staff/{ALICE}", data=details).status_code == 403


def test_a_salaries_file_with_another_organisations_salary_is_refused_whole(web_app, as_role):
    finance = as_role("finance")
    body = SALARIES_HEAD + "alice@council.gov.uk,72000,2025-10-01\nbob@nhs.net,99000,2025-10-01\n"
    page = upload(finance, "salaries", body)
    assert (
        "salaries.csv, line 3: annual_salary: a salary for Bob Brown (bob@nhs.net) is refused: Bob Brown works for "
        "NHS Trust, and only NHS Trust's finance sees and sets their pay; you set Borough Council's only. "
        "Nothing was changed." in page
    )
    assert len(salaries(web_app, "alice@council.gov.uk")) == 2 and len(salaries(web_app, "bob@nhs.net")) == 1
    # Alice's row alone: a new day in her history, and one replaced (the same day again).
    page = upload(finance, "salaries", SALARIES_HEAD + "alice@council.gov.uk,72000,2025-10-01\n")
    assert "salaries.csv: 1 rows: 1 new, 0 updated" in page
    page = upload(finance, "salaries", SALARIES_HEAD + 'alice@council.gov.uk,"£66,500",2025-03-17\n')
    assert "salaries.csv: 1 rows: 0 new, 1 updated" in page
    assert salaries(web_app, "alice@council.gov.uk") == [
        ("2024-04-01", Decimal("60000.00")),
        ("2025-03-17", Decimal("66500.00")),
        ("2025-10-01", Decimal("72000.00")),
    ]
    unknown = upload(finance, "salaries", SALARIES_HEAD + "dee@council.gov.uk,50000,2025-10-01\n")
    assert "salaries.csv, line 2: email: 'dee@council.gov.uk' is not in the staff register" in unknown
    # The staff file, which also changes people, stays the administrators'.
    data = {"file": (io.BytesIO(STAFF_HEAD.encode()), "staff.csv")}
    assert finance.post("/registers/staff/load", data=data, content_type="multipart/form-data").status_code == 403


def test_a_staff_file_carrying_a_salary_outside_the_loaders_organisation_is_refused_whole(web_app, runner, as_role):
    rows = (
        "Alice Adams,alice@council.gov.uk,,Chief Executive,D1,Borough Council,,,,1,\n"
        "Bob Brown,bob@nhs.net,,Chief Operating Officer,VSM,NHS Trust,,,99000,1,2025-10-01\n"
    )
    page = upload(as_role("admin"), "staff", STAFF_HEAD + rows)
    assert (
        "staff.csv, line 3: annual_salary: a salary for Bob Brown (bob@nhs.net) is refused: Bob Brown works for "
        "NHS Trust, and only NHS Trust's finance sees and sets their pay; your account belongs to no "
        "organisation, so you set no one's. Nothing was changed." in page
    )
    assert "Chief Executive" not in page  # Alice's row, good on its own, was not loaded either
    assert salaries(web_app, "bob@nhs.net") == [("2024-04-01", Decimal("90000.00"))]
    # Without the salary the same file loads: administrators keep the people.
    page = upload(as_role("admin"), "staff", STAFF_HEAD + rows.replace("99000,1,2025-10-01", ",1,"))
    assert "staff.csv: 2 rows: 0 new, 2 updated" in page and "Chief Executive" in page
    # NHS Trust's own administrator loads Bob's salary; moving Bob into the council brings none with him.
    nhs_admin = admin_of(web_app, runner, "NHS Trust")
    assert "staff.csv: 2 rows: 0 new, 2 updated" in upload(nhs_admin, "staff", STAFF_HEAD + rows)
    assert salaries(web_app, "bob@nhs.net")[-1] == ("2025-10-01", Decimal("99000.00"))
    moved = rows.splitlines()[1].replace("NHS Trust", "Borough Council").replace("99000", "1")
    council = upload(as_role("admin"), "staff", STAFF_HEAD + moved + "\n")
    assert "staff.csv, line 2: annual_salary: a salary for Bob Brown (bob@nhs.net) is refused" in council


def test_finance_sets_its_own_organisations_oncosts_and_reads_but_cannot_change_others(
    web_app, runner, tmp_path, as_role
):
    police = tmp_path / "oncosts.csv"
    police.write_text(ONCOSTS_HEAD + "Police,2025,15%,5000,31%,0.5%,0\n")
    run(runner, "oncosts", "load", police)  # the operator loads anyone's
    finance = as_role("finance")
    table = Page.of(finance.get("/registers/oncosts")).table("Organisations and on-costs")
    assert table.record("Police")["Pension"] == "31%"  # readable: rates, nobody's pay
    form = {
        "organisation": "Police",
        "financial_year": "2025",
        "employer_ni_rate": "15%",
        "ni_threshold": "5000",
        "pension_rate": "25%",
        "apprenticeship_levy_rate": "0.5%",
        "other_rate": "0",
    }
    refused = finance.post("/registers/oncosts", data=form)
    assert refused.status_code == 403
    assert "Police's on-costs are set by Police's finance only; you set Borough Council's only" in text(refused)
    assert oncosts(web_app, "Police") == [(2025, Decimal("0.31"))]
    saved = finance.post("/registers/oncosts", data={**form, "organisation": "Borough Council"})
    assert saved.status_code == 302 and oncosts(web_app, "Borough Council") == [(2025, Decimal("0.25"))]
    page = upload(
        finance,
        "oncosts",
        ONCOSTS_HEAD + "Borough Council,2024,13.8%,9100,21%,0.5%,0\nPolice,2024,13.8%,9100,21%,0.5%,0\n",
    )
    assert "oncosts.csv, line 3: organisation: Police's on-costs are set by Police's finance only" in page
    assert oncosts(web_app, "Borough Council") == [(2025, Decimal("0.25"))]  # the whole file refused
    page = upload(finance, "oncosts", ONCOSTS_HEAD + "Borough Council,2024,13.8%,9100,21%,0.5%,0\n")
    assert "oncosts.csv: 1 rows: 1 new, 0 updated" in page
    assert oncosts(web_app, "Borough Council") == [(2024, Decimal("0.21")), (2025, Decimal("0.25"))]
    # A host administrator belongs to no organisation: no form, and a POST is refused.
    admin = as_role("admin")
    assert "Set Borough Council" not in text(admin.get("/registers/oncosts"))
    host = admin.post("/registers/oncosts", data={**form, "organisation": "Borough Council"})
    assert host.status_code == 403 and "your account belongs to no organisation, so you set no one's" in text(host)


def test_a_host_administrator_sees_no_salary_and_keeps_the_rest_of_the_register(web_app, as_role):
    admin = as_role("admin")
    assert staff_salaries(admin) == {"Alice Adams": COUNCIL_PAY, "Bob Brown": NHS_PAY, "Carol Cole": POLICE_PAY}
    alice = text(admin.get(f"/registers/staff/{ALICE}"))
    assert f"{COUNCIL_PAY}." in alice and "60,000" not in alice and "66,000" not in alice
    assert "Add a salary" not in alice and "Load salaries" not in text(admin.get("/registers/staff"))
    refused = admin.post(
        f"/registers/staff/{ALICE}", data={"salary-annual_salary": "1", "salary-salary_effective_from": "2025-04-01"}
    )
    assert refused.status_code == 403 and len(salaries(web_app, "alice@council.gov.uk")) == 2
    details = {
        "name": "Alice Adams",
        "job_title": "Chief Executive",
        "grade": "D1",
        "fte": "1",
        "organisation": "Borough Council",
    }
    assert admin.post(f"/registers/staff/{ALICE}", data=details).status_code == 302
    assert (
        Page.of(admin.get("/registers/staff")).table("Staff register").record("Alice Adams")["Job title"]
        == "Chief Executive"
    )


def test_a_host_administrator_adding_a_person_is_told_whose_finance_adds_their_salary(as_role):
    admin = as_role("admin")
    dee = {"name": "Dee Dixon", "email": "dee@council.gov.uk", "organisation": "Borough Council", "fte": "1"}
    added = admin.post("/registers/staff/new", data=dee, follow_redirects=True)
    assert "Dee Dixon added. Borough Council's finance adds their salary." in text(added)
    assert "Add a salary" not in text(added)
    finance = as_role("finance")
    assert staff_salaries(finance)["Dee Dixon"] == "none"  # theirs to add: no salary yet
    assert "Add a salary" in text(
        finance.get(Page.of(finance.get("/registers/staff")).table("Staff register").row("Dee Dixon")[0].links[0])
    )


def test_an_administrator_of_an_organisation_sees_and_sets_its_pay_only(web_app, runner):
    nhs_admin = admin_of(web_app, runner, "NHS Trust")
    assert staff_salaries(nhs_admin) == {"Alice Adams": COUNCIL_PAY, "Bob Brown": "£90,000", "Carol Cole": POLICE_PAY}
    added = nhs_admin.post(
        f"/registers/staff/{BOB}", data={"salary-annual_salary": "93000", "salary-salary_effective_from": "2025-04-01"}
    )
    assert added.status_code == 302 and salaries(web_app, "bob@nhs.net")[-1] == ("2025-04-01", Decimal("93000.00"))
    refused = nhs_admin.post(
        f"/registers/staff/{ALICE}", data={"salary-annual_salary": "1", "salary-salary_effective_from": "2025-04-01"}
    )
    assert refused.status_code == 403 and "you set NHS Trust's only" in text(refused)


def test_a_persons_page_says_what_their_cost_is_at(as_role):
    """Finance sees Alice's cost at her pay (7 h at A1, 4 h at A2 in March), Bob's at his grade's standard
    £52.50 (6 h); a director sees both at standard rates: Alice's 11 h at £52.50."""
    finance = as_role("finance")
    alice = Page.of(finance.get(f"/people/{ALICE}", query_string=MARCH))
    # 4 x 47.49 + 2 x 71.24 (1.5 h at 4,749 p: 7,123.5 -> 7,124 p) + 4 x 52.32 = £541.72
    assert alice.totals["Cost"] == pounds(4 * A1 + 2 * ALICE_HALF + 4 * A2) == "£541.72"
    assert "Alice Adams's cost is at their actual pay." in html.unescape(alice.html)
    bob = Page.of(finance.get(f"/people/{BOB}", query_string=MARCH))
    assert bob.totals["Cost"] == "£315.00"
    assert f"Bob Brown's cost is at their grade's standard rate ({NHS_PAY})." in html.unescape(bob.html)
    director = Page.of(as_role("director").get(f"/people/{ALICE}", query_string=MARCH))
    assert director.totals["Cost"] == "£577.50"
    assert f"Alice Adams's cost is at their grade's standard rate ({COUNCIL_PAY})." in html.unescape(director.html)
    assert "Cost" not in Page.of(as_role("manager").get(f"/people/{ALICE}", query_string=MARCH)).totals


def test_the_salary_form_and_file_are_offered_to_finance_for_its_own_staff(as_role):
    finance = as_role("finance")
    assert "Add a salary" in text(finance.get(f"/registers/staff/{ALICE}"))
    staff = text(finance.get("/registers/staff"))
    assert "Load salaries of Borough Council staff from a CSV file" in staff
    assert "Salaries are shown for Borough Council staff only" in staff


def test_the_staff_register_is_paged_by_name_and_finds_a_person(as_role, monkeypatch):
    """A locality's 1,000 people on one page were 500 kB: the register is paged (here two a page of three),
    by name, and a search by part of a name or address (any case) finds people across the pages; pay is
    shown on every page as the role may see it."""
    import re

    from tracker.reports import registers

    monkeypatch.setattr(registers, "STAFF_SHOWN", 2)
    finance = as_role("finance")
    first = finance.get("/registers/staff").get_data(as_text=True)
    assert Page(first).tables[0].column("Name") == ["Alice Adams", "Bob Brown"]
    assert "People 1 to 2 of 3, by name." in first
    second_link = html.unescape(re.search(r'href="(/registers/staff\?[^"]*page=2[^"]*)"', first).group(1))
    second = finance.get(second_link).get_data(as_text=True)
    assert Page(second).tables[0].column("Name") == ["Carol Cole"] and "People 3 to 3 of 3" in second
    assert POLICE_PAY in html.unescape(second) and "45,000" not in second  # others' pay, on any page
    found = finance.get("/registers/staff", query_string={"q": "COLE"}).get_data(as_text=True)
    assert Page(found).tables[0].column("Name") == ["Carol Cole"]
    assert "People 1 to 1 of 1 whose name or address holds “COLE”" in found and "page=2" not in found
    by_address = finance.get("/registers/staff", query_string={"q": "nhs"}).get_data(as_text=True)
    assert Page(by_address).tables[0].column("Name") == ["Bob Brown"]
    nobody = finance.get("/registers/staff", query_string={"q": "zebra"}).get_data(as_text=True)
    assert "No one’s name or address holds “zebra”." in nobody and not Page(nobody).tables
