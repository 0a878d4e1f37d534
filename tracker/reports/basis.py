"""Which cost a session's figures are read at: actual pay, or the standard rates of grade groups.

Every stored cost has both (``Attendance.cost`` and ``standard_cost``, and their monthly sums). A session
is told its basis once (the web does it for each request, from who is signed in; a command from its
options) and every reader takes its cost columns from here, so no page, download or answer can mix them.
Left untold, a session reads standard rates: it fails closed, so a page or file that forgets to say
shows no one's pay (``tests/web/test_cost_basis.py`` adds such a page).
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, func
from sqlalchemy.orm import InstrumentedAttribute, Session

from .. import unit_of_work
from ..models import Attendance, MonthlyFigure, MonthlySeries
from ..unit_of_work import Basis

ACTUAL: Basis = "actual"
STANDARD: Basis = "standard"
BASES: tuple[Basis, ...] = (ACTUAL, STANDARD)

LABELS = {ACTUAL: "actual pay", STANDARD: "standard rates"}


def use(session: Session, basis: Basis) -> None:
    """Read this session's figures at ``basis`` from now on."""
    if basis not in BASES:
        raise ValueError(f"unknown cost basis {basis!r}: choose {' or '.join(BASES)}")
    unit_of_work.of(session).cost_basis = basis


def of(session: Session) -> Basis:
    """The basis the session was told, or standard rates if none: never pay by default."""
    return unit_of_work.of(session).cost_basis or STANDARD


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
