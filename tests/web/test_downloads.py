"""The CSV downloads stream: rows are read and sent a batch at a time, and say the same as the CLI export."""

from __future__ import annotations

from tests.conftest import run
from tracker.reports import csv_files, meetings

MARCH = {"from": "2025-03-01", "to": "2025-03-31"}
LATE_CALL = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:late-call\r\nDTSTAMP:20250101T000000Z\r\n"
    "DTSTART:20250630T233000Z\r\nDTEND:20250701T000000Z\r\nSUMMARY:HWB late call\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)


def test_downloads_stream_the_meetings_file_in_pieces(as_role, runner, monkeypatch):
    monkeypatch.setattr(csv_files, "PIECE", 2)
    monkeypatch.setattr(meetings, "BATCH", 3)
    response = as_role("finance").get("/downloads/meetings.csv", query_string=MARCH, buffered=False)
    assert response.is_streamed
    pieces = list(response.response)
    response.close()  # as a server does: the request's context and session end with the stream
    body = b"".join(pieces).decode("utf-8")
    rows = body.count("\r\n") - 1
    assert rows > 4 and len(pieces) == rows // 2 + 1
    cli = run(runner, "export", "meetings", "--from", "2025-03-01", "--to", "2025-03-31").stdout
    assert body == "\ufeff" + cli.replace("\n", "\r\n").replace("\r\r\n", "\r\n")


def test_downloads_count_a_meeting_on_its_london_day(web_app, as_role, runner, tmp_path):
    """A meeting at 23:30 UTC on 30 June starts at 00:30 on 1 July in London: July's, not June's."""
    path = tmp_path / "late.ics"
    path.write_text(LATE_CALL)
    run(runner, "import", path, "--owner", "bob@nhs.net")
    finance = as_role("finance")
    july = finance.get("/downloads/meetings.csv", query_string={"from": "2025-07-01", "to": "2025-07-01"}).text
    june = finance.get("/downloads/meetings.csv", query_string={"from": "2025-06-30", "to": "2025-06-30"}).text
    assert "2025-07-01T00:30+01:00,2025-07-01T01:00+01:00,HWB late call" in july
    assert "HWB late call" not in june
