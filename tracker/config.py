"""Configuration read when the app is made, never at import time."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def from_environment(instance_path: str) -> dict:
    """``DATABASE_URL`` chooses the database; unset, SQLite in the instance folder."""
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{Path(instance_path) / 'tracker.sqlite'}"
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url[len("postgres://") :]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return {
        "DATABASE_URL": url,
        "SECRET_KEY": os.environ.get("SECRET_KEY") or _instance_secret(Path(instance_path)),
        "MAX_CONTENT_LENGTH": 200 * 1024 * 1024,
        # Larger uploads (unpacked) are not previewed: checked by a glance, then read once by the job.
        "PREVIEW_MAX_BYTES": int(os.environ.get("PREVIEW_MAX_BYTES") or 10 * 1024 * 1024),
        # An upload not read and previewed within this many seconds goes the glance's way too: a person
        # waiting longer thinks the page has failed, and a hostile file could hold a worker for minutes.
        "PREVIEW_MAX_SECONDS": float(os.environ.get("PREVIEW_MAX_SECONDS") or 10),
        "REDIS_URL": os.environ.get("REDIS_URL") or None,  # set: imports run on RQ workers (tracker worker)
        # In an RQ worker's job: processes reading a zip's calendars (each a core), and how far the job steps
        # back for the web's requests (added to its niceness: 0 none, 19 the most).
        "IMPORT_READERS": _whole("IMPORT_READERS", os.cpu_count() or 1, least=1),
        "IMPORT_NICENESS": _whole("IMPORT_NICENESS", 10, least=0),
        # And how long it rests after each calendar it stored, in per cent of the time that calendar took:
        # the web's requests have the machine meanwhile (the database's work for the job, which no
        # niceness reaches, pauses too). 100 halves the import's share and doubles its time; 0 never rests.
        "IMPORT_REST": _whole("IMPORT_REST", 100, least=0),
        # The key connected calendars' passwords and keys are encrypted with (a Fernet key: `tracker sources
        # key` makes one). Unset, sources that need no secret still work; one that does is refused.
        "SOURCES_KEY": os.environ.get("SOURCES_KEY") or "",
        # Microsoft's sign-in service for Microsoft 365 sources: its public cloud unless a sovereign cloud's.
        "GRAPH_AUTHORITY": os.environ.get("GRAPH_AUTHORITY") or "https://login.microsoftonline.com",
        # Seconds between a connected calendar's syncs when the worker runs them on a schedule.
        "SYNC_INTERVAL": _whole("SYNC_INTERVAL", 3600, least=60),
        # Served over HTTPS (behind a proxy that ends TLS): Secure cookies and HSTS (web/security.py).
        "HTTPS": os.environ.get("HTTPS", "").lower() in ("1", "true", "yes", "on"),
        # How many proxies in front of the app set X-Forwarded-For/-Proto: 0 trusts none (the header is the
        # client's to forge); 1 behind one nginx. Throttling and the audit trail see the address they give.
        "TRUSTED_PROXIES": _whole("TRUSTED_PROXIES", 0, least=0),
        # DEBUG, INFO (a line per request and per job), WARNING or ERROR (tracker/logs.py).
        "LOG_LEVEL": os.environ.get("LOG_LEVEL") or "INFO",
        # Single sign-on (web/single_sign_on.py): a JSON list of OpenID Connect providers, or a JSON file's path.
        "OIDC_PROVIDERS": os.environ.get("OIDC_PROVIDERS", ""),
        # Off: no password form and no password sign-in; only single sign-on (docs/operating.md).
        "LOCAL_PASSWORDS": os.environ.get("LOCAL_PASSWORDS", "on").strip().lower() not in ("0", "false", "no", "off"),
    }


def _whole(name: str, default: int, *, least: int) -> int:
    """A whole number of at least ``least`` from the environment, ``default`` when unset; anything else
    stops the start, naming the setting."""
    text = (os.environ.get(name) or "").strip()
    if not text:
        return default
    if not text.isdigit() or int(text) < least:
        raise ValueError(f"{name} must be a whole number of at least {least}, not {text!r}")
    return int(text)


def _instance_secret(instance: Path) -> str:
    """A random signing key kept in the instance folder, so sessions survive restarts but are never guessable."""
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
