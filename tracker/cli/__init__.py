"""The ``tracker`` command: registers, imports, exports and inspection from a shell or a scheduler."""

from __future__ import annotations

from flask import Flask
from flask.cli import FlaskGroup

from . import calendars, registers, running


def init_app(app: Flask) -> None:
    for command in (
        running.init_command,
        running.recompute_command,
        registers.staff,
        registers.partnerships,
        registers.grades,
        registers.oncosts,
        registers.settings_group,
        calendars.import_command,
        calendars.export_command,
        calendars.inspect_command,
        running.demo_command,
        registers.users,
        registers.outcomes_group,
        running.serve_command,
        running.worker_command,
    ):
        app.cli.add_command(command)


def main() -> None:
    from .. import create_app

    FlaskGroup(create_app=create_app, add_default_commands=False, help="Partnership meeting-cost tracker.")()
