"""Data protection: erasing a person or an organisation, a person's data on request, and the retention
period after which meetings lose their titles and attendee lists. Each is one transaction.

An erasure leaves one audit entry that holds counts and an opaque reference, nothing that says whom;
every place that named them says ``[erased <reference>]`` instead, so the entries of one erasure can be
told apart without saying who it was. Everyone else's figures are worked out again through the normal
refresh: the meetings they shared lose the erased person, the others do not move.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy.orm import Session

from ..domain.local_time import ZONE, today
from ..domain.privacy import retention_cutoff
from ..reports import subject_access
from ..reports.settings import load_settings
from ..store import audit, erasure, meetings, monthly, retention
from ..store import sources as connected
from ..store.register_snapshot import RegisterSnapshot
from . import attendances

KINDS = ("person", "organisation")


class NotFound(LookupError):
    """No such person or organisation: nothing was erased."""


@dataclass(frozen=True)
class Erasure:
    """What an erasure did: its reference (in the audit entry and wherever a name was) and its counts."""

    reference: str
    kind: str
    counts: dict[str, int]

    def summary(self) -> str:
        said = ", ".join(f"{n} {what}" for what, n in sorted(self.counts.items())) or "nothing held"
        whom = "a person" if self.kind == "person" else "an organisation"
        return f"erased {whom} ({self.reference}): {said}"


def erase(session: Session, kind: str, subject: str, *, by: str) -> Erasure:
    """Erase the person with this address (or alias), or the organisation of this name with all its people.
    ``NotFound`` when there is none. The caller commits; nothing is erased if anything fails."""
    found = _find(session, kind, subject)
    reference = "E-" + secrets.token_hex(4).upper()
    mark = f"[erased {reference}]"
    done = erasure.Erased()
    before = RegisterSnapshot.load(session)
    touched = erasure.their_meetings(session, found)
    erasure.remove_attendances(session, found, done)
    erasure.remove_calendars(session, found, done)
    erasure.remove_sources(session, found, done)
    erasure.strip_lists(session, found, touched, mark, done)
    meetings.settle(session, touched)
    erasure.leave_proposals(session, found, done)
    erasure.remove_rows(session, found, done)
    erasure.clear_addresses(session, found, done)
    attendances.refresh(session, attendances.Touched(meetings=touched, registers_before=before))
    erasure.scrub_text(session, found.words(), mark, done)
    monthly.worked_out(session, touched)  # the review queue's titles, as scrubbed
    monthly.bring_up_to_date(session)
    result = Erasure(reference, kind, dict(done.counts))
    audit.record(
        session,
        actor=by,
        action=f"erase {'a person' if kind == 'person' else 'an organisation'}",
        target=f"erasure {reference}",
        outcome="done",
        details={"reference": reference, "counts": result.counts, "summary": result.summary()},
    )
    return result


def erasure_plan(session: Session, kind: str, subject: str) -> Erasure:
    """What erasing would remove, in counts, worked out and rolled back (the confirm page's list)."""
    try:
        return erase(session, kind, subject, by="")
    finally:
        session.rollback()


def _find(session: Session, kind: str, subject: str) -> erasure.Subject:
    if kind not in KINDS:
        raise ValueError(f"erase a person or an organisation, not {kind!r}")
    found = erasure.find_person(session, subject) if kind == "person" else erasure.find_organisation(session, subject)
    if found is None:
        raise NotFound(f"no {kind} {subject!r} is held")
    return found


def subject_access_request(session: Session, email: str) -> dict:
    """Everything held about the person with this address (``reports.subject_access``); ``NotFound`` if nothing."""
    found = erasure.find_person(session, email)
    if found is None:
        raise NotFound(f"no person {email!r} is held")
    return subject_access.everything(session, found.person_ids, found.addresses, found.names)


@dataclass(frozen=True)
class RetentionRun:
    months: int
    cutoff: date | None
    retired: retention.Retired


def apply_retention(session: Session, *, on: date | None = None) -> RetentionRun:
    """Remove the titles and attendee lists of meetings that started before the retention period, keeping
    their hours, costs and partnership, and the text of connected calendars' objects that began before it.
    Nothing when the setting is 0 (kept for ever)."""
    on = on or today()
    months = load_settings(session).retain_titles_months
    cutoff = retention_cutoff(on, months)
    if cutoff is None:
        return RetentionRun(months, None, retention.Retired())
    before = datetime.combine(cutoff, time(), ZONE).astimezone(UTC)
    retired = retention.retire(session, retention.due(session, before), on, before)
    retired.source_objects = connected.retire(session, cutoff)  # and what connected calendars keep
    monthly.bring_up_to_date(session)  # series whose key held a title are summed under their new key
    return RetentionRun(months, cutoff, retired)
