"""Template filters: how money, hours, shares and times are written on every page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from flask import Flask

from importers import FEWER_REASONS, MAX_FILE_BYTES

from ..domain import costing
from ..domain.costing import year_label
from ..domain.local_time import ZONE, local_day
from ..domain.results import KINDS, STATUSES
from ..reports.cell_text import ratio
from . import markdown
from .request_args import show_cost


def money(value: Decimal | None) -> str:
    if value is None:
        return "–"
    return "£{:,.2f}".format(Decimal(value).quantize(Decimal("0.01"), ROUND_HALF_UP))


def whole_money(value: Decimal | None) -> str:
    if value is None:
        return "–"
    return "£{:,.0f}".format(Decimal(value).quantize(Decimal("1"), ROUND_HALF_UP))


def hours(value: Decimal | None) -> str:
    if value is None:
        return "–"
    return "{:,.1f}".format(Decimal(value).quantize(Decimal("0.1"), ROUND_HALF_UP))


def number(value: Decimal | None) -> str:
    """A reported value as people write it: no trailing zeros, thousands separated."""
    if value is None:
        return "–"
    return f"{Decimal(value):,.2f}".rstrip("0").rstrip(".")


def quantity(value: Decimal | None, unit: str) -> str:
    """A reported value with its unit, as people write it: '187 people', '80%'."""
    unit = (unit or "").strip()
    if unit in ("%", ""):
        return number(value) + unit
    return f"{number(value)} {unit}"


def per_unit(unit: str) -> str:
    """'people' -> 'person', 'cases' -> 'case': what one unit of a measure is called."""
    unit = (unit or "").strip()
    irregular = {"people": "person", "children": "child", "": "unit"}
    if unit.lower() in irregular:
        return irregular[unit.lower()]
    return unit[:-1] if unit.endswith("s") and not unit.endswith("ss") else unit


def percent(value: Decimal | float | None) -> str:
    if value is None:
        return "–"
    return f"{Decimal(str(value)) * 100:.0f}%"


def change(value: Decimal | None) -> str:
    """A rise or fall as a signed percentage: +25%, −10%, 0%."""
    if value is None:
        return "–"
    whole = (Decimal(value) * 100).quantize(Decimal("1"), ROUND_HALF_UP)
    return f"+{whole}%" if whole > 0 else (f"−{-whole}%" if whole < 0 else "0%")


def signed(value: int | Decimal) -> str:
    """A gain or a loss with its sign: meetings as whole numbers (+1, −2), hours as the ``hours`` filter
    writes them (+3.5, −1.0); nothing moved is 0."""
    if not value:
        return "0"
    text = f"{abs(value):,}" if isinstance(value, int) else hours(abs(Decimal(value)))
    return f"+{text}" if value > 0 else f"−{text}"


def local_time(value: datetime | None) -> str:
    return "" if value is None else value.astimezone(ZONE).strftime("%a %d %b %Y %H:%M")


def day(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = local_day(value)
    return value.strftime("%d %b %Y")


def rate_text(value: Decimal | None) -> str:
    """A stored rate as the on-cost form and files take it: 0.138 -> '13.8%'."""
    return "" if value is None else costing.rate_text(value)


FILTERS: dict[str, Callable[..., str]] = {
    "financial_year": year_label,
    "money": money,
    "whole_money": whole_money,
    "hours": hours,
    "tenths": hours,  # any count to one decimal (working days, units bought), as hours are
    "percent": percent,
    "change": change,
    "ratio": ratio,  # as the CSVs write it
    "local_time": local_time,
    "day": day,
    "number": number,
    "quantity": quantity,
    "per_unit": per_unit,
    "rate_text": rate_text,
    "signed": signed,
}


def register_filters(app: Flask) -> None:
    for name, fn in FILTERS.items():
        app.add_template_filter(fn, name)
    app.add_template_global(show_cost, "show_cost")
    app.jinja_env.globals.update(
        result_statuses=STATUSES,
        measure_kinds=KINDS,
        fewer_reasons=FEWER_REASONS,
        # What an upload may be, as the limits in force say it (importers.kinds, MAX_CONTENT_LENGTH).
        file_limit_mb=MAX_FILE_BYTES // 2**20,
        upload_limit_mb=app.config["MAX_CONTENT_LENGTH"] // 2**20,
    )
    app.add_template_filter(markdown.render, "markdown")
