"""The registry of CSV summaries (``csv_files.CSV_KINDS``): one record per kind says everything the downloads
page, ``tracker export`` and the pages' CSV links need, so a new summary is one entry."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.domain.periods import Period
from tracker.reports.csv_files import CSV_KINDS, EXPORTED, FINANCE, export_rows, to_csv


def test_csv_kinds_offered_for_a_period_can_be_read_for_one():
    assert FINANCE == ("partnerships", "people", "meetings", "results", "map")
    assert EXPORTED == ("partnerships", "people", "meetings", "hats", "send_one", "results")
    assert all(CSV_KINDS[k].read is not None for k in (*FINANCE, *EXPORTED))


def test_csv_kinds_end_a_costed_row_with_its_basis_and_say_it_in_the_file_name():
    period = Period(date(2026, 4, 1), date(2026, 6, 30))
    assert CSV_KINDS["people"].header[-1] == "cost_basis"
    assert CSV_KINDS["people"].file_name(period, "standard") == "people-2026-04-01-to-2026-06-30-standard.csv"
    assert "cost_basis" not in CSV_KINDS["map"].header  # no cost in it: the same file for every role
    assert CSV_KINDS["map"].file_name(period, "actual") == "map-2026-04-01-to-2026-06-30.csv"
    assert CSV_KINDS["proposals"].file_name(None, "actual") == "proposals-actual.csv"
    assert to_csv("people", [], "actual") == "partnership,person,email,hours,cost,cost_basis\r\n"


def test_csv_kinds_a_page_builds_are_not_read_for_a_period():
    with pytest.raises(ValueError, match="scenarios"):
        export_rows(None, "scenarios", Period(date(2026, 4, 1), date(2026, 4, 30)))  # type: ignore[arg-type]
