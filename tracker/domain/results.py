"""Cost against results: whether measures met their targets, and what each unit of outcome cost. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

KINDS = {
    "how_much": "How much did we do?",
    "how_well": "How well did we do it?",
    "better_off": "Is anyone better off?",
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


@dataclass(frozen=True)
class MeasureResult:
    measure: str
    kind: str
    unit: str
    value: Decimal
    target: Decimal | None
    met: bool | None  # None: no target to judge by
    cost_per_unit: Decimal | None


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
    """
    latest: dict[str, Reading] = {}
    for r in readings:
        if r.period_end < start or r.period_start > end:
            continue
        if r.measure not in latest or r.period_end > latest[r.measure].period_end:
            latest[r.measure] = r
    results = []
    for r in sorted(latest.values(), key=lambda x: (list(KINDS).index(x.kind) if x.kind in KINDS else 9, x.measure)):
        per_unit = cost / r.value if r.value > 0 and r.unit.strip() not in ("%", "percent", "rate") else None
        results.append(
            MeasureResult(r.measure, r.kind, r.unit, r.value, r.target, met(r.value, r.target, r.direction), per_unit)
        )
    return PartnershipResult(tuple(results))
