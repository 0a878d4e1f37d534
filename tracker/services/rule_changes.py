"""A title rule seen before it is made, and a lead's rule that takes meetings from other partnerships held for
an administrator.

One rule "meeting", made by a partnership's lead, once moved 6 -> 4,327 meetings into their partnership,
taking them from five others, and nobody saw it coming. So a rule is first rehearsed: made through the very
path that makes it for real (``attribution.add_title_rule``, which records what it moved), read, and rolled
back by the caller. What the person sees is therefore what saving does; saving checks it moves exactly what
was shown (``RulePreview.digest``), or refuses with the new preview. A rule that would take meetings from a
partnership other than its own is not made for anyone but an administrator: it waits as a request
(``store.rule_requests``) an administrator approves, which makes it through the same path, or refuses.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from ..domain.attribution import plain_keyword
from ..domain.calendar_scope import EVERYONE, CalendarScope
from ..models import RuleRequest
from ..reports.review_queue import titles_of
from ..reports.rule_requests import AskedShift
from ..store import registers, rule_requests
from . import attribution

EXAMPLES = 3  # different titles shown for what each partnership gains and loses
SEARCHED = 900  # moved meetings the examples are looked for among (a query's parameters stay few)


class PreviewOutdated(ValueError):
    """The rule would now move something other than the preview showed: look again before saving."""

    def __init__(self, preview: RulePreview) -> None:
        super().__init__("what the rule would move has changed since the preview")
        self.preview = preview


class NeedsAdministrator(PermissionError):
    """The rule takes meetings from other partnerships: only an administrator may make it."""

    def __init__(self, preview: RulePreview) -> None:
        super().__init__("the rule takes meetings from other partnerships: an administrator must approve it")
        self.preview = preview


class NoSuchRequest(LookupError):
    """No rule request waits under that number."""


@dataclass(frozen=True)
class Shift(AskedShift):
    """What one partnership (``None``: no partnership) would have before and after the rule, over all time."""

    partnership_id: int | None = None
    gained: tuple[str, ...] = ()  # a few titles of the meetings it would gain
    lost: tuple[str, ...] = ()


@dataclass(frozen=True)
class RulePreview:
    keyword: str
    partnership_id: int
    partnership: str
    shifts: tuple[Shift, ...]
    digest: str  # of the meetings it moves and each partnership's figures: saving checks it moves the same

    @property
    def takes_from_others(self) -> bool:
        """Whether a partnership other than the rule's own would lose meetings or hours."""
        return any(
            s.partnership_id not in (None, self.partnership_id) and (s.meetings_change < 0 or s.hours_change < 0)
            for s in self.shifts
        )

    @property
    def losers(self) -> list[str]:
        return [
            s.partnership
            for s in self.shifts
            if s.partnership_id not in (None, self.partnership_id) and (s.meetings_change < 0 or s.hours_change < 0)
        ]


def preview_rule(
    session: Session, title: str, partnership_id: int, *, by: str, lead_only: bool, examples_from: CalendarScope
) -> RulePreview:
    """What the rule would move, found by making it: the caller rolls the session back (``db.rehearsal``).

    ``examples_from``: example titles are shown only from the calendars this scope covers (a manager's: their
    organisation's staff's), as the review queue shows them; the figures cover every meeting the rule moves."""
    preview, _ = _make(session, title, partnership_id, by=by, lead_only=lead_only, examples_from=examples_from)
    return preview


def save_rule(
    session: Session, title: str, partnership_id: int, *, by: str, administrator: bool, expected: str
) -> attribution.TitleRule:
    """Make the rule, as its preview (``expected``: its digest) showed. ``PreviewOutdated`` when it would
    now move something else; ``NeedsAdministrator`` when it takes from other partnerships and ``by`` is not
    an administrator. Either way the caller's transaction is rolled back and nothing is kept."""
    preview, made = _make(session, title, partnership_id, by=by, lead_only=not administrator, examples_from=EVERYONE)
    if preview.digest != expected:
        raise PreviewOutdated(preview)
    if preview.takes_from_others and not administrator:
        raise NeedsAdministrator(preview)
    return made


def ask_administrator(session: Session, preview: RulePreview, *, by: str) -> RuleRequest:
    """Keep a lead's rule, as its preview showed it, for an administrator to approve or refuse; the same rule
    asked for again while it waits is the one request."""
    waiting = rule_requests.find_pending(session, by=by, partnership_id=preview.partnership_id, keyword=preview.keyword)
    if waiting is not None:
        return waiting
    moved = [
        {
            "partnership_id": s.partnership_id,
            "before": [s.meetings[0], str(s.hours[0])],
            "after": [s.meetings[1], str(s.hours[1])],
        }
        for s in preview.shifts
    ]
    return rule_requests.add_request(
        session, by=by, partnership_id=preview.partnership_id, keyword=preview.keyword, moved=json.dumps(moved)
    )


def preview_request(session: Session, request_id: int, *, by: str) -> RulePreview:
    """What approving the waiting request would move now; the caller rolls the session back."""
    preview, _ = _approving(session, _waiting(session, request_id), by=by)
    return preview


def approve(session: Session, request_id: int, *, by: str, expected: str) -> attribution.TitleRule:
    """An administrator makes the waiting rule, as the preview they saw showed it (``PreviewOutdated``
    otherwise); recorded as their change, saying who asked, and revertible like any other."""
    request = _waiting(session, request_id)
    preview, made = _approving(session, request, by=by)
    if preview.digest != expected:
        raise PreviewOutdated(preview)
    rule_requests.decide(session, request, by=by, status="approved", change_id=made.change_id)
    return made


def refuse(session: Session, request_id: int, *, by: str) -> RuleRequest:
    """An administrator turns the waiting rule down: nothing moves."""
    request = _waiting(session, request_id)
    rule_requests.decide(session, request, by=by, status="refused")
    return request


def _waiting(session: Session, request_id: int) -> RuleRequest:
    request = rule_requests.find_request(session, request_id)
    if request is None or request.status != "pending":
        raise NoSuchRequest(f"no rule request {request_id} is waiting")
    return request


def _approving(session: Session, request: RuleRequest, *, by: str) -> tuple[RulePreview, attribution.TitleRule]:
    """The waiting rule made by the administrator ``by``, its record saying who asked."""
    note = f"asked for by {request.asked_by}, approved by {by}"
    return _make(
        session, request.keyword, request.partnership_id, by=by, lead_only=False, examples_from=EVERYONE, note=note
    )


def _make(
    session: Session,
    title: str,
    partnership_id: int,
    *,
    by: str,
    lead_only: bool,
    examples_from: CalendarScope,
    note: str = "",
) -> tuple[RulePreview, attribution.TitleRule]:
    """Make the rule through the one path that makes rules, and read what it moved, meeting by meeting."""
    if not plain_keyword(title):
        raise ValueError("a rule needs a title")
    was = rule_requests.partnership_of_meetings(session)
    made = attribution.add_title_rule(session, title, partnership_id, made_by=by, lead_only=lead_only, note=note)
    now = rule_requests.partnership_of_meetings(session)
    moves = sorted((mid, was.get(mid), to) for mid, to in now.items() if was.get(mid) != to)
    names = registers.read_partnership_names(session)
    shifts = []
    for item in made.moved:
        pid = item["partnership_id"]
        shifts.append(
            Shift(
                partnership_id=pid,
                partnership="No partnership" if pid is None else names.get(pid, f"Partnership {pid}"),
                meetings=(int(item["before"][0]), int(item["after"][0])),
                hours=(Decimal(item["before"][1]), Decimal(item["after"][1])),
                gained=_examples(session, (m for m, _, to in moves if to == pid), examples_from),
                lost=_examples(session, (m for m, fro, _ in moves if fro == pid), examples_from),
            )
        )
    figures = [(s.partnership_id, s.meetings, [str(h) for h in s.hours]) for s in shifts]
    digest = hashlib.sha256(json.dumps([made.keyword, partnership_id, moves, figures]).encode()).hexdigest()[:32]
    return RulePreview(made.keyword, partnership_id, made.partnership, tuple(shifts), digest), made


def _examples(session: Session, ids: Iterable[int], scope: CalendarScope) -> tuple[str, ...]:
    """A few different titles among these meetings (in the order they were held)."""
    first = list(ids)[:SEARCHED]
    titles = titles_of(session, first, scope=scope, limit=200)
    return tuple(dict.fromkeys(titles.values()))[:EXAMPLES]
