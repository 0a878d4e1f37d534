"""Build the demo organisation for a test run, in a process of its own: ``python -m tests.demo_build FOLDER``.

The build takes a few minutes on PostgreSQL. Run inside a pytest worker, it left the other worker idle,
waiting on the same lock, for most of that time; run beside the workers, it overlaps the tests that do not
need it (they are run first, see ``demo_fixtures``). It writes ``url.txt`` and ``output.txt`` when done,
or ``failed.txt`` with the reason.
"""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path

from sqlalchemy.engine import make_url

TODAY = "2026-11-22"


def pristine_name(given: str) -> str:
    """PostgreSQL's copy of the demo that nobody connects to, copied again for the tests that change it."""
    return f"{make_url(given).database}_demo_pristine"


def build(folder: Path) -> None:
    from tests.conftest import run
    from tests.databases import recreate_database, reset
    from tests.demo_fixtures import demo_app

    folder.mkdir(exist_ok=True)
    given = os.environ.get("TEST_DATABASE_URL")
    url = (
        recreate_database(given, f"{make_url(given).database}_demo") if given else f"sqlite:///{folder / 'demo.sqlite'}"
    )
    app = demo_app(url, folder / "instance")
    reset(app.extensions["database"].engine)
    output = run(app.test_cli_runner(), "demo", "--out", folder / "files", "--today", TODAY).output
    app.extensions["database"].engine.dispose()
    if given:
        recreate_database(given, pristine_name(given), template=make_url(url).database)
    (folder / "url.txt").write_text(url)
    (folder / "output.txt").write_text(output)


def main(folder: Path) -> int:
    try:
        build(folder)
    except BaseException:  # noqa: BLE001 - whatever stopped it is what the waiting tests must show
        (folder / "failed.txt").write_text(traceback.format_exc())
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
