"""Security headers on every response; no-store on pages that show personal records."""

from __future__ import annotations

import secrets

from flask import Flask, Response, g, request
from flask_login import current_user

CSP = (
    "default-src 'self'; script-src 'self'{nonce}; style-src 'self'{nonce}; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; object-src 'none'"
)


def csp_nonce() -> str:
    """A per-response nonce for the few inline scripts we do not own (Flask-Admin's)."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def register_headers(app: Flask) -> None:
    @app.after_request
    def _security_headers(response: Response) -> Response:
        nonce = f" 'nonce-{g.csp_nonce}'" if "csp_nonce" in g else ""
        response.headers["Content-Security-Policy"] = CSP.format(nonce=nonce)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers["Strict-Transport-Security"] = "max-age=31536000"
        # Anything behind a login shows someone's records: keep it out of every cache.
        if not request.path.startswith("/static/") and (
            current_user.is_authenticated or request.path.startswith("/auth/")
        ):
            response.headers["Cache-Control"] = "no-store"
            response.headers["Pragma"] = "no-cache"
        return response
