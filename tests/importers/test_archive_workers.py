"""A zip's calendars read in forked worker processes (``tracker import``, an RQ job's own process): what
comes back, and in what order, is what one process reads; files already imported are known here without
being sent; a worker never asks the caller's database; a bad member is refused as one process refuses it."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path

import pytest

import importers
from benchmarks.generate_calendars import generate
from importers import CalendarFileError, GroupReading, ReadResult, read
from tests.conftest import SHARED
from tests.importers.cases import zipped

E2E = Path(__file__).resolve().parents[1] / "data" / "e2e"
REAL = SHARED / "calendars" / "real"
TODAY = date(2026, 1, 1)
FIELDS = ("filename", "kind", "occurrences", "problems", "events_read", "owner_hint", "sha256", "unchanged", "groups")


def _members() -> dict[str, bytes]:
    """A large generated calendar first (read longest, so later members finish before it), the three
    styles the end-to-end tests use (Outlook, Google, an Outlook CSV) and real files."""
    members = {"big.ics": generate(150, 3)}
    styles = ("alice-outlook.ics", "bob-google.ics", "carol-outlook.csv")
    members |= {name: (E2E / name).read_bytes() for name in styles}
    members |= {p.name: p.read_bytes() for p in sorted(REAL.glob("*.ics"))[:24:3]}
    return members


def _fields(results: list[ReadResult]) -> list[tuple]:
    return [tuple(getattr(r, f) for f in FIELDS) for r in results]


def test_calendars_read_in_workers_are_what_one_process_reads_in_the_archives_order():
    data = zipped(_members())
    one = read(data, "team.zip", today=TODAY)
    three = read(data, "team.zip", today=TODAY, workers=3)
    assert [r.filename for r in three] == [f"team.zip/{name}" for name in _members()]
    assert _fields(three) == _fields(one)
    assert sum(len(r.occurrences) for r in one) > 1_000  # something was read


def test_a_file_already_imported_is_known_here_and_stands_in_its_place():
    members = _members()
    data = zipped(members)
    imported = importers.read(members["bob-google.ics"], "bob.ics")[0].sha256
    asked: list[int] = []

    def unchanged(sha256: str) -> str | None:
        asked.append(os.getpid())  # a worker's call would not be seen here at all
        return "bob@nhs.net" if sha256 == imported else None

    results = read(data, "team.zip", today=TODAY, workers=3, unchanged=unchanged)
    assert asked == [os.getpid()] * len(members)  # every member asked about, each once, in this process
    (bob,) = [r for r in results if r.unchanged]
    assert (bob.filename, bob.owner_hint, bob.occurrences) == ("team.zip/bob-google.ics", "bob@nhs.net", [])
    assert [r.filename for r in results] == [f"team.zip/{name}" for name in members]


class _StoredHere(Mapping[str, GroupReading]):
    """Stored readings that may only be unpacked in the process that made them (a database connection's
    rule): a worker that asked for them would make the read fail."""

    def __init__(self, readings: dict[str, GroupReading]) -> None:
        self._readings, self._pid = readings, os.getpid()

    def _here(self) -> dict[str, GroupReading]:
        if os.getpid() != self._pid:
            raise RuntimeError("asked from a worker")
        return self._readings

    def __getitem__(self, key: str) -> GroupReading:
        return self._here()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._here())

    def __len__(self) -> int:
        return len(self._here())


def test_stored_readings_are_unpacked_before_the_workers_start():
    members = _members()
    earlier = read(members["alice-outlook.ics"], "alice.ics", today=TODAY)[0].groups
    data = zipped(members)
    one = read(data, "team.zip", today=TODAY, reuse=earlier)
    three = read(data, "team.zip", today=TODAY, workers=3, reuse=_StoredHere(earlier))
    assert _fields(three) == _fields(one)


def test_a_bad_member_is_refused_after_those_before_it_as_one_process_refuses_it():
    members = _members()
    bad = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\n" + b"DTSTART:nonsense\r\n" * 3
    names = list(members)
    damaged = {**{n: members[n] for n in names[:3]}, "broken.ics": bad, **{n: members[n] for n in names[3:]}}
    data = zipped(damaged)
    for workers in (1, 3):
        taken: list[str] = []
        with pytest.raises(CalendarFileError) as refused:
            for result in importers.read_each(data, "team.zip", today=TODAY, workers=workers):
                taken.append(result.filename)
        assert taken == [f"team.zip/{n}" for n in names[:3]]
        assert refused.value.filename == "team.zip/broken.ics"
        if workers == 1:
            alone = (str(refused.value), refused.value.line, type(refused.value))
        else:
            assert (str(refused.value), refused.value.line, type(refused.value)) == alone
