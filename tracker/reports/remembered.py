"""Query results remembered for the life of a session, until it writes anything.

A dashboard asks for the same sums several times (the partnership tree, the totals and the hats
matrix all add up the same rows), and each is a scan of the period's figures. A request's session
remembers what it read; any write through the session (a change not yet flushed, a flush, an INSERT,
UPDATE or DELETE, a commit or a rollback) forgets it all, so nothing stale is ever returned.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

from sqlalchemy.orm import Session

from .. import unit_of_work
from . import basis

T = TypeVar("T")


def remembered(session: Session, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, or what it gave for ``key`` earlier in this session since its last write.

    What is remembered is shared by every caller: return values the callers do not change (tuples)."""
    work = unit_of_work.of(session)
    if work.new or work.dirty or work.deleted:  # changes a query would flush first
        work.forget()
    key = (basis.key(work), key)  # the same question at another basis (or another's pay) is another answer
    if key not in work.remembered:
        work.remembered[key] = compute()
    return work.remembered[key]
