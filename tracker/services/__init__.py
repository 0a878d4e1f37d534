"""What a user asks for, each as one unit of work: import calendars, undo an import, load or edit a
register, correct an attribution, change a setting, record outcomes, manage users.

Every change to stored data goes through a function here. Each takes the caller's
session, writes through ``store``, then brings attendances up to date once
(``attendances.refresh``) in the same transaction; none commits: the request or
command that called it does, so a failure anywhere leaves nothing half-written.
"""
