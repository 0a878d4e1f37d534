"""Headers every answer carries: what the browser may run and load, and what it may keep.

Salaries and costs are personal data, so no page or file is kept by the browser or a proxy (``no-store``)
except the app's own unchanging assets. The Content-Security-Policy lets the browser run and style only
what the app itself serves (plotly included, served from the installed package): a title or name that
slipped past escaping could still not load a script, post a form elsewhere or frame the page.
Served over HTTPS (the ``HTTPS`` setting), cookies are marked Secure and browsers told to stay on HTTPS.
"""

from __future__ import annotations

from flask import Flask, request

# plotly.js sets element styles through the DOM (allowed) and writes one stylesheet of its own at run
# time, which needs 'unsafe-inline' for styles; scripts stay 'self' only: no inline script anywhere.
CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
CACHEABLE = {"static", "pages.plotly_js"}  # the app's own assets: no costs in them
HSTS = "max-age=31536000; includeSubDomains"


def init_app(app: Flask) -> None:
    if app.config.get("HTTPS"):
        app.config.update(SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True)

    @app.after_request
    def headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Content-Security-Policy", CSP)
        if request.endpoint not in CACHEABLE:
            response.headers["Cache-Control"] = "no-store"
        if app.config.get("HTTPS"):
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        return response
