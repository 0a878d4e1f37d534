"""How exact figures become the whole units the database holds and the figures people read. Pure.

Time is held in whole seconds and money in whole pence, each rounded once, half up, where an attendance is
costed: a share of a person's clock (a ``Fraction`` of an hour) becomes seconds, a rate becomes pence, and
an attendance's cost is its seconds x rate / 3600 rounded to the penny. Every total is then a sum of whole
units, so a printed total is the sum of the printed pence it sums, and hours are rounded once from an exact
sum of seconds (never from a sum of rounded or recurring hours: three thirds of an hour in 28 digits add
up to 0.999...).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

SECONDS_AN_HOUR = 3600
MAX_PLACES = 10  # the most places a meetings CSV row's hours take to multiply out


def half_up(value: Fraction, unit: Fraction = Fraction(1)) -> int:
    """How many whole ``unit``s ``value`` is, rounded half up (away from zero at a half, as finance does)."""
    scaled = abs(value) / unit
    whole = int(scaled + Fraction(1, 2))  # floor of |x| + 1/2: a half goes up
    return whole if value >= 0 else -whole


def whole_seconds(hours: Fraction) -> int:
    """An attendance's time, an exact share of the clock in hours, as the whole seconds it is held as."""
    return half_up(hours * SECONDS_AN_HOUR)


def pence(pounds: Fraction | Decimal) -> int:
    """An amount in pounds as the whole pence it is held as (a rate at actual pay, an attendance's cost)."""
    return half_up(Fraction(pounds), Fraction(1, 100))


def pounds(whole_pence: int) -> Decimal:
    """Whole pence as pounds, exactly (two places)."""
    return Decimal(whole_pence).scaleb(-2)


def cost_pence(seconds: int, rate_pence: int) -> int:
    """An attendance's cost: its seconds at a rate in pence an hour, rounded once, half up, to the penny.

    In whole numbers (what ``half_up`` gives for seconds x rate / 3600, without a ``Fraction`` for each of
    a borough's hundred thousand attendances)."""
    exact = seconds * rate_pence  # in pence x 3600
    whole = (2 * abs(exact) + SECONDS_AN_HOUR) // (2 * SECONDS_AN_HOUR)  # floor of |x| / 3600 + 1/2
    return whole if exact >= 0 else -whole


def hours(seconds: int) -> Decimal:
    """Seconds as hours for showing, rounded only where shown (to 1, 2 or 3 places, half up).

    The quotient carries 28 significant digits. Seconds / 3600 either ends within them (and is exact) or
    recurs, and a recurring value lies at least 1/7,200,000 of an hour from any half at up to 3 places, far
    beyond the 28th digit: rounding it once where it is shown gives what rounding the exact value gives."""
    return Decimal(seconds) / SECONDS_AN_HOUR


def rounded(value: Fraction | Decimal, places: int) -> Decimal:
    """``value`` rounded once, half up, to ``places`` decimals."""
    unit = Fraction(1, 10**places)
    return Decimal(half_up(Fraction(value), unit)).scaleb(-places)


def row_hours(seconds: int, rate: Decimal) -> str:
    """A meetings CSV row's hours, printed so that printed hours x printed rate, rounded half up to the
    penny, is the row's cost (seconds x rate / 3600, rounded half up to the penny).

    Six places, half up, almost always do. Near a half penny they may not: then more places (up to
    ``MAX_PLACES``), and at a half-penny boundary the hours are rounded the way that keeps the product on
    the cost's side of it."""
    rate_ = Fraction(rate)
    cost = pence(Fraction(seconds) * rate_ / SECONDS_AN_HOUR)
    exact = Fraction(seconds, SECONDS_AN_HOUR)
    tries = [(places, 0) for places in range(6, MAX_PLACES + 1)]  # half up, with more places if need be
    tries += [(places, step) for places in range(6, MAX_PLACES + 1) for step in (1, -1)]  # then either way
    for places, step in tries:
        unit = Fraction(1, 10**places)
        candidate = half_up(exact, unit) + step
        if pence(candidate * unit * rate_) == cost:
            return f"{Decimal(candidate).scaleb(-places):.{places}f}"
    raise ValueError(f"no hours to {MAX_PLACES} places multiply out: {seconds} s at {rate}")
