"""RFC 7529 Gregorian rules with SKIP: where an instance goes when its day does not exist.

recurring-ical-events knows no SKIP and expands such a rule as SKIP=OMIT, the default:
29 February only in leap years, the 31st only in months that have one. For SKIP=FORWARD
(the first day after: 1 March) and SKIP=BACKWARD (the month's last day: 28 February) the
moved instances are added here as RDATEs, so the library still does everything else
(EXDATEs, overrides, zones, the window). Moved instances count towards COUNT, so a COUNT
becomes the UNTIL of its last instance.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta

SKIPS = ("FORWARD", "BACKWARD")
# The rule parts whose instances are worked out here; any other part changes which days a rule makes.
PARTS = {"FREQ", "INTERVAL", "COUNT", "UNTIL", "BYMONTH", "BYMONTHDAY", "WKST", "RSCALE", "SKIP"}
MOVES = {"FORWARD": "the first day of the next month", "BACKWARD": "the last day of its month"}
LAST_YEAR = 9999


def unsupported(parts: Mapping[str, str]) -> str | None:
    """Why the moved instances of this yearly or monthly rule are not worked out here, or None.

    ``parts`` maps upper-case rule part names to their text, as the RRULE line has them.
    """
    other = sorted(set(parts) - PARTS)
    if other:
        return f"with {other[0]}"
    for day in filter(None, parts.get("BYMONTHDAY", "").split(",")):
        if not day.lstrip("+-").isdigit() or int(day) < -28:
            return f"with BYMONTHDAY={day}"
    for month in filter(None, parts.get("BYMONTH", "").split(",")):
        if not month.isdigit():
            return f"with BYMONTH={month}"
    return None


def moves_days(freq: str) -> bool:
    """Only yearly and monthly rules make days a month lacks; the others filter existing days."""
    return freq.upper() in ("YEARLY", "MONTHLY")


def apply_skip(event, until: datetime) -> None:
    """Give the event's SKIP=FORWARD/BACKWARD rules their moved instances (up to ``until`` at least).

    RSCALE and SKIP are removed from every rule, so the library reads them as plain rules.
    """
    rules = event.get("RRULE")
    start = event["DTSTART"].dt
    moved = []
    for rule in rules if isinstance(rules, list) else ([rules] if rules is not None else []):
        skips = rule.pop("SKIP", None)
        skip = str(getattr(skips[0], "value", skips[0])).upper() if skips else "OMIT"  # icalendar's vSkip enum
        rule.pop("RSCALE", None)
        parts = {key.upper(): ",".join(str(v) for v in values) for key, values in rule.items()}
        if skip in SKIPS and moves_days(parts.get("FREQ", "")) and not unsupported(parts):
            moved.extend(_moved_instances(rule, start, skip, until))
    if moved:
        event.add("RDATE", sorted(set(moved)))


def _moved_instances(rule, start: date, skip: str, until: datetime) -> list[date]:
    """The instances SKIP moves, within the rule's COUNT or UNTIL; a COUNT becomes an UNTIL."""
    count = int(rule["COUNT"][0]) if rule.get("COUNT") else None
    last = _comparable_until(rule["UNTIL"][0], start) if rule.get("UNTIL") else None
    stop = (until + timedelta(days=1)).date()
    moved: dict[date, bool] = {}  # instance -> only made by moving a day (so not by the rule itself)
    for days in _periods(rule, start, skip):
        if count is None and days and days[0][0] > stop:
            break
        for day, is_moved in days:
            value = _at(day, start)
            if value >= start and (last is None or value <= last):
                moved[value] = moved.get(value, True) and is_moved
        # A later year or month only makes later days, so the first COUNT instances are known.
        if count is not None and len(moved) >= count:
            break
    instances = sorted(moved)
    if count is not None and instances:
        instances = instances[:count]
        end = instances[-1]
        del rule["COUNT"]
        rule["UNTIL"] = [end.astimezone(UTC) if isinstance(end, datetime) and end.tzinfo else end]
    return [value for value in instances if moved[value]]


def _periods(rule, start: date, skip: str):
    """Each year's (or month's) days of the rule, in order, as (day, moved by SKIP) pairs."""
    first = start.date() if isinstance(start, datetime) else start
    interval = int((rule.get("INTERVAL") or [1])[0])
    months = sorted(int(str(m)) for m in rule.get("BYMONTH") or [])
    monthdays = [int(d) for d in rule.get("BYMONTHDAY") or []] or [first.day]
    yearly = str(rule["FREQ"][0]).upper() == "YEARLY"
    if yearly and not months:
        months = list(range(1, 13)) if rule.get("BYMONTHDAY") else [first.month]
    year, month = first.year, first.month
    while year <= LAST_YEAR:
        if yearly:
            yield sorted(_resolve(year, m, d, skip) for m in months for d in monthdays)
            year += interval
        else:
            if not months or month in months:
                yield sorted(_resolve(year, month, d, skip) for d in monthdays)
            year, month = year + (month - 1 + interval) // 12, (month - 1 + interval) % 12 + 1


def _resolve(year: int, month: int, day: int, skip: str) -> tuple[date, bool]:
    """Day ``day`` of a month (negative: from its end), or where SKIP moves it when the month lacks it."""
    length = monthrange(year, month)[1]
    if day < 0:
        return date(year, month, length + day + 1), False  # only -1..-28, which every month has
    if day <= length:
        return date(year, month, day), False
    if skip == "BACKWARD":
        return date(year, month, length), True
    return (date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)), True


def _at(day: date, start: date) -> date:
    """The instance on ``day``: at DTSTART's local time when the series is timed."""
    return datetime.combine(day, start.timetz()) if isinstance(start, datetime) else day


def _comparable_until(until: date, start: date) -> date:
    """UNTIL in the form of the instances, read as recurring-ical-events reads it."""
    if not isinstance(start, datetime):
        return until.date() if isinstance(until, datetime) else until
    if not isinstance(until, datetime):
        until = datetime.combine(until, time(), UTC)
    if start.tzinfo is None:
        return until.replace(tzinfo=None)
    return until if until.tzinfo else until.replace(tzinfo=UTC)
