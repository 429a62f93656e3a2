"""403, 404, 500 (and CSRF failures) rendered in the site's own layout."""

from __future__ import annotations

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError

from .extensions import db

MESSAGES = {
    400: ("Something was wrong with that request", "Please go back and try again."),
    403: (
        "You do not have access to this page",
        "This page belongs to someone else's records or to a role you do not hold.",
    ),
    404: ("Page not found", "There is nothing at this address. It may have moved."),
    405: ("That action is not allowed here", "Please use the buttons on the page."),
    500: (
        "Something went wrong on our side",
        "The error has been logged. Your last change may not have been saved; please try again.",
    ),
}


def _render(code: int, detail: str | None = None):
    title, message = MESSAGES[code]
    return render_template(
        "errors/error.html", code=code, title=title, message=detail or message
    ), code


def register(app: Flask) -> None:
    for code in (400, 403, 404, 405):
        app.register_error_handler(code, lambda e, code=code: _render(code))

    @app.errorhandler(CSRFError)
    def _csrf(error):
        return _render(
            400,
            "This form had expired or was missing its security token. "
            "Go back, reload the page and submit again.",
        )

    @app.errorhandler(500)
    def _server_error(error):
        db.session.rollback()
        return _render(500)
