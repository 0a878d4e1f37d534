"""A partnership's meetings are listed a page at a time, so its page stays quick however often it meets."""

from __future__ import annotations

from sqlalchemy import select

from tracker import db
from tracker.models import Partnership
from tracker.web import explore

MARCH = {"from": "2025-03-01", "to": "2025-03-31"}


def test_partnership_meetings_are_listed_a_page_at_a_time(web_app, as_role, monkeypatch):
    with web_app.app_context():
        hwb = db.get_session().scalar(select(Partnership.id).where(Partnership.name == "Health and Wellbeing Board"))
    finance = as_role("finance")
    whole = finance.get(f"/partnerships/{hwb}", query_string=MARCH).text
    assert "Later meetings" not in whole and "Meetings 1 to" not in whole
    monkeypatch.setattr(explore, "PAGE", 1)
    first = finance.get(f"/partnerships/{hwb}", query_string=MARCH).text
    held = int(first.split(" meetings; see the list below")[0].rsplit(">", 1)[-1])
    assert held >= 2 and f"Meetings 1 to 1 of {held}." in first
    assert "Later meetings" in first and "Earlier meetings" not in first
    last = finance.get(f"/partnerships/{hwb}", query_string={**MARCH, "page": held + 5}).text  # past the end: the last
    assert f"Meetings {held} to {held} of {held}." in last
    assert "Earlier meetings" in last and "Later meetings" not in last
    pages = [finance.get(f"/partnerships/{hwb}", query_string={**MARCH, "page": n}).text for n in range(1, held + 1)]
    assert "".join(map(meeting_rows, pages)) == meeting_rows(whole)  # each meeting once, in the same order


def meeting_rows(page: str) -> str:
    meetings = page.split('<h2 class="govuk-heading-m">Meetings</h2>')[1]
    return meetings.split('<tbody class="govuk-table__body">')[1].split("</tbody>")[0]
