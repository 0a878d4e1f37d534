"""Undo that can be undone: undoing a newer export gives back the earlier one's copies, and an undone
import can be restored as it stood, then undone again, every figure as it was at each step."""

from __future__ import annotations

from sqlalchemy import select

from tests.tracker.test_end_to_end import E2E
from tests.web.page import Page
from tests.web.test_jobs import previewed
from tracker import db
from tracker.models import Attendance, CalendarImport, Meeting, MeetingCopy, Person, UndoneImport
from tracker.services import attendances

BOB = (E2E / "bob-google.ics").read_bytes()
# Bob's newer export: the 10 March meeting gone from his calendar (inside its span), and the meeting
# moved to 25 March an hour later (SEQUENCE 2). The other copies are as they were.
_TENTH = BOB[BOB.index(b"BEGIN:VEVENT\r\nDTSTART:20250310") : BOB.index(b"BEGIN:VEVENT\r\nDTSTART:20250325")]
NEWER = (
    BOB.replace(_TENTH, b"")
    .replace(b"EXDATE;TZID=Europe/London:20250317T100000", b"EXDATE;TZID=Europe/London:20250317T100000,20250310T100000")
    .replace(
        b"DTSTART:20250325T140000Z\r\nDTEND:20250325T160000Z", b"DTSTART:20250325T150000Z\r\nDTEND:20250325T170000Z"
    )
    .replace(b"SEQUENCE:1", b"SEQUENCE:2")
)


def facts(app) -> dict[str, list]:
    """Meetings, every copy with the file it came from, and the costed time."""
    with app.app_context():
        session = db.get_session()
        meetings = session.execute(select(Meeting.identity, Meeting.title, Meeting.start, Meeting.end)).all()
        copies = session.execute(
            select(
                Meeting.identity,
                MeetingCopy.owner_email,
                MeetingCopy.start,
                MeetingCopy.sequence,
                CalendarImport.filename,
            )
            .join(Meeting, Meeting.id == MeetingCopy.meeting_id)
            .join(CalendarImport, CalendarImport.id == MeetingCopy.import_id)
        ).all()
        attendance = session.execute(
            select(Meeting.identity, Person.email, Attendance.seconds, Attendance.cost, Attendance.standard_cost)
            .join(Meeting, Meeting.id == Attendance.meeting_id)
            .join(Person, Person.id == Attendance.person_id)
        ).all()
        found = {"meetings": meetings, "copies": copies, "attendance": attendance}
        return {name: sorted(map(str, rows)) for name, rows in found.items()}


def rebuilt(app) -> dict[str, list]:
    """The same facts once everything is worked out afresh: what the undo and restore left must be it."""
    with app.app_context():
        with db.transaction() as session:
            attendances.rebuild(session)
    return facts(app)


def test_undo_gives_back_the_earlier_export_and_an_undo_can_be_undone(web_app, nhs_manager):
    manager = nhs_manager  # Bob's calendar: his organisation's manager uploads and undoes it
    first = facts(web_app)
    assert manager.post(f"/upload/{previewed(manager, NEWER)}/confirm").status_code == 302
    newer = facts(web_app)
    assert newer != first
    assert any("bob-tasking.ics" in c for c in newer["copies"])  # the newer file holds Bob's copies now

    history = Page.of(manager.get("/imports"))
    undo_link = history.link("Undo import of bob-tasking.ics")
    assert manager.post(undo_link, data={"confirm": "yes"}).status_code == 302
    assert facts(web_app) == first  # Bob's copies are the earlier export's again, as they stood
    assert rebuilt(web_app) == first

    history = Page.of(manager.get("/imports"))
    (row,) = history.table("Undone imports").records()
    assert row["File"] == "bob-tasking.ics" and row["Calendar of"] == "bob@nhs.net"
    with web_app.app_context():
        undone_id = db.get_session().scalars(select(UndoneImport.id)).one()
    assert manager.post(f"/imports/undone/{undone_id}/restore").status_code == 302
    assert facts(web_app) == newer  # restored as it stood
    assert rebuilt(web_app) == newer
    assert "Undone imports" not in Page.of(manager.get("/imports")).h2s()

    again = Page.of(manager.get("/imports")).link("Undo import of bob-tasking.ics")
    assert manager.post(again, data={"confirm": "yes"}).status_code == 302
    assert facts(web_app) == first


def test_only_a_manager_of_the_calendars_organisation_or_an_administrator_may_restore(web_app, as_role, nhs_manager):
    manager, admin = nhs_manager, as_role("admin")
    assert manager.post(f"/upload/{previewed(manager, NEWER)}/confirm").status_code == 302
    admin_undo = Page.of(admin.get("/imports")).link("Undo import of bob-tasking.ics")
    assert admin.post(admin_undo, data={"confirm": "yes"}).status_code == 302
    with web_app.app_context():
        undone_id = db.get_session().scalars(select(UndoneImport.id)).one()
    assert as_role("director").post(f"/imports/undone/{undone_id}/restore").status_code == 403
    # Bob is NHS Trust staff: the Borough Council manager is told there is no such undone import.
    assert as_role("manager").post(f"/imports/undone/{undone_id}/restore").status_code == 404
    assert manager.post(f"/imports/undone/{undone_id}/restore").status_code == 302  # Bob's organisation's manager
    assert manager.post(f"/imports/undone/{undone_id}/restore").status_code == 404  # restored already
