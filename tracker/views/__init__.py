"""Blueprints, one per feature; each handler is thin and calls the domain and report modules."""

from __future__ import annotations

from flask import Flask

from . import admin, api, dashboard, downloads, explore, outcomes, pages, registers, review, uploads


def register_blueprints(app: Flask) -> None:
    from .. import auth

    for module in (auth, pages, dashboard, uploads, review, registers, admin, outcomes, explore, downloads, api):
        app.register_blueprint(module.bp)
