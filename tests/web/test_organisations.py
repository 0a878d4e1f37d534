"""Each organisation's pay and calendars are its own: signed in as each role of two organisations, every page
and download.

The e2e scenario has three partner organisations: Alice works for Borough Council, Bob for the NHS Trust,
Carol for Police. The council's and the police's finance officers and managers, the host's administrator, a
police administrator and a director each read everything they can reach (the pay-invariance walk: every page
without arguments, with and without March 2025, and the pages, CSV files and JSON answers linked from
them). Then one organisation's member gets a pay rise, entered on the person's page by that organisation's
finance officer, and everything is read again. Only the answers of those who see that organisation's pay
may change (the audit trail aside, which records the walk's own reads: it is checked for the amount
instead); and nobody's answers ever print a salary of another organisation, or show a manager another
organisation's calendar.
"""

from __future__ import annotations

import pytest

from tests.web.test_pay_invariance import walk
from tests.web_fixtures import PASSWORD, email
from tracker import db
from tracker.reports import registers
from tracker.store.users import create_user

MARCH = {"from": "2025-03-01", "to": "2025-03-31"}
READERS = {  # who signs in: (email, role, organisation)
    "council finance": (email("finance"), "finance", "Borough Council"),  # the fixture's own
    "police finance": ("finance@police.uk", "finance", "Police"),
    "police admin": ("admin@police.uk", "admin", "Police"),
    "host admin": (email("admin"), "admin", None),
    "director": (email("director"), "director", None),
    "council manager": (email("manager"), "manager", "Borough Council"),  # the fixture's own
    "police manager": ("manager@police.uk", "manager", "Police"),
}
SEES_PAY_OF = {"council finance": "Borough Council", "police finance": "Police", "police admin": "Police"}


@pytest.fixture
def partners(web_app):
    with web_app.app_context(), db.transaction() as session:
        for reader, (address, role, organisation) in READERS.items():
            if address.endswith("@police.uk"):  # the fixture's users are there already
                create_user(session, address, role, PASSWORD, name=reader, organisation=organisation)
    return web_app


def _read(app) -> dict[str, dict[str, tuple[int, bytes]]]:
    answers = {}
    for reader, (address, _, _) in READERS.items():
        client = app.test_client()
        assert client.post("/login", data={"email": address, "password": PASSWORD}).status_code == 302
        answers[reader] = walk(app, client, MARCH)
        assert len(answers[reader]) > 30, f"{reader} reached too little: {sorted(answers[reader])}"
    return answers


def _rise(app, reader: str, address: str, to: str) -> None:
    """The reader (finance of the person's organisation) enters a salary from 1 March 2025 on their page."""
    with app.app_context():
        person = registers.person_by_email(db.get_session(), address)
        assert person is not None
        page = f"/registers/staff/{person.id}"
    client = app.test_client()
    assert client.post("/login", data={"email": READERS[reader][0], "password": PASSWORD}).status_code == 302
    saved = client.post(page, data={"salary-annual_salary": to, "salary-salary_effective_from": "2025-03-01"})
    assert saved.status_code == 302, saved.get_data(as_text=True)[:2000]


def _changed(before: dict, after: dict) -> dict[str, list[str]]:
    return {
        reader: sorted(
            url
            for url, answer in answers.items()
            if after[reader].get(url) != answer and not url.startswith("/admin/audit")
        )
        for reader, answers in before.items()
    }


# Each salary as it may be printed, by organisation: Carol's (Police, £45,000, then the rise to £52,345) and
# Alice's (Borough Council, £60,000 then £66,000, then the rise to £71,234).
SALARIES = {
    "Police": (b"45,000", b"45000", b"52,345", b"52345"),
    "Borough Council": (b"66,000", b"66000", b"60,000", b"60000", b"71,234", b"71234"),
}


def _nobody_reads_another_organisations_salary(answers: dict) -> None:
    """A salary is printed only to those who see that organisation's pay, on no page or file of anyone else's."""
    for reader, pages in answers.items():
        for organisation, printed in SALARIES.items():
            if SEES_PAY_OF.get(reader) == organisation:
                continue
            for url, (_, body) in pages.items():
                assert not any(p in body for p in printed), f"{reader} reads {organisation} pay at {url}"


def _no_manager_reads_another_organisations_calendar(answers: dict) -> None:
    """Carol's (Police) own calendar holds "CSP tasking", in no one else's: the police manager reviews it; the
    council's manager finds it in no review or upload page (a partnership's own meeting is the partnership's
    business: its name may show beside the CSP elsewhere). Her "Dentist", marked private, shows to nobody.
    The walk reaches the review queue and each series linked from it."""
    police = b"".join(body for url, (_, body) in answers["police manager"].items() if url.startswith("/review"))
    assert b"CSP tasking" in police
    assert not any(b"Dentist" in body for reader in answers.values() for _, body in reader.values())
    council = answers["council manager"]
    assert any(url.startswith("/review") for url in council)
    for url, (_, body) in council.items():
        assert b"Dentist" not in body, f"the council manager reads Carol's calendar at {url}"
        if url.startswith("/review") or url.startswith("/uploads"):
            assert b"CSP tasking" not in body, f"the council manager reviews Carol's calendar at {url}"


def _read_privately(app) -> dict[str, dict[str, tuple[int, bytes]]]:
    """Everything each reader reaches, checked as it is read: no one else's salary, no one else's calendar."""
    answers = _read(app)
    _nobody_reads_another_organisations_salary(answers)
    _no_manager_reads_another_organisations_calendar(answers)
    return answers


def test_each_organisations_pay_and_calendars_stay_its_own_through_two_pay_rises(partners):
    """Read by everyone three times (before, after a police rise, after a council rise; a walk of seven
    readers is the slow part, so the privacy checks ride on the same three reads): at each read nobody sees
    another organisation's salary or calendar, and each rise changes the answers of that organisation's
    finance readers alone."""
    before = _read_privately(partners)
    _rise(partners, "police finance", "carol@police.uk", "52345")  # Carol, Police: 45,000 a year until now
    after = _read_privately(partners)
    trail = [body for url, (_, body) in after["host admin"].items() if url.startswith("/admin/audit")]
    assert trail and any(b"(given, not recorded)" in body for body in trail)  # the change is there...
    assert not any(b"52345" in body or b"52,345" in body for body in trail)  # ...its amount is not
    changed = _changed(before, after)
    for reader in READERS:
        if SEES_PAY_OF.get(reader) == "Police":
            assert any(url.startswith("/dashboard") for url in changed[reader]), f"{reader} saw no change"
        else:
            assert not changed[reader], f"{reader} saw Police pay move: {changed[reader]}"

    _rise(partners, "council finance", "alice@council.gov.uk", "71234")  # Alice, Borough Council
    again = _changed(after, _read_privately(partners))
    assert any(url.startswith("/dashboard") for url in again["council finance"])
    for reader in READERS:
        if reader != "council finance":
            assert not again[reader], f"{reader} saw Borough Council pay move: {again[reader]}"
