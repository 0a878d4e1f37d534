"""Single sign-on with OpenID Connect: a button per identity provider on the sign-in page, and the callback
that signs in the user a provider vouches for.

Authlib runs the authorization code flow (with PKCE) and checks the state against the one this browser's
session was given, and the ID token's signature, issuer, audience, expiry and nonce. The issuer is held
to the one configured, not merely to whatever the discovery document says. Then ``domain.single_sign_on``
decides whom the claims admit and ``services.users`` finds their account: it must already exist, in the
organisation the email domain is mapped to. Every attempt, admitted or not, is written to the audit trail;
a refusal counts towards the sign-in throttle like a wrong password.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

from authlib.common.errors import AuthlibBaseError
from authlib.integrations.base_client.errors import MismatchingStateError
from authlib.integrations.flask_client import OAuth
from flask import Blueprint, Flask, abort, current_app, redirect, render_template, request, session, url_for
from joserfc.errors import ExpiredTokenError, JoseError
from requests import RequestException

from ..db import get_session
from ..domain.single_sign_on import IdentityProvider, NotAdmitted, ProviderSettingError, admit, providers_from
from ..services import audit
from ..services.users import single_sign_on_user
from .auth import begin_session, identity_providers, safe_next
from .forms import LoginForm
from .throttle import throttle

bp = Blueprint("sso", __name__, url_prefix="/auth/sso")
ACTION = "sign in with single sign-on"
TRY_AGAIN = "Sign-in with {label} did not complete ({why}): start again from this page."


def init_app(app: Flask) -> None:
    """Register each configured provider with Authlib; a setting that cannot work stops the app starting."""
    setting = app.config.get("OIDC_PROVIDERS") or []
    if isinstance(setting, str):
        text = setting if setting.lstrip().startswith("[") else Path(setting).read_text(encoding="utf-8")
        setting = json.loads(text)
    providers = providers_from(setting, os.environ) if setting else ()
    if not providers and not app.config.get("LOCAL_PASSWORDS", True):
        raise ProviderSettingError("LOCAL_PASSWORDS is off and OIDC_PROVIDERS names no provider: nobody could sign in")
    oauth = OAuth(app)
    for provider in providers:
        oauth.register(
            provider.name,
            client_id=provider.client_id,
            client_secret=provider.client_secret,
            server_metadata_url=provider.discovery_url,
            client_kwargs={"scope": "openid email profile", "code_challenge_method": "S256", "timeout": 15},
        )
    app.extensions["identity_providers"] = {p.name: p for p in providers}
    app.register_blueprint(bp)


def _provider(name: str) -> IdentityProvider:
    provider = current_app.extensions.get("identity_providers", {}).get(name)
    if provider is None:
        abort(404)
    return provider


def _client(provider: IdentityProvider):
    return current_app.extensions["authlib.integrations.flask_client"].create_client(provider.name)


def _check_issuer(provider: IdentityProvider) -> None:
    """The discovery document must name the configured issuer exactly, or its keys are not the partner's."""
    try:
        issuer = _client(provider).load_server_metadata().get("issuer")
    except (RequestException, ValueError) as exc:
        raise NotAdmitted("provider unreachable", f"{provider.label} could not be reached: try again later.") from exc
    if issuer != provider.issuer:
        raise NotAdmitted(
            "wrong issuer",
            f"{provider.label} did not identify itself as the provider set up here, so it cannot sign you in: "
            "tell an administrator.",
        )


@bp.route("/<name>")
def start(name: str):
    provider = _provider(name)
    try:
        _check_issuer(provider)
    except NotAdmitted as refusal:
        return _refused(provider, refusal, "")
    session["sso_next"] = safe_next(request.args.get("next"))
    # Behind a proxy that ends TLS the request arrives as http: the address registered is https.
    scheme = "https" if current_app.config.get("HTTPS") else None
    return _client(provider).authorize_redirect(url_for("sso.callback", name=name, _external=True, _scheme=scheme))


@bp.route("/<name>/callback")
def callback(name: str):
    provider, email = _provider(name), ""
    try:
        _check_issuer(provider)
        claims = _validated_claims(provider)
        admission = admit(provider, claims)
        email = admission.email
        wait = throttle().wait(email, request.remote_addr)
        if wait is not None:
            minutes = math.ceil(wait / 60)
            raise NotAdmitted("throttled", f"Too many failed sign-ins for this account: try again in {minutes} min.")
        user = single_sign_on_user(get_session(), admission)
    except NotAdmitted as refusal:
        if email and refusal.reason != "throttled":
            throttle().failed(email, request.remote_addr)
        return _refused(provider, refusal, email)
    target = session.pop("sso_next", None)
    begin_session(user, request.remote_addr)
    _record(user.email, provider, "done (302)", {"provider": provider.name})
    return redirect(safe_next(target))


def _validated_claims(provider: IdentityProvider) -> dict:
    """The ID token's claims once Authlib has checked the state, signature, issuer, audience, expiry and nonce."""
    options = {
        "iss": {"essential": True, "value": provider.issuer},
        "aud": {"essential": True, "value": provider.client_id},
        "exp": {"essential": True},
    }
    try:
        token = _client(provider).authorize_access_token(claims_options=options)
    except MismatchingStateError as exc:
        why = "not started here"
        raise NotAdmitted("forged or stale state", TRY_AGAIN.format(label=provider.label, why=why)) from exc
    except ExpiredTokenError as exc:
        raise NotAdmitted("expired ID token", TRY_AGAIN.format(label=provider.label, why="it expired")) from exc
    except (AuthlibBaseError, JoseError, RequestException, ValueError, KeyError) as exc:
        why = type(exc).__name__
        raise NotAdmitted(f"token refused: {why}"[:60], TRY_AGAIN.format(label=provider.label, why="refused")) from exc
    claims = token.get("userinfo")
    if not claims:
        raise NotAdmitted("no ID token", TRY_AGAIN.format(label=provider.label, why="no ID token"))
    return dict(claims)


def _refused(provider: IdentityProvider, refusal: NotAdmitted, email: str):
    """The sign-in page again, saying why, with no session: whatever the browser had is cleared."""
    session.clear()
    _record(email or "anonymous", provider, "refused (403)", {"provider": provider.name, "reason": refusal.reason})
    page = render_template("auth/login.html", form=LoginForm(), providers=identity_providers(), refusal=refusal.message)
    return page, 403


def _record(actor: str, provider: IdentityProvider, outcome: str, details: dict) -> None:
    """Written here rather than by the audit hook: the callback is a GET whose query (a code, a state) must
    not be kept."""
    audit.record(
        current_app.extensions["database"].session,
        actor=actor,
        action=ACTION,
        target=f"{request.path} ({provider.label})",
        outcome=outcome,
        address=request.remote_addr or "",
        details=details,
    )
