"""The finance workbook: the partnerships, people and meetings CSV summaries as the sheets of one .xlsx file,
with a total row of formulas under each, frozen headers, £ and hours formats, and a sheet saying what the
figures are, for which days, at which cost basis, made when and by whom.

Every cell is the CSV's own: the same reader and the same ``cells`` of ``csv_files.CSV_KINDS``, each printed
string turned into the number it prints, with as many places shown as it prints. Nothing is rounded here, so
the workbook says what the CSV files say whatever their rounding becomes. A total is ``=SUM`` over the rows
above it; its cached value (what a viewer that does not recalculate shows) is the exact sum of the printed
figures, so it equals what adding up the CSV's rows gives. XlsxWriter writes a row at a time
(``constant_memory``): a year of meetings never sits in memory.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

import xlsxwriter
from sqlalchemy.orm import Session
from xlsxwriter.utility import xl_rowcol_to_cell

from ..domain.local_time import ZONE
from ..domain.periods import NO_FILTERS, Filters, Period
from . import basis
from .csv_files import CSV_KINDS, dated_name, everything, export_rows
from .registers import organisation_name

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEETS = {"Partnerships": "partnerships", "People": "people", "Meetings": "meetings"}  # sheet: CSV kind
DEFINITIONS = "Definitions"  # the last sheet: what the figures are
# How a column of those CSVs reads in a spreadsheet, by its name; any other column is text.
COUNT, HOURS, MONEY, RATE, WHEN, TEXT = "count", "hours", "money", "rate", "when", "text"
COLUMNS = {
    "meetings": COUNT,
    "attendances": COUNT,
    "uncosted_attendances": COUNT,
    "hours": HOURS,
    "cost": MONEY,
    "hourly_rate": RATE,
    "start": WHEN,
    "end": WHEN,
}
SUMMED = (COUNT, HOURS, MONEY)  # a rate is not added up
WIDEST = 60  # characters: a long title or basis in words wraps no column wider
WHEN_WIDTH = len("2025-03-31 10:00")  # a date-time as shown, not as the CSV spells it
NOTES = (
    (
        "Sheets",
        "Partnerships, People and Meetings hold the rows of the CSV files of the same names (the tracker export"
        " command, or the Downloads page), cell for cell: the same figures, rounded in the same way, as numbers.",
    ),
    (
        "Totals",
        "The Total row under each sheet is a formula adding up the rows above it, so it equals the sum of the"
        " figures printed in them. Filtering the rows does not change it.",
    ),
    ("Times", "Start and end are UK local times (Europe/London); a meeting belongs to the day it starts."),
    (
        "Cost",
        "Each hour is costed at the person's hourly rate on the meeting's day: loaded annual cost (pay with"
        " employer National Insurance, pension, apprenticeship levy and any other on-cost) divided by"
        " productive hours a year; at standard rates, the published rate of the person's grade instead."
        " Double-booked time is split equally between the meetings running at once. A blank cost is time"
        " that could not be costed.",
    ),
    (
        "Rounding",
        "Each figure is rounded once, half up, from exact values, as the CSV prints it; how the rows are"
        " rounded so that they add up is set out with the definitions (Exports).",
    ),
    ("More", "The tracker's definitions page (/definitions) says how every figure is worked out."),
)


@dataclass(frozen=True)
class Made:
    """When and by whom a workbook was made, for its Definitions sheet and its file properties."""

    at: datetime  # timezone-aware
    by: str


def file_name(period: Period, cost_basis: basis.Basis) -> str:
    """What a workbook is saved as: the days it covers and the basis its costs are at, as the CSVs say them."""
    return dated_name("finance-workbook", period, cost_basis, "xlsx")


def write_workbook(
    output: Path | IO[bytes], session: Session, period: Period, made: Made, filters: Filters = NO_FILTERS
) -> dict[str, int]:
    """Write the workbook of ``period`` at the session's cost basis to ``output`` (a path, or a binary file
    open for writing); the data rows of each sheet, by sheet."""
    book = xlsxwriter.Workbook(output, {"constant_memory": True})
    book.set_properties({"title": "Partnership meeting costs", "author": made.by, "created": made.at})
    formats = _Formats(book)
    ending = [basis.cell(session)]  # what a costed CSV row ends with
    written = {}
    for title, kind in SHEETS.items():
        record = CSV_KINDS[kind]
        cells = record.cells(export_rows(session, kind, period, filters), everything)
        written[title] = _sheet(book, formats, title, record.header, ([*row, *ending] for row in cells))
    _definitions(book, formats, session, period, made, filters)
    book.close()
    return written


class _Formats:
    """Each cell format once: XlsxWriter wants a format made once and reused."""

    def __init__(self, book: Any) -> None:
        self.book = book
        self.made: dict[tuple[str, int, bool], Any] = {}

    def of(self, how: str, places: int = 0, *, bold: bool = False) -> Any:
        key = (how, places, bold)
        if key not in self.made:
            decimals = "." + "0" * places if places else ""
            pattern = {
                MONEY: f"£#,##0{decimals}",
                RATE: f"£#,##0{decimals}",
                HOURS: "[h]:mm:ss",  # a duration: the CSV's exact H:MM:SS
                COUNT: "#,##0",
                WHEN: "yyyy-mm-dd hh:mm",
                "day": "d mmmm yyyy",
                "moment": "d mmmm yyyy hh:mm",
            }.get(how)
            properties: dict[str, Any] = {"bold": bold}
            if pattern:
                properties["num_format"] = pattern
            if how == "wrap":
                properties.update(text_wrap=True, valign="top")
            self.made[key] = self.book.add_format(properties)
        return self.made[key]


def _places(printed: Decimal) -> int:
    exponent = printed.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _sheet(book: Any, formats: _Formats, title: str, header: tuple[str, ...], rows: Iterable[list[str]]) -> int:
    """One summary's sheet: its header, each row as the CSV prints it, a total row; how many rows."""
    sheet = book.add_worksheet(title)
    kinds = [COLUMNS.get(column, TEXT) for column in header]
    sheet.write_row(0, 0, header, formats.of(TEXT, bold=True))
    widths = [len(column) for column in header]
    sums: dict[int, Decimal] = {col: Decimal(0) for col, how in enumerate(kinds) if how in SUMMED}
    places: dict[int, int] = defaultdict(int)
    count = 0
    for count, cells in enumerate(rows, start=1):
        for col, (cell, how) in enumerate(zip(cells, kinds, strict=True)):
            widths[col] = max(
                widths[col], WHEN_WIDTH if how == WHEN else len(cell) + (2 if how in (MONEY, RATE) else 0)
            )
            if how == TEXT or cell == "":
                sheet.write_string(count, col, cell)  # never read as a formula, whatever it starts with
            elif how == WHEN:
                local = datetime.fromisoformat(cell).astimezone(ZONE).replace(tzinfo=None)
                sheet.write_datetime(count, col, local, formats.of(WHEN))
            elif how == HOURS:
                seconds = _seconds(cell)
                sums[col] += seconds
                sheet.write_number(count, col, _days(seconds), formats.of(HOURS))
            else:
                value = Decimal(cell)
                places[col] = max(places[col], _places(value))
                if col in sums:
                    sums[col] += value
                sheet.write_number(count, col, _number(value), formats.of(how, _places(value)))
    if count:
        _totals(sheet, formats, count, kinds, sums, places)
    else:
        sheet.write_string(1, 0, "Nothing in this period")
    for col, width in enumerate(widths):
        sheet.set_column(col, col, min(width, WIDEST) + 2)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(count, 1), len(header) - 1)
    return count


def _totals(
    sheet: Any, formats: _Formats, last: int, kinds: list[str], sums: dict[int, Decimal], places: dict[int, int]
) -> None:
    """The row under the data: ``=SUM`` of each summed column, cached as the exact sum of the printed rows."""
    row = last + 1
    sheet.write_string(row, 0, "Total", formats.of(TEXT, bold=True))
    for col, total in sums.items():
        formula = f"=SUM({xl_rowcol_to_cell(1, col)}:{xl_rowcol_to_cell(last, col)})"
        cached = _days(int(total)) if kinds[col] == HOURS else _number(total)
        sheet.write_formula(row, col, formula, formats.of(kinds[col], places[col], bold=True), cached)


def _seconds(cell: str) -> int:
    """A CSV's ``H:MM:SS`` as whole seconds."""
    hours, minutes, seconds = (int(part) for part in cell.lstrip("-").split(":"))
    whole = (hours * 60 + minutes) * 60 + seconds
    return -whole if cell.startswith("-") else whole


def _days(seconds: int) -> float:
    """Whole seconds as a spreadsheet's duration: a fraction of a day."""
    return seconds / 86400


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _definitions(book: Any, formats: _Formats, session: Session, period: Period, made: Made, filters: Filters) -> None:
    """What the figures are: the days, the people counted, the basis in words, when and by whom; then notes."""
    sheet = book.add_worksheet(DEFINITIONS)
    label, wrap = formats.of(TEXT, bold=True), formats.of("wrap")
    sheet.set_column(0, 0, 22)
    sheet.set_column(1, 1, 100)
    sheet.write_string(0, 0, "Partnership meeting costs", label)
    sheet.write_string(2, 0, "From", label)
    sheet.write_datetime(2, 1, datetime.combine(period.start, datetime.min.time()), formats.of("day"))
    sheet.write_string(3, 0, "To", label)
    sheet.write_datetime(3, 1, datetime.combine(period.end, datetime.min.time()), formats.of("day"))
    scope = [
        f"staff of {organisation_name(session, filters.organisation_id) or 'an organisation no longer held'}"
        if filters.organisation_id
        else "",
        f"directorate {filters.directorate}" if filters.directorate else "",
    ]
    sheet.write_string(4, 0, "People", label)
    sheet.write_string(4, 1, ", ".join(s for s in scope if s) or "everyone")
    sheet.write_string(5, 0, "Costs at", label)
    sheet.write_string(5, 1, basis.label(session))
    sheet.write_string(6, 0, "Made", label)
    sheet.write_datetime(6, 1, made.at.astimezone(ZONE).replace(tzinfo=None, microsecond=0), formats.of("moment"))
    sheet.write_string(7, 0, "Made by", label)
    sheet.write_string(7, 1, made.by)
    for row, (heading, text) in enumerate(NOTES, start=9):
        sheet.write_string(row, 0, heading, label)
        sheet.write_string(row, 1, text, wrap)
