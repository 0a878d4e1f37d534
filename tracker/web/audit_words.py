"""What each audited request is called in the trail, in words, and an entry read back as a person reads it.

Every POST and every export has words here (``ACTIONS``); a test walks the app's routes and fails on one
that has none, so a new form or download never shows up in the trail as an endpoint's name. Words may
name the route's own arguments (``{kind}``, ``{register}``). Entries written before the words existed
(an endpoint's name, or ``{}`` for details) read the same way as new ones.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

ACTIONS: dict[str, str] = {
    "auth.login": "sign in",
    "auth.logout": "sign out",
    "uploads.start": "upload calendar files",
    "uploads.owners": "preview an import",
    "uploads.confirm": "confirm an import",
    "uploads.undo": "undo an import",
    "uploads.restore": "restore an undone import",
    "review.attribute": "correct an attribution",
    "rules.preview": "preview a title rule",
    "rules.rule": "add a title rule",
    "rules.approve": "approve a title rule",
    "rules.refuse": "refuse a title rule",
    "review.revert": "revert an attribution change",
    "cost_basis.switch": "switch the cost basis",
    "registers.load": "load the {register} register",
    "registers.person": "change a person",
    "registers.new_person": "add a person",
    "registers.partnership": "change a partnership",
    "registers.grades": "change grades",
    "registers.rates": "change standard rates",
    "registers.oncosts": "change on-costs",
    "registers.comparators": "add a comparator",
    "registers.remove_comparator": "remove a comparator",
    "registers.funding": "add a funding stream",
    "registers.remove_funding": "remove a funding stream",
    "outcomes.load": "load outcomes",
    "outcomes.partnership": "record outcomes",
    "admin.users": "add a user",
    "admin.change_user": "change the role of a user",
    "admin.reset_password": "reset the password of a user",
    "admin.settings": "change settings",
    "scenarios.index": "save a scenario",
    "scenarios.people": "save a scenario",
    "scenarios.remove": "remove a scenario",
    "proposals.new": "propose a partnership",
    "proposals.show": "decide on a proposal",
    "library.new": "add to the practice library",
    "library.edit": "change a practice library entry",
    "library.remove": "remove a practice library entry",
    "sources.index": "connect a calendar, or test a connection",
    "sources.sync": "sync a connected calendar now",
    "sources.pause": "pause a connected calendar",
    "sources.resume": "resume a connected calendar",
    "sources.remove": "disconnect a calendar",
    "privacy.erase": "erase a person's or an organisation's data",
    "privacy.subject_access_page": "export a person's data (subject access)",
    # Exports: recorded whatever the answer, a refused one too.
    "downloads.download": "download the {kind} CSV",
    "downloads.workbook": "download the finance workbook",
    "hats.download": "download the {kind} CSV",
    "map.download": "download the map's pairs CSV",
    "scenarios.download": "download the scenarios compared CSV",
    "proposals.download": "download the register of proposals CSV",
    "proposals.assessment_pdf": "download the assessment PDF",
    "api.partnerships": "read the partnerships' figures as JSON",
    "admin.audit_csv": "download the audit trail CSV",
}
EXPORTS = {
    "downloads.download",
    "downloads.workbook",
    "hats.download",
    "map.download",
    "scenarios.download",
    "proposals.download",
    "proposals.assessment_pdf",
    "api.partnerships",
    "admin.audit_csv",
}
# Answers of these types are exports, declared above or not: a new download is recorded even if
# nobody adds it to EXPORTS (a test then asks for its words).
EXPORT_TYPES = {
    "text/csv",
    "application/pdf",
    "application/json",
    "application/zip",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",  # the finance workbook
}
NOT_FIGURES = {"api.openapi"}  # JSON that holds no figures (what the API offers, public): not recorded
OUTCOMES = {
    400: "refused",
    401: "not signed in",
    403: "forbidden",
    404: "not found",
    413: "too large",
    429: "throttled",
}


def words(endpoint: str, arguments: dict[str, object]) -> str:
    """``ACTIONS``'s words for ``endpoint``, filled from the route's arguments; an endpoint that has none
    reads as what it was (the test of every route makes sure none is left so)."""
    template = ACTIONS.get(endpoint)
    if template is None:
        return endpoint
    kinds = {key: str(value).replace("_", " ") for key, value in arguments.items()}
    try:
        return template.format(**kinds)
    except (KeyError, IndexError):
        return template.replace("{", "").replace("}", "")


def outcome(status: int, *, to_sign_in: bool = False) -> str:
    if to_sign_in:
        return f"not signed in ({status})"
    return f"{'done' if status < 400 else OUTCOMES.get(status, 'failed')} ({status})"


class Entry(Protocol):
    at: datetime
    actor: str
    action: str
    target: str
    whose: str
    outcome: str
    address: str
    details: str


@dataclass(frozen=True)
class Readable:
    """One entry as the audit page and its CSV show it: who, what in words, whose, with what filters,
    what else was asked, how it ended, from where and through which address."""

    at: datetime
    who: str
    what: str
    whose: str
    filters: str
    asked: str
    outcome: str
    address: str
    through: str


def readable(entry: Entry) -> Readable:
    details = _json(entry.details)
    filters = details.pop("filters", None) or details.pop("query", None) or {}
    return Readable(
        at=entry.at,
        who=entry.actor,
        what=ACTIONS.get(entry.action, entry.action) if "." in entry.action else entry.action,
        whose=getattr(entry, "whose", "") or "",
        filters=_pairs(filters),
        asked=_pairs(details),
        outcome=entry.outcome,
        address=entry.address,
        through=entry.target,
    )


def _json(text: str) -> dict:
    try:
        found = json.loads(text or "{}")
    except ValueError:
        return {"details": text}
    return found if isinstance(found, dict) else {"details": found}


FIRST = {"period": 0, "cost basis": 2}  # JSON keeps keys sorted: the period first, the basis last


def _pairs(values: dict) -> str:
    """``{"from": "2025-03-01", "files": [{"name": "a.ics", "bytes": 9}]}`` -> "from 2025-03-01; files a.ics
    (9 bytes)"; nothing at all reads as an empty string, never ``{}``."""
    parts = []
    for key, value in sorted(values.items(), key=lambda item: (FIRST.get(item[0], 1), item[0])):
        if isinstance(value, list):
            value = ", ".join(_one(v) for v in value)
        parts.append(f"{str(key).replace('_', ' ')} {_one(value)}")
    return "; ".join(parts)


def _one(value: object) -> str:
    if isinstance(value, dict) and "name" in value and "bytes" in value:
        return f"{value['name']} ({value['bytes']:,} bytes)"
    if isinstance(value, dict):
        return ", ".join(f"{k} {v}" for k, v in value.items())
    return str(value)
