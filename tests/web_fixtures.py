"""Web fixtures, shared by the web and browser tests: the scenario loaded, a user per role, signed-in clients."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from tests.conftest import run
from tests.tracker.test_end_to_end import load_scenario
from tracker import db
from tracker.models import CalendarImport, Organisation, Partnership, User
from tracker.store.users import create_user

PASSWORD = "correct-horse-battery"
FINANCE_OF = "Borough Council"  # the finance user's organisation: its staff (Alice) at actual pay
# The manager's organisation: they upload, review and correct its staff's calendars (Alice's, whose calendar
# holds most of the scenario's meetings) and no one else's (Bob: NHS Trust; Carol: Police).
MANAGER_OF = "Borough Council"
ROLES = ("manager", "director", "finance", "admin")
OUTCOMES = (
    "partnership,period_start,period_end,measure,value,unit,target,notes,kind,direction\n"
    "Health and Wellbeing Board,2025-01-01,2025-03-31,People supported to stop smoking,240,people,200,Q4 return,"
    "better_off,up\n"
    "Health and Wellbeing Board,2025-01-01,2025-03-31,Actions completed on time,70,%,80,,how_well,up\n"
)


def email(role: str) -> str:
    return f"{role}@example.gov.uk"


@pytest.fixture
def web_app(app, runner, tmp_path):
    app.config["WTF_CSRF_ENABLED"] = False
    load_scenario(runner)
    outcomes = tmp_path / "outcomes.csv"
    outcomes.write_text(OUTCOMES)
    run(runner, "outcomes", "load", outcomes)
    with app.app_context():
        with db.transaction() as session:
            for role in ROLES:  # finance and the manager work for the council (Alice's employer); the others
                create_user(session, email(role), role, PASSWORD)  # for the host
            for role, organisation in (("finance", FINANCE_OF), ("manager", MANAGER_OF)):
                of = select(Organisation.id).where(Organisation.name == organisation).scalar_subquery()
                session.execute(update(User).where(User.email == email(role)).values(organisation_id=of))
            # Every calendar uploaded by the manager (before managers were kept to their organisation): what a
            # manager sees follows whose calendar it is, not who uploaded it, so they still see only Alice's.
            session.execute(update(CalendarImport).values(imported_by=email("manager")))
            session.execute(
                update(Partnership)
                .where(Partnership.name == "Community Safety Partnership")
                .values(lead_email=email("manager"))
            )
    return app


def sign_in(client, role: str):
    response = client.post("/login", data={"email": email(role), "password": PASSWORD})
    assert response.status_code == 302, response.data[:500]
    return client


def make_manager(app, organisation: str, address: str | None = None) -> str:
    """A manager of that organisation, made on first use; their address. A manager uploads and reviews only their
    own organisation's staff's calendars, so Bob's (NHS Trust) is uploaded by an NHS Trust manager."""
    address = address or f"manager@{organisation.lower().replace(' ', '-')}.example"
    with app.app_context():
        with db.transaction() as session:
            if session.scalar(select(User.id).where(User.email == address)) is None:
                create_user(session, address, "manager", PASSWORD, organisation=organisation)
    return address


def manager_of(app, organisation: str, address: str | None = None):
    """A manager of that organisation (``make_manager``), signed in."""
    client = app.test_client()
    response = client.post("/login", data={"email": make_manager(app, organisation, address), "password": PASSWORD})
    assert response.status_code == 302, response.data[:500]
    return client


@pytest.fixture
def nhs_manager(web_app):
    """A manager of the NHS Trust (Bob's employer), signed in: the one who uploads Bob's calendar."""
    return manager_of(web_app, "NHS Trust")


@pytest.fixture
def as_role(web_app):
    def make(role: str):
        return sign_in(web_app.test_client(), role)

    return make
