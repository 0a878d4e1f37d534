"""Guessing passwords is slowed down: after five failures for an account from one address, that address
waits for it, even with the right password, and is told how long; twenty failures from one address stop
that address; many addresses guessing one account are stopped where they failed; nobody can lock a user
out from an address the user never failed from; behind a trusted proxy each client counts on its own;
Redis shares the counts between app processes."""

from __future__ import annotations

import os
import secrets

import pytest

from tests.databases import redis_url
from tests.web.test_audit_trail import entries
from tests.web.test_pages import text
from tests.web_fixtures import PASSWORD, email, sign_in
from tracker.web.throttle import Throttle


def attempt(client, who: str, password: str, address: str = "127.0.0.1", forwarded: str | None = None):
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    return client.post(
        "/login", data={"email": who, "password": password}, environ_base={"REMOTE_ADDR": address}, headers=headers
    )


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


def test_five_failures_from_anywhere_do_not_lock_a_user_out_of_their_own_address(web_app):
    """Issue 19: five wrong passwords from anywhere locked an administrator out for 15 minutes."""
    client = web_app.test_client()
    for _ in range(5):
        assert attempt(client, email("admin"), "guess", address="198.51.100.66").status_code == 400
    assert attempt(client, email("admin"), PASSWORD, address="198.51.100.66").status_code == 429  # the guesser
    assert attempt(client, email("admin"), PASSWORD, address="10.0.0.7").status_code == 302  # the administrator


def test_many_addresses_guessing_one_account_wait_where_they_failed(web_app):
    """The account-wide count (here 6 in 15 minutes): each address failed under its own five, yet once the
    account has six failures in all, every address that failed for it waits; one that never did signs in."""
    web_app.extensions["throttle"] = Throttle("memory://", account_wide="6 per 15 minutes")
    client = web_app.test_client()
    guessers = [f"203.0.113.{n}" for n in range(1, 4)]
    for address in guessers:
        for _ in range(2):
            assert attempt(client, email("finance"), "guess", address=address).status_code == 400
    for address in guessers:
        assert attempt(client, email("finance"), PASSWORD, address=address).status_code == 429
    assert attempt(client, email("finance"), "guess", address="203.0.113.9").status_code == 400  # a new one: once
    assert attempt(client, email("finance"), "guess", address="203.0.113.9").status_code == 429  # ...then waits
    assert attempt(client, email("finance"), PASSWORD, address="10.0.0.8").status_code == 302  # never failed here


def test_behind_a_trusted_proxy_each_client_counts_on_its_own(web_app):
    from tracker import register_proxies

    proxy = "10.1.1.1"
    untrusted = web_app.test_client()  # TRUSTED_PROXIES=0 (the default): the header is anyone's to forge
    for n in range(20):
        attempt(untrusted, f"nobody{n}@example.gov.uk", "guess", address=proxy, forwarded=f"192.0.2.{n}")
    assert attempt(untrusted, email("manager"), PASSWORD, address=proxy, forwarded="192.0.2.200").status_code == 429

    web_app.config["TRUSTED_PROXIES"] = 1
    register_proxies(web_app)
    web_app.extensions["throttle"] = Throttle("memory://")
    client = web_app.test_client()
    for n in range(20):
        attempt(client, f"nobody{n}@example.gov.uk", "guess", address=proxy, forwarded="192.0.2.50")
    assert attempt(client, email("manager"), PASSWORD, address=proxy, forwarded="192.0.2.50").status_code == 429
    signed_in = attempt(client, email("manager"), PASSWORD, address=proxy, forwarded="192.0.2.51")
    assert signed_in.status_code == 302  # another user behind the same proxy is not held up
    admin = sign_in(web_app.test_client(), "admin")
    sign_ins = [(row["address"], row["outcome"]) for row in entries(admin) if row["who"] == email("manager")]
    # The audit trail has the proxy's address when the header is not trusted, the client's when it is.
    assert sign_ins == [(proxy, "throttled (429)"), ("192.0.2.50", "throttled (429)"), ("192.0.2.51", "done (302)")]


def test_trusted_proxies_is_read_from_the_environment(monkeypatch, tmp_path):
    from werkzeug.middleware.proxy_fix import ProxyFix

    from tracker import create_app

    config = {"DATABASE_URL": "sqlite://", "SECRET_KEY": "x", "INSTANCE_PATH": str(tmp_path), "TESTING": True}
    assert not isinstance(create_app(config).wsgi_app, ProxyFix)  # 0 by default: no header trusted
    monkeypatch.setenv("TRUSTED_PROXIES", "2")
    fixed = create_app(config).wsgi_app
    assert isinstance(fixed, ProxyFix) and (fixed.x_for, fixed.x_proto) == (2, 2)
    monkeypatch.setenv("TRUSTED_PROXIES", "one")
    with pytest.raises(ValueError, match="TRUSTED_PROXIES must be a whole number"):
        create_app(config)


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
    assert second.wait(who, "192.0.2.1") is not None  # another process sees the account's failures
    second.succeeded(who, "192.0.2.1")
    assert first.wait(who, "192.0.2.1") is None
