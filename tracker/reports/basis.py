"""Which cost a session's figures are read at: actual pay, standard rates, or one organisation's own pay.

Every stored cost has both (``Attendance.cost`` and ``standard_cost``, and their monthly sums). A session
is told its basis once (the web does it for each request, from who is signed in; a command from its
options) and every reader takes its cost columns from here, so no page, download or answer can mix them.
Left untold, a session reads standard rates: it fails closed, so a page or file that forgets to say
shows no one's pay (``tests/web/test_cost_basis.py`` adds such a page).

The ``own`` basis is what an organisation's finance officer sees: each row of their own organisation's
staff at actual pay, every other row at standard rates, decided row by row in the query itself, so a sum
over many organisations adds their own pay to everyone else's standard cost and reveals no other
organisation's pay. Sums kept without a person (a series' monthly cost) are read at standard rates.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from .. import unit_of_work
from ..models import Attendance, MonthlyFigure, MonthlySeries, Person
from ..unit_of_work import Basis as Basis  # re-exported: the commands name it from here

ACTUAL: Basis = "actual"
STANDARD: Basis = "standard"
OWN: Basis = "own"
BASES: tuple[Basis, ...] = (ACTUAL, STANDARD)  # what a command or the API may ask for by name

LABELS = {ACTUAL: "actual pay", STANDARD: "standard rates", OWN: "actual pay for your organisation's staff"}


def use(session: Session, basis: Basis, *, organisation: tuple[int, str] | None = None) -> None:
    """Read this session's figures at ``basis`` from now on; ``own`` needs the (id, name) of the
    organisation whose staff are read at actual pay."""
    if basis not in (*BASES, OWN):
        raise ValueError(f"unknown cost basis {basis!r}: choose {' or '.join(BASES)}")
    if (basis == OWN) != (organisation is not None):
        raise ValueError("an organisation is given with the own-pay basis, and only with it")
    work = unit_of_work.of(session)
    work.cost_basis, work.pay_organisation = basis, organisation


def of(session: Session) -> Basis:
    """The basis the session was told, or standard rates if none: never pay by default."""
    return unit_of_work.of(session).cost_basis or STANDARD


def key(session: Session) -> tuple[Basis, int | None]:
    """What tells one basis's answers from another's: the basis, and at ``own`` whose pay."""
    work = unit_of_work.of(session)
    return of(session), work.pay_organisation[0] if work.pay_organisation and of(session) == OWN else None


def told(session: Session) -> tuple[Basis, tuple[int, str] | None]:
    """The basis and whose pay, to tell another session the same (a streamed download's own)."""
    work = unit_of_work.of(session)
    return of(session), work.pay_organisation if of(session) == OWN else None


def cell(session: Session) -> str:
    """What each row of a costed CSV file says its costs are at: ``actual``, ``standard``, or at ``own``
    the words naming whose pay is actual."""
    return label(session) if of(session) == OWN else of(session)


def label(session: Session) -> str:
    """The basis in words, naming the organisation whose pay is shown at ``own``."""
    work = unit_of_work.of(session)
    if of(session) == OWN and work.pay_organisation:
        return own_label(work.pay_organisation[1])
    return LABELS[of(session)]


def own_label(organisation: str) -> str:
    return f"actual pay for {organisation} staff, standard rates for everyone else"


def pay_shown(session: Session, organisation_id: int | None) -> bool:
    """Whether a person of this organisation is costed at their actual pay at the session's basis."""
    work = unit_of_work.of(session)
    if of(session) == ACTUAL:
        return True
    return of(session) == OWN and work.pay_organisation is not None and work.pay_organisation[0] == organisation_id


Column = ColumnElement[Any] | InstrumentedAttribute[Any]
CostModel = type[Attendance] | type[MonthlyFigure] | type[MonthlySeries]


def _own_staff(session: Session) -> ColumnElement[bool] | None:
    """At ``own``, the condition that a row of ``Attendance`` or ``MonthlyFigure`` is one of the
    organisation's own staff; None at any other basis."""
    work = unit_of_work.of(session)
    if of(session) != OWN or work.pay_organisation is None:
        return None
    return select(Person.id).where(Person.organisation_id == work.pay_organisation[0]).scalar_subquery()


def _chosen(session: Session, person: Column | None, actual: Column, standard: Column) -> Column:
    """``actual`` or ``standard`` at the session's basis; at ``own``, row by row on the row's ``person``
    (a sum kept without a person is read at standard rates)."""
    if of(session) == ACTUAL:
        return actual
    own = _own_staff(session)
    if own is None or person is None:
        return standard
    return case((person.in_(own), actual), else_=standard)


def cost(session: Session, model: CostModel) -> Column:
    """The cost column of ``model`` at the session's basis (at ``own``, chosen row by row)."""
    return _chosen(session, getattr(model, "person_id", None), model.cost, model.standard_cost)


def rate(session: Session) -> Column:
    """The hourly rate of an attendance row at the session's basis."""
    return _chosen(session, Attendance.person_id, Attendance.hourly_rate, Attendance.standard_rate)


def uncosted_sum(session: Session) -> Column:
    """The monthly figures' count of rows without a cost at the session's basis."""
    return _chosen(session, MonthlyFigure.person_id, MonthlyFigure.uncosted, MonthlyFigure.standard_uncosted)


def uncosted_rows(session: Session) -> ColumnElement[int]:
    """How many attendance rows (of a grouped query) have no cost at the session's basis."""
    return func.count(Attendance.id) - func.count(cost(session, Attendance))
