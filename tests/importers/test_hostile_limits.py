"""Hostile files refused before they cost anything (issue 19): every limit is counted on what the reader
reads, whatever the case of ``BEGIN:VEVENT``, the line ends (CR, LF, CRLF) or the folding; one line and one
title have limits of their own; unfolding is one pass. Limits are lowered so the files stay small."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import importers
from importers import CalendarFileError, archive, glance, kinds, read
from importers.ics_text import unfold
from importers.lengths import MAX_TITLE_CHARS
from tests.importers.test_bad_files import HEADER, ics
from tests.importers.test_limits import _events

WHEN = ("DTSTAMP:20250101T000000Z", "DTSTART:20250310T100000Z", "DTEND:20250310T110000Z")


def _cr(data: bytes) -> bytes:
    return data.replace(b"\r\n", b"\r")


def test_begin_vevent_in_any_case_with_cr_line_ends_is_counted_as_an_event(monkeypatch):
    """The issue's 24.5 MB file: ``Begin:VEVENT`` with CR line ends passed as one line and no events."""
    monkeypatch.setattr(kinds, "MAX_EVENTS", 4)
    data = _cr(_events(5).replace(b"BEGIN:VEVENT", b"Begin:VEVENT"))
    assert data.count(b"\n") == 0 and data.count(b"BEGIN:VEVENT") == 0
    with pytest.raises(CalendarFileError, match="^busy.ics: 5 events; the limit is 4 events a file$"):
        read(data, "busy.ics")
    with pytest.raises(CalendarFileError, match="^busy.ics: 5 events"):  # the glance of a large upload too
        list(glance(data, "busy.ics", max_bytes=kinds.MAX_FILE_BYTES))


def test_the_reader_counts_events_itself_and_names_the_line_past_the_limit(monkeypatch):
    """Were the early count ever wrong, the reader refuses as it reads: the fifth event begins on line
    3 + 7 x 4 = 31 (two header lines, seven lines an event), before icalendar parses any of them."""
    monkeypatch.setattr(kinds, "MAX_EVENTS", 4)
    monkeypatch.setattr(importers, "counted", lambda data, filename: None)
    data = _cr(_events(5).replace(b"BEGIN:VEVENT", b"begin:vevent"))
    with pytest.raises(CalendarFileError, match="^busy.ics, line 31: 5 events or more; the limit is 4 events a file$"):
        read(data, "busy.ics")


def test_an_event_marker_folded_over_two_lines_is_counted(monkeypatch):
    monkeypatch.setattr(kinds, "MAX_EVENTS", 1)
    data = _events(2).replace(b"BEGIN:VEVENT", b"BEG\r\n\tIN:VEV\n ENT")
    assert kinds.tally(data.decode()).events == 2
    with pytest.raises(CalendarFileError, match="folded.ics: 2 events; the limit is 1 events a file"):
        read(data, "folded.ics")


def test_lines_are_counted_at_cr_lf_and_crlf_alike(monkeypatch):
    monkeypatch.setattr(kinds, "MAX_LINES", 20)
    canonical = _events(3)  # 24 lines
    mixed = canonical.replace(b"\r\nUID", b"\rUID").replace(b"\r\nDURATION", b"\nDURATION")
    for data in (canonical, _cr(canonical), canonical.replace(b"\r\n", b"\n"), mixed):
        with pytest.raises(CalendarFileError, match="^long.ics: 24 lines; the limit is 20 lines a file$"):
            read(data, "long.ics")
    monkeypatch.setattr(importers, "counted", lambda data, filename: None)  # the reader's own count
    with pytest.raises(CalendarFileError, match="^long.ics: 24 lines; the limit is 20 lines a file$"):
        read(mixed, "long.ics")


def test_a_form_feed_or_line_separator_does_not_end_a_line():
    """Lines end only at CR or LF, so a title holding U+2028 stays one line (``splitlines`` broke it)."""
    (result,) = read(ics("UID:m1", *WHEN, "SUMMARY:Board\u2028minutes\x0c"), "odd.ics")
    assert [o.title for o in result.occurrences] == ["Board\u2028minutes"]
    assert kinds.tally("a\u2028b\x0cc\r\nd").lines == 2


def test_a_summary_line_over_the_line_limit_refuses_the_file_naming_the_line(monkeypatch):
    """The issue's 45 MB SUMMARY line, at a limit lowered to 1,000: "SUMMARY:" and 1,500 characters,
    folded every 75, is one line of 1,508 on line 8 (two header lines, BEGIN, UID and three times)."""
    monkeypatch.setattr(kinds, "MAX_LINE_CHARS", 1_000)
    summary = "SUMMARY:" + "a" * 1_500
    folded = "\r\n ".join(summary[i : i + 75] for i in range(0, len(summary), 75))
    with pytest.raises(
        CalendarFileError, match="^long.ics, line 8: a SUMMARY line of 1,508 characters; the limit is 1,000"
    ):
        read(ics("UID:m1", *WHEN, folded), "long.ics")


def test_a_description_over_the_line_limit_is_left_out_with_a_note(monkeypatch):
    """A property the tracker never reads (an agenda, an attached file) does not sink the file."""
    monkeypatch.setattr(kinds, "MAX_LINE_CHARS", 1_000)
    agenda = "DESCRIPTION:" + "\r\n ".join(["item"] * 300)  # 12 + 4 x 300 = 1,212 characters unfolded
    for fast in (True, False):
        (result,) = read(ics("UID:m1", *WHEN, agenda, "SUMMARY:Board"), "agenda.ics", fast=fast)
        assert [o.title for o in result.occurrences] == ["Board"]
        assert [str(p) for p in result.problems] == [
            "line 8: a DESCRIPTION line of 1,212 characters was left out (the tracker does not read DESCRIPTION)"
        ]


def test_unfolding_is_one_pass():
    """200,000 continuation lines join into one line of 200,012 characters. Joined one at a time, each
    join copied the line so far: 200,000 copies averaging 100 KB, 20 GB moved, minutes; this test
    would outlast any run (the issue's 130,000 lines took the owners page 58.9 s). One pass is instant
    (``benchmarks/bench_hostile.py`` measures how the time grows with the count)."""
    text = "BEGIN:VCALENDAR\r\nDESCRIPTION:" + "\r\n y" * 200_000 + "\r\nEND:VCALENDAR\r\n"
    lines = unfold(text, "folds.ics")
    assert [(number, len(line)) for number, line in lines] == [(1, 15), (2, 200_012), (200_003, 13)]


@pytest.mark.parametrize("fast", [True, False])
def test_a_long_title_is_cut_and_the_event_named_in_a_note(fast):
    """1,000 characters of title (Outlook stops at 255): the first 400 are kept, the meeting counts."""
    title = "Board " + "x" * 994
    summary = "SUMMARY:" + title
    folded = "\r\n ".join(summary[i : i + 75] for i in range(0, len(summary), 75))
    (result,) = read(ics("UID:m1", *WHEN, folded), "long-title.ics", fast=fast)
    (occurrence,) = result.occurrences
    assert occurrence.title == title[:MAX_TITLE_CHARS] and len(occurrence.title) == 400
    assert [str(p) for p in result.problems] == [
        "line 3, event Board " + "x" * 54 + "…: the title is 1,000 characters long; its first 400 are kept"
    ]


def test_long_names_addresses_and_uids_are_cut_or_replaced_with_a_note():
    attendees = ["ATTENDEE;CN=" + "N" * 250 + ":mailto:ann@council.gov.uk", "ATTENDEE:mailto:" + "b" * 400 + "@x.uk"]
    (result,) = read(ics("UID:" + "u" * 600, *WHEN, "SUMMARY:Board", *attendees), "names.ics")
    (occurrence,) = result.occurrences
    assert [(a.email, len(a.name or "")) for a in occurrence.attendees] == [("ann@council.gov.uk", 200), ("", 0)]
    assert occurrence.uid is not None and occurrence.uid.startswith("sha256:") and len(occurrence.uid) == 71
    assert [str(p) for p in result.problems] == [
        "line 3, event Board: the UID is 600 characters long; the event is known by a digest of it",
        "line 3, event Board: an attendee's name is longer than 200 characters; its first 200 are kept",
        "line 3, event Board: an attendee's address is longer than 320 characters, so no address; left out",
    ]


def test_an_outlook_csv_title_is_cut_too():
    data = (HEADER + "Board " + "y" * 500 + ",13/03/2025,10:00:00,13/03/2025,11:00:00,False,2\r\n").encode()
    (result,) = read(data, "outlook.csv")
    assert len(result.occurrences[0].title) == 400
    assert str(result.problems[0]).startswith("line 2, event Board yyyy")


def test_outlook_csv_rows_are_counted_as_read_not_as_lines(monkeypatch):
    """Three rows allowed. One cell of each row holds a line break, so the header and four rows are nine
    lines and the fourth row ends on line 9, the line CSV notes name (the line limit alone would not tell
    rows from lines)."""
    monkeypatch.setattr(kinds, "MAX_EVENTS", 3)
    row = '"Board\r\nminutes",13/03/2025,10:00:00,13/03/2025,11:00:00,False,2\r\n'
    with pytest.raises(CalendarFileError, match="^rows.csv, line 9: 4 events or more; the limit is 3 events a file$"):
        read((HEADER + row * 4).encode(), "rows.csv")
    assert len(read((HEADER + row * 3).encode(), "rows.csv")[0].occurrences) == 3


def _zip(names: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as made:
        for name in names:
            made.writestr(name, _events(1) if name.endswith(".ics") else b"")
    return buffer.getvalue()


def test_a_zip_listing_too_many_entries_is_refused_before_they_are_read(monkeypatch):
    """System clutter counts: the zip reader reads every entry the archive lists (300,000 empty
    ``__MACOSX`` entries once took it most of a minute)."""
    monkeypatch.setattr(archive, "MAX_ENTRIES", 10)
    cluttered = _zip(["alice.ics"] + [f"__MACOSX/._{n}" for n in range(10)])
    with pytest.raises(CalendarFileError, match=r"^team.zip: the archive lists 11 entries in [\d,]+ bytes"):
        read(cluttered, "team.zip")
    with pytest.raises(CalendarFileError, match="^team.zip: the archive lists 11 entries"):
        list(glance(cluttered, "team.zip", max_bytes=kinds.MAX_FILE_BYTES))
    assert [r.filename for r in read(_zip(["alice.ics", "__MACOSX/._alice.ics"]), "team.zip")] == ["team.zip/alice.ics"]


# Each line of a file written as a hostile uploader might: any line end, any case, folded anywhere.
ENDS = st.sampled_from(["\r\n", "\n", "\r"])


@st.composite
def rewritten(draw, canonical: str) -> str:
    out = []
    for line in canonical.split("\r\n")[:-1]:
        name, sep, value = line.partition(":")
        if name in ("BEGIN", "END") or draw(st.booleans()):
            cases = draw(st.lists(st.booleans(), min_size=len(name), max_size=len(name)))
            name = "".join(c.lower() if low else c for c, low in zip(name, cases))
            value = value.lower() if name.upper() in ("BEGIN", "END") and draw(st.booleans()) else value
        line = name + sep + value
        cuts = sorted(set(draw(st.lists(st.integers(1, max(1, len(line) - 1)), max_size=3))))
        pieces = [line[a:b] for a, b in zip([0, *cuts], [*cuts, len(line)])]
        out.append(
            "".join(
                p + (draw(ENDS) + draw(st.sampled_from(" \t")) if i < len(pieces) - 1 else "")
                for i, p in enumerate(pieces)
            )
            + draw(ENDS)
        )
    return "".join(out)


CANONICAL = _events(4).decode()


@settings(max_examples=60, deadline=None)
@given(rewritten(CANONICAL))
def test_any_case_line_ends_and_folding_give_the_canonical_counts_and_meetings(text):
    breaks = text.count("\n") + text.count("\r") - text.count("\r\n")
    assert kinds.tally(text) == kinds.Tally(lines=breaks, events=4)  # the lines as an editor numbers them
    assert kinds.tally(CANONICAL) == kinds.Tally(lines=31, events=4)
    (expected,) = read(CANONICAL.encode(), "canonical.ics")
    (result,) = read(text.encode(), "rewritten.ics")
    assert result.events_read == 4
    assert [(o.title, o.start) for o in result.occurrences] == [(o.title, o.start) for o in expected.occurrences]
