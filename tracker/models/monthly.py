"""The monthly sums the pages read (``store/monthly.py`` keeps them in step with the attendance rows)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UTCDateTime, money


class MonthlyFigure(Base):
    """Attributed attendances summed per partnership, person and month, kept up to date with them:
    what the dashboard, the exports and the API add up, so their time depends on what they show."""

    __tablename__ = "monthly_figure"
    __table_args__ = (  # a period's months read from the index alone, whatever they are grouped by
        Index(
            "ix_monthly_figure_sums",
            "month",
            "partnership_id",
            "person_id",
            "attendances",
            "uncosted",
            "seconds",
            "cost",
            "standard_uncosted",
            "standard_cost",
        ),
    )
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id", ondelete="CASCADE"), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), primary_key=True, index=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True, index=True)
    attendances: Mapped[int] = mapped_column(Integer)
    uncosted: Mapped[int] = mapped_column(Integer)
    seconds: Mapped[int] = mapped_column(Integer)
    cost: Mapped[Decimal | None] = mapped_column(money())
    standard_uncosted: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    standard_cost: Mapped[Decimal | None] = mapped_column(money())


class MonthlyMeetings(Base):
    """How many meetings each partnership held in each month (a meeting belongs to the month it starts)."""

    __tablename__ = "monthly_meetings"
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id", ondelete="CASCADE"), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True, index=True)
    meetings: Mapped[int] = mapped_column(Integer)


class MonthlySeries(Base):
    """Each meeting series' meetings held and cost per partnership and month: the dashboard's biggest
    recurring meetings are found from these, and only the few it shows are added up from the rows."""

    __tablename__ = "monthly_series"
    __table_args__ = (Index("ix_monthly_series_key", "series_key"),)  # a series' months, summed again
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id", ondelete="CASCADE"), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True, index=True)
    series_key: Mapped[str] = mapped_column(String(1000), primary_key=True)
    meetings: Mapped[int] = mapped_column(Integer)
    cost: Mapped[Decimal | None] = mapped_column(money())
    standard_cost: Mapped[Decimal | None] = mapped_column(money())


EVERY_CALENDAR = 0  # ``ReviewSeries.scope`` of the sums over every calendar: an administrator's queue


class ReviewSeries(Base):
    """Each series' meetings summed per calendar scope and partnership (or none): the rows of the review
    queue, kept in step by ``store/review_series.py``. Grouping a locality's 620,000 unattributed meetings
    into series for every page took 1.7 s on SQLite at 500 people; these are read from an index instead.

    ``scope`` is ``EVERY_CALENDAR``, or the organisation whose staff's calendars hold the meetings (a
    manager's queue, as ``reports/calendar_scope.visible_meetings`` decides). Private meetings are in
    no row: the queue never lists them."""

    __tablename__ = "review_series"
    __table_args__ = (  # a queue's page, most time first, read in order from the index
        Index("ix_review_series_queue", "scope", "partnership_id", "seconds", "title", "series_key"),
        Index("ix_review_series_key", "series_key"),  # a series' rows, summed again
        # The queue of series that count for no partnership, read in order: PostgreSQL will not take the
        # index above as ordered past a column asked to be NULL, and sorted 290,000 rows (160 ms at 1,000).
        Index(
            "ix_review_series_unattributed",
            "scope",
            "seconds",
            "title",
            "series_key",
            postgresql_where=text("partnership_id IS NULL"),
            sqlite_where=text("partnership_id IS NULL"),
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[int] = mapped_column(Integer)
    series_key: Mapped[str] = mapped_column(String(1000))
    partnership_id: Mapped[int | None] = mapped_column(ForeignKey("partnership.id", ondelete="CASCADE"))
    meetings: Mapped[int] = mapped_column(Integer)
    seconds: Mapped[int] = mapped_column(Integer)  # everyone's costed time at them (``Meeting.seconds``)
    first_start: Mapped[datetime] = mapped_column(UTCDateTime())
    last_start: Mapped[datetime] = mapped_column(UTCDateTime())
    title: Mapped[str] = mapped_column(Text, default="")  # the greatest of their titles, as the queue shows
    attribution: Mapped[str] = mapped_column(Text, default="")  # the greatest of their reasons


class UnattributedTitle(Base):
    """The meetings of the review queue's series that count for no partnership, over every calendar, summed by
    the series' title as the queue shows it: the look-alike titles a partnership's page offers. Counting a
    locality's 1.2 million unattributed meetings by title took 210 ms of its page at 1,000 people; they have a
    few hundred titles. Kept in step with ``ReviewSeries`` by ``store/review_series.py``."""

    __tablename__ = "unattributed_title"
    title: Mapped[str] = mapped_column(Text, primary_key=True)
    meetings: Mapped[int] = mapped_column(Integer)
