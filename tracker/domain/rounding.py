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


def half_up(value: Fraction, unit: Fraction = Fraction(1)) -> int:
    """How many whole ``unit``s ``value`` is, rounded half up (away from zero at a half, as finance does)."""
    scaled = abs(value) / unit
    whole = int(scaled + Fraction(1, 2))  # floor of |x| + 1/2: a half goes up
    return whole if value >= 0 else -whole


def whole_seconds(hours: Fraction | Decimal) -> int:
    """An exact time in hours (an attendance's share of the clock, a sum of seconds as hours, a year's
    estimate) as whole seconds, rounded once, half up."""
    return half_up(Fraction(hours) * SECONDS_AN_HOUR)


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


def clock(seconds: int, *, for_files: bool = False) -> str:
    """Whole seconds written exactly as hours and minutes: ``1:30`` is an hour and a half.

    Why not decimal hours: seconds / 3600 seldom ends (1,000 s is 0.2777... h), so hours rounded to any
    places make a column whose rows differ from its total by hundredths. Written exactly, every printed row
    adds up to its printed total, and a meetings row's time x its rate is its cost. For people, thousands
    are separated and seconds written only where there are some (a three-way split of 50 minutes is
    0:16:40); ``for_files`` (CSV, API) always ``H:MM:SS`` with no separator, one shape a spreadsheet reads as a
    duration."""
    sign = "-" if seconds < 0 else ""
    whole_minutes, second = divmod(abs(seconds), 60)
    hour, minute = divmod(whole_minutes, 60)
    if for_files:
        return f"{sign}{hour}:{minute:02d}:{second:02d}"
    return f"{sign}{hour:,}:{minute:02d}" + (f":{second:02d}" if second else "")


def clock_words(seconds: int) -> str:
    """Whole seconds in words for a sentence, exactly: 1 hour 30 minutes, 16 minutes 40 seconds."""
    whole_minutes, second = divmod(abs(seconds), 60)
    hour, minute = divmod(whole_minutes, 60)
    parts = ((hour, "hour"), (minute, "minute"), (second, "second"))
    said = [f"{n:,} {unit}{'' if n == 1 else 's'}" for n, unit in parts if n]
    return ("minus " if seconds < 0 else "") + (" ".join(said) or "no time")
