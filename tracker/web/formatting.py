"""Template filters: how money, hours, shares and times are written on every page."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from flask import Flask
from jinja2 import Undefined

from importers import FEWER_REASONS, MAX_FILE_BYTES

from ..domain import costing
from ..domain.costing import year_label
from ..domain.local_time import ZONE, local_day, short_day
from ..domain.periods import Period
from ..domain.results import KINDS, STATUSES
from ..domain.rounding import clock, clock_words, rounded, whole_seconds
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


def hours(value: Decimal | Fraction | None) -> str:
    """A time as hours and minutes, exact to the second it is held in: 1:30, 0:16:40 (``rounding.clock``)."""
    if value is None:
        return "–"
    return clock(whole_seconds(value))


def hours_words(value: Decimal | Fraction | None) -> str:
    """A time in words for a sentence, exact to the second (``rounding.clock_words``)."""
    return "–" if value is None else clock_words(whole_seconds(value))


def tenths(value: Decimal | Fraction | None) -> str:
    """An estimate or count to one decimal, half up (working days, units bought, meetings a year)."""
    if value is None:
        return "–"
    return f"{rounded(value, 1):,.1f}"


def number(value: Decimal | Fraction | None) -> str:
    """A reported value as people write it: no trailing zeros, thousands separated. A Fraction (the
    productive hours a year, kept exact) to two places, half up, as any other value."""
    if value is None:
        return "–"
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    exact = Decimal(value).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return f"{exact:,.2f}".rstrip("0").rstrip(".")


def count(value: int | None | Undefined) -> str:
    """A whole count as people read it: 1,019 meeting copies, not 1019. A count never recorded (an import
    whose summary lacks it, written by a bulk load) is a dash, not an error page."""
    return "–" if value is None or isinstance(value, Undefined) else f"{value:,}"


def plural(value: int, singular: str, plural_form: str | None = None) -> str:
    """A count with its noun agreeing: 1 meeting, 2 meetings, 1,019 people (``plural_form`` when not +s)."""
    noun = singular if value == 1 else (plural_form or singular + "s")
    return f"{count(value)} {noun}"


def times(value: int) -> str:
    """How often, as people say it: once, twice, 3 times."""
    return {1: "once", 2: "twice"}.get(value, f"{count(value)} times")


def article(word: str) -> str:
    """'a' or 'an' before ``word`` as it is said: an hour, an adviser, a meeting, a unit."""
    spoken_vowel = word[:1].lower() in "aeio" or word.lower().startswith(("hour", "honour", "heir"))
    return ("an " if spoken_vowel else "a ") + word


def with_unit(value: Decimal | None, unit: str) -> str:
    """A reported value and its unit: 91% (no space, as GOV.UK writes it), 187 people."""
    unit = (unit or "").strip()
    if unit == "%":
        return f"{number(value)}%"
    return f"{number(value)} {unit}".strip()


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
    whole = int((Decimal(value) * 100).quantize(Decimal("1"), ROUND_HALF_UP))
    return f"+{whole:,}%" if whole > 0 else (f"−{-whole:,}%" if whole < 0 else "0%")


def signed(value: int | Decimal) -> str:
    """A gain or a loss with its sign: meetings as whole numbers (+1, −2), hours as the ``hours`` filter
    writes them (+3:30, −1:00); nothing moved is 0."""
    if not value:
        return "0"
    text = f"{abs(value):,}" if isinstance(value, int) else hours(abs(Decimal(value)))
    return f"+{text}" if value > 0 else f"−{text}"


def local_time(value: datetime | None) -> str:
    """A moment as people read it, in London time: Wed 2 Dec 2026 09:30 (no leading zero on the day)."""
    if value is None:
        return ""
    local = value.astimezone(ZONE)
    return f"{local:%a} {local.day} {local:%b %Y %H:%M}"


def day(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = local_day(value)
    return short_day(value)


def long_day(value: date | datetime | None) -> str:
    """A date in a sentence, as GOV.UK writes it: 2 December 2026."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = local_day(value)
    return f"{value.day} {value:%B %Y}"


ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def uk_dates(text: str) -> str:
    """Free text with its ISO dates as people read them: what an audit entry kept ("period 2026-04-01 to
    2026-12-06") shown as "period 1 Apr 2026 to 6 Dec 2026"; the CSV keeps the ISO form for machines."""

    def one(match: re.Match) -> str:
        try:
            return day(date(*(int(part) for part in match.groups())))
        except ValueError:  # not a real date (2026-13-40): left as written
            return match.group(0)

    return ISO_DATE.sub(one, text or "")


def date_span(start: date | str, end: date | str) -> str:
    """Dates a sentence covers: 'on 2 December 2026' for one day, else 'between 1 December 2026 and 2
    December 2026'. Takes ISO text too, as an import's summary keeps its span (it travels as JSON)."""
    start, end = (d if isinstance(d, date) else date.fromisoformat(d) for d in (start, end))
    if start == end:
        return f"on {long_day(start)}"
    return f"between {long_day(start)} and {long_day(end)}"


def part_month(period: Period, month: date) -> str:
    """After a month's name in a table, the days the period covers where it covers only part of the month:
    " (1 to 22 November only)"; nothing for a whole month."""
    part = period.part_of(month)
    if part is None:
        return ""
    return f" ({part[0].day} to {part[1].day} {part[1]:%B} only)"


def rate_text(value: Decimal | None) -> str:
    """A stored rate as the on-cost form and files take it: 0.138 -> '13.8%'."""
    return "" if value is None else costing.rate_text(value)


FILTERS: dict[str, Callable[..., str]] = {
    "financial_year": year_label,
    "money": money,
    "whole_money": whole_money,
    "hours": hours,
    "hours_words": hours_words,
    "tenths": tenths,
    "percent": percent,
    "change": change,
    "ratio": ratio,  # as the CSVs write it
    "local_time": local_time,
    "day": day,
    "number": number,
    "quantity": quantity,
    "count": count,
    "plural": plural,
    "times": times,
    "article": article,
    "with_unit": with_unit,
    "long_day": long_day,
    "uk_dates": uk_dates,
    "per_unit": per_unit,
    "rate_text": rate_text,
    "signed": signed,
}


def register_filters(app: Flask) -> None:
    for name, fn in FILTERS.items():
        app.add_template_filter(fn, name)
    app.add_template_global(show_cost, "show_cost")
    app.add_template_global(date_span, "date_span")
    app.add_template_global(part_month, "part_month")
    app.jinja_env.globals.update(
        result_statuses=STATUSES,
        measure_kinds=KINDS,
        fewer_reasons=FEWER_REASONS,
        # What an upload may be, as the limits in force say it (importers.kinds, MAX_CONTENT_LENGTH).
        file_limit_mb=MAX_FILE_BYTES // 2**20,
        upload_limit_mb=app.config["MAX_CONTENT_LENGTH"] // 2**20,
    )
    app.add_template_filter(markdown.render, "markdown")
