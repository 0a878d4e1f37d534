"""Cost against results: whether measures met their targets, and what each unit of outcome cost. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

KINDS = {  # in the order results are weighed: who is better off first, activity last
    "better_off": "Is anyone better off?",
    "how_well": "How well did we do it?",
    "how_much": "How much did we do?",
}
# What a partnership's reports say of its results, most telling first.
STATUSES = {
    "better_off": "Reports who is better off",
    "how_well": "Reports how well, not who is better off",
    "activity": "Reports only activity",
    "nothing": "Reports nothing",
}
DIRECTIONS = {"up": "Higher", "down": "Lower"}  # which way is better


@dataclass(frozen=True)
class Reading:
    measure: str
    kind: str
    unit: str
    target: Decimal | None
    direction: str
    period_start: date
    period_end: date
    value: Decimal
    unit_value: Decimal | None = None
    unit_value_source: str = ""


@dataclass(frozen=True)
class MeasureResult:
    measure: str
    kind: str
    unit: str
    value: Decimal
    target: Decimal | None
    met: bool | None  # None: no target to judge by
    cost_per_unit: Decimal | None
    unit_value: Decimal | None = None
    unit_value_source: str = ""
    value_to_cost: Decimal | None = None  # what the outcome is worth for each £1 of meeting time


@dataclass(frozen=True)
class PartnershipResult:
    measures: tuple[MeasureResult, ...]

    @property
    def reported(self) -> bool:
        return bool(self.measures)

    @property
    def judged(self) -> int:
        return sum(1 for m in self.measures if m.met is not None)

    @property
    def status(self) -> str:
        """``better_off``, ``how_well``, ``activity`` (only how-much measures) or ``nothing``: see ``STATUSES``."""
        kinds = {m.kind for m in self.measures}
        if not kinds:
            return "nothing"
        if "better_off" in kinds:
            return "better_off"
        return "how_well" if "how_well" in kinds else "activity"

    @property
    def share_met(self) -> Decimal | None:
        """Share of measures with a target that met it; None when nothing can be judged."""
        return Decimal(sum(1 for m in self.measures if m.met)) / self.judged if self.judged else None


def met(value: Decimal, target: Decimal | None, direction: str) -> bool | None:
    if target is None:
        return None
    return value <= target if direction == "down" else value >= target


def evaluate(readings: Sequence[Reading], cost: Decimal, start: date, end: date) -> PartnershipResult:
    """The latest reading of each measure whose period overlaps [start, end], judged against its target.

    Cost per unit divides the meeting cost over the period by the value, for counts of
    things done or people helped (not for rates such as percentages, where it means nothing).
    Where a measure states what one unit is worth, the value-to-cost ratio is value x unit value
    over the cost: above 1, the outcome is worth more than the meeting time spent on it. Measures
    come "better off" first.
    """
    latest: dict[str, Reading] = {}
    for r in readings:
        if r.period_end < start or r.period_start > end:
            continue
        if r.measure not in latest or r.period_end > latest[r.measure].period_end:
            latest[r.measure] = r
    results = []
    for r in sorted(latest.values(), key=lambda x: (list(KINDS).index(x.kind) if x.kind in KINDS else 9, x.measure)):
        counted = r.value > 0 and r.unit.strip() not in ("%", "percent", "rate")
        per_unit = cost / r.value if counted else None
        worth = r.value * r.unit_value / cost if counted and r.unit_value is not None and cost > 0 else None
        results.append(
            MeasureResult(
                r.measure,
                r.kind,
                r.unit,
                r.value,
                r.target,
                met(r.value, r.target, r.direction),
                per_unit,
                r.unit_value if counted else None,
                r.unit_value_source,
                worth,
            )
        )
    return PartnershipResult(tuple(results))
