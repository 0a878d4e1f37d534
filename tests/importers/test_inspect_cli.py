"""``tracker inspect`` shows what the reader makes of a file over the days asked for."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from importers.events import days_window
from tests.conftest import run
from tests.importers.cases import CASES

WEEKLY = CASES / "inspect_open_ended_weekly.ics"


def starts(output: str) -> list[str]:
    return [json.loads(line)["start"] for line in output.splitlines()]


def test_inspect_open_ended_weekly(runner):
    """Regression: inspect ignored --to for a series without an end and stopped a year after today.

    It read the file with the reader's default horizon, then filtered by day, so an open-ended
    weekly series (Mondays 10:00 London, from January 2025) inspected for January 2030 listed
    nothing. The requested days are now the window the reader expands.
    """
    out = run(runner, "inspect", WEEKLY, "--from", "2030-01-01", "--to", "2030-01-31").stdout
    assert starts(out) == [
        "2030-01-07T10:00:00Z",
        "2030-01-14T10:00:00Z",
        "2030-01-21T10:00:00Z",
        "2030-01-28T10:00:00Z",
    ]
    assert {json.loads(line)["end"][11:] for line in out.splitlines()} == {"11:00:00Z"}


def test_days_window_covers_whole_london_days():
    """Inspect lists occurrences by the London day they start on, so the window is London midnights."""
    assert days_window(date(2030, 6, 1), date(2030, 6, 30)) == (
        datetime(2030, 5, 31, 23, tzinfo=UTC),
        datetime(2030, 6, 30, 23, tzinfo=UTC),
    )
    assert days_window(None, date(2030, 1, 31))[1] == datetime(2030, 2, 1, tzinfo=UTC)


def test_inspect_from_alone_expands_a_year_past_it(runner):
    """With --from alone the reader's horizon runs a year past that day, not a year past today."""
    out = run(runner, "inspect", WEEKLY, "--from", "2030-01-01").stdout
    found = starts(out)
    assert (found[0], found[-1], len(found)) == ("2030-01-07T10:00:00Z", "2030-12-30T10:00:00Z", 52)
