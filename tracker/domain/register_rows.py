"""A stored partnership as a register file's row: the inverse of ``entries.partnership_entry``. The edit form
starts from it and a register file that leaves a column out keeps it, so the two read a partnership alike."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Protocol


class StoredPartnership(Protocol):
    """What a partnership row is made from (the model's fields; no SQLAlchemy here)."""

    @property
    def name(self) -> str: ...
    @property
    def parent(self) -> StoredPartnership | None: ...
    @property
    def purpose(self) -> str: ...
    @property
    def lead_organisation(self) -> str: ...
    @property
    def lead_email(self) -> str | None: ...
    @property
    def keywords(self) -> str: ...
    @property
    def categories(self) -> str: ...
    @property
    def priority(self) -> int: ...
    @property
    def review_on(self) -> date | None: ...
    @property
    def last_reviewed(self) -> date | None: ...
    @property
    def preparation_hours(self) -> Decimal: ...
    @property
    def travel_hours(self) -> Decimal: ...


def partnership_row(item: StoredPartnership) -> dict[str, str]:
    """The partnership as a register file would hold it, each field as the file writes it."""
    return {
        "name": item.name,
        "parent": item.parent.name if item.parent else "",
        "purpose": item.purpose,
        "lead_organisation": item.lead_organisation,
        "lead_email": item.lead_email or "",
        "keywords": item.keywords,
        "categories": item.categories,
        "priority": str(item.priority),
        "review_on": item.review_on.isoformat() if item.review_on else "",
        "last_reviewed": item.last_reviewed.isoformat() if item.last_reviewed else "",
        "preparation_hours": f"{item.preparation_hours.normalize():f}" if item.preparation_hours else "",
        "travel_hours": f"{item.travel_hours.normalize():f}" if item.travel_hours else "",
    }
