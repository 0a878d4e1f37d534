"""The schema: registers (people, partnerships, rates), imported meetings, and costed facts.

Money and rates are exact decimals stored as scaled integers; instants are stored in UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import ROUND_HALF_EVEN, Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
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


MONEY_PLACES = 2
RATE_PLACES = 6
HOURS_PLACES = 9  # attendance hours; shares of double-booked time are thirds and sevenths
COST_PLACES = 8  # attendance cost and hourly rate: far below a penny, rounded when shown


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
    pass


class Organisation(Base):
    __tablename__ = "organisation"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    oncosts: Mapped[list[OnCostRate]] = relationship(back_populates="organisation", cascade="all, delete-orphan")


class OnCostRate(Base):
    """Employer on-costs of one organisation in one financial year (April to March)."""

    __tablename__ = "oncost_rate"
    __table_args__ = (UniqueConstraint("organisation_id", "financial_year"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    financial_year: Mapped[int] = mapped_column(Integer)  # 2025 means 2025/26
    employer_ni_rate: Mapped[Decimal] = mapped_column(rate())
    ni_threshold: Mapped[Decimal] = mapped_column(money())
    pension_rate: Mapped[Decimal] = mapped_column(rate())
    apprenticeship_levy_rate: Mapped[Decimal] = mapped_column(rate())
    other_rate: Mapped[Decimal] = mapped_column(rate(), default=Decimal("0"))
    organisation: Mapped[Organisation] = relationship(back_populates="oncosts")


class Grade(Base):
    """A pay band; people without a salary are costed at its midpoint."""

    __tablename__ = "grade"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    band_min: Mapped[Decimal] = mapped_column(money())
    band_max: Mapped[Decimal] = mapped_column(money())


class Person(Base):
    __tablename__ = "person"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(320), unique=True)
    job_title: Mapped[str] = mapped_column(String(200), default="")
    grade: Mapped[str] = mapped_column(String(100), default="")
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    directorate: Mapped[str] = mapped_column(String(200), default="")
    cost_centre: Mapped[str] = mapped_column(String(100), default="")
    fte: Mapped[Decimal] = mapped_column(rate(), default=Decimal("1"))
    organisation: Mapped[Organisation | None] = relationship()
    aliases: Mapped[list[PersonAlias]] = relationship(cascade="all, delete-orphan", back_populates="person")
    salaries: Mapped[list[Salary]] = relationship(
        cascade="all, delete-orphan", order_by="Salary.effective_from", back_populates="person"
    )


class PersonAlias(Base):
    __tablename__ = "person_alias"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(320), unique=True)
    person: Mapped[Person] = relationship(back_populates="aliases")


class Salary(Base):
    """Full-time annual salary in force from a date until the next entry."""

    __tablename__ = "salary"
    __table_args__ = (UniqueConstraint("person_id", "effective_from"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    annual_salary: Mapped[Decimal] = mapped_column(money())
    effective_from: Mapped[date] = mapped_column(Date)
    person: Mapped[Person] = relationship(back_populates="salaries")


class Partnership(Base):
    __tablename__ = "partnership"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("partnership.id"))
    purpose: Mapped[str] = mapped_column(Text, default="")
    lead_organisation: Mapped[str] = mapped_column(String(200), default="")
    keywords: Mapped[str] = mapped_column(Text, default="")
    categories: Mapped[str] = mapped_column(Text, default="")
    priority: Mapped[int] = mapped_column(Integer, default=100)
    position: Mapped[int] = mapped_column(Integer, default=0)
    lead_email: Mapped[str | None] = mapped_column(String(320))  # the manager who reports its outcomes
    review_on: Mapped[date | None] = mapped_column(Date)  # when it is next to be tested against its purpose
    last_reviewed: Mapped[date | None] = mapped_column(Date)
    # Hours allowed for each attendance beyond the meeting itself: costed and shown apart from meeting time.
    preparation_hours: Mapped[Decimal] = mapped_column(Scaled(RATE_PLACES), default=Decimal(0), server_default="0")
    travel_hours: Mapped[Decimal] = mapped_column(Scaled(RATE_PLACES), default=Decimal(0), server_default="0")
    parent: Mapped[Partnership | None] = relationship(remote_side="Partnership.id")


class Setting(Base):
    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class CalendarImport(Base):
    """One calendar file as imported: whose it is, what span it speaks for, what it gave."""

    __tablename__ = "calendar_import"
    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    owner_email: Mapped[str] = mapped_column(String(320), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime())
    imported_by: Mapped[str] = mapped_column(String(320), default="")
    span_start: Mapped[date | None] = mapped_column(Date)
    span_end: Mapped[date | None] = mapped_column(Date)
    summary: Mapped[str] = mapped_column(Text, default="{}")
    batch: Mapped[str | None] = mapped_column(String(40), index=True)  # files uploaded together
    # What each UID's events gave (importers.pack_groups), kept on an owner's latest import only, so that
    # reading their next export parses only the events that changed.
    readings: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)


class Meeting(Base):
    """One meeting occurrence, however many calendars hold a copy of it."""

    __tablename__ = "meeting"
    __table_args__ = (Index("ix_meeting_unattributed_title", "partnership_id", "private", "title"),)  # look-alikes
    id: Mapped[int] = mapped_column(primary_key=True)
    identity: Mapped[str] = mapped_column(String(1000), unique=True)
    match_key: Mapped[str] = mapped_column(String(1000), index=True)
    series_key: Mapped[str] = mapped_column(String(1000), index=True)
    title: Mapped[str] = mapped_column(Text, default="")
    start: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    end: Mapped[datetime] = mapped_column(UTCDateTime())
    all_day: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str | None] = mapped_column(String(20))
    transparent: Mapped[bool] = mapped_column(Boolean, default=False)
    private: Mapped[bool] = mapped_column(Boolean, default=False)
    categories: Mapped[str] = mapped_column(Text, default="")
    partnership_id: Mapped[int | None] = mapped_column(ForeignKey("partnership.id", ondelete="SET NULL"), index=True)
    attribution: Mapped[str] = mapped_column(Text, default="")
    partnership: Mapped[Partnership | None] = relationship()
    copies: Mapped[list[MeetingCopy]] = relationship(cascade="all, delete-orphan", back_populates="meeting")


class MeetingCopy(Base):
    """A meeting as one person's calendar showed it; the newest copy decides time and title."""

    __tablename__ = "meeting_copy"
    __table_args__ = (UniqueConstraint("meeting_id", "owner_email"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("calendar_import.id", ondelete="CASCADE"), index=True)
    owner_email: Mapped[str] = mapped_column(String(320))
    fingerprint: Mapped[str] = mapped_column(String(64))
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    dtstamp: Mapped[datetime | None] = mapped_column(UTCDateTime())
    title: Mapped[str] = mapped_column(Text, default="")
    start: Mapped[datetime] = mapped_column(UTCDateTime())
    end: Mapped[datetime] = mapped_column(UTCDateTime())
    all_day: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str | None] = mapped_column(String(20))
    transparent: Mapped[bool] = mapped_column(Boolean, default=False)
    private: Mapped[bool] = mapped_column(Boolean, default=False)
    categories: Mapped[str] = mapped_column(Text, default="")
    attendees: Mapped[str] = mapped_column(Text, default="[]")  # JSON: [[email, name, partstat], ...]
    meeting: Mapped[Meeting] = relationship(back_populates="copies")


class AttributionOverride(Base):
    """A person's correction: one occurrence, or a whole series, to a partnership or to none."""

    __tablename__ = "attribution_override"
    id: Mapped[int] = mapped_column(primary_key=True)
    series_key: Mapped[str | None] = mapped_column(String(1000), index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    partnership_id: Mapped[int | None] = mapped_column(ForeignKey("partnership.id", ondelete="CASCADE"))
    made_by: Mapped[str] = mapped_column(String(320), default="")
    made_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Attendance(Base):
    """A registered person's costed time at one meeting: the fact every report sums."""

    __tablename__ = "attendance"
    __table_args__ = (
        UniqueConstraint("meeting_id", "person_id"),
        Index("ix_attendance_partnership_start", "partnership_id", "start"),
        Index("ix_attendance_person_day", "person_id", "local_day"),
        Index("ix_attendance_partnership_day", "partnership_id", "local_day"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    partnership_id: Mapped[int | None] = mapped_column(ForeignKey("partnership.id", ondelete="SET NULL"))
    start: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    end: Mapped[datetime | None] = mapped_column(UTCDateTime())  # when the costed time ends (all-day: last day)
    local_day: Mapped[date] = mapped_column(Date, index=True)
    month: Mapped[date] = mapped_column(Date, index=True)  # first day of the local month, for trends
    hours: Mapped[Decimal] = mapped_column(Scaled(HOURS_PLACES))
    hourly_rate: Mapped[Decimal | None] = mapped_column(Scaled(COST_PLACES))
    cost: Mapped[Decimal | None] = mapped_column(Scaled(COST_PLACES))
    rate_basis: Mapped[str] = mapped_column(String(20), default="salary")  # salary | grade | none
    # The same time at the standard rate of the person's group (``domain.standard_rates``): what roles that
    # may not see pay are shown. None when the row has no rate, or there are too few people for groups.
    standard_rate: Mapped[Decimal | None] = mapped_column(Scaled(COST_PLACES))
    standard_cost: Mapped[Decimal | None] = mapped_column(Scaled(COST_PLACES))


class MeetingAddress(Base):
    """Everyone a meeting's copies list (owners and attendees), registered or not: which meetings a change
    to the staff register or to a person's own calendar can affect, found without reading every copy."""

    __tablename__ = "meeting_address"
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[str] = mapped_column(String(400), primary_key=True, index=True)  # address, or "name:<name>"
    name: Mapped[str] = mapped_column(String(200), default="")


class User(Base):
    """Someone who signs in. One role each; see ``permissions`` for what a role may do."""

    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Part of every session's id: raised on sign-out, a password change or blocking, so every session
    # (and a cookie copied from one) stops working at once.
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


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


class Job(Base):
    """Work done in the background (an import of many or large files), and how it ended."""

    __tablename__ = "job"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # import
    token: Mapped[str] = mapped_column(String(40))  # the pending upload it works on
    state: Mapped[str] = mapped_column(String(20), default="queued")  # queued | running | done | failed
    message: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(320), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


# Tables kept in modules of their own, so this one stays small; imported here so the schema holds them
# and ``from tracker.models import ...`` finds every table.
from .audit_models import AuditEntry  # noqa: E402, F401
from .change_models import AttributionChange  # noqa: E402, F401
from .history_models import ReplacedCopy, UndoneImport  # noqa: E402, F401
from .monthly_models import MonthlyFigure, MonthlyMeetings, MonthlySeries  # noqa: E402, F401
from .planning_models import Comparator, FundingStream, LibraryEntry, Proposal, Scenario  # noqa: E402, F401
