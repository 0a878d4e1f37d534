"""The ``tracker`` command: registers, imports, exports and inspection from a shell or a scheduler."""

from __future__ import annotations

import functools
import getpass
import logging

import click
from flask import Flask, current_app, has_app_context
from flask.cli import FlaskGroup

from ..services import audit
from . import backups, calendars, rationalise, registers, running

log = logging.getLogger(__name__)


def init_app(app: Flask) -> None:
    for command in (
        running.init_command,
        running.recompute_command,
        registers.staff,
        registers.partnerships,
        registers.grades,
        registers.oncosts,
        registers.comparators,
        registers.funding,
        registers.settings_group,
        calendars.import_command,
        calendars.export_command,
        calendars.inspect_command,
        running.demo_command,
        registers.users,
        registers.outcomes_group,
        running.serve_command,
        running.worker_command,
        backups.backup_command,
        backups.restore_command,
        rationalise.map_command,
        rationalise.assess_command,
    ):
        _audited(command, "tracker")
        app.cli.add_command(command)


def _audited(command: click.Command, parent: str) -> None:
    """Each command run from the shell goes into the audit trail: which, with what (never a password),
    by which account of the machine, and whether it worked. Wrapped once, whatever the apps made."""
    path = f"{parent} {command.name}"
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _audited(sub, path)
        return
    callback = command.callback
    if callback is None or getattr(callback, "audited", False):
        return

    @functools.wraps(callback)
    def run(*args, **kwargs):
        outcome = "failed"
        try:
            result = callback(*args, **kwargs)
            outcome = "done"
            return result
        except SystemExit as exit_:
            outcome = "done" if not exit_.code else "failed"
            raise
        finally:
            _record(path, outcome, kwargs)

    run.audited = True  # type: ignore[attr-defined]
    command.callback = run


def _record(path: str, outcome: str, params: dict) -> None:
    if not has_app_context():
        return
    details = {k: str(v)[:200] for k, v in params.items() if "password" not in k and v not in (None, (), False)}
    try:
        audit.record(
            current_app.extensions["sessionmaker"],
            actor=f"shell:{getpass.getuser()}",
            action=path,
            target=path,
            outcome=outcome,
            details=details,
        )
    except Exception:  # the command's own work is done: say so loudly rather than fail it
        log.exception("could not write the audit entry for %s", path)


def main() -> None:
    from .. import create_app

    FlaskGroup(create_app=create_app, add_default_commands=False, help="Partnership meeting-cost tracker.")()
