"""What a valid register entry is, whether it arrives as a CSV row or a web form. Pure.

Every CSV loader and every form parses its raw text through these functions, so the
same input gets the same answer and the same message either way. A bad value raises
``InvalidEntry`` naming the field (the CSV column, which is also the form field's
name); a loader adds the file and line, a form shows the message beside the field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from importers.addresses import EMAIL

from .attribution import Rule, split_list
from .results import DIRECTIONS, KINDS

MAX_SALARY = Decimal("10000000")
MAX_FTE = Decimal("1.5")
MAX_SOURCE = 1000  # characters of an on-cost row's source: a sentence or two naming schemes and years
MAX_FIGURE = Decimal("1000000000000")  # a reported figure; the stored column holds up to about 9.2e12
# The highest each on-cost rate plausibly is: a bare 0.5 typed for the 0.5% levy would otherwise be 50%.
RATE_CEILINGS = {
    "employer_ni_rate": Decimal("0.30"),
    "pension_rate": Decimal("0.60"),
    "apprenticeship_levy_rate": Decimal("0.05"),
    "other_rate": Decimal("0.50"),
}


class InvalidEntry(ValueError):
    """One field of an entry is wrong; ``message`` reads on its own beside that field."""

    def __init__(self, field: str, message: str) -> None:
        self.field, self.message = field, message
        super().__init__(f"{field}: {message}")


Row = Mapping[str, str]


def _get(row: Row, key: str) -> str:
    return (row.get(key) or "").strip()


def text(row: Row, key: str, *, max_length: int, required: bool = False) -> str:
    value = _get(row, key)
    if required and not value:
        raise InvalidEntry(key, "cannot be empty")
    if len(value) > max_length:
        raise InvalidEntry(key, f"is longer than {max_length} characters")
    return value


def email(row: Row, key: str, *, required: bool = True) -> str:
    value = _get(row, key).lower()
    if not value and not required:
        return ""
    if not EMAIL.match(value):
        raise InvalidEntry(key, f"{value!r} is not an email address" if value else "cannot be empty")
    return value


def plain_decimal(raw: str) -> Decimal | None:
    """A plain decimal number (no exponent, no NaN or infinity), or None."""
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", raw):
        return None
    return Decimal(raw)


def amount(row: Row, key: str, *, maximum: Decimal | None = None) -> Decimal:
    """Money as people write it: ``45000``, ``45,000.00`` or ``£45,000``; to the penny, never rounded here."""
    raw = _get(row, key)
    value = plain_decimal(raw.replace(",", "").replace("£", "").strip())
    if value is None:
        raise InvalidEntry(key, f"{raw!r} is not an amount (write 45000 or £45,000)")
    if value < 0:
        raise InvalidEntry(key, f"{raw!r} cannot be negative")
    if value != value.quantize(Decimal("0.01")):
        raise InvalidEntry(key, f"{raw!r} has more than two decimal places (pounds and pence)")
    if maximum is not None and value > maximum:
        raise InvalidEntry(key, f"{raw!r} is more than £{maximum:,}")
    return value


def fte(row: Row, key: str) -> Decimal:
    """Full-time equivalent: ``1`` full time, ``0.8`` or ``80%`` four days a week; blank is full time."""
    raw = _get(row, key)
    if not raw:
        return Decimal(1)
    value = plain_decimal(raw.rstrip("%").strip())
    if value is not None and raw.endswith("%"):
        value /= 100
    if value is None or value != value.quantize(Decimal("0.000001")):
        raise InvalidEntry(key, f"{raw!r} is not an FTE (write 1 for full time, 0.8 or 80% for four days a week)")
    if not Decimal(0) < value <= MAX_FTE:
        raise InvalidEntry(key, f"{raw!r} must be above 0 and at most {MAX_FTE}")
    return value


def rate(row: Row, key: str, *, ceiling: Decimal = Decimal(1)) -> Decimal:
    """``15%`` or ``0.15`` both mean fifteen per cent; a rate is at least 0% and below ``ceiling``."""
    raw = _get(row, key)
    value = plain_decimal(raw.rstrip("%").strip())
    if value is None:
        raise InvalidEntry(key, f"{raw!r} is not a rate (write 15% or 0.15)")
    if raw.endswith("%"):
        value /= 100
    if not 0 <= value < 1:
        raise InvalidEntry(key, f"{raw!r} must be at least 0% and below 100% (write 15% or 0.15)")
    if value >= ceiling:
        name, limit = key.replace("_", " "), f"{(ceiling * 100).normalize():f}%"
        if raw.endswith("%"):
            raise InvalidEntry(key, f"{raw!r} is more than any {name} (below {limit})")
        shown = f"{(value * 100).normalize():f}%"
        raise InvalidEntry(key, f"{raw!r} would be {shown}, more than any {name}: for {raw} per cent write {raw}%")
    return value


def a_date(row: Row, key: str) -> date:
    raw = _get(row, key)
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise InvalidEntry(key, f"{raw!r} is not a date (write YYYY-MM-DD)" if raw else "cannot be empty") from None


def period_dates(row: Row) -> tuple[date, date]:
    """A row's ``period_start`` and ``period_end``, days inclusive: a period may be one day, not end first."""
    start, end = a_date(row, "period_start"), a_date(row, "period_end")
    if end < start:
        raise InvalidEntry("period_end", "is before period_start")
    return start, end


def whole_number(row: Row, key: str, *, default: int) -> int:
    raw = _get(row, key)
    if not raw:
        return default
    if not re.fullmatch(r"-?\d{1,9}", raw):
        raise InvalidEntry(key, f"{raw!r} is not a whole number")
    return int(raw)


def number(row: Row, key: str) -> Decimal | None:
    """A reported figure or a target: any finite number (``1,200``, ``-3``, ``70%``); blank is None."""
    raw = _get(row, key)
    if not raw:
        return None
    value = plain_decimal(raw.replace(",", "").rstrip("%").strip())
    if value is None:
        raise InvalidEntry(key, f"{raw!r} is not a number")
    if abs(value) >= MAX_FIGURE:
        raise InvalidEntry(key, f"{raw!r} is too large (under {MAX_FIGURE:,})")
    if value != value.quantize(Decimal("0.000001")):
        raise InvalidEntry(key, f"{raw!r} has more than six decimal places")
    return value


@dataclass(frozen=True)
class PersonEntry:
    email: str
    name: str
    aliases: tuple[str, ...]
    job_title: str
    grade: str
    organisation: str
    directorate: str
    cost_centre: str
    fte: Decimal


def person_entry(row: Row) -> PersonEntry:
    aliases = []
    for alias in split_list(_get(row, "aliases")):
        if not EMAIL.match(alias.lower()):
            raise InvalidEntry("aliases", f"{alias!r} is not an email address")
        aliases.append(alias.lower())
    entry = PersonEntry(
        email=email(row, "email"),
        name=text(row, "name", max_length=200, required=True),
        aliases=tuple(dict.fromkeys(aliases)),
        job_title=text(row, "job_title", max_length=200),
        grade=text(row, "grade", max_length=100),
        organisation=text(row, "organisation", max_length=200),
        directorate=text(row, "directorate", max_length=200),
        cost_centre=text(row, "cost_centre", max_length=100),
        fte=fte(row, "fte"),
    )
    if entry.email in entry.aliases:
        raise InvalidEntry("aliases", f"{entry.email!r} is the person's own address, not another one")
    return entry


@dataclass(frozen=True)
class SalaryEntry:
    annual_salary: Decimal
    effective_from: date


def salary_entry(row: Row) -> SalaryEntry | None:
    """A full-time salary and the day it takes effect; None when the row gives no salary."""
    if not _get(row, "annual_salary"):
        if _get(row, "salary_effective_from"):
            raise InvalidEntry("annual_salary", "cannot be empty when salary_effective_from is given")
        return None
    salary = amount(row, "annual_salary", maximum=MAX_SALARY)
    if not _get(row, "salary_effective_from"):
        raise InvalidEntry("salary_effective_from", "is needed with an annual_salary (write YYYY-MM-DD)")
    return SalaryEntry(salary, a_date(row, "salary_effective_from"))


@dataclass(frozen=True)
class PartnershipEntry:
    name: str
    parent: str  # another partnership's name; "" for a top-level one
    purpose: str
    lead_organisation: str
    keywords: str
    categories: str
    priority: int
    lead_email: str | None  # None: not given (a register file without the column leaves it alone)
    review_on: date | None = None  # when it is next to be reviewed
    last_reviewed: date | None = None
    preparation_hours: Decimal = Decimal(0)  # reading papers: hours for each attendance, costed apart
    travel_hours: Decimal = Decimal(0)  # getting to the venue and back, likewise


def optional_date(row: Row, key: str) -> date | None:
    return a_date(row, key) if _get(row, key) else None


def allowance(row: Row, key: str) -> Decimal:
    """Hours allowed for each attendance (preparation, travel): blank is none; at most 24, to the minute-ish."""
    raw = _get(row, key)
    if not raw:
        return Decimal(0)
    value = plain_decimal(raw)
    if value is None or not 0 <= value <= 24 or value != value.quantize(Decimal("0.01")):
        raise InvalidEntry(key, f"{raw!r} is not a number of hours from 0 to 24 (such as 0.5)")
    return value


def partnership_entry(row: Row) -> PartnershipEntry:
    name = text(row, "name", max_length=200, required=True)
    parent = text(row, "parent", max_length=200)
    if parent == name:
        raise InvalidEntry("parent", "a partnership cannot be its own parent")
    keywords = _get(row, "keywords")
    try:
        Rule.build(0, name, keywords=split_list(keywords))
    except ValueError as exc:
        raise InvalidEntry("keywords", str(exc)) from None
    lead = email(row, "lead_email", required=False) if "lead_email" in row else None
    return PartnershipEntry(
        name=name,
        parent=parent,
        purpose=_get(row, "purpose"),
        lead_organisation=text(row, "lead_organisation", max_length=200),
        keywords=keywords,
        categories=_get(row, "categories"),
        priority=whole_number(row, "priority", default=100),
        lead_email=lead,
        review_on=optional_date(row, "review_on"),
        last_reviewed=optional_date(row, "last_reviewed"),
        preparation_hours=allowance(row, "preparation_hours"),
        travel_hours=allowance(row, "travel_hours"),
    )


@dataclass(frozen=True)
class GradeEntry:
    grade: str
    band_min: Decimal
    band_max: Decimal


def grade_entry(row: Row) -> GradeEntry:
    entry = GradeEntry(
        text(row, "grade", max_length=100, required=True),
        amount(row, "band_min", maximum=MAX_SALARY),
        amount(row, "band_max", maximum=MAX_SALARY),
    )
    if entry.band_max < entry.band_min:
        raise InvalidEntry("band_max", "is below band_min")
    return entry


@dataclass(frozen=True)
class OnCostEntry:
    organisation: str
    financial_year: int  # 2025 means 2025/26
    employer_ni_rate: Decimal
    ni_threshold: Decimal
    pension_rate: Decimal
    apprenticeship_levy_rate: Decimal
    other_rate: Decimal
    source: str = ""  # where the rates come from, in words: shown beside them for whoever checks them


def financial_year_of(row: Row, key: str) -> int:
    """``2025`` or ``2025/26``: the year it starts, from 2000 to 2100."""
    raw = _get(row, key)
    match = re.fullmatch(r"(\d{4})(?:/(\d{2}))?", raw)
    start = int(match.group(1)) if match else 0
    if not match or not 2000 <= start <= 2100 or (match.group(2) and int(match.group(2)) != (start + 1) % 100):
        raise InvalidEntry(key, f"{raw!r} is not a financial year: write the year it starts, such as 2025 or 2025/26")
    return start


def oncost_entry(row: Row) -> OnCostEntry:
    return OnCostEntry(
        organisation=text(row, "organisation", max_length=200, required=True),
        financial_year=financial_year_of(row, "financial_year"),
        employer_ni_rate=rate(row, "employer_ni_rate", ceiling=RATE_CEILINGS["employer_ni_rate"]),
        ni_threshold=amount(row, "ni_threshold", maximum=MAX_SALARY),
        pension_rate=rate(row, "pension_rate", ceiling=RATE_CEILINGS["pension_rate"]),
        apprenticeship_levy_rate=rate(
            row, "apprenticeship_levy_rate", ceiling=RATE_CEILINGS["apprenticeship_levy_rate"]
        ),
        other_rate=rate(
            {"other_rate": _get(row, "other_rate") or "0"}, "other_rate", ceiling=RATE_CEILINGS["other_rate"]
        ),
        source=text(row, "source", max_length=MAX_SOURCE),
    )


@dataclass(frozen=True)
class MeasureEntry:
    name: str
    kind: str
    unit: str
    baseline: Decimal | None
    target: Decimal | None
    direction: str
    unit_value: Decimal | None = None
    unit_value_source: str = ""


def measure_entry(row: Row, *, name_key: str = "name") -> MeasureEntry:
    kind = _get(row, "kind") or "better_off"
    if kind not in KINDS:
        raise InvalidEntry("kind", f"{kind!r} is not one of {', '.join(KINDS)}")
    direction = _get(row, "direction") or "up"
    if direction not in DIRECTIONS:
        raise InvalidEntry("direction", f"{direction!r} is not up or down")
    return MeasureEntry(
        name=text(row, name_key, max_length=300, required=True),
        kind=kind,
        unit=text(row, "unit", max_length=60),
        baseline=number(row, "baseline"),
        target=number(row, "target"),
        direction=direction,
        unit_value=amount(row, "unit_value", maximum=MAX_UNIT_VALUE) if _get(row, "unit_value") else None,
        unit_value_source=text(row, "unit_value_source", max_length=500),
    )


MAX_UNIT_VALUE = Decimal("100000000")  # what one unit of an outcome is worth: under £100m


@dataclass(frozen=True)
class ValueEntry:
    period_start: date
    period_end: date
    value: Decimal
    notes: str


def value_entry(row: Row) -> ValueEntry:
    start, end = period_dates(row)
    value = number(row, "value")
    if value is None:
        raise InvalidEntry("value", "cannot be empty")
    return ValueEntry(start, end, value, text(row, "notes", max_length=4000))


@dataclass(frozen=True)
class OutcomeEntry:
    """One row of an outcomes file: a partnership's measure and one value reported for it."""

    partnership: str
    measure: MeasureEntry
    value: ValueEntry


def outcome_entry(row: Row) -> OutcomeEntry:
    partnership = text(row, "partnership", max_length=200, required=True)
    return OutcomeEntry(partnership, measure_entry(row, name_key="measure"), value_entry(row))
