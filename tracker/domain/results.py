"""Cost against results: whether measures met their targets, and what each unit of outcome cost. Pure.

The rule that sets a result against cost fairly (written on the definitions page, "Results against cost"):

- A result is set against the meeting cost of its own period only: the partnership's meetings held on the
  days of the result's period that fall in the chosen period. A quarter's result is never set against
  eight months of meetings.
- Where the result's period runs outside the chosen period, only the share of the result for the days
  inside it counts: value x days inside / days of the result's period (pro rata by days).
- A result whose period has not finished (its end is after today, London) is marked "period not
  finished" and gives no ratio: a part-reported quarter would flatter or shame the cost at random.
- Direction: where lower is better, a count of (say) repeat cases is not something the meetings
  achieved, so there is never a cost "per case". Where the measure has a baseline and the result is
  below it, the fall from the baseline is what was achieved: cost per unit fewer, and worth of the
  units avoided. Otherwise no ratio, with the reason.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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
    baseline: Decimal | None = None


# Why a measure gives no ratio, as the pages say it.
NO_RATIO = {
    "unfinished": "no ratio: the period has not finished",
    "rate": "no ratio: a rate, not a count",
    "nothing": "no ratio: nothing counted in the period",
    "no_baseline": "no ratio: lower is better and there is no baseline to measure the fall from",
    "no_fall": "no ratio: lower is better and it is not below its baseline",
}
# The same reasons in a word or two, where a summary has a narrow column for them (the dashboard's answer).
NO_RATIO_BRIEF = {
    "unfinished": "period not finished",
    "rate": "a rate",
    "nothing": "nothing counted",
    "no_baseline": "no baseline",
    "no_fall": "not below baseline",
}


def days_inside(period_start: date, period_end: date, start: date, end: date) -> tuple[int, int]:
    """Of a result's period, the days that fall in [start, end] and the days of the whole period."""
    inside = (min(period_end, end) - max(period_start, start)).days + 1
    return max(inside, 0), max((period_end - period_start).days + 1, 0)


def pro_rata(value: Decimal, period_start: date, period_end: date, start: date, end: date) -> Decimal:
    """The part of a result for the days of its period inside [start, end]: value x days inside / days
    of the result's period (multiplied first, so a whole number of units stays whole)."""
    inside, whole = days_inside(period_start, period_end, start, end)
    return value * inside / whole if whole else Decimal(0)


def cost_of_days(cost_by_day: Mapping[date, Decimal], first: date, last: date) -> Decimal:
    """Meeting cost of the days first..last (a result's own period, inside the chosen one)."""
    return sum((c for d, c in cost_by_day.items() if first <= d <= last), Decimal(0))


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
    direction: str = "up"
    period_start: date | None = None
    period_end: date | None = None
    unfinished: bool = False  # the result's period ends after today: marked, and no ratio
    cost: Decimal | None = None  # meeting cost of the result's own period inside the chosen one
    share: Decimal = Decimal(1)  # share of the result's period inside the chosen one (pro rata by days)
    achieved: Decimal | None = None  # what the ratios divide by: the value (up) or the fall from baseline (down)
    no_ratio: str = ""  # a key of NO_RATIO when there is no ratio to show

    @property
    def why_no_ratio(self) -> str:
        """What the pages say instead of a ratio (their targets read "at most" where ``direction`` is down)."""
        return NO_RATIO.get(self.no_ratio, "")

    @property
    def why_no_ratio_brief(self) -> str:
        return NO_RATIO_BRIEF.get(self.no_ratio, "")


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
    def headline(self) -> MeasureResult | None:
        """The one result a summary shows: the most telling measure (``evaluate``'s order, who is better off
        first) that has a target to be judged by, else the most telling of all; None when nothing is reported."""
        return next((m for m in self.measures if m.target is not None), self.measures[0] if self.measures else None)

    @property
    def share_met(self) -> Decimal | None:
        """Share of measures with a target that met it; None when nothing can be judged."""
        return Decimal(sum(1 for m in self.measures if m.met)) / self.judged if self.judged else None


def met(value: Decimal, target: Decimal | None, direction: str) -> bool | None:
    if target is None:
        return None
    return value <= target if direction == "down" else value >= target


def evaluate(
    readings: Sequence[Reading],
    cost_by_day: Mapping[date, Decimal],
    start: date,
    end: date,
    today: date | None = None,
) -> PartnershipResult:
    """The latest reading of each measure whose period overlaps [start, end], judged against its target,
    set against the meeting cost of its own period (see the module's rule).

    ``cost_by_day`` is the partnership's own meeting cost by local day over [start, end]. Cost per unit
    divides that cost by what was achieved, for counts of things done or people helped (not rates such
    as percentages, where it means nothing). Where a measure states what one unit is worth, the
    value-to-cost ratio is achieved x unit value over the cost: above 1, the outcome is worth more than
    the meeting time spent on it. Measures come "better off" first. ``today`` None: nothing is unfinished
    (the status of an overdue review needs no ratios).
    """
    latest: dict[str, Reading] = {}
    for r in readings:
        if r.period_end < start or r.period_start > end:
            continue
        if r.measure not in latest or r.period_end > latest[r.measure].period_end:
            latest[r.measure] = r
    ordered = sorted(latest.values(), key=lambda x: (list(KINDS).index(x.kind) if x.kind in KINDS else 9, x.measure))
    return PartnershipResult(tuple(_weigh(r, cost_by_day, start, end, today) for r in ordered))


def _weigh(
    r: Reading, cost_by_day: Mapping[date, Decimal], start: date, end: date, today: date | None
) -> MeasureResult:
    """One reading against the cost of its own days, direction-aware."""
    inside, whole = days_inside(r.period_start, r.period_end, start, end)
    share = Decimal(inside) / whole if whole else Decimal(0)
    cost = cost_of_days(cost_by_day, max(r.period_start, start), min(r.period_end, end))
    unfinished = today is not None and r.period_end > today
    rate = r.unit.strip() in ("%", "percent", "rate")
    achieved: Decimal | None = None
    why = ""
    if unfinished:
        why = "unfinished"
    elif rate:
        why = "rate"
    elif r.direction == "down":
        if r.baseline is None:
            why = "no_baseline"
        elif r.value >= r.baseline:
            why = "no_fall"
        else:
            achieved = pro_rata(r.baseline - r.value, r.period_start, r.period_end, start, end)
    elif r.value > 0:
        achieved = pro_rata(r.value, r.period_start, r.period_end, start, end)
    else:
        why = "nothing"
    if achieved is not None and achieved <= 0:
        achieved, why = None, "nothing"
    per_unit = cost / achieved if achieved is not None else None
    worth = achieved * r.unit_value / cost if achieved is not None and r.unit_value is not None and cost > 0 else None
    return MeasureResult(
        r.measure,
        r.kind,
        r.unit,
        r.value,
        r.target,
        met(r.value, r.target, r.direction),
        per_unit,
        r.unit_value if not rate else None,
        r.unit_value_source,
        worth,
        r.direction,
        r.period_start,
        r.period_end,
        unfinished,
        cost,
        share,
        achieved,
        why,
    )
