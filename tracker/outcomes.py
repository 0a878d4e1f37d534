"""Recording outcomes: measures and reported values, by form or from CSV. Callers commit."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Measure, OutcomeValue, Partnership
from .registers import RegisterError, a_date, read_rows
from .results import KINDS, Reading

OUTCOME_COLUMNS = (
    "partnership",
    "period_start",
    "period_end",
    "measure",
    "value",
    "unit",
    "target",
    "notes",
    "kind",
    "direction",
    "baseline",
)
REQUIRED = OUTCOME_COLUMNS[:8]


def record_value(
    session: Session, measure: Measure, start: date, end: date, value: Decimal, notes: str, by: str
) -> OutcomeValue:
    """Add or replace the value for one measure and period."""
    if end < start:
        raise ValueError("the period ends before it starts")
    row = session.scalar(
        select(OutcomeValue).where(
            OutcomeValue.measure_id == measure.id, OutcomeValue.period_start == start, OutcomeValue.period_end == end
        )
    )
    if row is None:
        row = OutcomeValue(measure_id=measure.id, period_start=start, period_end=end)
        session.add(row)
    row.value, row.notes, row.reported_by = value, notes, by
    row.reported_at = datetime.now(UTC)
    session.flush()
    return row


def _number(text: str, filename: str, line: int, column: str) -> Decimal | None:
    if not text:
        return None
    try:
        return Decimal(text.replace(",", "").rstrip("%"))
    except ArithmeticError:
        raise RegisterError(filename, f"{column} {text!r} is not a number", line) from None


def load_outcomes(session: Session, data: bytes, filename: str, by: str, allowed: set[int] | None = None) -> int:
    """Load ``partnership,period_start,period_end,measure,value,unit,target,notes`` rows.

    Optional columns ``kind`` (how_much, how_well, better_off), ``direction`` (up, down)
    and ``baseline`` describe a new measure. ``allowed`` limits which partnerships may be written.
    """
    rows = read_rows(data, filename, OUTCOME_COLUMNS, REQUIRED)
    partnerships = {p.name: p for p in session.scalars(select(Partnership))}
    parsed = []
    for line, row in rows:
        partnership = partnerships.get(row["partnership"])
        if partnership is None:
            raise RegisterError(filename, f"partnership {row['partnership']!r} is not in the register", line)
        if allowed is not None and partnership.id not in allowed:
            raise RegisterError(filename, f"you do not lead {row['partnership']!r}", line)
        start = a_date(row["period_start"], filename, line, "period_start")
        end = a_date(row["period_end"], filename, line, "period_end")
        if end < start:
            raise RegisterError(filename, "period_end is before period_start", line)
        value = _number(row["value"], filename, line, "value")
        if value is None:
            raise RegisterError(filename, "value is empty", line)
        if not row["measure"]:
            raise RegisterError(filename, "measure is empty", line)
        kind = row["kind"] or "better_off"
        if kind not in KINDS:
            raise RegisterError(filename, f"kind must be one of {', '.join(KINDS)}", line)
        direction = row["direction"] or "up"
        if direction not in ("up", "down"):
            raise RegisterError(filename, "direction must be up or down", line)
        parsed.append(
            (
                partnership,
                start,
                end,
                row,
                value,
                kind,
                direction,
                _number(row["target"], filename, line, "target"),
                _number(row["baseline"], filename, line, "baseline"),
            )
        )
    for partnership, start, end, row, value, kind, direction, target, baseline in parsed:
        measure = session.scalar(
            select(Measure).where(Measure.partnership_id == partnership.id, Measure.name == row["measure"])
        )
        if measure is None:
            measure = Measure(partnership_id=partnership.id, name=row["measure"], kind=kind, direction=direction)
            session.add(measure)
        measure.unit = row["unit"] or measure.unit or ""
        if target is not None:
            measure.target = target
        if baseline is not None:
            measure.baseline = baseline
        session.flush()
        record_value(session, measure, start, end, value, row["notes"], by)
    return len(parsed)


def readings(session: Session) -> dict[int, list[Reading]]:
    """Every reported value, by partnership, for ``results.evaluate``."""
    out: dict[int, list[Reading]] = defaultdict(list)
    query = select(Measure, OutcomeValue).join(OutcomeValue, OutcomeValue.measure_id == Measure.id)
    for m, v in session.execute(query):
        out[m.partnership_id].append(
            Reading(m.name, m.kind, m.unit, m.target, m.direction, v.period_start, v.period_end, v.value)
        )
    return out
