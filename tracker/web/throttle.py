"""Failed sign-ins slowed down, per account and per address, so passwords cannot be guessed at speed.

Only failures count, in a moving window: five for one account or twenty from one address in fifteen
minutes, then that account (or address) must wait, even with the right password, and is told how long
(``Retry-After``). A success clears the account's count. The counts live in Redis when ``REDIS_URL``
is set, so every app process shares them, and in the process's memory otherwise (the embedded default).
``limits`` is the library Flask-Limiter runs on; it is used directly because only failures count.
"""

from __future__ import annotations

import math
import time

from flask import Flask, current_app
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

ACCOUNT_LIMIT = "5 per 15 minutes"
ADDRESS_LIMIT = "20 per 15 minutes"


class Throttle:
    def __init__(self, storage_uri: str, account: str = ACCOUNT_LIMIT, address: str = ADDRESS_LIMIT) -> None:
        self.limiter = MovingWindowRateLimiter(storage_from_string(storage_uri))
        self.account, self.address = parse(account), parse(address)

    def _keys(self, email: str, address: str | None):
        return (
            (self.account, "sign-in account", email.strip().lower()),
            (self.address, "sign-in address", address or "-"),
        )

    def wait(self, email: str, address: str | None) -> int | None:
        """Seconds before this account may try again from this address, or None if it may now."""
        waits = []
        for limit, *key in self._keys(email, address):
            if not self.limiter.test(limit, *key):
                reset = self.limiter.get_window_stats(limit, *key).reset_time
                waits.append(max(1, math.ceil(reset - time.time())))
        return max(waits) if waits else None

    def failed(self, email: str, address: str | None) -> None:
        for limit, *key in self._keys(email, address):
            self.limiter.hit(limit, *key)

    def succeeded(self, email: str) -> None:
        self.limiter.clear(self.account, "sign-in account", email.strip().lower())


def init_app(app: Flask) -> None:
    uri = app.config.get("REDIS_URL") or "memory://"
    app.extensions["throttle"] = Throttle(
        uri,
        app.config.get("SIGN_IN_ACCOUNT_LIMIT", ACCOUNT_LIMIT),
        app.config.get("SIGN_IN_ADDRESS_LIMIT", ADDRESS_LIMIT),
    )


def throttle() -> Throttle:
    return current_app.extensions["throttle"]
