"""Lenient where nothing is lost (issue 20): an .ics file whose closing line is damaged, with junk after
the calendar, or without ``END:VCALENDAR`` is read, with a warning naming the line, when every event in
it is complete; a broken event (cut short, or with a bad DTSTART) is still refused as before.

Each file below holds Bob's two Health and Wellbeing Boards (lines 4 to 10 and 11 to 17; the calendar
begins on line 1), then the ending under test, from line 18.
"""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from importers import CalendarFileError, read
from tests.conftest import run
from tests.tracker.test_end_to_end import E2E
from tests.web_fixtures import manager_of
from tracker import db
from tracker.models import CalendarImport, Meeting

HEAD = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nX-WR-CALNAME:bob@nhs.net\r\n"


def event(uid: str, day: str) -> str:
    return (
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20250101T000000Z\r\nDTSTART:{day}T100000Z\r\n"
        f"DTEND:{day}T120000Z\r\nSUMMARY:Health and Wellbeing Board\r\nEND:VEVENT\r\n"
    )


BODY = HEAD + event("hwb-1", "20250303") + event("hwb-2", "20250310")
READ = {  # the ending, and the warning that names its line
    "stray character after END:VCALENDAR": (
        "END:VCALENDAR%\r\n",
        "line 18: read 'END:VCALENDAR%' as END:VCALENDAR: the calendar's closing line is damaged",
    ),
    "junk lines after END:VCALENDAR": (
        "END:VCALENDAR\r\n-- \r\nSent from my phone\r\nSee you Monday: Bob\r\n",
        "line 19: ignored what follows the calendar's END:VCALENDAR (3 lines, to line 21)",
    ),
    "missing END:VCALENDAR": (
        "",
        "line 17: the file ends here without END:VCALENDAR; its events are complete, so it was read as if it "
        "were there",
    ),
    "closing line cut short": (
        "END:VCAL",
        "line 18: read 'END:VCAL' as END:VCALENDAR: the calendar's closing line is damaged",
    ),
}
REFUSED = {  # a broken event is refused, naming the line it begins on
    "last event cut short": (
        HEAD + event("hwb-1", "20250303") + event("hwb-2", "20250310")[:70],
        "line 11: the file is truncated: BEGIN:VEVENT is never closed",
    ),
    "event missing END:VEVENT in the middle": (
        HEAD + event("hwb-1", "20250303").replace("END:VEVENT\r\n", "") + event("hwb-2", "20250310") + "END:VCALENDAR",
        "line 10: BEGIN:VEVENT inside the event begun on line 4: the file is damaged",
    ),
    "an event begun after the calendar's end": (
        BODY + "END:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:late\r\n",
        "line 19: the file is truncated: BEGIN:VEVENT is never closed",
    ),
}


@pytest.mark.parametrize("fast", [True, False], ids=["fast", "faithful"])
@pytest.mark.parametrize("case", sorted(READ))
def test_a_damaged_ending_is_read_with_a_warning_naming_the_line(case, fast):
    ending, warning = READ[case]
    (result,) = read((BODY + ending).encode(), "bob.ics", fast=fast)
    assert [(o.uid, o.start_iso) for o in result.occurrences] == [
        ("hwb-1", "2025-03-03T10:00:00Z"),
        ("hwb-2", "2025-03-10T10:00:00Z"),
    ]
    assert [str(p) for p in result.problems] == [warning]
    assert result.errors == []  # a warning: the file imports without --skip-invalid


@pytest.mark.parametrize("fast", [True, False], ids=["fast", "faithful"])
@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_broken_event_is_still_refused_naming_the_line(case, fast):
    text, message = REFUSED[case]
    with pytest.raises(CalendarFileError) as refused:
        read(text.encode(), "bob.ics", fast=fast)
    assert str(refused.value) == f"bob.ics, {message}"


def test_a_calendar_cut_before_any_event_is_still_refused():
    with pytest.raises(CalendarFileError, match=r"bob.ics, line 1: the file is truncated: BEGIN:VCALENDAR"):
        read(HEAD.encode(), "bob.ics")


def test_a_bad_dtstart_is_still_an_error_even_with_a_damaged_ending():
    text = HEAD + event("hwb-1", "20250303") + event("hwb-2", "20250230") + "END:VCALENDAR%"
    (result,) = read(text.encode(), "bob.ics")
    (error,) = result.errors
    assert str(error).startswith("line 11, event hwb-2: invalid DTSTART '20250230T100000Z'")
    assert [str(p) for p in result.problems if p.severity == "warning"] == [
        "line 18: read 'END:VCALENDAR%' as END:VCALENDAR: the calendar's closing line is damaged"
    ]


# Through the CLI and the upload page.


def loaded(runner):
    run(runner, "staff", "load", E2E / "staff.csv")
    run(runner, "partnerships", "load", E2E / "partnerships.csv")


@pytest.mark.parametrize("case", sorted(READ))
def test_inspect_and_import_read_a_damaged_ending_and_say_where(app, runner, tmp_path, case):
    ending, warning = READ[case]
    path = tmp_path / "bob.ics"
    path.write_bytes((BODY + ending).encode())
    inspected = run(runner, "inspect", path)
    assert len(inspected.stdout.splitlines()) == 2  # both meetings
    assert f"bob.ics: warning: {warning}" in inspected.stderr
    loaded(runner)
    out = run(runner, "import", path).output
    assert "new: 2, updated: 0, unchanged: 0, removed: 0" in out and "attributed: 2" in out
    assert f"note: {warning}" in out
    rows = run(runner, "export", "partnerships", "--from", "2025-03-01", "--to", "2025-03-31").stdout.splitlines()
    assert rows[1].startswith("Health and Wellbeing Board,") and ",2,4:00:00," in rows[1]  # 2 meetings, 4 hours


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_import_still_refuses_a_broken_event_naming_the_line(app, runner, tmp_path, case):
    text, message = REFUSED[case]
    path = tmp_path / "bob.ics"
    path.write_bytes(text.encode())
    assert f"bob.ics, {message}" in run(runner, "inspect", path, ok=False).output
    loaded(runner)
    refused = run(runner, "import", path, ok=False).output
    assert f"bob.ics, {message}" in refused and "Nothing was imported" in refused
    with app.app_context():
        assert db.get_session().scalar(select(func.count()).select_from(Meeting)) == 0


def test_the_upload_page_shows_the_warning_and_imports_the_meetings(web_app):
    manager = manager_of(web_app, "NHS Trust")  # Bob's calendar: uploaded by a manager of his organisation
    data = (BODY + READ["stray character after END:VCALENDAR"][0]).encode()
    started = manager.post(
        "/upload", data={"files": [(io.BytesIO(data), "bob.ics")]}, content_type="multipart/form-data"
    )
    token = started.headers["Location"].rsplit("/", 1)[-1]
    preview = manager.post(f"/upload/{token}", data={"owner-000-bob.ics": "bob@nhs.net"})
    body = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "Check what will be imported" in body
    assert "line 18: read &#39;END:VCALENDAR%&#39; as END:VCALENDAR: the calendar&#39;s closing line is damaged" in body
    with web_app.app_context():
        before = db.get_session().scalar(select(func.count()).select_from(CalendarImport))
    done = manager.post(f"/upload/{token}/confirm")
    result = manager.get(done.headers["Location"], follow_redirects=True).get_data(as_text=True)
    assert "Import complete" in result and "closing line is damaged" in result
    with web_app.app_context():
        assert db.get_session().scalar(select(func.count()).select_from(CalendarImport)) == before + 1
