"""The glance at an upload too large to preview tells each calendar's owner exactly as reading it does,
and refuses what reading would refuse before parsing, naming the file."""

from __future__ import annotations

import io
import zipfile

import pytest

import importers
from importers import CalendarFileError, glance, read
from tests.conftest import SHARED
from tests.tracker.test_end_to_end import E2E

REAL = SHARED / "calendars" / "real"
FILES = sorted(REAL.glob("*.ics")) + sorted(E2E.glob("*.*s*")) if REAL.is_dir() else []


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_glance_tells_the_owner_as_the_reader_does(path):
    data = path.read_bytes()
    try:
        results = read(data, path.name)
    except CalendarFileError:
        pytest.skip("unreadable: the job names it")
    seen = list(glance(data, path.name, max_bytes=importers.MAX_FILE_BYTES))
    assert [(g.filename, g.owner_hint, g.owner_certain) for g in seen] == [
        (r.filename, r.owner_hint, r.owner_certain) for r in results
    ]
    assert [g.size for g in seen] == [len(data)]


def test_glance_refuses_what_the_reader_refuses_before_parsing():
    def refused(data: bytes, name: str, max_bytes: int = importers.MAX_FILE_BYTES) -> str:
        with pytest.raises(CalendarFileError) as raised:
            list(glance(data, name, max_bytes=max_bytes))
        with pytest.raises(CalendarFileError) as reading:
            read(data, name, max_bytes=max_bytes)
        assert str(raised.value) == str(reading.value)
        return str(raised.value)

    assert refused(b"  \r\n", "empty.ics") == "empty.ics: the file is empty"
    assert refused(b"BEGIN:VCALENDAR\r\n" * 10, "big.ics", max_bytes=100) == (
        "big.ics: 170 bytes; the limit is 100 bytes a file"
    )
    assert "not a calendar export" in refused(b"hello", "notes.txt")
    nested = io.BytesIO()
    with zipfile.ZipFile(nested, "w") as archive:
        archive.writestr("inner.zip", b"PK\x05\x06" + bytes(18))
    assert refused(nested.getvalue(), "outer.zip") == (
        "outer.zip/inner.zip: archives inside archives are not read; unpack it and upload its files"
    )


def test_glance_at_an_archive_gives_each_member_its_own_owner_and_size():
    bob = (E2E / "bob-google.ics").read_bytes()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("team/bob.ics", bob)
        archive.writestr("__MACOSX/._bob.ics", b"clutter")
        archive.writestr("carol@police.uk.csv", b"Subject,Start Date\r\n")
    seen = list(glance(buffer.getvalue(), "team.zip", max_bytes=importers.MAX_FILE_BYTES))
    assert [(g.filename, g.kind, g.size, g.owner_hint, g.owner_certain) for g in seen] == [
        ("team.zip/team/bob.ics", "ics", len(bob), "bob@nhs.net", True),
        ("team.zip/carol@police.uk.csv", "csv", 20, "carol@police.uk", False),  # a name only suggests
    ]
