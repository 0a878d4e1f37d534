"""What partnerships achieve: their Results-Based Accountability measures and the values reported for them
(``store/outcomes.py`` writes them, ``reports/results.py`` reads them)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import RATE_PLACES, Base, Scaled, UTCDateTime, money
from .partnerships import Partnership


class Measure(Base):
    """A Results-Based Accountability measure of one partnership."""

    __tablename__ = "measure"
    __table_args__ = (UniqueConstraint("partnership_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20), default="better_off")  # how_much | how_well | better_off
    unit: Mapped[str] = mapped_column(String(60), default="")
    baseline: Mapped[Decimal | None] = mapped_column(Scaled(RATE_PLACES))
    target: Mapped[Decimal | None] = mapped_column(Scaled(RATE_PLACES))
    direction: Mapped[str] = mapped_column(String(10), default="up")  # up: higher is better
    # What one unit of the measure is worth in money, where the partnership states it, and where that
    # figure comes from (a published unit-cost database, say): gives a value-to-cost ratio.
    unit_value: Mapped[Decimal | None] = mapped_column(money())
    unit_value_source: Mapped[str] = mapped_column(Text, default="", server_default="")
    partnership: Mapped[Partnership] = relationship()
    values: Mapped[list[OutcomeValue]] = relationship(
        cascade="all, delete-orphan", back_populates="measure", order_by="OutcomeValue.period_start"
    )


class OutcomeValue(Base):
    """A value reported for one measure over one period, with its evidence."""

    __tablename__ = "outcome_value"
    __table_args__ = (UniqueConstraint("measure_id", "period_start", "period_end"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("measure.id", ondelete="CASCADE"), index=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    value: Mapped[Decimal] = mapped_column(Scaled(RATE_PLACES))
    notes: Mapped[str] = mapped_column(Text, default="")
    reported_by: Mapped[str] = mapped_column(String(320), default="")
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime())
    measure: Mapped[Measure] = relationship(back_populates="values")
