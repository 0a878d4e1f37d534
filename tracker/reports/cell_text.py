"""How one figure is written in a cell of a CSV, a page's table or an API answer: money to two places and
shares to three, half up; time exactly as hours, minutes and seconds; local times with their offset; text a
spreadsheet would read as a formula made harmless. Kept apart from the summaries' registry (``csv_files``)
so that readers of a single figure do not load every summary's reader."""

from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from ..domain.local_time import ZONE
from ..domain.rounding import clock, whole_seconds

CENTS = Decimal("0.01")
THOUSANDTHS = Decimal("0.001")


def two_places(value: Decimal | None) -> str:
    """Money to two decimals, half up; blank when there is no figure."""
    return "" if value is None else str(value.quantize(CENTS, rounding=ROUND_HALF_UP))


def duration(hours: Decimal | None) -> str:
    """A time as ``H:MM:SS``, exact to the second it is held in (``domain.rounding.clock``); blank when there
    is no figure."""
    return "" if hours is None else clock(whole_seconds(hours), for_files=True)


def ratio(value: Decimal) -> str:
    """A share or similarity between 0 and 1, to three decimals, half up."""
    return str(value.quantize(THOUSANDTHS, rounding=ROUND_HALF_UP))


def local_iso(value: datetime) -> str:
    return value.astimezone(ZONE).isoformat(timespec="minutes")


def neutralise(cell: str) -> str:
    """Stop a spreadsheet from reading a cell as a formula (CSV injection)."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not _number(cell) else cell


def _number(cell: str) -> bool:
    try:
        Decimal(cell)
    except ArithmeticError:
        return False
    return True
