"""A calendar is read with the cycle collector paused (``importers.collection``), and an address met on many
events is one object: both make a large export's reading, and handing it back from a reading process,
faster and smaller. The collector must always run again afterwards, whoever reads at the same time."""

from __future__ import annotations

import gc
import threading
from datetime import date

import pytest

import importers
from benchmarks.generate_calendars import generate
from importers import kinds
from importers.collection import collector_paused
from tests.importers.cases import zipped

TODAY = date(2026, 1, 1)


@pytest.fixture(autouse=True)
def _collector_on():
    gc.enable()
    yield
    gc.enable()


def test_a_reading_runs_with_the_collector_paused_and_it_runs_again_after(monkeypatch):
    seen: list[bool] = []
    real = importers.READERS["ics"]

    def reader(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setitem(importers.READERS, "ics", reader)
    (result,) = importers.read(generate(5, 1), "small.ics", today=TODAY)
    assert result.occurrences and seen == [False]
    assert gc.isenabled()


def test_the_collector_runs_again_after_a_reading_that_fails():
    with pytest.raises(importers.CalendarFileError):
        importers.read(b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n", "cut.ics", today=TODAY)
    assert gc.isenabled()


def test_overlapping_readings_in_threads_leave_the_collector_running_once_the_last_ends():
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    states: dict[str, bool] = {}

    def first():
        with collector_paused():
            first_in.set()
            second_in.wait(5)
        first_out.set()
        states["after first"] = gc.isenabled()

    def second():
        first_in.wait(5)
        with collector_paused():
            second_in.set()
            first_out.wait(5)
            states["second, after first ended"] = gc.isenabled()
        states["after both"] = gc.isenabled()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert states == {"after first": False, "second, after first ended": False, "after both": True}


def test_a_caller_that_turned_the_collector_off_keeps_it_off():
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def test_an_address_on_many_events_is_one_object_in_what_is_read():
    (result,) = importers.read(generate(40, 1), "year.ics", today=TODAY)
    attendees = [a for o in result.occurrences for a in o.attendees]
    distinct = {id(a) for a in attendees}
    assert len(attendees) > 2 * len(distinct)  # each (address, reply, name) once, however many events list it
    assert len(distinct) == len(set(attendees))


def test_a_zip_read_by_workers_hands_back_shared_addresses_with_the_collector_running_after():
    data = zipped({"a.ics": generate(20, seed=1), "b.ics": generate(20, seed=2)})
    results = importers.read(data, "team.zip", today=TODAY, workers=2)
    assert len(results) == 2
    for result in results:  # a calendar read in a worker comes back with its addresses still shared
        attendees = [a for o in result.occurrences for a in o.attendees]
        assert attendees and len({id(a) for a in attendees}) == len(set(attendees))
    assert gc.isenabled()


def test_an_event_on_the_first_line_is_counted():
    assert kinds.tally("BEGIN:VEVENT\nEND:VEVENT\n").events == 1
    assert kinds.tally(" begin:vevent \r\nBEGIN:VEVENTX\nBEGIN:VEVEN\n T\n").events == 2
