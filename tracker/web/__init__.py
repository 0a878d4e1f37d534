"""The web app: one blueprint per feature, forms, sign-in, and the filters that format figures.

Views are thin: they read the request, check the permission table, call one service
(changes) or a few report functions (figures), and render. They never write models,
never aggregate, never refresh attendances.
"""

from __future__ import annotations

from flask import Flask

from . import (
    admin,
    api,
    auth,
    cost_basis,
    dashboard,
    dashboard_figures,
    date_input,
    downloads,
    explore,
    formatting,
    govuk,
    hats,
    library,
    outcomes,
    pages,
    partnership_list,
    partnership_map,
    privacy,
    proposals,
    registers,
    review,
    rules,
    scenarios,
    single_sign_on,
    sources,
    template_cache,
    uploads,
)


def register_blueprints(app: Flask) -> None:
    app.jinja_env.bytecode_cache = template_cache.PROCESS_CACHE
    for module in (
        auth,
        pages,
        dashboard,
        dashboard_figures,
        partnership_list,
        uploads,
        review,
        rules,
        registers,
        admin,
        outcomes,
        explore,
        downloads,
        api,
        partnership_map,
        hats,
        scenarios,
        proposals,
        library,
        privacy,
        sources,
    ):
        app.register_blueprint(module.bp)
    app.register_blueprint(cost_basis.bp)
    cost_basis.init_app(app)
    single_sign_on.init_app(app)
    formatting.register_filters(app)
    govuk.init_app(app)
    date_input.init_app(app)
