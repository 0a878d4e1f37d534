"""A second partnership lead for the rule tests: a manager who leads the Health and Wellbeing Board, so a rule
of theirs can take the CSP's board meeting (web and browser tests); and a rule made as a person makes it."""

from __future__ import annotations

import re

from sqlalchemy import update

from tests.web_fixtures import PASSWORD
from tracker import db
from tracker.models import Partnership
from tracker.store.users import create_user

HWB_LEAD = "hwb-lead@example.gov.uk"


def make_hwb_lead(app, *, organisation: str) -> str:
    """The lead added to the loaded scenario, a manager of ``organisation`` (they review the meetings on its
    staff's calendars); their address."""
    with app.app_context():
        with db.transaction() as session:
            create_user(session, HWB_LEAD, "manager", PASSWORD, organisation=organisation)
            session.execute(
                update(Partnership).where(Partnership.name == "Health and Wellbeing Board").values(lead_email=HWB_LEAD)
            )
    return HWB_LEAD


def make_rule(client, title: str, partnership_id: int | str):
    """A title rule as a person makes it: previewed, then saved with the preview's digest. The save's
    response; the preview's own when the preview was refused."""
    preview = client.post("/review/rule/preview", data={"title": title, "partnership_id": partnership_id})
    if preview.status_code != 200:
        return preview
    (digest,) = re.findall(r'name="seen" value="([0-9a-f]+)"', preview.get_data(as_text=True))
    return client.post("/review/rule", data={"title": title, "partnership_id": partnership_id, "seen": digest})
