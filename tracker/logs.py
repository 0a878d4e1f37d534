"""Logging: one line per request and per background job, each carrying its id, set up by the app factory.

An operator following a complaint ("the upload at ten past three failed") needs the request's line and
the job's lines, joined by an id, and the error with its traceback. What is logged is chosen so that no
line carries pay or a password: a request's line has its method, path (never its query or form), status,
time taken and the signed-in user's id; a job's line has its id, what it did and how it ended. Exception
messages from the database can quote the values of a failed statement, so a filter drops statement
parameters from every record of this app's loggers.
"""

from __future__ import annotations

import logging
import re
import secrets
import sys
import time
from contextvars import ContextVar
from typing import Any

from flask import Flask, Response, g, request

LOGGER = "tracker"
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(context)s] %(message)s"
# Whose line: a request's or a job's id, or "-" (a command, the process starting).
context: ContextVar[str] = ContextVar("log_context", default="-")
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")  # a proxy's X-Request-ID is kept only if it looks like one
PARAMETERS = re.compile(r"\[parameters: .*?\]", re.DOTALL)  # SQLAlchemy quotes a failed statement's values


class ContextFilter(logging.Filter):
    """Puts the request or job id on the record, and keeps statement parameters out of it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.context = context.get()
        if isinstance(record.msg, str) and "[parameters:" in record.msg:
            record.msg = PARAMETERS.sub("[parameters: left out]", record.msg)
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = PARAMETERS.sub(
                "[parameters: left out]", logging.Formatter().formatException(record.exc_info)
            )
        return True


class _StandardError(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time (a test runner swaps it for each test)."""

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass


def configure(level: str = "INFO") -> logging.Logger:
    """The app's loggers write to standard error (where gunicorn, RQ and systemd collect it). Idempotent:
    tests make many apps in one process."""
    logger = logging.getLogger(LOGGER)
    logger.setLevel(level.upper())
    if not any(getattr(h, "tracker", False) for h in logger.handlers):
        handler = _StandardError()
        handler.setFormatter(logging.Formatter(FORMAT))
        handler.addFilter(ContextFilter())
        handler.tracker = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    return logger


def init_app(app: Flask) -> None:
    """A line for each request the app serves."""
    app.logger.addFilter(ContextFilter())  # Flask's own "Exception on /path" lines get the id too
    requests = logging.getLogger(f"{LOGGER}.requests")

    @app.before_request
    def _start() -> None:
        given = request.headers.get("X-Request-ID", "")
        g.request_id = given if REQUEST_ID.fullmatch(given) else secrets.token_hex(6)
        g.request_token = context.set(g.request_id)
        g.request_started = time.perf_counter()

    @app.after_request
    def _line(response: Response) -> Response:
        if "request_started" in g:
            elapsed = 1000 * (time.perf_counter() - g.request_started)
            requests.info(
                "%s %s %s %.0f ms user=%s", request.method, request.path, response.status_code, elapsed, _user()
            )
            response.headers["X-Request-ID"] = g.request_id
        return response

    @app.teardown_request
    def _end(_exc: BaseException | None) -> None:
        token = g.pop("request_token", None)
        if token is not None:
            context.reset(token)


def _user() -> Any:
    from flask_login import current_user

    return getattr(current_user, "id", "-") if current_user and current_user.is_authenticated else "-"
