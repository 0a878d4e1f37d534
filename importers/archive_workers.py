"""An archive's calendars read in forked worker processes and handed back in the archive's order.

Reading a calendar is Python, one core a process, so a zip of a locality's calendars read one after
another leaves every other core idle. Here each member is read in a worker while the caller stores the
ones already read: storing stays one at a time, in the caller's one transaction, so an import still
lands whole or not at all, and in the order of the archive, so the summaries and any refusal are those
the one-process reading gives.

Each member is hashed here, before any worker sees it: ``unchanged`` may ask the caller's database,
which a forked worker must never touch, and a calendar already imported is not read at all. At most
``AHEAD`` members a worker are read ahead of the one the caller is storing, so memory holds a few
calendars' occurrences, never the archive's. Forking is only safe for a caller of one thread (a
command, a job's own process): the caller decides, by asking for more than one worker.
"""

from __future__ import annotations

import pickle
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from . import forked
from .collection import collector_paused
from .events import ReadResult

AHEAD = 2  # members read ahead a worker: enough to keep each busy while one is stored

Read = Callable[[bytes, str], list[ReadResult]]  # one member's calendars, read in full
Known = Callable[[bytes, str], ReadResult | None]  # a member already imported, told without reading it

_SHARED: dict[str, Any] = {}  # what a forked worker inherits: the reading function


def read_in_workers(
    members: Iterable[tuple[str, bytes]], read: Read, known: Known, workers: int
) -> Iterator[ReadResult]:
    """Every member's calendars, in the archive's order, read by ``workers`` forked processes.

    ``known`` is asked first, in this process; what it returns stands for the member. A worker's error
    (``CalendarFileError`` naming the member, line and event) is raised here when its member's turn
    comes, after every member before it was handed back, as the one-process reading raises it."""
    waiting: deque[Future[bytes] | list[ReadResult]] = deque()
    pool: ProcessPoolExecutor | None = None
    try:
        for name, content in members:
            result = known(content, name)
            if result is not None:
                waiting.append([result])
            else:
                if pool is None:  # forked only once a member needs reading: a re-import of the same zip forks nothing
                    _SHARED["read"] = read
                    pool = forked.pool(workers)
                waiting.append(pool.submit(_read_member, content, name))
            while len(waiting) > workers * AHEAD or (waiting and _ready(waiting[0])):
                yield from _taken(waiting.popleft())
        while waiting:
            yield from _taken(waiting.popleft())
    finally:
        _SHARED.clear()
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def _ready(item: Future[bytes] | list[ReadResult]) -> bool:
    return isinstance(item, list) or item.done()


def _taken(item: Future[bytes] | list[ReadResult]) -> list[ReadResult]:
    if isinstance(item, list):
        return item
    with collector_paused():  # see ``collection``: most of taking a reading back was the collector's
        return pickle.loads(item.result())


def _read_member(content: bytes, name: str) -> bytes:
    """In a forked worker: one member's calendars, pickled here so that the caller unpickles them with the
    cycle collector paused (the pool would unpickle them in a thread of its own, with it running)."""
    return pickle.dumps(_SHARED["read"](content, name), protocol=pickle.HIGHEST_PROTOCOL)
