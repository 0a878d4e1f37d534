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
            for role in ROLES:  # finance works for the council (Alice's employer); the others for the host
                create_user(session, email(role), role, PASSWORD)
            session.execute(
                update(User)
                .where(User.email == email("finance"))
                .values(
                    organisation_id=select(Organisation.id).where(Organisation.name == FINANCE_OF).scalar_subquery()
                )
            )
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


@pytest.fixture
def as_role(web_app):
    def make(role: str):
        return sign_in(web_app.test_client(), role)

    return make
