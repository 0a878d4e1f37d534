"""Connected calendars' secrets (passwords, app passwords, client secrets, service-account keys) encrypted
at rest with a key the database never holds.

The key comes from the environment (``SOURCES_KEY``, a Fernet key: AES-128 in CBC mode with an HMAC), so a
copy of the database, or a backup, gives nobody the passwords of the calendars it reads. A secret is
written once, decrypted only to make a sync's request, and never shown again on any page or command.
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken


class SecretsUnavailable(ValueError):
    """A secret cannot be stored or read: the key is missing or is not the one it was stored with."""


def new_key() -> str:
    """A fresh key for ``SOURCES_KEY``."""
    return Fernet.generate_key().decode()


def _fernet(key: str) -> Fernet:
    if not key:
        raise SecretsUnavailable(
            "SOURCES_KEY is not set: a source with a password or key needs it to keep the secret encrypted "
            "(make one with `tracker sources key` and set it in the environment of the app and the worker)"
        )
    try:
        return Fernet(key.encode())
    except (ValueError, TypeError):
        raise SecretsUnavailable("SOURCES_KEY is not a key `tracker sources key` made (32 bytes, base64)") from None


def seal(key: str, secret: str) -> bytes:
    """``secret`` encrypted with ``key``."""
    return _fernet(key).encrypt(secret.encode())


def unseal(key: str, token: bytes) -> str:
    """The secret ``token`` holds; ``SecretsUnavailable`` when ``key`` is not the one that sealed it."""
    try:
        return _fernet(key).decrypt(token).decode()
    except InvalidToken:
        raise SecretsUnavailable(
            "the source's secret cannot be decrypted with SOURCES_KEY (was the key changed?); add the source again"
        ) from None
