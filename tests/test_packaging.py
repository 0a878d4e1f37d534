"""Installed like real software: the built wheel, in a fresh virtual environment, serves every kind of page.

A production install (a container, a server) is never editable: templates, static files
and migrations must travel inside the wheel. The fresh environment borrows this one's
dependencies through a path file, so the test needs no network; the app itself must come
from the wheel, which the test checks.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

import pytest

from tests.demo_build import TODAY

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        check=True,
    )
    (built,) = out.glob("*.whl")
    return built


def test_packaging_wheel_carries_templates_static_files_and_migrations(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "tracker/templates/base.html",
        "tracker/templates/dashboard/index.html",
        "tracker/static/app.css",
        "tracker/static/app.js",
        "tracker/migrations/env.py",
        "tracker/migrations/script.py.mako",
        "tracker/migrations/versions/0001_initial_schema.py",
        "importers/ics.py",
        "tracker/demo/partnerships.csv",  # the demo reads it: it must travel with the code
    ):
        assert needed in names, f"{needed} is not in the wheel"
    assert not any(n.startswith(("tests/", "benchmarks/", "fuzz/")) for n in names)


def test_packaging_installed_wheel_initialises_loads_the_demo_and_serves(wheel, tmp_path, built_demo):
    """Installed from the wheel: ``tracker init`` makes a database from nothing (the migrations travel), and
    ``tracker demo``, run on a copy of the demo this test run built, writes the same files byte for byte
    (the demo's own data travels) and finds each one imported already; then the app serves the demo's
    dashboard to its director. The demo is not built from nothing again here: that is the same code as
    the run's own build, which took minutes of every run."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    bin_dir = venv / "bin"
    site = Path(
        subprocess.run(
            [str(bin_dir / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    (site / "borrowed-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], check=True
    )
    fresh = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite'}", "SECRET_KEY": "packaging"}
    fresh.pop("TEST_DATABASE_URL", None)
    where = subprocess.run(
        [str(bin_dir / "python"), "-c", "import tracker; print(tracker.__file__)"],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=fresh,
    ).stdout
    assert where.startswith(str(site)), f"tracker was imported from {where}, not from the installed wheel"
    tracker = str(bin_dir / "tracker")
    made = subprocess.run([tracker, "init"], check=True, cwd=tmp_path, env=fresh, capture_output=True, text=True)
    assert "Database ready" in made.stdout
    env = {**fresh, "DATABASE_URL": _copy_of_the_demo(built_demo, tmp_path)}
    demo = subprocess.run(
        [tracker, "demo", "--out", str(tmp_path / "demo"), "--today", TODAY],
        check=True,
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert "Demo organisation loaded: 60 staff, 64 partnerships" in demo.stdout
    names = sorted(p.name for p in built_demo.files.iterdir())
    assert sorted(p.name for p in (tmp_path / "demo").iterdir()) == names
    assert all((tmp_path / "demo" / n).read_bytes() == (built_demo.files / n).read_bytes() for n in names)
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen([tracker, "serve", "--port", str(port)], cwd=tmp_path, env=env, stdout=log, stderr=log)
    try:
        pages = {}
        for path in ("/login", "/static/app.css", "/vendor/plotly.min.js"):
            pages[path] = _get(f"http://127.0.0.1:{port}{path}")
        assert pages["/login"][0] == 200 and "Sign in" in pages["/login"][1]
        assert pages["/static/app.css"][0] == 200 and "{" in pages["/static/app.css"][1]
        assert pages["/vendor/plotly.min.js"][0] == 200
        dashboard = _signed_in(port, "director@demo.example", "demo-director-pass", "/dashboard")
        assert "Community Safety Partnership" in dashboard and "Meeting hours" in dashboard
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


def _copy_of_the_demo(built_demo, tmp_path: Path) -> str:
    """A database of the installed app's own holding the demo as built (an SQLite file, or on PostgreSQL a
    database copied from the demo's pristine one)."""
    given = os.environ.get("TEST_DATABASE_URL")
    if given:
        from sqlalchemy.engine import make_url

        from tests.databases import recreate_database, worker

        return recreate_database(given, f"{make_url(given).database}_wheel_{worker()}", template=built_demo.pristine)
    shutil.copyfile(built_demo.pristine, tmp_path / "demo.sqlite")
    return f"sqlite:///{tmp_path / 'demo.sqlite'}"


def _signed_in(port: int, email: str, password: str, path: str) -> str:
    """A page as a signed-in user sees it, through the installed server (its sign-in form, then the page)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(f"http://127.0.0.1:{port}/login", timeout=10).read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form)
    fields = {"email": email, "password": password, **({"csrf_token": token.group(1)} if token else {})}
    data = urllib.parse.urlencode(fields).encode()
    opener.open(f"http://127.0.0.1:{port}/login", data=data, timeout=30).read()
    with opener.open(f"http://127.0.0.1:{port}{path}", timeout=30) as response:
        assert response.status == 200
        return response.read().decode("utf-8", "replace")


def _get(url: str, attempts: int = 50) -> tuple[int, str]:
    """GET once the server is up (it takes a moment to start)."""
    for _ in range(attempts):
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except (ConnectionError, urllib.error.URLError):
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer")
