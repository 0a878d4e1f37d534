"""The documentation tells the truth about the commands: every command in a ```sh block of the README or
docs/*.md exists, with the options it is shown with, and is run by a test or by .ci/run.

A newcomer copies these lines; one that names a removed option, a command no test runs, a benchmark
that no longer starts or a page that is not there fails here, not in their shell. Each kind of command
has its own check below; a command of a kind this file does not know fails, so a new kind of line in
the docs comes with its check. Also: the README stays short, and every relative link lands.
"""

from __future__ import annotations

import contextlib
import functools
import io
import re
import runpy
import shlex
import sys
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import click
import pytest
from flask import Flask

from tracker import create_app

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
CI = (ROOT / ".ci" / "run").read_text()
TEST_SOURCES = [p for p in sorted((ROOT / "tests").rglob("*.py")) if p.name != Path(__file__).name]
README_TEST_COMMAND = 'python3 -m venv .venv && .venv/bin/pip install -q -e ".[dev]" && .venv/bin/pytest'
MAX_README_LINES = 200


@dataclass(frozen=True)
class Command:
    """One command of a shell line (lines are split at ``&&``), with where it was written."""

    page: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: {self.text}"


def sh_blocks(page: Path) -> Iterator[tuple[int, str]]:
    """(line number, line) of every line inside a ```sh block, continuation lines joined."""
    inside, pending, start = False, "", 0
    for number, line in enumerate(page.read_text().splitlines(), start=1):
        if line.startswith("```"):
            inside = line.strip() == "```sh" if not inside else False
            continue
        if not inside:
            continue
        if not pending:
            start = number
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        yield start, pending + line
        pending = ""


def documented_commands() -> list[Command]:
    commands = []
    for page in PAGES:
        for number, line in sh_blocks(page):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            for part in line.split("&&"):
                commands.append(Command(str(page.relative_to(ROOT)), number, part.strip()))
    return commands


COMMANDS = documented_commands()


def words(command: Command) -> tuple[dict[str, str], list[str]]:
    """The environment assignments in front of a command, and its words with redirections left out."""
    tokens = shlex.split(command.text, comments=True)
    assert "|" not in tokens, f"{command}: a pipeline cannot be checked; show the command alone"
    env = {}
    while tokens and re.fullmatch(r"[A-Z_][A-Z0-9_]*=.*", tokens[0]):
        name, _, value = tokens.pop(0).partition("=")
        env[name] = value
    kept: list[str] = []
    skip = False
    for token in tokens:
        if skip:
            skip = False
        elif token in (">", ">>", "<", "2>"):
            skip = True
        else:
            kept.append(token)
    return env, kept


def program(word: str) -> str:
    return word.removeprefix(".venv/bin/")


def sources(folder: str) -> str:
    return "\n".join(p.read_text() for p in sorted((ROOT / folder).rglob("*.py")))


# The tracker command: the click tree of the app's own CLI.


@pytest.fixture(scope="module")
def cli_app(tmp_path_factory) -> Flask:
    """An app whose command tree is walked and whose ``--help`` pages are run; no command touches its database."""
    config = {"TESTING": True, "DATABASE_URL": "sqlite://", "SECRET_KEY": "docs", "REDIS_URL": None}
    return create_app({**config, "INSTANCE_PATH": str(tmp_path_factory.mktemp("docs-instance"))})


def resolve(app: Flask, args: list[str]) -> tuple[tuple[str, ...], click.Command, list[str]]:
    """The subcommand path a command line names, that command, and the arguments left for it."""
    command: click.Command = app.cli
    path: list[str] = []
    while isinstance(command, click.Group) and args and not args[0].startswith("-"):
        found = command.get_command(click.Context(command), args[0])
        assert found is not None, f"there is no command 'tracker {' '.join([*path, args[0]])}'"
        path.append(args.pop(0))
        command = found
    return tuple(path), command, args


def check_arguments(path: tuple[str, ...], command: click.Command, args: list[str]) -> None:
    """Every option the docs give exists, every value of a choice is one of its choices, nothing is left over."""
    ctx = click.Context(command, info_name=" ".join(("tracker", *path)))
    try:
        opts, left, _ = command.make_parser(ctx).parse_args(args=list(args))
    except click.UsageError as exc:
        raise AssertionError(f"tracker {' '.join(path)}: {exc.format_message()}") from None
    assert not left, f"tracker {' '.join(path)} takes no arguments {left}"
    for param in command.params:
        value = opts.get(param.name or "")
        values = [v for v in (value if isinstance(value, list | tuple) else [value]) if isinstance(v, str)]
        assert values or not param.required, f"tracker {' '.join(path)} needs {param.get_error_hint(ctx)}"
        if isinstance(param.type, click.Choice):
            for one in values:
                assert one in param.type.choices, f"tracker {' '.join(path)}: {one!r} is not a choice"


def run_in_tests(path: tuple[str, ...]) -> bool:
    """Whether a test invokes this command (through the CLI runner, the installed script or the entry
    point), or .ci/run does."""
    names = r",\s*".join(f'"{re.escape(p)}"' for p in path)
    invoked = re.compile(r'(run\(\s*runner,\s*|invoke\(\s*args=\[\s*|\[\s*tracker,\s*|main\(\)",\s*)' + names)
    return any(invoked.search(p.read_text()) for p in TEST_SOURCES) or f"tracker {' '.join(path)}" in CI


@cache
def help_page(app: Flask, path: tuple[str, ...]) -> str:
    result = app.test_cli_runner().invoke(args=[*path, "--help"])
    assert result.exit_code == 0, result.output
    return result.output


def check_tracker(app: Flask, command: Command, args: list[str]) -> None:
    path, found, rest = resolve(app, args)
    help_page(app, path)  # the help the docs send readers to works: that runs every documented --help here
    if rest == ["--help"]:
        return
    assert path and not isinstance(found, click.Group), f"{command}: name a command of the group"
    check_arguments(path, found, rest)
    assert run_in_tests(path), f"{command}: no test and not .ci/run runs 'tracker {' '.join(path)}'"


# Benchmark scripts: they exist, start, and take the options shown.


@cache
def script_help(script: str) -> str:
    """The script's --help, run in this process (the app's modules are loaded already: a few ms)."""
    path = ROOT / script
    assert path.is_file(), f"{script} does not exist"
    argv, search, modules = sys.argv[:], sys.path[:], set(sys.modules)
    out = io.StringIO()
    sys.argv = [str(path), "--help"]
    try:
        with contextlib.redirect_stdout(out), pytest.raises(SystemExit) as exit_:
            runpy.run_path(str(path), run_name="__main__")
    finally:
        sys.argv, sys.path[:] = argv, search
        for name in set(sys.modules) - modules:  # the scripts' sibling modules, imported by bare name
            if str(getattr(sys.modules[name], "__file__", "") or "").startswith(str(ROOT / "benchmarks")):
                del sys.modules[name]
    assert exit_.value.code in (0, None), f"{script} --help failed"
    return out.getvalue()


def check_python(command: Command, args: list[str]) -> None:
    if args[:2] == ["-m", "venv"]:
        assert f"python3 -m venv {args[2]}" in CI, f"{command}: .ci/run makes no such environment"
        return
    assert args and args[0].startswith("benchmarks/"), f"{command}: only benchmarks/ scripts are checked"
    shown = script_help(args[0])
    for option in (a.split("=")[0] for a in args[1:] if a.startswith("-")):
        assert re.search(rf"(^|[\s,\[]){re.escape(option)}\b", shown), f"{command}: {args[0]} has no {option}"


# The other programs the docs show.


def check_pip(command: Command, args: list[str]) -> None:
    assert args[0] == "install" and re.search(r"pip install [^\n]*-e", CI), f"{command}: .ci/run installs no such way"
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    for spec in (a for a in args[1:] if a.startswith(".")):
        for extra in re.findall(r"\[([^\]]*)\]", spec)[0].split(",") if "[" in spec else []:
            assert extra.strip() in extras, f"{command}: no extra {extra!r} in pyproject.toml"


def check_pytest(command: Command, args: list[str]) -> None:
    assert re.search(r"\.venv/bin/pytest", CI), f"{command}: .ci/run runs no pytest"
    for target in (a.split("::")[0] for a in args if not a.startswith("-") and "/" in a):
        assert (ROOT / target).exists(), f"{command}: {target} does not exist"


def check_gunicorn(command: Command, args: list[str]) -> None:
    """Run by a test with the same configuration and app (``tests/test_operating.py``)."""
    needed = [a for a in args if not a.startswith("-")]
    runs = [p for p in TEST_SOURCES if "gunicorn" in p.read_text()]
    assert any(all(f'"{n}"' in p.read_text() for n in needed) for p in runs), f"{command}: no test runs it so"


def check_apt_get(command: Command, args: list[str]) -> None:
    installed = " ".join(re.findall(r"apt-get install ([^>\n]*)", CI)).split()
    for package in (a for a in args[1:] if not a.startswith("-")):
        assert package in installed, f"{command}: .ci/run does not install {package}"


def check_export(command: Command) -> None:
    """A setting: the app reads that variable from the environment."""
    match = re.match(r"export ([A-Z_][A-Z0-9_]*)=", command.text)
    assert match, f"{command}: write export NAME=value"
    read = rf"environ(\.get\(|\[)\s*\"{match.group(1)}\""
    assert re.search(read, sources("tracker")), f"{command}: the app does not read {match.group(1)}"


def check(command: Command, app: Flask) -> None:
    if command.text.startswith("export "):
        return check_export(command)
    env, tokens = words(command)
    for name in env:
        assert re.search(rf'"{name}"', sources("tracker") + sources("tests")), f"{command}: {name} is read nowhere"
    name, args = program(tokens[0]), tokens[1:]
    checks: dict[str, Callable[[Command, list[str]], None]] = {
        "tracker": functools.partial(check_tracker, app),
        "python": check_python,
        "python3": check_python,
        "pip": check_pip,
        "pytest": check_pytest,
        "gunicorn": check_gunicorn,
        "apt-get": check_apt_get,
    }
    assert name in checks, f"{command}: nothing checks a {name!r} command; add a check to tests/test_docs.py"
    checks[name](command, args)


@pytest.mark.parametrize("command", COMMANDS, ids=str)
def test_docs_command_exists_and_is_run(command: Command, cli_app: Flask):
    check(command, cli_app)


def test_docs_show_commands():
    """Guard the guard: the blocks are found, and the commands a newcomer needs first are among them."""
    shown = {c.text for c in COMMANDS}
    assert len(COMMANDS) > 40
    assert {".venv/bin/tracker demo", ".venv/bin/tracker worker", "tracker staff load hr/staff-2025-11.csv"} <= shown


def test_docs_checks_refuse_what_is_not_there(cli_app: Flask):
    """Guard the guard: a made-up command, option, choice or script fails."""
    for text in (
        "tracker nonsense",
        "tracker export partnerships --fortnight",
        "tracker export everything",
        "tracker export",
        "python benchmarks/bench_nothing.py",
        "python benchmarks/bench_read.py --sizes 1 --warp",
        "frobnicate --now",
        "export NOT_A_SETTING=1",
    ):
        with pytest.raises(AssertionError):
            check(Command("example", 1, text), cli_app)


def test_docs_every_benchmark_script_is_documented():
    shown = "\n".join(c.text for c in COMMANDS)
    for script in sorted((ROOT / "benchmarks").glob("*.py")):
        if '__name__ == "__main__"' not in script.read_text():
            continue  # a module the scripts share (scratch.py), not run on its own
        assert f"benchmarks/{script.name}" in shown, f"docs/benchmarks.md does not show how to run {script.name}"


def test_docs_readme_is_short_and_keeps_its_test_command():
    """CI and newcomers run the README's test command as it is written, on a line of its own."""
    readme = ROOT / "README.md"
    assert len(readme.read_text().splitlines()) <= MAX_README_LINES
    lines = [line for _, line in sh_blocks(readme)]
    assert any(line.startswith(README_TEST_COMMAND) for line in lines)


def slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    return {slug(m) for m in re.findall(r"^#+ (.+)$", page.read_text(), re.MULTILINE)}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_docs_relative_links_land(page: Path):
    text = re.sub(r"```.*?```", "", page.read_text(), flags=re.DOTALL)
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:", target):
            continue
        file, _, anchor = target.partition("#")
        landing = (page.parent / file).resolve() if file else page
        assert landing.exists(), f"{page.name}: {target} does not exist"
        if anchor and landing.suffix == ".md":
            assert anchor in anchors(landing), f"{page.name}: {target}: no such heading"
