"""Whose calendars a user uploads, reviews and corrects. Pure.

Calendars are each organisation's own: a manager works on the calendars of their own organisation's staff
(the people the staff register places in it, known by their address or an alias), whoever uploaded them,
so a colleague's upload may be reviewed, corrected or undone by any manager of the same organisation, and
none of another organisation's. Administrators (``all_calendars``) work on everyone's. A manager nobody
has placed in an organisation works on no one's: the pages say so, and nothing is uploaded or corrected
(an account nobody placed is given nothing, as with pay). The operator's ``tracker import`` is not a user
and is not limited.

A meeting is on a manager's list when any calendar of their organisation's staff holds a copy of it: a
meeting of two organisations' staff is corrected by either's managers, as it is one meeting. A series is
corrected as one too, when every meeting of it is on the manager's list: a series known only by its title
(files without UIDs) can gather other organisations' meetings of the same title, and a correction of the
whole would reach their calendars, so it is refused, saying why; its own meetings are corrected one by one,
or an administrator corrects the whole.
"""

from __future__ import annotations

from dataclasses import dataclass

from .permissions import can

NO_ORGANISATION = "Your account belongs to no organisation: an administrator can set it on the users page"


@dataclass(frozen=True)
class CalendarScope:
    """Everyone's calendars, or those of one organisation's staff (its id and name), or (neither) no one's."""

    everyone: bool = False
    organisation_id: int | None = None
    organisation: str = ""

    @property
    def nobody(self) -> bool:
        return not self.everyone and self.organisation_id is None


EVERYONE = CalendarScope(everyone=True)
NOBODY = CalendarScope()


def calendar_scope(role: str | None, organisation: tuple[int, str] | None) -> CalendarScope:
    """The calendars a user of this role and organisation ((id, name), or None for none) works on."""
    if can(role, "all_calendars"):
        return EVERYONE
    if organisation is None or not can(role, "upload"):
        return NOBODY
    return CalendarScope(organisation_id=organisation[0], organisation=organisation[1])


@dataclass(frozen=True)
class OwnerPlace:
    """Where the staff register places a calendar's owner: whether they are in it at all, and the id and name
    of their organisation (None when the register gives them none)."""

    registered: bool
    organisation_id: int | None = None
    organisation: str = ""


def owner_refusal(scope: CalendarScope, owner: str, place: OwnerPlace) -> str | None:
    """Why a user working on ``scope`` may not upload ``owner``'s calendar, in words; None when they may."""
    if scope.everyone:
        return None
    if scope.nobody:
        return f"{NO_ORGANISATION}, so no calendar can be uploaded"
    if place.registered and place.organisation_id == scope.organisation_id:
        return None
    yours = f"you upload only the calendars of {scope.organisation} staff"
    if not place.registered:
        return f"{owner} is not in the staff register: {yours}"
    if place.organisation_id is None:
        return f"{owner} has no organisation in the staff register: {yours}"
    return f"{owner} is {place.organisation} staff: only {place.organisation}'s managers upload their calendar"
