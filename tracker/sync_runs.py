"""Syncing connected calendars, one source after another, each in transactions of its own: what
``tracker sync``, the worker's schedule and the Sources page's "Sync now" run.

Each source is read (briefly, as the one writer), its server asked with no lock held, and what it
brought imported as the one writer; a source that fails has its failure recorded and the next is synced,
so one broken server never undoes or holds up the others.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from . import db
from .domain.source_addresses import Resolver
from .fetching.web_reader import system_resolver
from .services import source_sync
from .services.calendar_import import OwnerUnknown
from .store import sources as stored

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """One source's sync: whether it worked, and what it did or why not, in words."""

    source_id: int
    owner: str
    ok: bool
    words: str
    paused: bool = False


def due_sources(now: datetime | None = None) -> list[int]:
    """The sources to sync: every one not paused, or (given ``now``) those due by then."""
    with db.transaction() as session:
        return stored.ids_to_sync(session, now)


def sync(
    source_ids: list[int], *, by: str, settings: source_sync.SyncSettings, resolve: Resolver = system_resolver
) -> list[Outcome]:
    """Each source brought up to date in turn (``settings``: ``SyncSettings.of(app.config)``); their
    outcomes in the same order."""
    return [_one(source_id, by=by, settings=settings, resolve=resolve) for source_id in source_ids]


def _one(source_id: int, *, by: str, settings: source_sync.SyncSettings, resolve: Resolver) -> Outcome:
    interval = settings.interval
    asked, claimed = None, None
    try:
        with db.transaction() as session:
            prepared = source_sync.prepare(session, source_id, settings, datetime.now(UTC))
        owner, claimed = prepared.owner, prepared.claimed_at
        fetched = source_sync.fetch(prepared, resolve)
        with db.transaction() as session:
            synced = source_sync.store(session, prepared, fetched, by=by, now=datetime.now(UTC), interval=interval)
        log.info("source %d (%s) synced: %s", source_id, owner, source_sync.describe(synced))
        return Outcome(source_id, owner, True, source_sync.describe(synced))
    except source_sync.AlreadySyncing as exc:
        log.info("source %d: %s", source_id, exc.words())
        return Outcome(source_id, exc.owner, True, exc.words())
    except source_sync.SyncFailed as exc:
        message, asked = str(exc), exc.retry_after
    except OwnerUnknown as exc:
        message = exc.reason
    except Exception as exc:  # an unexpected fault: recorded, logged, and the next source still synced
        log.exception("source %d failed", source_id)
        message = f"the sync stopped with an unexpected error ({exc}); nothing of it was saved"
    except BaseException:  # interrupted (Ctrl-C, the process told to stop): the claim let go, then stop
        if claimed is not None:
            with db.transaction() as session:
                source_sync.let_go(session, source_id, claimed)
        raise
    with db.transaction() as session:
        paused, owner = source_sync.failed(
            session, source_id, message, now=datetime.now(UTC), interval=interval, asked=asked, claimed_at=claimed
        )
    log.info("source %d (%s) failed: %s", source_id, owner, message)
    return Outcome(source_id, owner, False, message, paused)
