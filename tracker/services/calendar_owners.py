"""Whose calendars a user may upload: the one check every upload path makes before anything is stored.

A manager uploads only the calendars of their own organisation's staff (``domain/calendar_scope.py``). The
owner of each calendar, given on the owners page or told by the file, is checked here once every owner of
the upload is known (an owner the file suggests may still be changed there): by the owners page of an
upload read while the manager waits, by the glance at an upload too large for that, and by the background
job that imports it (the account may have changed since). One calendar refused
refuses the whole upload: its files are deleted and nothing is imported. Administrators upload anyone's;
``tracker import`` (the operator) and the demo check nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from ..domain.calendar_scope import NOBODY, CalendarScope, OwnerPlace, calendar_scope, owner_refusal
from ..reports.calendar_scope import owner_place
from ..reports.registers import organisation_name
from ..store import users


class OwnerRefused(ValueError):
    """A calendar this user may not upload: ``str()`` names the file, the owner and why."""


def refusals(session: Session, scope: CalendarScope, calendars: Iterable[tuple[str, str]]) -> list[str]:
    """'file: why' for each (file name, owner address) of the upload ``scope`` may not upload, in order."""
    if scope.everyone:
        return []
    places: dict[str, OwnerPlace] = {}
    found = []
    for filename, owner in calendars:
        owner = owner.strip().lower()
        if owner not in places:
            places[owner] = owner_place(session, owner) if not scope.nobody else OwnerPlace(registered=False)
        why = owner_refusal(scope, owner, places[owner])
        if why is not None:
            found.append(f"{filename}: {why}")
    return found


def check(session: Session, scope: CalendarScope, filename: str, owner: str) -> None:
    """Raise ``OwnerRefused`` if ``scope`` may not upload this calendar."""
    refused = refusals(session, scope, [(filename, owner)])
    if refused:
        raise OwnerRefused(refused[0])


def scope_of_account(session: Session, email: str) -> CalendarScope:
    """The calendars the account ``email`` works on now, as the web gives them to its signed-in user; none
    for an account that is gone or blocked (a job it queued imports nothing)."""
    user = users.find_user(session, email)
    if user is None or not user.active:
        return NOBODY
    organisation_id = user.organisation_id
    name = organisation_name(session, organisation_id) if organisation_id is not None else None
    return calendar_scope(user.role, (organisation_id, name) if organisation_id is not None and name else None)
