"""Whose pay a change may carry, and the words said where pay is not shown or not taken. Pure.

Pay is each organisation's own: its finance officers see and set its staff's salaries and its on-costs
(``permissions.pay_organisation`` says whose pay a user sees). A change made through the web carries the
signed-in user's scope, and a salary or an on-cost of any other organisation refuses the whole change,
naming whose it is. The operator at the command line holds the database anyway and loads for everyone
(``EVERYONE``).
"""

from __future__ import annotations

from dataclasses import dataclass

from .entries import InvalidEntry


@dataclass(frozen=True)
class PayScope:
    """The organisation whose pay may be set (``organisation_id``, named ``organisation``), none (an
    account with no organisation), or every one (``everyone``: the command line)."""

    organisation_id: int | None = None
    organisation: str = ""
    everyone: bool = False

    def covers(self, organisation_id: int | None) -> bool:
        """Whether pay of staff of that organisation (None: of no organisation) may be set in this scope."""
        return self.everyone or (organisation_id is not None and organisation_id == self.organisation_id)


EVERYONE = PayScope(everyone=True)
NO_ONE = PayScope()


class NotYourPay(InvalidEntry):
    """A salary or an on-cost of an organisation whose pay the one making the change does not see: the
    whole change is refused (a form answers 403)."""


def not_shown(organisation: str | None) -> str:
    """What a page says in place of a person's pay it does not show."""
    if organisation:
        return f"{organisation}'s pay: seen by {organisation}'s finance"
    return "in no organisation: no one's finance sees their pay"


def whose(scope: PayScope) -> str:
    """Whose pay the scope covers, ending a refusal."""
    if scope.organisation_id is None:
        return "your account belongs to no organisation, so you set no one's"
    return f"you set {scope.organisation}'s only"


def salary_refused(name: str, email: str, organisation: str | None, scope: PayScope) -> NotYourPay:
    """A salary for someone outside the scope: who, whose pay it is, and what the one loading may do."""
    if organisation:
        reason = f"{name} works for {organisation}, and only {organisation}'s finance sees and sets their pay"
    else:
        reason = f"{name} belongs to no organisation, so no one's finance sees or sets their pay"
    return NotYourPay("annual_salary", f"a salary for {name} ({email}) is refused: {reason}; {whose(scope)}")


def oncost_refused(organisation: str, scope: PayScope) -> NotYourPay:
    """On-costs of an organisation outside the scope."""
    return NotYourPay(
        "organisation", f"{organisation}'s on-costs are set by {organisation}'s finance only; {whose(scope)}"
    )
