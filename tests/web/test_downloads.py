"""The CSV downloads stream: rows are read and sent a batch at a time, and say the same as the CLI export."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from tests.conftest import run
from tests.tracker.test_end_to_end import money
from tests.web.test_dashboard_figures import CSP_OWN, HWB_OWN, OWN_WORDS
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
    # The CLI export is the operator's, at everyone's actual pay (or standard rates, asked): the council's
    # finance officer's file has the actual one's rows for Alice, the council's own, and the standard one's
    # for Bob and Carol, each saying so in its last cell. The stream reads in a session of its own, so this
    # shows it was told whose pay, not just left to fail closed at standard rates.
    assert body.startswith("\ufeff") and body.endswith("\r\n") and "\r\n\r\n" not in body
    header, *got = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))
    args = ("export", "meetings", "--from", "2025-03-01", "--to", "2025-03-31")
    actual = list(csv.reader(io.StringIO(run(runner, *args).stdout)))
    standard = list(csv.reader(io.StringIO(run(runner, *args, "--basis", "standard").stdout)))
    assert header == actual[0] == standard[0] and len(got) == len(actual) - 1 == len(standard) - 1
    cost, email, partnership = header.index("cost"), header.index("email"), header.index("partnership")
    mixed = [
        mine if mine[email] == "alice@council.gov.uk" else theirs for mine, theirs in zip(actual[1:], standard[1:])
    ]
    assert sum(row[email] == "alice@council.gov.uk" for row in mixed) == 6  # her rows, at her pay
    for row, want in zip(got, mixed, strict=True):
        # Every cell but the cost the mixed row's; the cost is how far the partnership's running total moved
        # (csv_files.Running), so within a penny of the row's own, and the basis in words.
        assert row[:cost] + row[cost + 1 : -1] == want[:cost] + want[cost + 1 : -1]
        assert abs(Decimal(row[cost]) - Decimal(want[cost])) <= Decimal("0.01")
        assert row[-1] == OWN_WORDS
    by_partnership = {
        p: sum(Decimal(r[cost]) for r in got if r[partnership] == p) for p in {r[partnership] for r in got}
    }
    assert by_partnership == {  # each partnership's rows add up to its own-pay cost, worked by hand
        "Health and Wellbeing Board": Decimal(money(HWB_OWN)),
        "Community Safety Partnership": Decimal(money(CSP_OWN)),
    }


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
