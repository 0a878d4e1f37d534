"""The finance workbook (``tracker export workbook``): the partnerships, people and meetings CSVs as sheets,
cell for cell, as numbers with £ formats and times as durations (days, formatted [h]:mm:ss), frozen headers,
and totals that are =SUM formulas whose cached values are the sums of the printed rows.

The scenario is the end-to-end one (tests/tracker/test_end_to_end.py), March 2025, at everyone's actual pay:
  HWB 23.5 h, each attendance to the penny: 2 x 94.98 + 71.24 (1.5 A1) + 2 x 104.64 + 3 x 143.22 + 4 x 70.86
  = £1,183.58; CSP 4.5 h, 71.24 (1.5 A1) + 70.86 + 35.43 = £177.53;
  so the partnerships' total is 28 h and £1,183.58 + £177.53 = £1,361.11, over 5 + 2 = 7 meetings and
  12 + 3 = 15 attendances. At standard rates (£52.50 an hour for every grade): HWB 23.5 x 52.50 = £1,233.75,
  CSP 4.5 x 52.50 = £236.25, total £1,470.00.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from datetime import datetime, time, timedelta
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import openpyxl

from tests.conftest import run
from tests.tracker.test_end_to_end import A1, A2, B, C, load_scenario, money
from tracker.reports import csv_files

MARCH = ("--from", "2025-03-01", "--to", "2025-03-31")
SHEETS = {"Partnerships": "partnerships", "People": "people", "Meetings": "meetings"}
HOSTILE = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:hostile\r\nDTSTAMP:20250101T000000Z\r\n"
    "DTSTART:20250312T100000Z\r\nDTEND:20250312T110000Z\r\nSUMMARY:=HWB()+1\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)


def sheets(source: bytes | Path, *, cached: bool = False) -> dict[str, list[list]]:
    """Every sheet's cells by row, as a spreadsheet program reads them: formulas, or (``cached``) the values a
    viewer that does not recalculate shows."""
    book = openpyxl.load_workbook(io.BytesIO(source) if isinstance(source, bytes) else source, data_only=cached)
    return {sheet.title: [[cell.value for cell in row] for row in sheet.iter_rows()] for sheet in book.worksheets}


CLOCK = re.compile(r"-?\d+:\d{2}:\d{2}")  # a time as the CSVs print it, exactly: H:MM:SS


def clock_seconds(printed: str) -> int:
    """A CSV's ``H:MM:SS`` as whole seconds: 23:30:00 is 84,600."""
    hours, minutes, secs = (int(part) for part in printed.lstrip("-").split(":"))
    whole = (hours * 60 + minutes) * 60 + secs
    return -whole if printed.startswith("-") else whole


def seconds(value: object) -> int:
    """A workbook's time cell (a duration, a fraction of a day formatted ``[h]:mm:ss``) as whole seconds:
    openpyxl reads it as a timedelta, a time of day, a datetime from the spreadsheet epoch, or the number of
    days it is held as."""
    if isinstance(value, timedelta):
        return round(value.total_seconds())
    if isinstance(value, datetime):
        return round((value - datetime(1899, 12, 30)).total_seconds())
    if isinstance(value, time):
        return round(value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1_000_000)
    if isinstance(value, int | float):
        return round(value * 86400)
    raise TypeError(f"not a duration: {value!r}")


def same_cell(printed: str, value: object) -> bool:
    """Whether a workbook cell holds what the CSV prints: the number printed, the time to the second, the
    local time, the text."""
    if value is None:
        return printed == ""
    if CLOCK.fullmatch(printed):
        return not isinstance(value, str) and seconds(value) == clock_seconds(printed)
    if isinstance(value, datetime):
        return datetime.fromisoformat(printed).replace(tzinfo=None) == value
    if isinstance(value, int | float):
        return Decimal(printed) == Decimal(repr(value))
    return value == printed


def assert_rows_are_the_csvs(book: dict[str, list[list]], csvs: dict[str, str]) -> None:
    """Each sheet's header and data rows are the CSV's, cell for cell; the total row follows them."""
    for title, kind in SHEETS.items():
        header, *rows = list(csv.reader(io.StringIO(csvs[kind].removeprefix("\ufeff"))))
        got = book[title]
        assert got[0] == header, title
        assert len(got) == len(rows) + 2 and got[-1][0] == "Total", title
        for printed, written in zip(rows, got[1:-1], strict=True):
            assert all(same_cell(p, w) for p, w in zip(printed, written, strict=True)), (title, printed, written)


def export_workbook(runner, path: Path, *args: str):
    return run(runner, "export", "workbook", *MARCH, *args, "-o", path)


def csv_exports(runner, *args: str) -> dict[str, str]:
    return {kind: run(runner, "export", kind, *MARCH, *args).stdout for kind in SHEETS.values()}


def test_workbook_sheets_are_the_csvs_rows_with_formats_and_frozen_headers(runner, tmp_path):
    load_scenario(runner)
    path = tmp_path / "finance.xlsx"
    out = export_workbook(runner, path)
    assert f"Rows written to {path}: Partnerships 2, People 5, Meetings 15; costs at actual pay" in out.stderr
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Partnerships", "People", "Meetings", "Definitions"]
    assert_rows_are_the_csvs(sheets(path), csv_exports(runner))
    partnerships, meetings = book["Partnerships"], book["Meetings"]
    for sheet in (partnerships, book["People"], meetings):
        assert sheet.freeze_panes == "A2"  # the header stays in view
    assert partnerships.auto_filter.ref == "A1:H3" and meetings.auto_filter.ref == "A1:J16"  # the data, no total
    hwb = dict(zip((h.value for h in partnerships[1]), partnerships[2]))
    assert hwb["partnership"].value == "Health and Wellbeing Board"
    assert hwb["cost"].value == float(money(Fraction(11, 2) * A1 + 4 * A2 + 6 * B + 8 * C)) == 1183.58
    assert (hwb["cost"].number_format, hwb["hours"].number_format) == ("£#,##0.00", "[h]:mm:ss")
    assert seconds(hwb["hours"].value) == 23 * 3600 + 30 * 60  # 23.5 h, the CSV's 23:30:00
    assert (hwb["meetings"].value, hwb["meetings"].number_format) == (5, "#,##0")
    first = dict(zip((c.value for c in meetings[1]), meetings[2]))
    assert first["start"].value == datetime(2025, 3, 3, 10, 0) and first["start"].number_format == "yyyy-mm-dd hh:mm"
    assert (first["hourly_rate"].value, first["hourly_rate"].number_format) == (float(money(A1)), "£#,##0.00")
    assert partnerships.column_dimensions["A"].width > len("Community Safety Partnership")


def test_workbook_totals_are_sum_formulas_cached_as_the_sum_of_the_printed_rows(runner, tmp_path):
    load_scenario(runner)
    path = tmp_path / "finance.xlsx"
    export_workbook(runner, path)
    formulas, cached = sheets(path), sheets(path, cached=True)
    # Partnerships: meetings, attendances, hours, cost, uncosted_attendances summed over rows 2 and 3.
    assert formulas["Partnerships"][-1] == [
        "Total", None, "=SUM(C2:C3)", "=SUM(D2:D3)", "=SUM(E2:E3)", "=SUM(F2:F3)", "=SUM(G2:G3)", None
    ]  # fmt: skip
    meetings_, attendances, hours, cost, uncosted = cached["Partnerships"][-1][2:7]
    # 5 + 2, 12 + 3, 23.5 + 4.5 = 28 h (23:30:00 + 4:30:00 = 28:00:00), £1,361.11
    assert [meetings_, attendances, seconds(hours), cost, uncosted] == [7, 15, 28 * 3600, 1361.11, 0]
    # People and meetings: hours and cost only (a rate is not added up), over every row above the total.
    assert formulas["People"][-1] == ["Total", None, None, "=SUM(D2:D6)", "=SUM(E2:E6)", None]
    assert formulas["Meetings"][-1][6:9] == ["=SUM(G2:G16)", None, "=SUM(I2:I16)"]
    # Their rows add up, partnership by partnership, to the partnerships CSV: so do their totals.
    people_hours, people_cost = cached["People"][-1][3:5]
    meetings_hours, meetings_cost = cached["Meetings"][-1][6:9:2]
    assert [seconds(people_hours), people_cost] == [seconds(meetings_hours), meetings_cost] == [28 * 3600, 1361.11]
    partnerships = list(csv.DictReader(io.StringIO(run(runner, "export", "partnerships", *MARCH).stdout)))
    assert sum(Decimal(r["cost"]) for r in partnerships) == Decimal("1361.11")
    meetings = list(csv.DictReader(io.StringIO(run(runner, "export", "meetings", *MARCH).stdout)))
    assert sum(Decimal(r["cost"]) for r in meetings) == Decimal("1361.11")


def test_workbook_at_standard_rates_says_so_on_every_row_and_its_definitions(runner, tmp_path):
    load_scenario(runner)
    path = tmp_path / "standard.xlsx"
    assert "costs at standard rates" in export_workbook(runner, path, "--basis", "standard").stderr
    book = sheets(path, cached=True)
    assert_rows_are_the_csvs(sheets(path), csv_exports(runner, "--basis", "standard"))
    rows = {r[0]: r for r in book["Partnerships"][1:]}
    assert rows["Health and Wellbeing Board"][5] == 1233.75  # 23.5 h x £52.50
    assert rows["Community Safety Partnership"][5] == 236.25  # 4.5 h x £52.50
    assert rows["Total"][5] == 1470  # 28 h x £52.50
    assert {r[-1] for r in book["Meetings"][1:-1]} == {"standard"}
    said = {r[0]: r[1] for r in book["Definitions"] if r[0]}
    assert said["Costs at"] == "standard rates" and said["People"] == "everyone"
    assert (said["From"], said["To"]) == (datetime(2025, 3, 1), datetime(2025, 3, 31))
    assert said["Made by"].startswith("tracker export, run by ")
    assert "definitions page" in said["More"]


def test_workbook_follows_the_csv_cells_whatever_their_rounding(runner, tmp_path, monkeypatch):
    """Built from the CSV kinds' own cells: were the meetings CSV to print each time a second longer and each
    cost to six places, the sheet holds those times and shows six places, and each total is the sum of those
    printed figures. Nothing is worked out or rounded again."""
    load_scenario(runner)
    record = csv_files.CSV_KINDS["meetings"]
    hours, cost = record.columns.index("hours"), record.columns.index("cost")

    def a_second_and_six_places(rows, shown):
        for cells in record.cells(rows, shown):
            printed = list(cells)
            later = clock_seconds(printed[hours]) + 1
            printed[hours] = f"{later // 3600}:{later // 60 % 60:02d}:{later % 60:02d}"
            printed[cost] = f"{Decimal(printed[cost]) + Decimal('0.000001'):.6f}"
            yield printed

    monkeypatch.setitem(csv_files.CSV_KINDS, "meetings", dataclasses.replace(record, cells=a_second_and_six_places))
    path = tmp_path / "six.xlsx"
    export_workbook(runner, path)
    meetings = openpyxl.load_workbook(path)["Meetings"]
    assert seconds(meetings["G2"].value) == 2 * 3600 + 1 and meetings["G2"].number_format == "[h]:mm:ss"  # 2:00:01
    assert meetings["G17"].number_format == "[h]:mm:ss"
    # 2 h at £47.49 is £94.98, printed a millionth over
    assert meetings["I2"].value == 94.980001 and meetings["I2"].number_format == "£#,##0.000000"
    assert meetings["I17"].number_format == "£#,##0.000000"  # the total shows as many places as its rows
    cached = openpyxl.load_workbook(path, data_only=True)["Meetings"]
    assert seconds(cached["G17"].value) == 28 * 3600 + 15  # 15 rows, each a second over: 28:00:15
    assert cached["I17"].value == 1361.110015  # 15 rows, each a millionth over: £1,361.11 + 15 x 0.000001


def test_a_title_that_looks_like_a_formula_stays_text(runner, tmp_path):
    load_scenario(runner)
    calendar = tmp_path / "hostile.ics"
    calendar.write_text(HOSTILE)
    run(runner, "import", calendar, "--owner", "bob@nhs.net")
    assert "'=HWB()+1" in run(runner, "export", "meetings", *MARCH).stdout  # the CSV neutralises it
    path = tmp_path / "finance.xlsx"
    export_workbook(runner, path)
    cell = next(c for row in openpyxl.load_workbook(path)["Meetings"].iter_rows() for c in row if c.value == "=HWB()+1")
    assert cell.data_type == "s"  # a string, as written: never a formula, so no quote is needed


def test_a_period_without_meetings_has_its_headers_and_says_so(runner, tmp_path):
    load_scenario(runner)
    path = tmp_path / "empty.xlsx"
    out = run(runner, "export", "workbook", "--from", "2024-01-01", "--to", "2024-01-31", "-o", path)
    assert "Partnerships 0, People 0, Meetings 0" in out.stderr
    book = sheets(path)
    assert book["People"] == [["partnership", "person", "email", "hours", "cost", "cost_basis"],
                              ["Nothing in this period", None, None, None, None, None]]  # fmt: skip
    said = {r[0]: r[1] for r in book["Definitions"] if r[0]}
    assert (said["From"], said["To"]) == (datetime(2024, 1, 1), datetime(2024, 1, 31))


def test_export_workbook_needs_a_file_to_write(runner):
    out = run(runner, "export", "workbook", *MARCH, ok=False)
    assert out.exit_code != 0 and "give one with -o FILE.xlsx" in out.output
