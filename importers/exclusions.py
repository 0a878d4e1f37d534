"""Why a meeting is not costed: the reasons, their order, and what "ends before it starts" means.

Written once, here, because three places ask: the readers (an event that ends before it starts is
listed but not expanded), an occurrence as a file gave it (``Occurrence.exclusion``, shown by
``tracker inspect``) and a stored meeting (``tracker.domain.attendance``, which honours the settings
that count a reason after all). Here, in ``importers``, because the domain may import the readers'
package but the readers never import the tracker.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, date, datetime
from typing import Protocol

# Why an occurrence is not costed. The keys are stable: summaries count them and settings name them.
EXCLUSION_REASONS = {
    "cancelled": "cancelled",
    "all_day": "all-day event",
    "transparent": "shown as free",
    "private": "private event",
    "negative_duration": "ends before it starts",
}


def exclusion(
    *,
    status: str | None,
    private: bool,
    all_day: bool,
    transparent: bool,
    negative: bool,
    counted: Collection[str] = frozenset(),
) -> str | None:
    """The first reason nobody is costed for a meeting, or None; a reason in ``counted`` (switched on in
    the settings) does not exclude. The order is fixed so each meeting is counted under one reason."""
    checks = (
        ("cancelled", status == "CANCELLED"),
        ("private", private),
        ("all_day", all_day),
        ("transparent", transparent),
        ("negative_duration", negative),
    )
    for reason, applies in checks:
        if applies and reason not in counted:
            return reason
    return None


class Excludable(Protocol):
    """An occurrence as a file gave it, a stored meeting, or what a summary reads of one."""

    @property
    def status(self) -> str | None: ...
    @property
    def private(self) -> bool: ...
    @property
    def all_day(self) -> bool: ...
    @property
    def transparent(self) -> bool: ...
    @property
    def start(self) -> date | None: ...
    @property
    def end(self) -> date | None: ...


def exclusion_of(event: Excludable, counted: Collection[str] = frozenset()) -> str | None:
    """``exclusion`` of an event's own fields: the one way an occurrence and a meeting are both judged."""
    return exclusion(
        status=event.status,
        private=event.private,
        all_day=event.all_day,
        transparent=event.transparent,
        negative=ends_before_start(event.start, event.end),
        counted=counted,
    )


def ends_before_start(start: date | None, end: date | None) -> bool:
    """Whether an event ends before it starts ("negative_duration"): the readers list such an event
    without expanding it, and it is never costed.

    Only values of one kind are compared (a date with a date, a time with a time; anything else is not
    negative); aware times are compared as instants, floating ones as written, and a floating time
    against an aware one as though it were UTC, as the faithful reader always has."""
    if start is None or end is None or type(start) is not type(end):
        return False
    return _comparable(end) < _comparable(start)


def _comparable(value: date) -> date:
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)
    return value
