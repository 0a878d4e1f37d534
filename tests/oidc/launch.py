"""Starting the test OpenID provider (``provider.mjs``) on a free local port, and following its redirects.

It needs Node.js and ``npm ci --prefix tests/oidc`` (``.ci/run`` does it). Without them the single sign-on
tests are skipped, or fail where they must run (CI sets ``REQUIRE_OIDC``), as the browser tests do.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests

HERE = Path(__file__).resolve().parent
APP = "http://localhost"  # where the Flask test client's external addresses point


def _missing() -> str | None:
    if shutil.which("node") is None:
        return "no node on the PATH (apt-get install nodejs)"
    if not (HERE / "node_modules" / "oidc-provider").is_dir():
        return "oidc-provider is not installed: npm ci --prefix tests/oidc"
    return None


def require_oidc() -> None:
    """Skip without Node.js and oidc-provider, or fail where they must be there (CI sets REQUIRE_OIDC)."""
    if (reason := _missing()) is not None:
        if os.environ.get("REQUIRE_OIDC"):
            pytest.fail(reason)
        pytest.skip(reason)


@contextmanager
def provider(accounts: dict[str, dict], redirect_uris: list[str], clock_offset: int = 0) -> Iterator[str]:
    """A running provider with these accounts (id -> claims); yields its issuer, ``http://127.0.0.1:<port>``."""
    require_oidc()
    environment = {
        **os.environ,
        "OIDC_ACCOUNTS": json.dumps(accounts),
        "OIDC_REDIRECT_URIS": json.dumps(redirect_uris),
        "OIDC_CLOCK_OFFSET": str(clock_offset),
    }
    process = subprocess.Popen(
        ["node", str(HERE / "provider.mjs")],
        cwd=HERE,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("listening "), f"the provider did not start: {line!r}"
        yield line.split()[1]
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()


def through_provider(url: str, issuer: str, login_hint: str) -> str:
    """Follow the provider's redirects, as a browser would, from its authorization address (with the test
    account named by ``login_hint``) to the app's callback; returns the callback address."""
    url += "&login_hint=" + login_hint
    with requests.Session() as browser:
        while url.startswith(issuer):
            answer = browser.get(url, allow_redirects=False, timeout=10)
            assert answer.status_code in (302, 303), (answer.status_code, answer.text[:300])
            url = urljoin(url, answer.headers["Location"])
    assert url.startswith(APP), url
    return url
