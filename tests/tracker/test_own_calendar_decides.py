"""A person's own calendar decides for them (issue 20): another person's copy of "the same meeting" never
cancels theirs, and copies without a UID join one meeting only where organiser or attendees agree.

The case from the demo, by hand, on Friday 23 January 2026 (financial year 2025/26: NI 15% above
£5,000, pension 20%, levy 0.5%). Simon Kaur (salary 60,000) has a "Service review" from 10:30 to 12:00,
organised by Colleague Three, and the Integrated Neighbourhood Teams Group from 11:30 to 12:30. Neil
Fraser's calendar holds an unrelated "Service review", same title and times, organised by Colleague
Five, and cancelled. Simon's half hour from 11:30 to 12:00 is shared between his two meetings, so the
partnership costs 0.25 + 0.5 = 0.75 h of his time: 0.75 × 80,550 / (11,692 / 7) = £36.17. Joined with
Neil's cancelled copy, his review was cancelled too and the partnership took the whole hour (£48.23).
"""

from __future__ import annotations

import csv
import io
from fractions import Fraction

import pytest
from sqlalchemy import select

from tests.conftest import run
from tests.tracker.test_end_to_end import PRODUCTIVE, money
from tracker import db
from tracker.domain.attendance import Copy, Standing, standing_for
from tracker.domain.same_meeting import Party, copies_agree
from tracker.models import Meeting

SIMON, NEIL = "simon.kaur@council.gov.uk", "neil.fraser@council.gov.uk"
STAFF = (
    "name,email,aliases,job_title,grade,organisation,directorate,cost_centre,annual_salary,fte,salary_effective_from\n"
    f"Simon Kaur,{SIMON},,Head of Service,H1,Borough Council,,,60000,1,2025-04-01\n"
    f"Neil Fraser,{NEIL},,Head of Service,H1,Borough Council,,,60000,1,2025-04-01\n"
)
PARTNERSHIPS = (
    "name,parent,purpose,lead_organisation,keywords,categories,priority\n"
    "Integrated Neighbourhood Teams Group,,Joined-up care,Borough Council,integrated neighbourhood,,10\n"
)
# 2025/26 on-costs: 60,000 + 15% of 55,000 + 20.5% of 60,000 = 80,550 a year.
RATE = Fraction(80550) / PRODUCTIVE
CSV_HEAD = (
    "Subject,Start Date,Start Time,End Date,End Time,All day event,"
    "Meeting Organizer,Required Attendees,Show time as\r\n"
)
INTG = "Integrated Neighbourhood Teams Group"


def csv_row(title: str, start: str, end: str, organiser: str, attendees: str) -> str:
    return f'"{title}",23/01/2026,{start}:00,23/01/2026,{end}:00,False,"{organiser}","{attendees}",2\r\n'


def vevent(title: str, start: str, end: str, organiser: str, attendees: list[str], *, uid: str = "", extra=()) -> str:
    lines = ["BEGIN:VEVENT", *([f"UID:{uid}"] if uid else []), "DTSTAMP:20260101T000000Z"]
    lines += [f"DTSTART:20260123T{start.replace(':', '')}00Z", f"DTEND:20260123T{end.replace(':', '')}00Z"]
    lines += [f"SUMMARY:{title}", f"ORGANIZER;CN={organiser.split('@')[0]}:mailto:{organiser}", *extra]
    lines += [f"ATTENDEE;CN={name};PARTSTAT=ACCEPTED:mailto:{email}" for name, email in map(_person, attendees)]
    return "\r\n".join([*lines, "END:VEVENT"]) + "\r\n"


def _person(email: str) -> tuple[str, str]:
    return " ".join(part.title() for part in email.split("@")[0].split(".")), email


def ics(*events: str) -> str:
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n" + "".join(events) + "END:VCALENDAR\r\n"


def simon_file(kind: str) -> tuple[str, str]:
    """Simon's calendar: his Service review and the partnership hour, as an Outlook CSV or an .ics
    without UIDs."""
    if kind == "csv":
        rows = csv_row("Service review", "10:30", "12:00", "Colleague Three", "Simon Kaur")
        rows += csv_row(INTG, "11:30", "12:30", "Chair Person", "Simon Kaur")
        return "simon.csv", CSV_HEAD + rows
    three = "colleague.three@council.gov.uk"
    return "simon.ics", ics(
        vevent("Service review", "10:30", "12:00", three, [SIMON]),
        vevent(INTG, "11:30", "12:30", "chair@council.gov.uk", [SIMON]),
    )


def neil_file(with_uid: bool) -> tuple[str, str]:
    """Neil's calendar: another Service review at the same times, organised by someone else, cancelled."""
    five = "colleague.five@council.gov.uk"
    uid = "service-review-neil@council.gov.uk" if with_uid else ""
    cancelled = vevent("Service review", "10:30", "12:00", five, [NEIL], uid=uid, extra=["STATUS:CANCELLED"])
    return "neil.ics", ics(cancelled)


def setup(runner, tmp_path) -> None:
    (tmp_path / "staff.csv").write_text(STAFF)
    (tmp_path / "partnerships.csv").write_text(PARTNERSHIPS)
    run(runner, "staff", "load", tmp_path / "staff.csv")
    run(runner, "partnerships", "load", tmp_path / "partnerships.csv")


def import_file(runner, tmp_path, name: str, text: str, owner: str) -> str:
    path = tmp_path / name
    path.write_text(text, newline="")
    return run(runner, "import", path, "--owner", owner).output


def export(runner, kind: str) -> list[dict[str, str]]:
    out = run(runner, "export", kind, "--from", "2026-01-01", "--to", "2026-01-31").stdout
    return list(csv.DictReader(io.StringIO(out)))


def service_reviews(app) -> list[tuple[str | None, list[str]]]:
    """Each stored "Service review": its status and whose calendars hold it."""
    with app.app_context():
        found = db.get_session().scalars(select(Meeting).where(Meeting.title == "Service review")).all()
        return sorted(((m.status, sorted(c.owner_email for c in m.copies)) for m in found), key=str)


@pytest.mark.parametrize("neil_first", [False, True], ids=["simon-first", "neil-first"])
@pytest.mark.parametrize("neil_uid", [True, False], ids=["neil-uid", "neil-no-uid"])
@pytest.mark.parametrize("simon_kind", ["csv", "ics"], ids=["simon-outlook-csv", "simon-ics-no-uid"])
def test_another_persons_cancelled_meeting_does_not_cancel_yours(
    app, runner, tmp_path, simon_kind, neil_uid, neil_first
):
    setup(runner, tmp_path)
    files = [(*simon_file(simon_kind), SIMON), (*neil_file(neil_uid), NEIL)]
    ordered = files[::-1] if neil_first else files
    outputs = {owner: import_file(runner, tmp_path, name, text, owner) for name, text, owner in ordered}

    assert service_reviews(app) == [("CANCELLED", [NEIL]), (None, [SIMON])]  # two meetings, each as its calendar says
    assert "cancelled" not in outputs[SIMON]  # his summary: nothing of his was cancelled
    assert "attributed: 1, unattributed: 1" in outputs[SIMON]
    assert "excluded: cancelled: 1" in outputs[NEIL]
    (row,) = export(runner, "meetings")
    assert (row["email"], row["partnership"], row["hours"], row["cost"]) == (
        SIMON,
        INTG,
        "0:45:00",  # 0.75 h, written exactly to the second, so that its time x rate is its cost
        money(Fraction(3, 4) * RATE),
    )
    # The rate, 80,550 x 7 / 11,692 = £48.2253 an hour, is held as 4,823 p; 0.75 h (0:45:00) costs 3,617.25 p
    # -> 3,617 p, what 0.75 x the exact rate gives too.
    assert money(Fraction(3, 4) * RATE) == "36.17"  # not the £48.23 of the whole hour
    (partnership,) = export(runner, "partnerships")
    assert (partnership["meetings"], partnership["hours"], partnership["cost"]) == ("1", "0:45:00", "36.17")

    before = [export(runner, kind) for kind in ("partnerships", "people", "meetings")], service_reviews(app)
    for name, text, owner in files:  # newer exports with the same events: read again, nothing changes
        out = import_file(runner, tmp_path, "again-" + name, text + ("\r\n" if name.endswith(".csv") else ""), owner)
        assert "new: 0, updated: 0, unchanged:" in out and "removed: 0" in out
    assert ([export(runner, kind) for kind in ("partnerships", "people", "meetings")], service_reviews(app)) == before


SHARED_MEETINGS = {
    # Both .ics without UIDs, each listing only its own owner: the same organiser's address joins them.
    "ics-same-organiser": (
        ("simon.ics", ics(vevent(INTG, "11:30", "12:30", "chair@nhs.net", [SIMON]))),
        ("neil.ics", ics(vevent(INTG, "11:30", "12:30", "chair@nhs.net", [NEIL]))),
    ),
    # Both Outlook CSV (names only): the organiser, named the same in both, joins them.
    "csv-same-organiser": (
        ("simon.csv", CSV_HEAD + csv_row(INTG, "11:30", "12:30", "Chair Person", "Simon Kaur")),
        ("neil.csv", CSV_HEAD + csv_row(INTG, "11:30", "12:30", "Chair Person", "Neil Fraser")),
    ),
    # Simon's CSV names Neil; Neil's .ics (with a UID) lists Simon: the CSV row joins the UID meeting.
    "csv-and-uid": (
        ("simon.csv", CSV_HEAD + csv_row(INTG, "11:30", "12:30", "Chair Person", "Simon Kaur;Neil Fraser")),
        ("neil.ics", ics(vevent(INTG, "11:30", "12:30", "chair@nhs.net", [NEIL, SIMON], uid="intg-1"))),
    ),
}


@pytest.mark.parametrize("neil_first", [False, True], ids=["simon-first", "neil-first"])
@pytest.mark.parametrize("case", sorted(SHARED_MEETINGS))
def test_a_shared_meeting_without_a_uid_is_still_one_meeting(app, runner, tmp_path, case, neil_first):
    setup(runner, tmp_path)
    files = [(*SHARED_MEETINGS[case][0], SIMON), (*SHARED_MEETINGS[case][1], NEIL)]
    for name, text, owner in files[:: -1 if neil_first else 1]:
        import_file(runner, tmp_path, name, text, owner)
    with app.app_context():
        (meeting,) = db.get_session().scalars(select(Meeting)).all()
        assert sorted(c.owner_email for c in meeting.copies) == [NEIL, SIMON]
    (partnership,) = export(runner, "partnerships")
    # Two attendances of an hour, each costed at 4,823 p (the rate to the penny): 9,646 p (2 x the exact rate
    # would print 96.45; every money figure is now the sum of its attendances' pence).
    assert (partnership["meetings"], partnership["hours"], partnership["cost"]) == ("1", "2:00:00", "96.46")
    people = {row["email"]: row["hours"] for row in export(runner, "people")}
    assert people == {SIMON: "1:00:00", NEIL: "1:00:00"}


def test_your_own_copy_decides_even_when_another_shares_its_uid(app, runner, tmp_path):
    """Neil's copy of a shared meeting (same UID, a later SEQUENCE) says it was cancelled; Simon's own
    calendar has it going ahead: Simon is costed for his hour, Neil is not. The meeting shows the newest
    copy (cancelled), and Simon's import summary counts it as his calendar has it."""
    setup(runner, tmp_path)
    both, chair = [SIMON, NEIL], "chair@nhs.net"
    simon = ics(vevent(INTG, "11:30", "12:30", chair, both, uid="intg-2"))
    neil = ics(vevent(INTG, "11:30", "12:30", chair, both, uid="intg-2", extra=["SEQUENCE:1", "STATUS:CANCELLED"]))
    import_file(runner, tmp_path, "neil.ics", neil, NEIL)
    out = import_file(runner, tmp_path, "simon.ics", simon, SIMON)
    assert "attributed: 1, unattributed: 0" in out and "cancelled" not in out
    with app.app_context():
        (meeting,) = db.get_session().scalars(select(Meeting)).all()
        assert meeting.status == "CANCELLED"
    assert {row["email"]: row["hours"] for row in export(runner, "people")} == {SIMON: "1:00:00"}


# The rules themselves, by hand.

CSV_SIMON = Party.of(SIMON, None, [["", "Colleague Three", "ACCEPTED"], ["", "Simon Kaur", None]])
ICS_NEIL = Party.of(NEIL, "colleague.five@council.gov.uk", [[NEIL, "Neil Fraser", "ACCEPTED"]])


def test_copies_agree_only_where_their_people_do():
    assert not copies_agree(CSV_SIMON, ICS_NEIL)  # nobody in common: the case
    assert copies_agree(CSV_SIMON, Party.of(SIMON, None, []))  # the same calendar: a newer export
    # Both name an organiser's address: the same address joins, another keeps them apart whoever is listed.
    assert copies_agree(Party.of(SIMON, "chair@nhs.net", []), Party.of(NEIL, "CHAIR@nhs.net ", []))
    assert not copies_agree(
        Party.of(SIMON, "chair@nhs.net", [[NEIL, "Neil Fraser"]]), Party.of(NEIL, "other@nhs.net", [[SIMON, ""]])
    )
    # One copy's owner listed on the other; or a person in common, by address, or by name where one has none.
    assert copies_agree(Party.of(SIMON, None, []), Party.of(NEIL, "chair@nhs.net", [[SIMON, "Simon Kaur"]]))
    assert copies_agree(CSV_SIMON, Party.of(NEIL, "chair@nhs.net", [["simon.kaur@nhs.net", " simon  KAUR"]]))
    assert not copies_agree(
        Party.of(SIMON, None, [["s.kaur@council.gov.uk", "Simon Kaur"]]),
        Party.of(NEIL, None, [["simon.kaur@nhs.net", "Simon Kaur"]]),  # two addresses: two people
    )
    assert copies_agree(CSV_SIMON, Party.of(NEIL, "colleague.three@council.gov.uk", [["", "Colleague Three"]]))
    assert not copies_agree(Party.of(SIMON, None, []), Party.of(NEIL, None, []))  # nobody named: kept apart


def test_a_person_is_judged_by_their_own_copy():
    cancelled, going = Standing("CANCELLED"), Standing()
    copies = [Copy(2, ((1, "ACCEPTED"),), 0, cancelled), Copy(1, ((1, "ACCEPTED"),), 1, going)]
    assert standing_for(1, copies, shown=cancelled) == going  # own copy, whatever the newest says
    assert standing_for(2, copies, shown=going) == cancelled  # and the other way round
    assert standing_for(3, copies, shown=cancelled) == cancelled  # no calendar of theirs: the meeting as shown
    assert standing_for(1, [Copy(1, (), 0, Standing(transparent=True))], shown=going) == Standing(transparent=True)
