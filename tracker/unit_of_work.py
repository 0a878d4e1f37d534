"""The unit of work: one database session and the state that travels with it, said out loud.

A request or a command opens one; the readers and writers it calls take it as their ``session``. Besides
SQLAlchemy's own bookkeeping it carries, as typed attributes rather than keys hidden in ``session.info``:

- ``cost_basis``: which cost its figures are read at. ``None`` until the request or command says so, and
  then figures are read at standard rates (``reports.basis.of``): a page or download that forgets to say
  cannot show anyone's pay;
- ``pay_organisation``: at the ``own`` basis, the (id, name) of the organisation whose staff are costed at
  actual pay; everyone else's rows are at standard rates;
- ``remembered``: query results remembered until the session writes anything (``reports.remembered``);
- ``monthly_marks``: what the writes of this transaction moved, for the monthly sums (``store.monthly``);
- ``statistics_stale``: a change wrote enough rows to refresh the planner's statistics once committed;
- ``register``: the staff register read once for a register of proposals (``services.proposals``).

Forgetting what was remembered is this class's own business: it listens to its own sessions only, not to
every session of the process.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

if TYPE_CHECKING:
    from .store.register_snapshot import RegisterSnapshot

Basis = Literal["actual", "standard", "own"]


def _six_zeros() -> list[int]:
    return [0] * 6


@dataclass
class MonthlyMarks:
    """What a transaction's writes moved, applied to the monthly sums once its rows are written."""

    deltas: dict[tuple[int, int, date], list[int]] = field(default_factory=lambda: defaultdict(_six_zeros))
    summed_again: set[tuple[int, date]] = field(default_factory=set)  # (person, month)
    meetings: set[int] = field(default_factory=set)  # whose series, and costed time, are summed again
    relabelled: set[int] = field(default_factory=set)  # whose series are summed again (their time is as it was)
    series: set[str] = field(default_factory=set)  # summed again, besides the marked meetings' own
    reviewed: set[int] = field(default_factory=set)  # whose series' review sums are summed again


class UnitOfWork(Session):
    """A session with its state as attributes (see the module's docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cost_basis: Basis | None = None
        self.pay_organisation: tuple[int, str] | None = None
        self.remembered: dict[Hashable, Any] = {}
        self.monthly_marks = MonthlyMarks()
        self.statistics_stale = False
        self.register: RegisterSnapshot | None = None

    def forget(self, *_args: object) -> None:
        """Drop every remembered answer (after anything that writes)."""
        self.remembered.clear()


def of(session: Session) -> UnitOfWork:
    """``session`` as the unit of work it must be: a plain session (made elsewhere) is refused, since it
    carries no basis and nothing remembered."""
    if not isinstance(session, UnitOfWork):
        raise TypeError(f"expected a tracker unit of work, got {type(session).__name__}: open it with db or work()")
    return session


@event.listens_for(UnitOfWork, "do_orm_execute")
def _forget_on_write(state: ORMExecuteState) -> None:
    if not state.is_select:
        of(state.session).forget()


for _name in ("after_flush", "after_commit", "after_rollback", "after_soft_rollback"):
    event.listen(UnitOfWork, _name, lambda session, *_: of(session).forget())
