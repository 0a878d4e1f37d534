"""Partnership Meeting-Cost Tracker: the Flask application factory."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from flask import Flask, jsonify, render_template, request

PACKAGE = Path(__file__).resolve().parent


def _assets(name: str) -> Path:
    """``templates`` or ``static``: inside the package when installed from a wheel, beside it in a checkout."""
    packaged = PACKAGE / name
    return packaged if packaged.is_dir() else PACKAGE.parent / name


def create_app(test_config: dict | None = None, *, serving: bool = True) -> Flask:
    """Config -> database -> extensions -> blueprints -> error pages -> commands.

    The command line makes its app without the web half (``serving=False``): a command serves no page, and
    importing the views, forms and charts was most of every command's start (``tracker serve`` makes the
    whole app itself)."""
    app = Flask(
        __name__,
        # The web app and its workers share one instance folder (uploads waiting to be imported live there).
        instance_path=(test_config or {}).get("INSTANCE_PATH") or os.environ.get("TRACKER_INSTANCE_PATH") or None,
        instance_relative_config=True,
        template_folder=str(_assets("templates")),
        static_folder=str(_assets("static")),
    )
    from . import cli, config, db, logs

    app.config.from_mapping(config.from_environment(app.instance_path))
    app.config.update(
        PERMANENT_SESSION_LIFETIME=timedelta(hours=8),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        WTF_CSRF_TIME_LIMIT=None,
    )
    if test_config:
        app.config.update(test_config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    logs.configure(app.config["LOG_LEVEL"])
    db.init_app(app)
    if serving:
        register_proxies(app)
        logs.init_app(app)
        register_extensions(app)
        register_blueprints(app)
        register_security_headers(app)
        register_errorhandlers(app)
    cli.init_app(app)
    return app


def register_proxies(app: Flask) -> None:
    """Behind ``TRUSTED_PROXIES`` proxies, the client's address and scheme are what the nearest of them
    say (werkzeug's ProxyFix, trusting that many ``X-Forwarded-For`` hops and no more): without it every
    user shares the proxy's address, and one person's failed sign-ins throttle everyone."""
    trusted = int(app.config.get("TRUSTED_PROXIES") or 0)
    if trusted > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=trusted, x_proto=trusted)  # type: ignore[method-assign]


def register_extensions(app: Flask) -> None:
    from .extensions import csrf, login_manager

    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Sign in to see this page."
    login_manager.session_protection = "strong"

    @login_manager.unauthorized_handler
    def _unauthorized():
        """Pages send the browser to sign in; the JSON API says so, as JSON, to the tool that asked."""
        from flask import jsonify, redirect, request, url_for

        if request.path.startswith("/api/"):
            return jsonify(
                {"error": "sign in first: the API takes the session of a signed-in user", "status": 401}
            ), 401
        if login_manager.login_message:
            from flask import flash

            flash(login_manager.login_message, "info")
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def register_blueprints(app: Flask) -> None:
    from .web import register_blueprints as register

    register(app)


def register_security_headers(app: Flask) -> None:
    from .web import audit_trail, security, throttle

    security.init_app(app)
    throttle.init_app(app)
    audit_trail.init_app(app)


def register_errorhandlers(app: Flask) -> None:
    def render(error):
        code = getattr(error, "code", 500)
        if code == 413:  # the body was refused unread: say what the limits are, in this app's words
            from .web.uploads import too_large

            error.description = too_large(request.content_length, app.config["MAX_CONTENT_LENGTH"])
        if request.path.startswith("/api/"):  # other tools read errors as they read answers: as JSON
            return jsonify({"error": getattr(error, "description", "internal error"), "status": code}), code
        return render_template("errors/error.html", code=code, error=error), code

    for code in (400, 403, 404, 405, 413, 500):
        app.register_error_handler(code, render)
