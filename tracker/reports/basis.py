"""Which cost a session's figures are read at: actual pay, or the standard rates of grade groups.

Every stored cost has both (``Attendance.cost`` and ``standard_cost``, and their monthly sums). A session
is told its basis once (the web does it for each request, from who is signed in; a command from its
options) and every reader takes its cost columns from here, so no page, download or answer can mix them.
Left untold, a session reads actual pay: the basis of commands and services, which only people with the
database in their hands run.
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy import ColumnElement, func
from sqlalchemy.orm import InstrumentedAttribute, Session

from ..models import Attendance, MonthlyFigure, MonthlySeries

Basis = Literal["actual", "standard"]
ACTUAL: Basis = "actual"
STANDARD: Basis = "standard"
BASES: tuple[Basis, ...] = (ACTUAL, STANDARD)
KEY = "tracker.cost_basis"

LABELS = {ACTUAL: "actual pay", STANDARD: "standard rates"}


def use(session: Session, basis: Basis) -> None:
    """Read this session's figures at ``basis`` from now on."""
    if basis not in BASES:
        raise ValueError(f"unknown cost basis {basis!r}: choose {' or '.join(BASES)}")
    session.info[KEY] = basis


def of(session: Session) -> Basis:
    return session.info.get(KEY, ACTUAL)


CostModel = type[Attendance] | type[MonthlyFigure] | type[MonthlySeries]


def cost(session: Session, model: CostModel) -> InstrumentedAttribute:
    """The cost column of ``model`` at the session's basis."""
    return model.standard_cost if of(session) == STANDARD else model.cost


def rate(session: Session) -> InstrumentedAttribute:
    """The hourly rate of an attendance row at the session's basis."""
    return Attendance.standard_rate if of(session) == STANDARD else Attendance.hourly_rate


def uncosted_sum(session: Session) -> InstrumentedAttribute:
    """The monthly figures' count of rows without a cost at the session's basis."""
    return MonthlyFigure.standard_uncosted if of(session) == STANDARD else MonthlyFigure.uncosted


def uncosted_rows(session: Session) -> ColumnElement[int]:
    """How many attendance rows (of a grouped query) have no cost at the session's basis."""
    return func.count(Attendance.id) - func.count(cost(session, Attendance))
