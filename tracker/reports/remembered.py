"""Query results remembered for the life of a session, until it writes anything.

A dashboard asks for the same sums several times (the partnership tree, the totals and the hats
matrix all add up the same rows), and each is a scan of the period's figures. A request's session
remembers what it read; any write through the session (a change not yet flushed, a flush, an INSERT,
UPDATE or DELETE, a commit or a rollback) forgets it all, so nothing stale is ever returned.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

from . import basis

T = TypeVar("T")
KEY = "tracker.remembered"


def remembered(session: Session, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, or what it gave for ``key`` earlier in this session since its last write.

    What is remembered is shared by every caller: return values the callers do not change (tuples)."""
    if session.new or session.dirty or session.deleted:  # changes a query would flush first
        forget(session)
    memo: dict[Hashable, T] = session.info.setdefault(KEY, {})
    key = (basis.of(session), key)  # the same question at the other basis is another answer
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def forget(session: Session, *_args: object) -> None:
    session.info.pop(KEY, None)


@event.listens_for(Session, "do_orm_execute")
def _forget_on_write(state: ORMExecuteState) -> None:
    if not state.is_select:
        forget(state.session)


for _name in ("after_flush", "after_commit", "after_rollback", "after_soft_rollback"):
    event.listen(Session, _name, forget)
