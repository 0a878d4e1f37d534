"""Every real calendar in ``shared/calendars/real`` against the independent oracle's occurrences."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from importers import read
from tests.conftest import SHARED
from tests.importers.oracle_exceptions import EXCEPTIONS

REAL = SHARED / "calendars" / "real"
FILES = sorted(p.name for p in REAL.glob("*.ics")) if REAL.is_dir() else []
MISSING = (
    f"the real-calendar corpus is missing: expected {REAL} "
    "(../shared/calendars/real beside the checkout, as CI has it); these tests cannot run without it"
)


def _real(name: str) -> Path:
    """A corpus file; fails (never skips) when the corpus is not there, so a green run means it was read."""
    if not FILES:
        pytest.fail(MISSING, pytrace=False)
    return REAL / name


def test_real_corpus_is_beside_the_checkout():
    """Every file the oracle has expected results for is present (79 iCalendar files and a CSV)."""
    oracle = json.loads(_real("ORACLE.json").read_text())["files"]
    assert sorted(oracle) == FILES
    assert _real("backdrop__Yahoo.csv").is_file()


def _window(name: str) -> tuple[datetime, datetime]:
    window = json.loads(_real("ORACLE.json").read_text())["files"][name]["window"]
    start, end = (datetime.fromisoformat(window[k]).replace(tzinfo=UTC) for k in ("from", "to"))
    return start, end


def _expected(name: str) -> list[dict]:
    return [json.loads(line) for line in _real(f"expected/{name}.jsonl").read_text().splitlines() if line]


def _key(uid, start, end):
    return (uid, start, end)


@pytest.mark.parametrize("name", FILES or ["corpus-missing"])
def test_real_calendar_matches_oracle(name: str):
    (result,) = read(_real(name).read_bytes(), name, window=_window(name))
    got = {_key(o.uid, o.start_iso, o.end_iso) for o in result.occurrences}
    expected = {
        _key(o["uid"], o["start_date"], o["end_date"]) if o["all_day"] else _key(o["uid"], o["start"], o["end"])
        for o in _expected(name)
    }
    exception = EXCEPTIONS.get(name)
    if exception and exception.get("compare") == "uid_start":
        assert {(u, s) for u, s, _ in got} == {(u, s) for u, s, _ in expected}
        for occ in result.occurrences:
            assert occ.end == occ.start + timedelta(days=1)
        return
    missing, extra = sorted(expected - got, key=str), sorted(got - expected, key=str)
    if exception:
        assert missing == sorted(exception["missing"], key=str)
        assert extra == sorted(exception["extra"], key=str)
    else:
        assert missing == [] and extra == []


@pytest.mark.parametrize("name", FILES or ["corpus-missing"])
def test_real_calendar_status_and_titles_match_oracle(name: str):
    """Cancelled instances stay listed and marked; titles come through untouched."""
    (result,) = read(_real(name).read_bytes(), name, window=_window(name))
    ours = {(o.uid, o.start_iso): o for o in result.occurrences}
    for o in _expected(name):
        mine = ours.get((o["uid"], o["start_date"] if o["all_day"] else o["start"]))
        if mine is None:
            continue
        assert (mine.status == "CANCELLED") == (o["status"] == "CANCELLED")
        assert mine.title == (o["summary"] or "").strip()


def test_real_corpus_totals_by_hand():
    """The corpus totals of ORACLE.md for the Yahoo CSV: 5 timed rows, 45 hours."""
    (result,) = read(_real("backdrop__Yahoo.csv").read_bytes(), "backdrop__Yahoo.csv")
    timed = [o for o in result.occurrences if not o.all_day]
    assert len(result.occurrences) == 15 and len(timed) == 5
    assert sum((o.end - o.start for o in timed), timedelta()) == timedelta(hours=45)
    assert timed[0].start.date() == date(2008, 12, 10)


def test_custom_zone_names_do_not_leak_between_files():
    """Regression: icalendar caches zones by TZID per process, so a second file defining
    "Customized Time Zone" differently got the first file's offsets (6 hours out)."""
    first = "ical__office_365_invalid_timezone.ics"
    read(_real(first).read_bytes(), first)
    name = "node-ical__bad_ms_tz.ics"
    (result,) = read(_real(name).read_bytes(), name, window=_window(name))
    assert result.occurrences[0].start_iso == "2020-08-25T14:35:00Z"
