"""The figures and switches an administrator can change, with their defaults. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from typing import Any

from .costing import productive_hours, working_day
from .entries import InvalidEntry, plain_decimal
from .source_addresses import PrivateAllowed, private_servers


@dataclass(frozen=True)
class Settings:
    weekly_hours: Decimal = Decimal("37")
    leave_days: Decimal = Decimal("27")
    bank_holidays: Decimal = Decimal("8")
    count_cancelled: bool = False
    count_declined: bool = False
    count_all_day: bool = False
    count_free: bool = False
    count_private: bool = False
    retain_titles_months: int = 24  # 0: titles and attendee lists are kept for ever
    allow_private_sources: bool = False  # connected calendars on loopback or private addresses (source_addresses)
    private_source_servers: str = ""  # or only these servers (names and networks), when that is off

    @property
    def private_sources(self) -> PrivateAllowed:
        """Which private or local addresses connected calendars may be read from: all, or those listed."""
        return True if self.allow_private_sources else private_servers(self.private_source_servers)

    @cached_property  # read for every attendance priced: worked out once (the settings are frozen)
    def productive_hours(self) -> Fraction:
        return productive_hours(self.weekly_hours, self.leave_days, self.bank_holidays)

    @property
    def day_hours(self) -> Decimal:
        """A working day's hours, as pages show hours in days."""
        return working_day(self.weekly_hours)

    @property
    def counted_exclusions(self) -> set[str]:
        """Exclusion reasons the administrator has switched off (so those meetings count)."""
        names = {
            "cancelled": self.count_cancelled,
            "declined": self.count_declined,
            "all_day": self.count_all_day,
            "transparent": self.count_free,
            "private": self.count_private,
        }
        return {name for name, on in names.items() if on}


DESCRIPTIONS = {
    "weekly_hours": "Full-time contracted hours a week",
    "leave_days": "Annual leave days a year (full time)",
    "bank_holidays": "Bank holidays a year",
    "count_cancelled": "Count cancelled meetings",
    "count_declined": "Count meetings a person declined",
    "count_all_day": "Count all-day events (as one working day each)",
    "count_free": "Count events shown as free",
    "count_private": "Count private events",
    "retain_titles_months": "Months meeting titles and attendee lists are kept (0: for ever)",
    "allow_private_sources": "Allow connected calendars on private or local network addresses",
    "private_source_servers": "Private servers connected calendars may be read from",
}

# Settings no figure depends on: changing only these works nothing out again.
NOT_FIGURES = frozenset({"allow_private_sources", "private_source_servers"})


# The sensible range of each number, the same for the settings form and ``tracker settings set``.
RANGES: dict[str, tuple[Decimal, Decimal]] = {
    "weekly_hours": (Decimal(1), Decimal(80)),
    "leave_days": (Decimal(0), Decimal(100)),
    "bank_holidays": (Decimal(0), Decimal(30)),
    "retain_titles_months": (Decimal(0), Decimal(600)),
}


def parse(values: Mapping[str, str]) -> Settings:
    """Settings from stored text, ignoring unknown keys; bad values raise ``ValueError``."""
    settings = Settings()
    for f in fields(Settings):
        if f.name in values:
            change: dict[str, Any] = {f.name: convert(f.name, values[f.name])}
            settings = replace(settings, **change)
    return settings


def convert(key: str, text: str) -> Decimal | bool | int | str:
    """A setting's value from text; ``InvalidEntry`` (a ``ValueError``) names the setting and says why not."""
    default = getattr(Settings(), key, None)
    if default is None and key not in DESCRIPTIONS:
        raise InvalidEntry(key, f"is not a setting; known: {', '.join(DESCRIPTIONS)}")
    text = str(text).strip()
    if isinstance(default, str):  # the one list: private servers, each a name or a network
        try:
            return str(private_servers(text))
        except ValueError as exc:
            raise InvalidEntry(key, str(exc)) from None
    if isinstance(default, bool):
        if text.lower() in ("1", "true", "yes", "on"):
            return True
        if text.lower() in ("0", "false", "no", "off"):
            return False
        raise InvalidEntry(key, f"{text!r} is not yes or no")
    value = plain_decimal(text)
    if value is None or (isinstance(default, int) and value != value.to_integral_value()):
        kind = "a whole number" if isinstance(default, int) else "a number"
        raise InvalidEntry(key, f"{text!r} is not {kind}")
    low, high = RANGES.get(key, (Decimal(0), Decimal("Infinity")))
    if not low <= value <= high:
        raise InvalidEntry(key, f"{text!r} is not between {low} and {high}")
    return int(value) if isinstance(default, int) else value
