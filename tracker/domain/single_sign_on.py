"""Single sign-on's rules, pure: which identity providers there are, and whom a provider may vouch for.

Each partner signs its staff in with its own provider (Microsoft Entra ID, Google Workspace). A provider
is trusted only for the email domains mapped to it, each to one organisation: the council's provider
cannot vouch for anyone at the police, so no partner can sign in as another's staff. The provider's
word that the address is verified is required; the signature, issuer, audience, expiry and nonce of
its ID token are checked before these rules see the claims (``web/single_sign_on.py``, through Authlib).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
DISCOVERY = "/.well-known/openid-configuration"


class ProviderSettingError(ValueError):
    """``OIDC_PROVIDERS`` cannot be used as it is; the message says which provider and what to change."""


@dataclass(frozen=True)
class IdentityProvider:
    """One OpenID Connect provider, as ``OIDC_PROVIDERS`` gives it (docs/operating.md)."""

    name: str  # in the callback address, /auth/sso/<name>/callback
    label: str  # on the sign-in button
    issuer: str  # the ID token's ``iss`` and the discovery document's ``issuer``, matched exactly
    discovery_url: str
    client_id: str
    client_secret: str = field(repr=False)
    domains: Mapping[str, str | None]  # email domain -> organisation name (None: the host)
    verified_claim: str = "email_verified"  # Entra ID says so in ``xms_edov`` (an optional claim)


@dataclass(frozen=True)
class Admission:
    """Whom the provider vouches for: an address and the organisation its domain is mapped to."""

    email: str
    organisation: str | None


class NotAdmitted(ValueError):
    """The provider's claims do not admit anyone; ``reason`` goes to the audit trail, ``message`` to the user."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason, self.message = reason, message


def providers_from(entries: object, environ: Mapping[str, str]) -> tuple[IdentityProvider, ...]:
    """The providers of ``OIDC_PROVIDERS`` (a JSON list already read), their secrets from ``environ``."""
    if not isinstance(entries, list):
        raise ProviderSettingError("OIDC_PROVIDERS must be a JSON list of providers")
    providers = tuple(_provider(entry, environ) for entry in entries)
    names = [p.name for p in providers]
    if len(set(names)) != len(names):
        raise ProviderSettingError("OIDC_PROVIDERS: two providers have the same name")
    return providers


def _provider(entry: object, environ: Mapping[str, str]) -> IdentityProvider:
    if not isinstance(entry, dict):
        raise ProviderSettingError("OIDC_PROVIDERS: each provider is a JSON object")
    name = str(entry.get("name", ""))
    where = f"OIDC_PROVIDERS, provider {name!r}"
    if not NAME.match(name):
        raise ProviderSettingError(f"{where}: name must be lower-case letters, digits and hyphens")
    missing = [key for key in ("issuer", "client_id", "client_secret_env", "domains") if not entry.get(key)]
    if missing:
        raise ProviderSettingError(f"{where}: {', '.join(missing)} missing")
    issuer = str(entry["issuer"])
    if not issuer.startswith("https://") and not issuer.startswith("http://127.0.0.1:"):
        raise ProviderSettingError(f"{where}: the issuer must be an https:// address")
    secret = environ.get(str(entry["client_secret_env"]), "")
    if not secret:
        raise ProviderSettingError(f"{where}: the environment variable {entry['client_secret_env']} is not set")
    domains = entry["domains"]
    if not isinstance(domains, dict):
        raise ProviderSettingError(f"{where}: domains maps each email domain to an organisation name")
    for domain, organisation in domains.items():
        if not DOMAIN.match(domain):
            raise ProviderSettingError(f"{where}: {domain!r} is not a lower-case email domain")
        if organisation is not None and not (isinstance(organisation, str) and organisation.strip()):
            raise ProviderSettingError(f"{where}: {domain} maps to an organisation name, or null for the host")
    return IdentityProvider(
        name=name,
        label=str(entry.get("label") or name),
        issuer=issuer,
        discovery_url=str(entry.get("discovery_url") or issuer.rstrip("/") + DISCOVERY),
        client_id=str(entry["client_id"]),
        client_secret=secret,
        domains=dict(domains),
        verified_claim=str(entry.get("verified_claim") or "email_verified"),
    )


def admit(provider: IdentityProvider, claims: Mapping[str, object]) -> Admission:
    """Whom these (already validated) ID token claims vouch for, or ``NotAdmitted`` saying why not."""
    email = str(claims.get("email") or "").strip().lower()
    if "@" not in email:
        raise NotAdmitted("no email", f"{provider.label} did not tell us your email address.")
    if claims.get(provider.verified_claim) not in (True, "true"):
        raise NotAdmitted(
            "email not verified",
            f"{provider.label} has not verified your email address {email}, so it cannot sign you in here.",
        )
    domain = email.rpartition("@")[2]
    if domain not in provider.domains:
        raise NotAdmitted(
            "domain not mapped",
            f"Accounts at {domain} cannot sign in with {provider.label}: "
            "ask an administrator if your organisation should.",
        )
    return Admission(email=email, organisation=provider.domains[domain])
