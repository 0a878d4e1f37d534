"""When a connected calendar is synced next, and when one that keeps failing is paused. Pure.

A source that fails is tried again later, waiting twice as long after each failure in a row (from the
schedule's interval, at most a day), or as long as the server asked (``Retry-After``) if that is longer;
after ``PAUSE_AFTER`` failures in a row it is paused and shown as such until someone resumes it, so a
calendar that was moved or whose password changed is noticed rather than retried for ever.
"""

from __future__ import annotations

from datetime import datetime, timedelta

PAUSE_AFTER = 5
LONGEST_WAIT = timedelta(days=1)
# How long a sync's claim on its source holds (``store.sources.claim``): a sync is minutes at most (each
# request times out within one), so a claim this old is a sync whose process died, and is taken over.
CLAIM_HOLDS = timedelta(hours=1)


def after_success(now: datetime, interval: timedelta) -> datetime:
    return now + interval


def after_failure(now: datetime, interval: timedelta, failures: int, asked: float | None = None) -> datetime:
    """The next try after the ``failures``-th failure in a row (1 for the first)."""
    wait = min(interval * 2 ** max(0, failures - 1), LONGEST_WAIT)
    if asked is not None:
        wait = max(wait, timedelta(seconds=asked))
    return now + wait


def should_pause(failures: int) -> bool:
    return failures >= PAUSE_AFTER


def pause_reason(failures: int, error: str) -> str:
    return f"paused after {failures} failed syncs in a row; the last: {error}"
