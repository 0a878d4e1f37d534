"""Whether two calendars' copies that share no UID are one meeting. Pure.

Copies with a UID are one meeting when their UIDs (and recurrence identities) are the same. Outlook CSV
rows, and .ics events written without a UID, carry no such identity: all they share with another
calendar's copy of the same meeting is its title, start and end. Those alone are not enough: two
people can each hold an unrelated "Service review" from 10:30 to 12:00, organised by different
colleagues, and joining them let one calendar's cancellation cancel the other person's meeting (issue
20). So such copies are one meeting only where the people agree too (``copies_agree``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Party:
    """Who one calendar's copy of a meeting involves, as the file says it.

    ``owner`` is the address of the person whose calendar it is; ``organiser`` the ORGANIZER's address
    (None when the copy names none: an Outlook CSV names its organiser by display name only, and lists
    them among ``people``); ``people`` each listed person as ``(address, display name)``, either of
    which may be empty (an Outlook CSV gives names only)."""

    owner: str
    organiser: str | None = None
    people: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, owner: str, organiser: str | None, listed: Iterable[Iterable]) -> Party:
        """From stored or read values: ``listed`` holds ``[address, name, ...]`` entries."""
        people = []
        for entry in listed:
            address, name = [*entry, "", ""][:2]
            if _address(address) or _name(name):
                people.append((_address(address), _name(name)))
        return cls(_address(owner), _address(organiser) or None, tuple(people))


def copies_agree(a: Party, b: Party) -> bool:
    """Whether two copies with the same title, start and end, and no UID in common, are one meeting.

    1. Two copies from the same calendar (the same owner's address) are: a newer export of it.
    2. When both copies name an organiser's address, they are one meeting exactly when it is the same
       address: a meeting organised by someone else is another meeting, whoever else it lists.
    3. Otherwise they are one meeting when they share a person: the owner, the organiser or anyone
       listed on one copy is the owner, the organiser or someone listed on the other. Two entries are
       the same person when they have the same address or, where either has no address (Outlook CSV
       lists names only), the same display name (ignoring case and spacing).

    Nothing else joins them: two copies that name nobody in common, or nobody at all, stay two meetings,
    each costed for its own calendar's owner. Addresses are compared as written (an alias of the same
    person is another address), so that how copies are joined never changes with the staff register.
    """
    if a.owner and a.owner == b.owner:
        return True
    if a.organiser and b.organiser:
        return a.organiser == b.organiser
    return any(_same_person(x, y) for x in _everyone(a) for y in _everyone(b))


def _everyone(party: Party) -> list[tuple[str, str]]:
    """The owner, the organiser and everyone listed, as ``(address, name)``."""
    found = [(party.owner, "")] if party.owner else []
    found += [(party.organiser, "")] if party.organiser else []
    return found + list(party.people)


def _same_person(x: tuple[str, str], y: tuple[str, str]) -> bool:
    """The same address; or, when either entry lacks an address, the same display name."""
    if x[0] and y[0]:
        return x[0] == y[0]
    return bool(x[1]) and x[1] == y[1]


def _address(value: object) -> str:
    return str(value or "").strip().lower()


def _name(value: object) -> str:
    return " ".join(str(value or "").lower().split())
