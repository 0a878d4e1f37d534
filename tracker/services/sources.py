"""Connecting a person's calendar, and letting it go: every change to sources goes through here.

A source is connected only for someone on the staff register whose organisation has agreed to its
staff's calendars being read (``Organisation.sources_agreed``, set by ``agree``); its address must be
one the server may read (``domain.source_addresses``); its secret, if any, is encrypted at once
(``source_secrets``) and never returned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from ..domain.source_addresses import (
    KIND_NAMES,
    KINDS,
    AddressRefused,
    Resolver,
    allowed_private,
    check_host,
    detect_kind,
    normalise,
)
from ..models import CalendarSource
from ..reports.connected_calendars import Listed, listing
from ..reports.settings import load_settings
from ..store import registers
from ..store import sources as stored
from .source_secrets import seal

# What each kind of source that cannot be read without a secret is read with.
NEEDS_SECRET = {"graph": "the app's client secret", "google": "the service account's JSON key"}


class SourceRefused(ValueError):
    """The source cannot be added or changed; the message says why, in words to act on."""


@dataclass(frozen=True)
class NewSource:
    """A source as a person asks for it (``tracker sources add`` or the Sources page)."""

    owner: str
    url: str
    kind: str | None = None  # detected from the address when not given
    username: str = ""
    secret: str = ""  # the password, app password or key itself (never stored as given)


@dataclass(frozen=True)
class Checked:
    """A new source that may be connected: whose, its address as it will be read, and its kind."""

    person_id: int
    owner: str
    url: str
    kind: str


def check(session: Session, new: NewSource, *, resolve: Resolver, within: int | None = None) -> Checked:
    """Whether ``new`` may be connected (and so tested): ``SourceRefused`` naming what is wrong. ``within``:
    the only organisation whose staff the person asking may connect (a manager's own), None for anyone's."""
    person = registers.find_person(session, new.owner)
    if person is None and within is None:
        raise SourceRefused(f"{new.owner} is not on the staff register: add them before connecting their calendar")
    if person is None or (within is not None and person.organisation_id != within):
        raise SourceRefused(f"{new.owner} is not on your organisation's staff: you may connect only their calendars")
    if person.organisation is None:
        raise SourceRefused(f"{person.email} belongs to no organisation on the register, so none has agreed")
    if not person.organisation.sources_agreed:
        raise SourceRefused(
            f"{person.organisation.name} has not agreed to its staff's calendars being connected "
            f"(an administrator records that with: tracker sources agree {person.organisation.name!r})"
        )
    allow_private = load_settings(session).private_sources
    try:
        url = normalise(new.url)
        check_host(url, resolve, allow_private=allow_private)
    except AddressRefused as exc:
        raise SourceRefused(str(exc)) from None
    kind = new.kind or detect_kind(new.url)
    if kind not in KINDS:
        raise SourceRefused(f"{kind!r} is not a kind of source; known: {', '.join(KINDS)}")
    if kind in NEEDS_SECRET and not new.secret:
        raise SourceRefused(f"a {KIND_NAMES[kind]} is read with {NEEDS_SECRET[kind]}: give it with the source")
    plain = url.startswith("http://") and (new.secret or kind in NEEDS_SECRET)
    if plain and not allowed_private(url, resolve, allow_private):
        raise SourceRefused("a password is never sent over http://, where anyone on the way can read it: use https://")
    return Checked(person.id, person.email, url, kind)


def connect(
    session: Session, new: NewSource, *, by: str, key: str, resolve: Resolver, within: int | None = None
) -> CalendarSource:
    """The source stored, or ``SourceRefused`` naming what is wrong (``check``)."""
    checked = check(session, new, resolve=resolve, within=within)
    person_id, url, kind = checked.person_id, checked.url, checked.kind
    source = CalendarSource(
        person_id=person_id,
        kind=kind,
        url=url,
        username=new.username.strip(),
        secret=seal(key, new.secret) if new.secret else None,
        added_by=by,
        added_at=datetime.now(UTC),
    )
    return stored.store_new(session, source)


def disconnect(session: Session, source_id: int) -> Listed:
    """The source and the objects it kept let go (what it imported stays, as an upload's would); the
    source as it was, for the caller to confirm."""
    source = _find(session, source_id)
    (listed,) = listing(session, source_id=source_id)
    stored.remove(session, source)
    return listed


def set_paused(session: Session, source_id: int, paused: bool, reason: str = "") -> None:
    """Stop a source's syncs (with the reason shown beside it) or let them run again."""
    source = _find(session, source_id)
    source.paused, source.paused_reason = paused, reason if paused else ""
    if not paused:
        source.failures, source.next_run_at = 0, None


def agree(session: Session, organisation: str, agreed: bool) -> None:
    """Record that ``organisation`` agrees (or no longer agrees) to its staff's calendars being connected;
    withdrawn, its sources stop syncing at once (they are kept, paused, until removed)."""
    found = registers.organisation_named(session, organisation)
    if found is None:
        raise SourceRefused(f"there is no organisation called {organisation!r} on the staff register")
    org = registers.organisation(session, found[1])
    assert org is not None
    org.sources_agreed = agreed
    if not agreed:
        for listed in listing(session, organisation_id=org.id):
            set_paused(session, listed.id, True, f"{org.name} withdrew its agreement to connected calendars")


def _find(session: Session, source_id: int) -> CalendarSource:
    source = stored.find(session, source_id)
    if source is None:
        raise SourceRefused(f"there is no source {source_id}")
    return source
