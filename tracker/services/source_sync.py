"""One connected calendar brought up to date, through the same import as an upload.

A sync is three steps, so the server is never waited for while the one writer's lock is held:
``prepare`` reads what the source kept (its validator, the objects' tags, its secret decrypted);
``fetch`` asks the server what changed (``tracker.fetching``, no database); ``store`` applies the changes
to the objects kept and, if the calendar changed, imports it as its owner's calendar (``import_calendars``:
their own calendar speaks for its days, the import can be undone, re-importing the same calendar changes
nothing), all in the caller's transaction with the source's new state, so a failure keeps the
validator of the last sync that landed and the next sync asks again. ``failed`` records a failure.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

import importers
from importers import CalendarFileError
from importers.joining import join

from ..domain import source_schedule
from ..domain.source_addresses import AddressRefused, PrivateAllowed, Resolver, allowed_private
from ..fetching import caldav_collection, google_calendar, graph_mailbox, ics_address
from ..fetching.as_icalendar import NotAsDocumented
from ..fetching.fetched import Fetched
from ..fetching.pinned import TooLarge
from ..fetching.web_reader import FetchFailed, WebReader
from ..models import CalendarSource
from ..reports.settings import load_settings
from ..store import sources as stored
from .calendar_import import FileSummary, Upload, each_calendar, import_calendars
from .source_secrets import SecretsUnavailable, unseal


class SyncFailed(Exception):
    """The source could not be synced; the message says why in words. ``retry_after``: what the server asked."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class AlreadySyncing(Exception):
    """Another sync of ``owner``'s source began at ``since`` and is still running: this one leaves it to
    that one (no failure: nothing is wrong with the source)."""

    def __init__(self, owner: str, since: datetime | None, *, taken_over: bool = False) -> None:
        super().__init__(owner, since)
        self.owner, self.since, self.taken_over = owner, since, taken_over

    def words(self) -> str:
        if self.taken_over:
            return "ran over an hour and another run took the source over; left to it"
        began = f" (began {self.since.astimezone(UTC):%H:%M:%S} UTC)" if self.since else ""
        return f"already being synced by another run{began}; left to it"


@dataclass(frozen=True)
class SyncSettings:
    """What every sync reads from the app's configuration: the secrets' key, the schedule's interval, and
    where Microsoft's sign-in service is (its public cloud unless a sovereign cloud, or a test, says)."""

    key: str = ""
    interval: timedelta = timedelta(hours=1)
    graph_authority: str = graph_mailbox.AUTHORITY

    @classmethod
    def of(cls, config: Mapping[str, Any]) -> SyncSettings:
        return cls(
            key=config.get("SOURCES_KEY") or "",
            interval=timedelta(seconds=int(config.get("SYNC_INTERVAL") or 3600)),
            graph_authority=config.get("GRAPH_AUTHORITY") or graph_mailbox.AUTHORITY,
        )


@dataclass
class Prepared:
    """What one sync needs from the database, read before the server is asked."""

    source_id: int
    owner: str
    kind: str
    url: str
    username: str
    secret: str
    validator: str
    known: dict[str, str]
    allow_private: PrivateAllowed
    graph_authority: str = graph_mailbox.AUTHORITY
    reimport: bool = False  # its last import was undone: imported again whole, whatever the server says
    claimed_at: datetime | None = None  # this sync's claim on the source (store.sources.claim)


@dataclass
class Synced:
    """What a sync did: ``summary`` of the import, None when nothing had changed."""

    source_id: int
    owner: str
    requests: int = 0
    summary: FileSummary | None = None
    problems: list[str] = field(default_factory=list)


def prepare(session: Session, source_id: int, settings: SyncSettings, now: datetime) -> Prepared:
    """What the sync needs, and the source claimed for it (``AlreadySyncing`` if another sync has it) until
    ``store`` or ``failed`` lets it go."""
    source = stored.find(session, source_id)
    if source is None:
        raise SyncFailed(f"there is no source {source_id}")
    if not stored.claim(session, source_id, now, source_schedule.CLAIM_HOLDS):
        raise AlreadySyncing(source.person.email, stored.syncing_since(session, source_id))
    person = source.person
    organisation = person.organisation
    if organisation is None or not organisation.sources_agreed:
        who = organisation.name if organisation else f"{person.email}'s organisation"
        raise SyncFailed(f"{who} has not agreed to its staff's calendars being connected")
    try:
        secret = unseal(settings.key, source.secret) if source.secret else ""
    except SecretsUnavailable as exc:
        raise SyncFailed(str(exc)) from None
    known = stored.known_tags(session, source_id) if source.kind != "ics" else {}
    allow_private = load_settings(session).private_sources
    undone = source.last_import_id is not None and stored.import_hash(session, source.last_import_id) is None
    validator = "" if undone and source.kind == "ics" else source.validator  # a 304 would bring nothing back
    return Prepared(
        source.id, person.email, source.kind, source.url, source.username, secret, validator, known,
        allow_private, settings.graph_authority, undone, now,
    )  # fmt: skip


def trial(
    session: Session, kind: str, url: str, owner: str, username: str, secret: str, settings: SyncSettings
) -> Prepared:
    """What a connection test asks with: a source not yet stored, as if synced for the first time."""
    allow_private = load_settings(session).private_sources
    return Prepared(0, owner, kind, url, username, secret, "", {}, allow_private, settings.graph_authority)


def test_connection(prepared: Prepared, resolve: Resolver) -> str:
    """Whether the server answers with a calendar, in words; ``SyncFailed`` says why not. Nothing is stored:
    a CalDAV collection's objects are counted, not fetched; a published calendar is read and its events counted."""
    fetched = fetch(prepared, resolve, load=False)
    if fetched.whole is not None:
        try:
            events = sum(r.events_read for r in importers.read(fetched.whole, "test.ics"))
        except CalendarFileError as exc:
            raise SyncFailed(f"the address answers, but not with a calendar: {exc}") from None
        return f"Connected: the calendar holds {events} event{'s' if events != 1 else ''}"
    n = len(fetched.changed)
    return f"Connected: the calendar holds {n} object{'s' if n != 1 else ''} (events, series or occurrences)"


def fetch(prepared: Prepared, resolve: Resolver, *, load: bool = True) -> Fetched:
    """Ask the server (no database): ``SyncFailed`` when it cannot be read."""
    auth = (prepared.username, prepared.secret) if prepared.username else None
    try:
        plain = prepared.url.startswith("http://") and prepared.secret  # its name may have turned public since
        if plain and not allowed_private(prepared.url, resolve, prepared.allow_private):
            raise FetchFailed("a password is never sent over http:// to a server that is not an allowed private one")
        if prepared.kind == "ics":
            reader = WebReader(allow_private=prepared.allow_private, resolve=resolve)
            return ics_address.fetch(reader, prepared.url, prepared.validator, auth)
        if prepared.kind == "caldav":
            return caldav_collection.fetch(
                prepared.url,
                prepared.validator,
                prepared.known,
                username=prepared.username,
                password=prepared.secret,
                allow_private=prepared.allow_private,
                resolve=resolve,
                load=load,
            )
        reader = WebReader(allow_private=prepared.allow_private, resolve=resolve)
        if prepared.kind == "graph":
            return graph_mailbox.fetch(
                reader, prepared.url, prepared.validator, prepared.known, username=prepared.username,
                secret=prepared.secret, authority=prepared.graph_authority,
            )  # fmt: skip
        if prepared.kind == "google":
            return google_calendar.fetch(
                reader, prepared.url, prepared.validator, prepared.known, owner=prepared.owner, secret=prepared.secret
            )
    except FetchFailed as exc:
        raise SyncFailed(str(exc), exc.retry_after) from None
    except (NotAsDocumented, AddressRefused, TooLarge) as exc:  # the last two: from a sign-in library's requests
        raise SyncFailed(str(exc)) from None
    raise SyncFailed(f"{prepared.kind!r} is not a kind of source this version reads")


def store(
    session: Session, prepared: Prepared, fetched: Fetched, *, by: str, now: datetime, interval: timedelta
) -> Synced:
    """The changes kept and imported, the source's state moved on; raises what the import raises."""
    source = stored.find(session, prepared.source_id)
    if source is None:  # removed while its server was asked
        raise SyncFailed(f"source {prepared.source_id} was removed during its sync")
    # The claim is read and let go by statements of its own, never through ``source``: the session may hold
    # that object from before the claim was made (the claim's UPDATE does not touch objects in memory).
    claim = stored.syncing_since(session, source.id)
    if prepared.claimed_at is None or claim != prepared.claimed_at:  # over an hour: another took it over, and lands
        raise AlreadySyncing(prepared.owner, claim, taken_over=True)
    synced = Synced(prepared.source_id, prepared.owner, requests=fetched.requests)
    data = fetched.whole
    if prepared.kind != "ics" and (not fetched.nothing_new or prepared.reimport):
        stored.apply(session, source.id, fetched.changed, fetched.deleted)
        data = join(stored.bodies(session, source.id))
    # Compared with its own last import only: a calendar that changed back to an earlier state is imported.
    if data is not None and hashlib.sha256(data).hexdigest() != stored.import_hash(session, source.last_import_id):
        synced.summary, synced.problems = _imported(session, source, prepared.owner, data, fetched, by=by, now=now)
    source.validator = fetched.validator
    stored.release(session, source.id, prepared.claimed_at)
    source.last_tried_at = source.last_synced_at = now
    source.failures, source.last_error = 0, ""
    source.last_result = describe(synced)
    source.next_run_at = source_schedule.after_success(now, interval)
    return synced


def _imported(
    session: Session, source: CalendarSource, owner: str, data: bytes, fetched: Fetched, *, by: str, now: datetime
) -> tuple[FileSummary, list[str]]:
    """The calendar imported as its owner's (what it speaks for widened as ``Fetched`` says), the source's
    record of it moved on; the import's summary and the events it could not read."""
    upload = Upload(_filename(source.id, source.url), data, owner, fresh=True)
    try:
        calendars = list(each_calendar(upload, session=session, skip_invalid=True))
    except CalendarFileError as exc:
        raise SyncFailed(f"the calendar could not be read: {exc}") from None
    spoken = (source.spoken_from, source.spoken_until) if source.spoken_from and source.spoken_until else None
    if spoken and fetched.window and not fetched.whole_calendar:
        first, last = max(spoken[0], fetched.window[0]), min(spoken[1], fetched.window[1])
        spoken = (first, last) if first <= last else None
    for calendar in calendars:
        calendar.result.speaks_for = spoken if (fetched.whole_calendar or fetched.window) else None
        if source.retired_before and (fetched.whole_calendar or fetched.window):  # see store.sources.retire
            calendar.result.leave_out_before(source.retired_before)
    (summary,) = import_calendars(session, calendars, imported_by=by, now=now)
    source.last_import_id = summary.import_id
    if summary.span:
        first, last = (date.fromisoformat(d) for d in summary.span)
        source.spoken_from = min(first, source.spoken_from or first)
        source.spoken_until = max(last, source.spoken_until or last)
    unread = [p for c in calendars for p in c.result.errors]
    return summary, [str(p) for p in unread]


def failed(
    session: Session,
    source_id: int,
    message: str,
    *,
    now: datetime,
    interval: timedelta,
    asked: float | None,
    claimed_at: datetime | None = None,
) -> tuple[bool, str]:
    """A failure recorded against the source (and the sync's claim, if it held one, let go): whether it is
    now paused, and whose it is."""
    source = stored.find(session, source_id)
    if source is None:
        return False, ""
    source.failures += 1
    if claimed_at is not None:
        stored.release(session, source.id, claimed_at)
    source.last_tried_at, source.last_error = now, message
    source.next_run_at = source_schedule.after_failure(now, interval, source.failures, asked)
    if source_schedule.should_pause(source.failures) and not source.paused:
        source.paused, source.paused_reason = True, source_schedule.pause_reason(source.failures, message)
    return source.paused, source.person.email


def let_go(session: Session, source_id: int, claimed_at: datetime) -> None:
    """A sync stopped from outside (interrupted) lets go of its claim, unless another sync has taken it."""
    stored.release(session, source_id, claimed_at)


def describe(synced: Synced) -> str:
    """What a sync brought, in words (``tracker sync`` prints it; the Sources page shows it)."""
    asked = f"{synced.requests} request{'s' if synced.requests != 1 else ''}"
    s = synced.summary
    if s is None or s.already_imported:
        return f"unchanged ({asked})"
    unread = f", {len(synced.problems)} events not read" if synced.problems else ""
    return f"{s.new} new, {s.updated} updated, {s.removed} removed, {s.unchanged} unchanged{unread} ({asked})"


def _filename(source_id: int, url: str) -> str:
    """The name its imports go by: the source and its server, never the address (it may hold a key)."""
    return f"source {source_id} ({urlsplit(url).hostname}).ics"
