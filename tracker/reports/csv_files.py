"""The CSV summaries finance downloads or exports (partnerships, people, meetings): which report rows
each is made of, and the rows as CSV text, in pieces so a download streams. Rounding to pence and
hundredths happens here, once."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy.orm import Session

from ..domain.local_time import ZONE
from ..domain.periods import NO_FILTERS, Filters, Period
from .basis import Basis
from .meetings import MeetingRow, meeting_rows
from .partnerships import PartnershipRow, partnership_rows
from .people import PersonRow, people_rows

CENTS = Decimal("0.01")
PIECE = 1000  # rows a piece of a streamed CSV holds
COLUMNS = {  # each row ends with its cost basis (``reports.basis``): actual pay or standard rates
    "partnerships": (
        "partnership",
        "parent",
        "meetings",
        "attendances",
        "hours",
        "cost",
        "uncosted_attendances",
        "cost_basis",
    ),
    "people": ("partnership", "person", "email", "hours", "cost", "cost_basis"),
    "meetings": (
        "start",
        "end",
        "title",
        "partnership",
        "person",
        "email",
        "hours",
        "hourly_rate",
        "cost",
        "cost_basis",
    ),
}

READERS: dict[str, Callable[..., Iterable]] = {
    "partnerships": partnership_rows,
    "people": people_rows,
    "meetings": meeting_rows,
}


def export_rows(session: Session, kind: str, period: Period, filters: Filters = NO_FILTERS) -> Iterable:
    """The report rows of one summary: the same for ``tracker export`` and the downloads page (the meetings
    one is read from the database as it is written out, a batch at a time)."""
    return READERS[kind](session, period, filters)


def two_places(value: Decimal | None) -> str:
    """Money and hours to two decimals, half up; blank when there is no figure."""
    return "" if value is None else str(value.quantize(CENTS, rounding=ROUND_HALF_UP))


def local_iso(value: datetime) -> str:
    return value.astimezone(ZONE).isoformat(timespec="minutes")


def _rows(kind: str, rows: Iterable) -> Iterable[list[str]]:
    if kind == "partnerships":
        for r in rows:
            assert isinstance(r, PartnershipRow)
            yield [
                r.partnership,
                r.parent,
                str(r.meetings),
                str(r.attendances),
                two_places(r.hours),
                two_places(r.cost),
                str(r.uncosted_attendances),
            ]
    elif kind == "people":
        for r in rows:
            assert isinstance(r, PersonRow)
            yield [r.partnership, r.person, r.email, two_places(r.hours), two_places(r.cost)]
    else:
        for r in rows:
            assert isinstance(r, MeetingRow)
            yield [
                local_iso(r.start),
                local_iso(r.end),
                r.title,
                r.partnership,
                r.person,
                r.email,
                two_places(r.hours),
                two_places(r.hourly_rate),
                two_places(r.cost),
            ]


def neutralise(cell: str) -> str:
    """Stop a spreadsheet from reading a cell as a formula (CSV injection)."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not _number(cell) else cell


def _number(cell: str) -> bool:
    try:
        Decimal(cell)
    except ArithmeticError:
        return False
    return True


def csv_chunks(kind: str, rows: Iterable, cost_basis: Basis, *, for_excel: bool = False) -> Iterator[str]:
    """The CSV text of one summary, ``PIECE`` rows a piece, each row saying the basis its costs are at;
    ``for_excel`` adds the BOM Excel needs to read UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff" if for_excel else "")
    writer.writerow(COLUMNS[kind])
    for n, row in enumerate(_rows(kind, rows), start=1):
        writer.writerow([*(neutralise(c) for c in row), cost_basis])
        if n % PIECE == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def to_csv(kind: str, rows: Iterable, cost_basis: Basis, *, for_excel: bool = False) -> str:
    """The whole CSV text of one summary."""
    return "".join(csv_chunks(kind, rows, cost_basis, for_excel=for_excel))
