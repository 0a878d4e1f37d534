"""Guessing passwords is slowed down: after five failures an account waits, even with the right
password, and is told how long; twenty failures from one address stop that address; Redis shares the
counts between app processes."""

from __future__ import annotations

import os
import secrets

import pytest

from tests.databases import redis_url
from tests.web.test_pages import text
from tests.web_fixtures import PASSWORD, email
from tracker.web.throttle import Throttle


def attempt(client, who: str, password: str):
    return client.post("/login", data={"email": who, "password": password})


def test_five_failures_make_the_account_wait_even_with_the_right_password(web_app):
    client = web_app.test_client()
    for _ in range(5):
        assert attempt(client, email("finance"), "guess").status_code == 400
    refused = attempt(client, email("finance"), PASSWORD)
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 15 * 60
    assert "Too many failed sign-ins for this account or from this address: try again in 15 minutes" in text(refused)
    assert attempt(client, email("director"), PASSWORD).status_code == 302  # another account is not held up


def test_a_success_clears_the_accounts_failures(web_app):
    client = web_app.test_client()
    for _ in range(4):
        attempt(client, email("manager"), "guess")
    assert attempt(client, email("manager"), PASSWORD).status_code == 302
    client.post("/logout")
    for _ in range(4):
        assert attempt(client, email("manager"), "guess").status_code == 400  # four again, not eight
    assert attempt(client, email("manager"), PASSWORD).status_code == 302


def test_twenty_failures_from_one_address_stop_it_for_every_account(web_app):
    client = web_app.test_client()
    for n in range(20):
        assert attempt(client, f"nobody{n}@example.gov.uk", "guess").status_code == 400
    assert attempt(client, email("admin"), PASSWORD).status_code == 429
    elsewhere = web_app.test_client()
    signed_in = elsewhere.post(
        "/login", data={"email": email("admin"), "password": PASSWORD}, environ_base={"REMOTE_ADDR": "10.0.0.7"}
    )
    assert signed_in.status_code == 302  # the account itself has no failures


def test_redis_shares_the_counts_between_processes():
    url = redis_url()
    try:
        first, second = Throttle(url), Throttle(url)
        if not first.limiter.storage.check():
            raise ConnectionError(url)
    except Exception:  # noqa: BLE001 - the client raises many kinds when nothing listens
        if os.environ.get("REQUIRE_REDIS"):
            raise
        pytest.skip("no Redis at " + url)
    who = f"{secrets.token_hex(6)}@example.gov.uk"
    for _ in range(5):
        first.failed(who, "192.0.2.1")
    assert second.wait(who, "192.0.2.9") is not None  # another process sees the account's failures
    second.succeeded(who)
    assert first.wait(who, "192.0.2.9") is None
