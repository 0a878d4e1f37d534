"""Configuration read when the app is made, never at import time."""

from __future__ import annotations

import os
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
        "SECRET_KEY": os.environ.get("SECRET_KEY", "dev-only-change-me"),
        "MAX_CONTENT_LENGTH": 200 * 1024 * 1024,
    }
