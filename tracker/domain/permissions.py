"""Who may do what: one table serves pages, downloads and JSON endpoints alike. Pure."""

from __future__ import annotations

ROLES = ("manager", "director", "finance", "admin")
# What each role is called wherever a person reads it (the users page's table and its form alike).
ROLE_NAMES = {"manager": "Manager", "director": "Director", "finance": "Finance", "admin": "Administrator"}

PERMISSIONS: dict[str, set[str]] = {
    "upload": {"manager", "admin"},
    "review": {"manager", "admin"},
    # Connected calendars (the Sources page): managers for their own organisation's staff, as with uploads.
    "connect_calendars": {"manager", "admin"},
    # Everyone's calendars: upload any, review and correct any meeting, see and undo any import. Others (managers)
    # only those of their own organisation's staff, and nothing without an organisation (domain/calendar_scope.py).
    "all_calendars": {"admin"},
    "add_any_rule": {"admin"},  # a rule moves everyone's meetings: others only for partnerships they lead
    "view_hours": {"manager", "director", "finance", "admin"},
    "view_dashboard": {"director", "finance", "admin"},
    "view_costs": {"director", "finance", "admin"},  # directors: only at standard rates
    "view_individual_costs": {"finance", "admin"},  # salaries, a person's rate and cost at actual pay
    "download": {"finance", "admin"},  # the Downloads page: every summary, every organisation
    # A page's own tables as CSV (the map's pairs, hats, send one): what the page shows, costs blanked where
    # it hides them. Not managers: they read hours on the page, but a file of everyone's named hours is
    # more than their work needs, and the Downloads row above keeps files to finance and administrators.
    "download_tables": {"director", "finance", "admin"},
    # Pay is each organisation's own: these change only the staff and on-costs of the user's pay organisation
    # (``pay_organisation``), so an administrator of the host, or finance given no organisation, changes none.
    "edit_salaries": {"finance", "admin"},
    "edit_oncosts": {"finance", "admin"},
    "edit_standard_rates": {"finance", "admin"},  # the grade -> hourly rate table directors' costs are at
    "view_registers": {"finance", "admin"},
    "edit_registers": {"admin"},
    "manage_users": {"admin"},
    "view_audit": {"admin"},  # who did what: read and downloaded, never changed
    "edit_settings": {"admin"},
    "edit_outcomes": {"admin", "manager"},  # managers: only for partnerships they lead
    "edit_all_outcomes": {"admin"},
    "view_outcomes": {"manager", "director", "finance", "admin"},
    "model_scenarios": {"director", "finance", "admin"},  # save, compare and export what-ifs; change nothing
    "edit_any_scenario": {"admin"},  # others remove only the scenarios they saved
    "propose": {"manager", "director", "finance", "admin"},  # propose a partnership; read the register
    "decide_proposals": {"director", "admin"},  # the gatekeeper's decision
    "read_library": {"manager", "director", "finance", "admin"},
    "write_library": {"manager", "director", "finance", "admin"},  # their own entries
    "edit_any_library_entry": {"admin"},
    "erase_data": {"admin"},  # erase a person or an organisation for good (data protection)
    "subject_access": {"admin"},  # everything held about one person, on their request
}


# Which permission edits each register: finance keeps the salaries (of their own organisation's staff), the
# on-costs (of their own organisation) and the standard rates, administrators the others.
REGISTER_EDITORS = {
    "staff": "edit_registers",
    "salaries": "edit_salaries",
    "partnerships": "edit_registers",
    "grades": "edit_registers",
    "rates": "edit_standard_rates",
    "oncosts": "edit_oncosts",
    "comparators": "edit_registers",
    "funding": "edit_registers",
}


def can(role: str | None, permission: str) -> bool:
    if permission not in PERMISSIONS:
        raise KeyError(f"unknown permission {permission!r}")
    return role in PERMISSIONS[permission]


def pay_organisation(role: str | None, organisation_id: int | None) -> int | None:
    """The organisation whose staff's actual pay a user sees, or None for no one's.

    Pay is each organisation's own: its finance officers see it, and so does an administrator who works
    for that organisation (a partner's own administrator is its finance too, for the staff they already
    keep). The host's administrators, who run the app for every partner, and finance accounts not yet
    given an organisation see standard rates only: an account nobody placed shows no one's pay."""
    if organisation_id is None or not can(role, "view_individual_costs"):
        return None
    return organisation_id


def cost_visible(role: str | None) -> bool:
    """Whether a role sees costs: a cost over however few people is shown. Directors see costs only at
    standard rates, which depend on no one's pay, and those who see actual pay may see pay anyway, so no
    figure needs hiding for covering too few people (the definitions page says so)."""
    return can(role, "view_costs")
