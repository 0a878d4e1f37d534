"""Helpers the blueprints share: the period and filters a page was asked for, and template filters."""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from flask import Flask, request
from flask_login import current_user

from ..costing import financial_year
from ..permissions import cost_visible
from ..scope import Filters, Period
from ..settings_store import load_settings
from ..timezone import ZONE


def period_from_request() -> tuple[Period, list[str]]:
    """``from`` and ``to`` (YYYY-MM-DD); by default the current financial year to date."""
    today = date.today()
    start = date(financial_year(today), 4, 1)
    errors = []
    values = {}
    for key, default in (("from", start), ("to", today)):
        text = request.args.get(key, "").strip()
        try:
            values[key] = date.fromisoformat(text) if text else default
        except ValueError:
            errors.append(f"'{text}' is not a date: write it as YYYY-MM-DD")
            values[key] = default
    if values["to"] < values["from"]:
        errors.append("The end of the period is before its start")
        values["to"] = values["from"]
    return Period(values["from"], values["to"]), errors


def filters_from_request() -> Filters:
    org = request.args.get("organisation", "")
    return Filters(
        organisation_id=int(org) if org.isdigit() else None, directorate=request.args.get("directorate") or None
    )


def show_cost(people: int | set) -> bool:
    """Whether the signed-in user may see a cost that covers this many people."""
    count = len(people) if isinstance(people, set) else people
    minimum = load_settings_cached().min_people_for_cost
    return cost_visible(current_user.role if current_user.is_authenticated else None, count, minimum)


def load_settings_cached():
    from flask import g

    from ..db import get_session

    if "settings" not in g:
        g.settings = load_settings(get_session())
    return g.settings


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
    value = Decimal(value)
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text


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


def local_time(value: datetime | None) -> str:
    return "" if value is None else value.astimezone(ZONE).strftime("%a %d %b %Y %H:%M")


def day(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(ZONE).date()
    return value.strftime("%d %b %Y")


def register_filters(app: Flask) -> None:
    for name, fn in (
        ("money", money),
        ("whole_money", whole_money),
        ("hours", hours),
        ("percent", percent),
        ("local_time", local_time),
        ("day", day),
        ("number", number),
        ("per_unit", per_unit),
    ):
        app.add_template_filter(fn, name)
    app.add_template_global(show_cost, "show_cost")
