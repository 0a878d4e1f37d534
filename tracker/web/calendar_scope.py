"""The calendars the signed-in user works on (``domain/calendar_scope.py``), read once a request, and the page a
manager no one has placed in an organisation is shown instead of uploading or reviewing anything.

Upload, review, rule and import pages all take their scope from here, so a manager sees, corrects and undoes
only what is on their own organisation's staff's calendars; what is outside it answers "not found", as if it
were not there.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import g, render_template
from flask_login import current_user

from ..db import get_session
from ..domain.calendar_scope import NO_ORGANISATION, CalendarScope, calendar_scope
from ..reports.registers import organisation_name


def scope() -> CalendarScope:
    """The signed-in user's calendar scope: everyone's for an administrator, else their organisation's staff's."""
    if "calendar_scope" not in g:
        organisation_id = current_user.organisation_id
        name = organisation_name(get_session(), organisation_id) if organisation_id is not None else None
        g.calendar_scope = calendar_scope(current_user.role, None if name is None else (organisation_id, name))
    return g.calendar_scope


def no_organisation():
    """The page in place of any upload or review page for a manager in no organisation (403: fails closed)."""
    return render_template("errors/no_organisation.html", message=NO_ORGANISATION), 403


def needs_organisation(view: Callable) -> Callable:
    """Nothing of a view for a user whose scope covers no one's calendars but the page saying why; under
    ``auth.require``, which signs in and checks the role first."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if scope().nobody:
            return no_organisation()
        return view(*args, **kwargs)

    return wrapped
