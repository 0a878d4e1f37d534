"""Recording outcomes: measures and reported values, by form or from a CSV file, all or nothing.

Outcomes do not change who attended or what time cost, so nothing here refreshes attendances.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from ..domain import entries
from ..domain.entries import InvalidEntry
from ..models import Measure
from ..store import outcomes, registers
from .register_files import RegisterError, at_line, parse_rows, read_rows

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
    "unit_value",
    "unit_value_source",
)
REQUIRED = OUTCOME_COLUMNS[:8]


def load_outcomes(session: Session, data: bytes, filename: str, by: str, allowed: set[int] | None = None) -> int:
    """Load ``partnership,period_start,period_end,measure,value,unit,target,notes`` rows; returns how many.

    Optional columns ``kind`` (how_much, how_well, better_off), ``direction`` (up, down)
    and ``baseline`` describe a new measure; ``unit_value`` (£ one unit is worth) and
    ``unit_value_source`` give it a monetised value. ``allowed`` limits which partnerships may be written.
    """
    parsed = parse_rows(filename, read_rows(data, filename, OUTCOME_COLUMNS, REQUIRED), entries.outcome_entry)
    partnerships = {name.lower(): pid for pid, name in registers.read_partnership_names(session).items()}
    for line, entry in parsed:
        if entry.partnership.lower() not in partnerships:
            raise RegisterError(filename, f"partnership: {entry.partnership!r} is not in the register", line)
        if allowed is not None and partnerships[entry.partnership.lower()] not in allowed:
            raise RegisterError(filename, f"partnership: you do not lead {entry.partnership!r}", line)
    for line, entry in parsed:
        with at_line(filename, line):
            measure = outcomes.merge_measure(session, partnerships[entry.partnership.lower()], entry.measure)
            outcomes.record_value(session, measure, entry.value, by)
    return len(parsed)


def add_measure(session: Session, partnership_id: int, entry: entries.MeasureEntry) -> Measure:
    return outcomes.add_measure(session, partnership_id, entry)


def record_value(session: Session, partnership_id: int, measure_id: int, entry: entries.ValueEntry, by: str) -> None:
    measure = outcomes.find_measure(session, measure_id)
    if measure is None or measure.partnership_id != partnership_id:
        raise InvalidEntry("measure", "is not one of this partnership's measures")
    outcomes.record_value(session, measure, entry, by)
