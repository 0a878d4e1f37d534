"""What every table of the schema is built on: the declarative ``Base`` and the column types.

Money and rates are exact decimals stored as scaled integers; instants are stored in UTC. Kept apart from
the tables so that each aggregate's module imports this one alone, and none imports another back.
"""

from __future__ import annotations

from datetime import UTC
from decimal import ROUND_HALF_EVEN, Decimal

from sqlalchemy import BigInteger, DateTime
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator


class Scaled(TypeDecorator):
    """A ``Decimal`` stored as a whole number of 10**-places units.

    SQLite has no decimal type (it would keep floats); integers are exact on
    every engine, and SQL ``SUM`` over them stays exact.
    """

    impl = BigInteger
    cache_ok = True

    def __init__(self, places: int) -> None:
        super().__init__()
        self.places = places

    def process_bind_param(self, value, dialect):
        return None if value is None else units(value, self.places)

    def process_result_value(self, value, dialect):
        return None if value is None else Decimal(int(value)).scaleb(-self.places)


def units(value: Decimal, places: int) -> int:
    """The whole number of 10**-places units a ``Scaled`` column stores for ``value`` (rounded half-even)."""
    return int(Decimal(value).scaleb(places).to_integral_value(ROUND_HALF_EVEN))


MONEY_PLACES = 2  # money is held in whole pence (an attendance's time in whole seconds)
RATE_PLACES = 6


def money() -> Scaled:
    return Scaled(MONEY_PLACES)


def rate() -> Scaled:
    return Scaled(RATE_PLACES)


class UTCDateTime(TypeDecorator):
    """Aware datetimes in, aware UTC datetimes out, on SQLite as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    """The one registry every table joins: ``Base.metadata`` is the schema Alembic compares, once
    ``tracker.models`` has imported every aggregate's module."""
