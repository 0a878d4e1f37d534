"""Failed sign-ins slowed down, so passwords cannot be guessed at speed, without letting anyone lock a
named user out from an address that user never failed from.

Only failures count, in moving windows, three ways:

- **an account from one address**: five failures for one account from one address in fifteen minutes,
  and that address waits for that account (even with the right password) and is told how long
  (``Retry-After``); a success there clears that count;
- **an address**: twenty failures from one address in fifteen minutes, whatever the accounts, and that
  address waits for every account (one machine trying many accounts);
- **an account from everywhere**: fifty failures for one account in an hour, from any addresses, and
  every address that has failed for that account in the last fifteen minutes waits for it.

An address that has not failed for an account is never held up for that account: five wrong passwords
typed at an administrator's address from anywhere else no longer lock the administrator out. The
trade-off is in the third count: a guesser spread over many addresses is not stopped outright, only
slowed, since each new address gets one failure before it waits (the failure is what marks it) and the
account-wide limit sits higher (50 an hour) than one address's (5 in 15 minutes). With passwords of ten
characters or more that leaves guessing far too slow to matter, and every failure is in the audit trail.

The counts live in Redis when ``REDIS_URL`` is set, so every app process shares them, and in the
process's memory otherwise (the embedded default). Behind a proxy, set ``TRUSTED_PROXIES`` so the address
is the client's, not the proxy's (``tracker.register_proxies``). ``limits`` is the library Flask-Limiter
runs on; it is used directly because only failures count.
"""

from __future__ import annotations

import math
import time

from flask import Flask, current_app
from limits import RateLimitItem, parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

ACCOUNT_LIMIT = "5 per 15 minutes"  # one account from one address
ADDRESS_LIMIT = "20 per 15 minutes"  # one address, any accounts
ACCOUNT_WIDE_LIMIT = "50 per hour"  # one account from any addresses: then only addresses that failed for it wait
PAIR, ADDRESS, ACCOUNT = "sign-in account at address", "sign-in address", "sign-in account"


class Throttle:
    def __init__(
        self,
        storage_uri: str,
        account: str = ACCOUNT_LIMIT,
        address: str = ADDRESS_LIMIT,
        account_wide: str = ACCOUNT_WIDE_LIMIT,
    ) -> None:
        self.limiter = MovingWindowRateLimiter(storage_from_string(storage_uri))
        self.pair, self.address, self.account = parse(account), parse(address), parse(account_wide)

    def _left(self, limit: RateLimitItem, *key: str) -> int | None:
        """Seconds until ``key`` is under ``limit`` again, or None if it is now."""
        if self.limiter.test(limit, *key):
            return None
        reset = self.limiter.get_window_stats(limit, *key).reset_time
        return max(1, math.ceil(reset - time.time()))

    def _failed_here(self, email: str, address: str) -> bool:
        """Whether this address has failed for this account in the pair's window."""
        return self.limiter.get_window_stats(self.pair, PAIR, email, address).remaining < self.pair.amount

    def wait(self, email: str, address: str | None) -> int | None:
        """Seconds before this account may try again from this address, or None if it may now."""
        email, address = _account(email), address or "-"
        waits = [self._left(self.pair, PAIR, email, address), self._left(self.address, ADDRESS, address)]
        if self._failed_here(email, address):
            waits.append(self._left(self.account, ACCOUNT, email))
        found = [w for w in waits if w is not None]
        return max(found) if found else None

    def failed(self, email: str, address: str | None) -> None:
        email, address = _account(email), address or "-"
        self.limiter.hit(self.pair, PAIR, email, address)
        self.limiter.hit(self.address, ADDRESS, address)
        self.limiter.hit(self.account, ACCOUNT, email)

    def succeeded(self, email: str, address: str | None) -> None:
        """The right password from this address: its failures for this account are forgotten. The
        account-wide count stays: a guesser elsewhere is still guessing."""
        self.limiter.clear(self.pair, PAIR, _account(email), address or "-")


def _account(email: str) -> str:
    return email.strip().lower()


def init_app(app: Flask) -> None:
    uri = app.config.get("REDIS_URL") or "memory://"
    app.extensions["throttle"] = Throttle(
        uri,
        app.config.get("SIGN_IN_ACCOUNT_LIMIT", ACCOUNT_LIMIT),
        app.config.get("SIGN_IN_ADDRESS_LIMIT", ADDRESS_LIMIT),
        app.config.get("SIGN_IN_ACCOUNT_WIDE_LIMIT", ACCOUNT_WIDE_LIMIT),
    )


def throttle() -> Throttle:
    return current_app.extensions["throttle"]
