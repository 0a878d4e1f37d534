"""Passwords are stored with scrypt (the tests themselves hash cheaply, see tests/conftest.py)."""

from __future__ import annotations

import subprocess
import sys

from tracker.services import users as user_service
from tracker.store import users


def test_the_app_hashes_passwords_with_scrypt_unless_a_test_says_otherwise():
    shown = subprocess.run(
        [sys.executable, "-c", "from tracker.store import users; print(users.PASSWORD_METHOD)"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert shown.stdout.strip() == "scrypt"


def test_an_account_made_and_reset_with_scrypt_signs_in_with_its_password_alone(session, monkeypatch):
    monkeypatch.setattr(users, "PASSWORD_METHOD", "scrypt")
    user = user_service.create_user(session, "ann@council.gov.uk", "director", "correct horse battery")
    assert user.password_hash.startswith("scrypt:")
    assert "correct horse battery" not in user.password_hash
    assert user_service.authenticate(session, "ann@council.gov.uk", "correct horse battery") is user
    assert user_service.authenticate(session, "ann@council.gov.uk", "correct horse battery!") is None

    user_service.reset_password(session, user.id, "staple paper clip")
    assert user.password_hash.startswith("scrypt:")
    assert user_service.authenticate(session, "ann@council.gov.uk", "correct horse battery") is None
    assert user_service.authenticate(session, "ann@council.gov.uk", "staple paper clip") is user
