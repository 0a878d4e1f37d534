"""Writing outcomes: a partnership's Results-Based Accountability measures and the values reported for them."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.entries import InvalidEntry, MeasureEntry, ValueEntry
from ..models import Measure, OutcomeValue


def _measure(session: Session, partnership_id: int, name: str) -> Measure | None:
    return session.scalar(select(Measure).where(Measure.partnership_id == partnership_id, Measure.name == name))


def add_measure(session: Session, partnership_id: int, entry: MeasureEntry) -> Measure:
    if _measure(session, partnership_id, entry.name) is not None:
        raise InvalidEntry("name", "this partnership already has a measure of that name")
    measure = Measure(
        partnership_id=partnership_id,
        name=entry.name,
        kind=entry.kind,
        unit=entry.unit,
        baseline=entry.baseline,
        target=entry.target,
        direction=entry.direction,
        unit_value=entry.unit_value,
        unit_value_source=entry.unit_value_source,
    )
    session.add(measure)
    session.flush()
    return measure


def merge_measure(session: Session, partnership_id: int, entry: MeasureEntry) -> Measure:
    """A report names its measure: new ones are added; for known ones a unit, target, baseline or unit
    value given is taken, and a blank leaves what is stored (its kind and direction stay as first set)."""
    measure = _measure(session, partnership_id, entry.name)
    if measure is None:
        return add_measure(session, partnership_id, entry)
    measure.unit = entry.unit or measure.unit
    if entry.target is not None:
        measure.target = entry.target
    if entry.baseline is not None:
        measure.baseline = entry.baseline
    if entry.unit_value is not None:
        measure.unit_value = entry.unit_value
        measure.unit_value_source = entry.unit_value_source or measure.unit_value_source
    session.flush()
    return measure


def record_value(session: Session, measure: Measure, entry: ValueEntry, by: str) -> OutcomeValue:
    """Add or replace the value for one measure and period."""
    row = session.scalar(
        select(OutcomeValue).where(
            OutcomeValue.measure_id == measure.id,
            OutcomeValue.period_start == entry.period_start,
            OutcomeValue.period_end == entry.period_end,
        )
    )
    if row is None:
        row = OutcomeValue(measure_id=measure.id, period_start=entry.period_start, period_end=entry.period_end)
        session.add(row)
    row.value, row.notes, row.reported_by = entry.value, entry.notes, by
    row.reported_at = datetime.now(UTC)
    session.flush()
    return row


def find_measure(session: Session, measure_id: int) -> Measure | None:
    return session.get(Measure, measure_id)
