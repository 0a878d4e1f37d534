"""Writing front-line comparators, funding streams and scenarios: none changes who attended or what time
cost."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.entries import InvalidEntry
from ..domain.planning_entries import ComparatorEntry, FundingEntry, ScenarioEntry
from ..models import Comparator, FundingStream, Scenario
from .registers import find_partnership


def upsert_comparator(session: Session, entry: ComparatorEntry) -> bool:
    """Add a comparator or change the one of that name; returns whether it is new."""
    item = session.scalar(select(Comparator).where(Comparator.name == entry.name))
    created = item is None
    if item is None:
        item = Comparator(name=entry.name)
        session.add(item)
    item.unit, item.cost_per_unit, item.source = entry.unit, entry.cost_per_unit, entry.source
    session.flush()
    return created


def _remove(session: Session, model: type, item_id: int, what: str):
    """Delete one row by id; ``InvalidEntry`` when it is not there (gone already, say)."""
    item = session.get(model, item_id)
    if item is None:
        raise InvalidEntry(what, "is not in the list")
    session.delete(item)
    session.flush()
    return item


def remove_comparator(session: Session, comparator_id: int) -> str:
    return _remove(session, Comparator, comparator_id, "comparator").name


def upsert_funding(session: Session, entry: FundingEntry) -> bool:
    """Add a funding stream or change the one of that partnership, source and start; returns whether new."""
    partnership = find_partnership(session, entry.partnership)
    if partnership is None:
        raise InvalidEntry("partnership", f"{entry.partnership!r} is not in the register")
    item = session.scalar(
        select(FundingStream).where(
            FundingStream.partnership_id == partnership.id,
            FundingStream.source == entry.source,
            FundingStream.period_start == entry.period_start,
        )
    )
    created = item is None
    if item is None:
        item = FundingStream(partnership_id=partnership.id, source=entry.source, period_start=entry.period_start)
        session.add(item)
    item.amount, item.period_end, item.conditions = entry.amount, entry.period_end, entry.conditions
    session.flush()
    return created


def remove_funding(session: Session, stream_id: int) -> str:
    return _remove(session, FundingStream, stream_id, "funding").source


def add_scenario(session: Session, entry: ScenarioEntry, by: str) -> Scenario:
    if session.scalar(select(Scenario.id).where(Scenario.name == entry.name)) is not None:
        raise InvalidEntry("name", "a scenario of that name exists: choose another name")
    item = Scenario(
        name=entry.name, kind=entry.kind, params=json.dumps(entry.params()), created_by=by, created_at=datetime.now(UTC)
    )
    session.add(item)
    session.flush()
    return item


def remove_scenario(session: Session, scenario_id: int) -> str:
    return _remove(session, Scenario, scenario_id, "scenario").name
