"""Managers upload, review and correct only the calendars of their own organisation's staff (issue 19: "every
manager can upload and review any organisation's calendars").

The scenario (tests/tracker/test_end_to_end.py): Alice is Borough Council staff, Bob NHS Trust, Carol Police;
all three calendars were uploaded by the fixture manager, who belongs to Borough Council. Worked by hand from
the files (tests/data/e2e), the meetings on each organisation's staff's calendars are:

- Borough Council (Alice's .ics): the Health and Wellbeing Board (4 meetings), the CSP board (5 March, shared
  with Carol), the HWB development session, the CSP extraordinary meeting and Alice's "Budget 1:1" (6 March,
  1 hour: the only meeting no rule attributes);
- Police (Carol's .csv): the Health and Wellbeing Board (4), the CSP board, and "CSP tasking" (19 March,
  Carol's alone); her dentist's appointment is private, in no queue.

So the council's manager sees "Budget 1:1" but not "CSP tasking", and the Police's manager the reverse, though
the same manager uploaded every file: what a manager sees follows whose calendar it is, not who uploaded it.
"""

from __future__ import annotations

import io

from sqlalchemy import func, select

from tests.conftest import run
from tests.importers.cases import zipped
from tests.rule_fixtures import make_hwb_lead
from tests.tracker.test_end_to_end import E2E
from tests.web.page import Page
from tests.web.test_jobs import TASKING
from tests.web.test_pages import _upload
from tests.web_fixtures import PASSWORD, manager_of
from tracker import db
from tracker.models import AttributionOverride, CalendarImport, Meeting, MeetingCopy, Organisation, User
from tracker.services import pending_uploads
from tracker.store.users import create_user

NO_ORGANISATION = "Your account belongs to no organisation: an administrator can set it on the users page"
BOB_REFUSED = "bob@nhs.net is NHS Trust staff: only NHS Trust's managers upload their calendar"
# Alice's calendar named after her, as Google names an export (so whose it is is certain), one series retitled
# so that it is not the file already imported.
ALICE = (
    (E2E / "alice-outlook.ics")
    .read_bytes()
    .replace(b"X-WR-CALNAME:Calendar", b"X-WR-CALNAME:alice@council.gov.uk")
    .replace(b"SUMMARY:Budget 1:1", b"SUMMARY:Budget catch-up")
)


def stored(app) -> tuple[int, int, int, int]:
    """Imports, meetings, copies and corrections held: what a refused upload or correction must leave alone."""
    with app.app_context():
        session = db.get_session()
        return tuple(
            session.scalar(select(func.count()).select_from(model))
            for model in (CalendarImport, Meeting, MeetingCopy, AttributionOverride)
        )


def meeting(app, title: str) -> tuple[int, str, int | None, str]:
    """(id, series key, partnership id, why) of the one meeting with this title."""
    with app.app_context():
        found = db.get_session().execute(
            select(Meeting.id, Meeting.series_key, Meeting.partnership_id, Meeting.attribution).where(
                Meeting.title == title
            )
        )
        (row,) = found.all()
        return tuple(row)


def titles(page: Page, heading: str) -> dict[str, str]:
    """Each series under the heading, with its number of meetings."""
    return {r["Series"]: r["Meetings"] for r in page.table(heading).records()}


EVERY_SERIES = {"filtered": "1"}  # the queue's filter with "Unattributed only" unticked: attributed ones too


def uploads_held(app) -> set[str]:
    base = pending_uploads.root(app.instance_path)
    return {p.name for p in base.iterdir()} if base.is_dir() else set()


def _token(response) -> str:
    assert response.status_code == 302, response.status_code
    return response.headers["Location"].rsplit("/", 1)[-1]


def _said(response) -> str:
    """What a page not answered 200 says in its error summary and headings, as a person reads it."""
    page = Page(response.get_data(as_text=True))
    return " ".join(page.notices) + " " + " ".join(text for _, text in page.headings)


def test_each_manager_reviews_only_the_meetings_on_their_own_organisations_staffs_calendars(web_app, as_role):
    council, police, admin = as_role("manager"), manager_of(web_app, "Police"), as_role("admin")

    mine = Page.of(council.get("/review"))
    assert "You see the meetings on the calendars of Borough Council staff, whoever uploaded them" in mine.html
    assert titles(mine, "1 unattributed series") == {"Budget 1:1": "1"}
    assert titles(Page.of(council.get("/review", query_string=EVERY_SERIES)), "5 series") == {
        "Budget 1:1": "1",
        "Health and Wellbeing Board": "4",
        "Community Safety Partnership board": "1",
        "HWB development session": "1",
        "CSP extraordinary meeting": "1",
    }  # not Carol's "CSP tasking"

    theirs = Page.of(police.get("/review"))
    assert "0 unattributed series" in theirs.h2s() and "Every meeting is attributed." in theirs.html  # no Budget 1:1
    assert titles(Page.of(police.get("/review", query_string=EVERY_SERIES)), "3 series") == {
        "Health and Wellbeing Board": "4",
        "Community Safety Partnership board": "1",
        "CSP tasking": "1",
    }

    everyone = Page.of(admin.get("/review"))  # the administrator: every calendar's meetings
    assert titles(everyone, "1 unattributed series") == {"Budget 1:1": "1"}
    assert set(titles(Page.of(admin.get("/review", query_string=EVERY_SERIES)), "6 series")) == {
        "Budget 1:1",
        "Health and Wellbeing Board",
        "Community Safety Partnership board",
        "HWB development session",
        "CSP tasking",
        "CSP extraordinary meeting",
    }

    # A series page lists only the occurrences the manager may see: none of another organisation's.
    _, tasking, _, _ = meeting(web_app, "CSP tasking")
    single = "Single meetings in this series"
    assert Page.of(police.get("/review", query_string={"series": tasking})).table(single).column("Title") == [
        "CSP tasking"
    ]
    assert Page.of(council.get("/review", query_string={"series": tasking})).table(single).rows == []
    _, budget, _, _ = meeting(web_app, "Budget 1:1")
    assert Page.of(police.get("/review", query_string={"series": budget})).table(single).rows == []


def test_correcting_another_organisations_meeting_is_not_found_and_changes_nothing(web_app, as_role):
    council, police = as_role("manager"), manager_of(web_app, "Police")
    tasking_id, tasking, csp, why = meeting(web_app, "CSP tasking")
    budget_id, budget, _, _ = meeting(web_app, "Budget 1:1")
    before = stored(web_app)
    attempts = [
        (council, {"series_key": tasking, "partnership_id": "none"}),  # Carol's: Police
        (council, {"meeting_id": tasking_id, "partnership_id": "none"}),
        (council, {"meeting_id": tasking_id, "partnership_id": "rules"}),
        (police, {"series_key": budget, "partnership_id": "none"}),  # Alice's: Borough Council
        (police, {"meeting_id": budget_id, "partnership_id": "none"}),
    ]
    for client, form in attempts:
        assert client.post("/review/attribute", data=form).status_code == 404, form
    assert stored(web_app) == before  # no correction kept
    assert meeting(web_app, "CSP tasking") == (tasking_id, tasking, csp, why)
    assert meeting(web_app, "Budget 1:1")[2] is None

    # Their own organisation's meeting, whoever uploaded it: corrected.
    corrected = police.post("/review/attribute", data={"meeting_id": tasking_id, "partnership_id": "none"})
    assert corrected.status_code == 302
    assert meeting(web_app, "CSP tasking")[2:] == (
        None,
        "override by manager@police.example: not a partnership meeting",
    )
    # The CSP board is on Alice's calendar and on Carol's: one meeting, either organisation's managers correct it.
    board_id = meeting(web_app, "Community Safety Partnership board")[0]
    corrected = council.post("/review/attribute", data={"meeting_id": board_id, "partnership_id": "none"})
    assert corrected.status_code == 302
    assert meeting(web_app, "Community Safety Partnership board")[2] is None


def test_uploading_another_organisations_staffs_calendar_is_refused_and_nothing_is_kept(web_app, as_role):
    council = as_role("manager")
    assert "You upload the calendars of Borough Council staff only" in council.get("/upload").get_data(as_text=True)
    before = stored(web_app)
    token = _token(_upload(council, "bob-tasking.ics", TASKING))
    asked = council.get(f"/upload/{token}")  # whose it is may still be given: not refused yet
    assert asked.status_code == 200 and "Suggested from the file: bob@nhs.net" in asked.get_data(as_text=True)
    refused = council.post(f"/upload/{token}", data={"owner-000-bob-tasking.ics": "bob@nhs.net"})
    assert refused.status_code == 400
    assert f"bob-tasking.ics: {BOB_REFUSED}" in _said(refused)
    assert "the uploaded files have been deleted" in refused.get_data(as_text=True)
    assert token not in uploads_held(web_app) and stored(web_app) == before
    assert council.post(f"/upload/{token}/confirm").status_code == 302  # nothing left to confirm...
    assert stored(web_app) == before  # ...nor imported

    # Someone the staff register does not know is no one's staff: refused too, saying so.
    token = _token(_upload(council, "dave.ics", TASKING))
    refused = council.post(f"/upload/{token}", data={"owner-000-dave.ics": "dave@voluntary.org.uk"})
    assert refused.status_code == 400
    assert (
        "dave.ics: dave@voluntary.org.uk is not in the staff register: "
        "you upload only the calendars of Borough Council staff"
    ) in _said(refused)
    assert stored(web_app) == before

    # Alice's alias is Alice: her calendar under it is the manager's to upload.
    token = _token(_upload(council, "alice.ics", ALICE))
    preview = council.post(f"/upload/{token}", data={"owner-000-alice.ics": "a.adams@council.gov.uk"})
    assert preview.status_code == 200 and "Check what will be imported" in preview.get_data(as_text=True)


def test_a_zip_with_one_own_and_one_foreign_calendar_is_refused_whole(web_app, as_role):
    council = as_role("manager")
    directorate = zipped({"alice.ics": ALICE, "bob.ics": TASKING})  # both name their owner (X-WR-CALNAME)
    before = stored(web_app)
    for preview_limit in (None, 1_000):  # read while the manager waits; too large for that: glanced at
        if preview_limit:
            web_app.config["PREVIEW_MAX_BYTES"] = preview_limit
        token = _token(_upload(council, "directorate.zip", directorate))
        refused = council.post(f"/upload/{token}", data={})
        assert refused.status_code == 400
        said = _said(refused)
        assert f"directorate.zip/bob.ics: {BOB_REFUSED}" in said and "alice.ics" not in said  # only Bob's named
        assert token not in uploads_held(web_app)
        assert stored(web_app) == before  # not even Alice's


def test_the_job_refuses_a_calendar_its_uploader_may_no_longer_upload(web_app, nhs_manager):
    """Checked again where the import runs: an NHS Trust manager's upload of Bob's calendar, confirmed after
    their account was moved to the Police, imports nothing."""
    before = stored(web_app)
    token = _token(_upload(nhs_manager, "bob-tasking.ics", TASKING))
    assert nhs_manager.post(f"/upload/{token}", data={"owner-000-bob-tasking.ics": "bob@nhs.net"}).status_code == 200
    with web_app.app_context():  # moved without signing them out (the users page would): the job must still see it
        with db.transaction() as session:
            user = session.scalars(select(User).where(User.email == "manager@nhs-trust.example")).one()
            user.organisation_id = session.scalars(select(Organisation.id).where(Organisation.name == "Police")).one()
    failed = nhs_manager.post(f"/upload/{token}/confirm", follow_redirects=True).get_data(as_text=True)
    assert "The import did not happen" in failed
    assert (
        "bob-tasking.ics: bob@nhs.net is NHS Trust staff: only NHS Trust&#39;s managers upload their calendar" in failed
    )
    assert stored(web_app) == before and token not in uploads_held(web_app)


def test_a_manager_in_no_organisation_can_neither_upload_nor_review(web_app):
    with web_app.app_context():
        with db.transaction() as session:
            create_user(session, "placeless@example.gov.uk", "manager", PASSWORD)
    client = web_app.test_client()
    assert client.post("/login", data={"email": "placeless@example.gov.uk", "password": PASSWORD}).status_code == 302
    before, held = stored(web_app), uploads_held(web_app)
    budget_id = meeting(web_app, "Budget 1:1")[0]
    for method, url, data in [
        ("GET", "/upload", None),
        ("POST", "/upload", {"files": [(io.BytesIO(TASKING), "bob.ics")]}),
        ("GET", "/review", None),
        ("POST", "/review/attribute", {"meeting_id": budget_id, "partnership_id": "none"}),
        ("GET", "/review/changes", None),
        ("GET", "/imports", None),
        ("GET", "/imports/1/undo", None),
    ]:
        response = client.open(url, method=method, data=data)
        assert response.status_code == 403, url
        page = response.get_data(as_text=True)
        assert NO_ORGANISATION in page and "You cannot upload or review calendars yet" in page, url
    assert uploads_held(web_app) == held and stored(web_app) == before  # nothing kept, nothing changed


def test_import_history_and_undo_cover_the_organisations_staffs_calendars_whoever_imported_them(web_app, as_role):
    council, police, admin = as_role("manager"), manager_of(web_app, "Police"), as_role("admin")
    history = Page.of(council.get("/imports"))
    assert history.table("Import history").column("File") == ["alice-outlook.ics"]
    assert "The imports of Borough Council staff" in history.html
    assert Page.of(police.get("/imports")).table("Import history").column("File") == ["carol-outlook.csv"]
    everyone = Page.of(admin.get("/imports")).table("Import history").column("File")
    assert sorted(everyone) == ["alice-outlook.ics", "bob-google.ics", "carol-outlook.csv"]

    with web_app.app_context():
        ids = dict(db.get_session().execute(select(CalendarImport.owner_email, CalendarImport.id)).all())
    before = stored(web_app)
    bob = ids["bob@nhs.net"]  # uploaded by the council's manager, before managers kept to their organisation
    assert council.get(f"/imports/{bob}/undo").status_code == 404
    assert council.post(f"/imports/{bob}/undo", data={"confirm": "yes"}).status_code == 404
    assert police.post(f"/imports/{ids['alice@council.gov.uk']}/undo", data={"confirm": "yes"}).status_code == 404
    assert stored(web_app) == before

    # A colleague in the same organisation may undo it, though another manager imported it.
    colleague = manager_of(web_app, "Borough Council", "colleague@council.example")
    alice = ids["alice@council.gov.uk"]
    assert "Undo the import of alice-outlook.ics?" in colleague.get(f"/imports/{alice}/undo").get_data(as_text=True)
    assert colleague.post(f"/imports/{alice}/undo", data={"confirm": "yes"}).status_code == 302
    undone = Page.of(colleague.get("/imports")).table("Undone imports").records()
    assert [(u["File"], u["Calendar of"]) for u in undone] == [("alice-outlook.ics", "alice@council.gov.uk")]
    assert Page.of(police.get("/imports")).h2s().count("Undone imports") == 0  # not the Police's to restore


def test_an_administrator_still_uploads_anyones_calendar(web_app, as_role):
    admin = as_role("admin")
    assert "You upload the calendars of" not in admin.get("/upload").get_data(as_text=True)
    token = _token(_upload(admin, "bob-tasking.ics", TASKING))
    preview = admin.post(f"/upload/{token}", data={"owner-000-bob-tasking.ics": "bob@nhs.net"})
    assert preview.status_code == 200 and "Check what will be imported" in preview.get_data(as_text=True)
    token = _token(_upload(admin, "dave.ics", TASKING))
    preview = admin.post(f"/upload/{token}", data={"owner-000-dave.ics": "dave@voluntary.org.uk"})
    assert preview.status_code == 200  # someone not in the register too: the administrator answers for it


def test_a_rules_examples_come_only_from_the_leads_own_organisations_calendars(web_app):
    """The HWB lead's rule "board" also takes the CSP board (5 March), on Alice's and Carol's calendars: a lead of
    Borough Council is shown its title; an NHS Trust lead (Bob's calendar holds only the HWB) is shown none
    (tests/web/test_rule_previews.py)."""
    lead = web_app.test_client()
    lead.post("/login", data={"email": make_hwb_lead(web_app, organisation="Borough Council"), "password": PASSWORD})
    hwb = meeting(web_app, "HWB development session")[2]
    page = Page.of(lead.post("/review/rule/preview", data={"title": "board", "partnership_id": hwb}))
    examples = dict(zip(*(page.table("Preview a rule").column(c) for c in ("Partnership", "For example"))))
    assert examples == {
        "Health and Wellbeing Board": "gains “Community Safety Partnership board”",
        "Community Safety Partnership": "loses “Community Safety Partnership board”",
    }
    assert "from the calendars of your organisation's staff" in page.html


# Alice's own "CSP tasking", in no one else's calendar and without a UID: another meeting than Carol's (different
# day, her own organiser), but known by the same title alone, so the same series as Carol's.
ALICES_TASKING = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Test//Alice//EN\r
BEGIN:VEVENT\r
DTSTART:20250326T100000Z\r
DTEND:20250326T110000Z\r
SUMMARY:CSP tasking\r
ORGANIZER:mailto:alice@council.gov.uk\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_a_series_reaching_another_organisations_calendars_is_corrected_only_meeting_by_meeting(
    web_app, runner, as_role, tmp_path
):
    path = tmp_path / "alice-tasking.ics"
    path.write_bytes(ALICES_TASKING)
    run(runner, "import", path, "--owner", "alice@council.gov.uk")
    with web_app.app_context():
        found = db.get_session().execute(
            select(Meeting.id, Meeting.series_key).where(Meeting.title == "CSP tasking").order_by(Meeting.start)
        )
        (carols, series), (alices, same) = found.all()  # Carol's on the 19th, Alice's on the 26th
    assert series == same == "title:csp tasking"
    council = as_role("manager")
    before = stored(web_app)
    refused = council.post(
        "/review/attribute", data={"series_key": series, "partnership_id": "none"}, follow_redirects=True
    )
    assert "This series also holds meetings on other organisations" in refused.get_data(as_text=True)
    assert stored(web_app) == before  # Carol's meeting, the Police's, left as it was
    # Alice's meeting alone is the council's to correct; Carol's is still not.
    assert council.post("/review/attribute", data={"meeting_id": alices, "partnership_id": "none"}).status_code == 302
    assert council.post("/review/attribute", data={"meeting_id": carols, "partnership_id": "none"}).status_code == 404
    # An administrator corrects the whole series.
    admin = as_role("admin")
    assert admin.post("/review/attribute", data={"series_key": series, "partnership_id": "none"}).status_code == 302
    with web_app.app_context():
        overrides = db.get_session().scalars(select(AttributionOverride.series_key)).all()
    assert series in overrides
