"""Front-line comparators and funding streams, by form or CSV file (all or nothing), and saved scenarios.
They change no attendance, so nothing here brings attendances up to date."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from ..domain import planning_entries as entries
from ..store import planning
from .register_files import LoadSummary, at_line, parse_rows, read_rows

COMPARATOR_COLUMNS = ("name", "unit", "cost_per_unit", "source")
FUNDING_COLUMNS = ("partnership", "source", "amount", "period_start", "period_end", "conditions")


def _load_comparators(session: Session, data: bytes, filename: str) -> LoadSummary:
    rows = read_rows(data, filename, COMPARATOR_COLUMNS, COMPARATOR_COLUMNS[:3])
    parsed = parse_rows(filename, rows, entries.comparator_entry)
    created = sum(planning.upsert_comparator(session, entry) for _, entry in parsed)
    return LoadSummary(created, len(parsed) - created, len(parsed))


def _load_funding(session: Session, data: bytes, filename: str) -> LoadSummary:
    rows = read_rows(data, filename, FUNDING_COLUMNS, FUNDING_COLUMNS[:5])
    parsed = parse_rows(filename, rows, entries.funding_entry)
    created = 0
    for line, entry in parsed:
        with at_line(filename, line):  # a partnership not in the register names its line
            created += planning.upsert_funding(session, entry)
    return LoadSummary(created, len(parsed) - created, len(parsed))


LOADERS: dict[str, Callable[[Session, bytes, str], LoadSummary]] = {
    "comparators": _load_comparators,
    "funding": _load_funding,
}


def save_comparator(session: Session, entry: entries.ComparatorEntry) -> None:
    planning.upsert_comparator(session, entry)


def remove_comparator(session: Session, comparator_id: int) -> str:
    return planning.remove_comparator(session, comparator_id)


def save_funding(session: Session, entry: entries.FundingEntry) -> None:
    planning.upsert_funding(session, entry)


def remove_funding(session: Session, stream_id: int) -> str:
    return planning.remove_funding(session, stream_id)


def save_scenario(session: Session, entry: entries.ScenarioEntry, by: str) -> int:
    """Save a scenario by name; returns its id. What it saves is worked out when it is looked at."""
    return planning.add_scenario(session, entry, by).id


def remove_scenario(session: Session, scenario_id: int) -> str:
    return planning.remove_scenario(session, scenario_id)
