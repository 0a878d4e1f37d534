"""The fast .ics reader gives exactly what the faithful one gives: on the whole real corpus, on generated
Outlook exports, and on each form of event it reads by hand."""

from __future__ import annotations

import json
from dataclasses import astuple
from datetime import UTC, date, datetime

import pytest

from benchmarks.generate_calendars import generate
from importers import CalendarFileError, ReadResult, read
from tests.conftest import SHARED

REAL = SHARED / "calendars" / "real"
FILES = sorted(p.name for p in REAL.glob("*.ics")) if REAL.is_dir() else []
TODAY = date(2026, 1, 1)
WINDOW = (datetime(2025, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC))


def same(data: bytes, name: str, window=None) -> ReadResult:
    """Read both ways; assert every field but ``groups`` agrees; the fast result."""
    try:
        (slow,) = read(data, name, window=window, today=TODAY, fast=False)
    except CalendarFileError as exc:
        with pytest.raises(CalendarFileError) as raised:
            read(data, name, window=window, today=TODAY)
        assert str(raised.value) == str(exc)
        return ReadResult(name, "ics")
    (quick,) = read(data, name, window=window, today=TODAY)
    assert quick.occurrences == slow.occurrences
    assert quick.problems == slow.problems
    fields = ("events_read", "horizon", "open_ended_series", "owner_hint", "owner_certain", "sha256", "kind")
    assert [getattr(quick, f) for f in fields] == [getattr(slow, f) for f in fields]
    assert sorted(quick.shapes, key=repr) == sorted(slow.shapes, key=repr)  # so the same "why fewer"
    return quick


def _window(name: str) -> tuple[datetime, datetime]:
    window = json.loads((REAL / "ORACLE.json").read_text())["files"][name]["window"]
    start, end = (datetime.fromisoformat(window[k]).replace(tzinfo=UTC) for k in ("from", "to"))
    return start, end


@pytest.mark.parametrize("name", FILES or ["corpus-missing"])
def test_fast_reader_matches_faithful_on_real_calendar(name: str):
    if not FILES:
        pytest.fail(f"the real-calendar corpus is missing: expected {REAL}", pytrace=False)
    data = (REAL / name).read_bytes()
    same(data, name)
    same(data, name, _window(name))


@pytest.mark.parametrize("seed", [1, 2])
def test_fast_reader_matches_faithful_on_generated_export(seed: int):
    result = same(generate(300, seed), "outlook.ics", WINDOW)
    assert result.occurrences and result.groups
    same(generate(120, seed), "outlook.ics")


def cal(*events: str, header: str = "") -> bytes:
    body = "".join(f"BEGIN:VEVENT\r\n{e.strip()}\r\nEND:VEVENT\r\n" for e in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{header}{body}END:VCALENDAR\r\n".encode()


def one(event: str, header: str = "", window=WINDOW) -> tuple:
    """The single occurrence both readers give, as a tuple."""
    result = same(cal(event.replace("\n", "\r\n"), header=header), "case.ics", window)
    assert len(result.occurrences) == 1
    return astuple(result.occurrences[0])


def test_escaped_commas_and_semicolons_in_summary():
    """SUMMARY escapes (\\, \\; \\\\ \\n) come through as icalendar unescapes them."""
    occ = one("UID:a\nDTSTART:20250301T100000Z\nDTEND:20250301T110000Z\nSUMMARY:Budget\\, risk\\; more\\\\x\\ny")
    assert occ[5] == "Budget, risk; more\\x\ny"


def test_quoted_cn_with_commas():
    occ = one(
        'UID:a\nDTSTART:20250301T100000Z\nDTEND:20250301T110000Z\nORGANIZER;CN="Smith, Ann":mailto:Ann@X.org\n'
        'ATTENDEE;PARTSTAT=accepted;CN="Morgan, Dr Kim":MAILTO:kim@x.org\nATTENDEE:mailto:b@x.org'
    )
    assert occ[9] == "ann@x.org"
    assert list(occ[10]) == [("kim@x.org", "ACCEPTED", "Morgan, Dr Kim"), ("b@x.org", None, None)]


def test_unquoted_cn_with_comma_goes_the_faithful_way():
    """icalendar reads an unquoted comma in a parameter as a list; the hand reader leaves that to it."""
    one("UID:a\nDTSTART:20250301T100000Z\nDTEND:20250301T110000Z\nATTENDEE;CN=Morgan, Kim:mailto:k@x.org")


def test_tzid_with_quotes():
    occ = one('UID:a\nDTSTART;TZID="Europe/Berlin":20250301T100000\nDTEND;TZID="Europe/Berlin":20250301T110000')
    assert occ[2] == datetime(2025, 3, 1, 9, tzinfo=UTC)


def test_duration_instead_of_dtend():
    occ = one("UID:a\nDTSTART;TZID=Europe/London:20250330T003000\nDURATION:PT1H30M")
    assert (occ[2], occ[3]) == (datetime(2025, 3, 30, 0, 30, tzinfo=UTC), datetime(2025, 3, 30, 1, 0, tzinfo=UTC))


def test_all_day_value_date():
    occ = one("UID:a\nDTSTART;VALUE=DATE:20250301\nDTEND;VALUE=DATE:20250303\nSUMMARY:Away")
    assert occ[2:5] == (date(2025, 3, 1), date(2025, 3, 3), True)
    one("UID:b\nDTSTART;VALUE=DATE:20250301")


def test_floating_times_with_x_wr_timezone():
    occ = one("UID:a\nDTSTART:20250701T100000\nDTEND:20250701T110000", header="X-WR-TIMEZONE:America/New_York\r\n")
    assert occ[2] == datetime(2025, 7, 1, 14, tzinfo=UTC)
    occ = one("UID:a\nDTSTART:20250701T100000\nDTEND:20250701T110000")
    assert occ[2] == datetime(2025, 7, 1, 9, tzinfo=UTC)  # Europe/London, the product's floating zone


def test_floating_time_at_the_window_edge():
    """recurring-ical-events compares a floating time with the window as if it were UTC."""
    edge = (datetime(2025, 7, 1, 10, 30, tzinfo=UTC), datetime(2025, 7, 2, tzinfo=UTC))
    result = same(cal("UID:a\r\nDTSTART:20250701T100000\r\nDTEND:20250701T110000"), "c.ics", edge)
    assert len(result.occurrences) == 1


def test_unknown_tzid_resolved_by_the_existing_rules():
    occ = one(
        'UID:a\nDTSTART;TZID=W. Europe Standard Time:20250301T100000\nDTEND;TZID="(UTC+01:00) Amsterdam, Berlin, '
        'Bern, Rome, Stockholm, Vienna":20250301T110000'
    )
    assert (occ[2], occ[3]) == (datetime(2025, 3, 1, 9, tzinfo=UTC), datetime(2025, 3, 1, 10, tzinfo=UTC))
    one("UID:b\nDTSTART;TZID=Nowhere/Special:20250301T100000\nDTEND;TZID=Nowhere/Special:20250301T110000")


def test_lower_case_property_names():
    occ = one(
        "uid:a\ndtstart;tzid=Europe/London:20250301T100000\ndtend;tzid=Europe/London:20250301T110000\n"
        "summary:Small\nstatus:cancelled\ntransp:TRANSPARENT\nclass:private\nsequence:3"
    )
    assert occ[5:9] == ("Small", "CANCELLED", True, True) and occ[12] == 3


def test_parameters_in_odd_order():
    occ = one(
        "UID:a\nDTSTART;TZID=Europe/London;VALUE=DATE-TIME:20250301T100000\nDTEND:20250301T110000Z\n"
        "ATTENDEE;CN=Bo;RSVP=TRUE;PARTSTAT=DECLINED;ROLE=OPT-PARTICIPANT:mailto:bo@x.org"
    )
    assert occ[10][0][1] == "DECLINED"


def test_outlook_free_busy_status_and_categories_and_stamp():
    occ = one(
        "UID:a\nDTSTART:20250301T100000Z\nDTEND:20250301T110000Z\nX-MICROSOFT-CDO-BUSYSTATUS:FREE\n"
        "CATEGORIES:Board, Finance\nCATEGORIES:Other\nDTSTAMP:20250201T000000Z"
    )
    assert occ[7] is True and occ[11] == ("Board", "Finance", "Other") and occ[13] == datetime(2025, 2, 1, tzinfo=UTC)


def test_odd_events_go_the_faithful_way():
    """Forms the hand reader does not vouch for give what the faithful reader gives."""
    for event in (
        "UID:a\nDTSTART:20250301T100000Z\nDTEND:20250301T090000Z",  # ends before it starts
        "UID:a\nDTSTART:20250301T100000Z\nDURATION:-PT1H",
        "UID:a\nDTSTART;VALUE=DATE:20250301\nDTEND:20250301T110000Z",
        "UID:a\nDTSTART:20250301T100000Z\nDTEND:2025030",  # broken: an error, not an occurrence
        "UID:a\nDTSTART:20250301T100000Z\nSUMMARY:one\nSUMMARY:two",
        "UID:a\nDTSTART:20250301T100000Z\nBEGIN:VALARM\nTRIGGER:soon\nEND:VALARM",
    ):
        same(cal(event.replace("\n", "\r\n")), "odd.ics", WINDOW)
    same(cal("UID:a\r\nSUMMARY:no start"), "odd.ics", WINDOW)
    same(cal("DTSTART:20250301T100000Z", "DTSTART:20250302T100000Z"), "nouid.ics", WINDOW)


@pytest.mark.parametrize("name", ["generated", *FILES[:40:4]])
def test_reading_in_forked_workers_gives_what_one_process_gives(name: str, monkeypatch):
    """``tracker inspect`` reads a large file's events in forked processes: split into runs of groups,
    read apart and put back together, the result is the one-process result, field for field, in order."""
    from importers import ics_fast

    monkeypatch.setattr(ics_fast, "PARALLEL_FROM", 1)  # any file is large enough here
    data = generate(300, 3) if name == "generated" else (REAL / name).read_bytes()
    try:
        (one,) = read(data, "x.ics", window=WINDOW, today=TODAY)
    except CalendarFileError:
        with pytest.raises(CalendarFileError):
            read(data, "x.ics", window=WINDOW, today=TODAY, workers=3)
        return
    (three,) = read(data, "x.ics", window=WINDOW, today=TODAY, workers=3)
    fields = ("occurrences", "problems", "shapes", "groups", "events_read", "open_ended_series", "owner_hint")
    assert [getattr(three, f) for f in fields] == [getattr(one, f) for f in fields]
    assert name != "generated" or len({o.uid for o in one.occurrences}) > 100  # many groups, split three ways
