"""The staff register: organisations and their on-costs, pay grades, people, their other addresses and
their salaries (``store/registers.py`` loads it; ``domain/costing.py`` prices an hour from it)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, money, rate


class Organisation(Base):
    __tablename__ = "organisation"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    # The organisation has agreed that its staff's calendars may be connected (read by the server on a
    # schedule): without it no source is added for its people, and their syncs stop.
    sources_agreed: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
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
    # Where the rates come from, in words (the scheme, the year, what the rate is), for whoever checks them.
    source: Mapped[str] = mapped_column(Text, default="", server_default="")
    organisation: Mapped[Organisation] = relationship(back_populates="oncosts")


class Grade(Base):
    """A published pay band: people without a salary are costed at its midpoint, and so is the grade's
    standard rate in a year finance has set none for."""

    __tablename__ = "grade"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    band_min: Mapped[Decimal] = mapped_column(money())
    band_max: Mapped[Decimal] = mapped_column(money())


class StandardRate(Base):
    """The standard hourly rate finance sets for a grade in one financial year: what an hour of anyone on
    that grade costs at standard rates, whoever they are and whatever they are paid. The grade is matched
    to people's grades as written, ignoring case."""

    __tablename__ = "standard_rate"
    __table_args__ = (UniqueConstraint("grade", "financial_year"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    grade: Mapped[str] = mapped_column(String(100))
    financial_year: Mapped[int] = mapped_column(Integer)  # 2025 means 2025/26
    hourly_rate: Mapped[Decimal] = mapped_column(money())


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
