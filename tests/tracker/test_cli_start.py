"""The command line starts at once: ``tracker --help`` and the start every command pays import only what
they need, and each command's module (its services, reports, readers) only when that command runs.

A scheduler that calls ``tracker import`` for 200 calendars paid 1.1 to 1.3 s of CPU to start each one.
What a start imports is checked exactly here: a module list does not vary with the machine, so the test
fails only when a change makes the start import something heavy. Its CPU time does vary with the machine (the
same start took 0.15 s on one and 0.38 s on a slower, busy one), so it is measured, not asserted:
``benchmarks/bench_start.py`` reports it against a bare Python start in the same run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import click
import pytest

from tracker import create_app
from tracker.cli import COMMANDS, load_command

# What no start needs: the schema's migrations, the web's views, forms and charts, the readers of calendars
# and figures, and the services that change things. A command imports those it uses when it runs.
HEAVY = (
    "alembic",
    "plotly",
    "icalendar",
    "recurring_ical_events",
    "wtforms",
    "flask_wtf",
    "flask_login",
    "govuk_frontend_wtf",
    "importers",
    "tracker.web",
    "tracker.services",
    "tracker.reports",
    "tracker.demo",
    "tracker.cli.calendars",
    "tracker.cli.registers",
)


def _in_a_new_process(code: str, tmp_path) -> list[str]:
    """Run ``code`` in a fresh interpreter; the modules it left imported."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'start.sqlite'}", "SECRET_KEY": "start"}
    env.pop("TEST_DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


HELP = """
import json, sys
from tracker.cli import main
sys.argv = ["tracker", "--help"]
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)))
"""

START = """
import json, sys
from tracker import create_app
from tracker.cli import Tracker
app = create_app(serving=False)
with app.app_context():
    pass
print(json.dumps(sorted(sys.modules)))
"""


def _heavy(modules: list[str]) -> list[str]:
    return [m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY)]


@pytest.mark.parametrize("code", [HELP, START], ids=["help", "start"])
def test_cli_start_imports_nothing_heavy(code, tmp_path):
    assert _heavy(_in_a_new_process(code, tmp_path)) == []


def test_cli_lists_every_command_with_its_own_help(tmp_path):
    """The list ``tracker --help`` prints without importing the commands says what each command says."""
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite'}", "INSTANCE_PATH": str(tmp_path)})
    assert app.cli.list_commands(click.Context(app.cli)) == sorted(COMMANDS)
    for name, (_module, _attribute, summary) in COMMANDS.items():
        command = load_command(name)
        assert command is not None and command.name == name
        assert command.get_short_help_str(limit=300).startswith(summary.rstrip(".")), name
    assert load_command("no-such-command") is None


def test_cli_runs_a_command_loaded_on_demand(runner):
    """``tracker settings show`` through the lazily loaded group: the command runs and is audited."""
    result = runner.invoke(args=["settings", "show"])
    assert result.exit_code == 0, result.output
    assert "productive" in result.output.lower()
