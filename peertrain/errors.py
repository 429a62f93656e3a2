"""Error pages (403, 404, 413, 500, 503, CSRF) in the site's own layout; typed text kept."""

from __future__ import annotations

import logging

from flask import Flask, g, render_template, request
from flask_login import AnonymousUserMixin
from flask_login.utils import login_url
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from . import keep
from .extensions import db, login_manager

log = logging.getLogger("peertrain.errors")

MESSAGES = {
    400: ("Something was wrong with that request", "Please go back and try again."),
    403: (
        "You do not have access to this page",
        "This page belongs to someone else's records or to a role you do not hold.",
    ),
    404: ("Page not found", "There is nothing at this address. It may have moved."),
    405: ("That action is not allowed here", "Please use the buttons on the page."),
    413: (
        "That was too large to send",
        "The file or text was larger than PeerTrain accepts. Please send something smaller.",
    ),
    500: (
        "Something went wrong on our side",
        "The error has been logged. Your last change may not have been saved; please try again.",
    ),
    503: (
        "PeerTrain is not available just now",
        "The database did not answer. Please try again in a minute.",
    ),
}
CSRF_MESSAGE = (
    "This form had expired or was missing its security token. "
    "Go back, reload the page and submit again."
)


def _render(code: int, detail: str | None = None):
    title, message = MESSAGES[code]
    return render_template(
        "errors/error.html", code=code, title=title, message=detail or message
    ), code


def register(app: Flask) -> None:
    for code in (400, 403, 404, 405, 413):
        app.register_error_handler(code, lambda e, code=code: _render(code))

    @app.errorhandler(CSRFError)
    def _csrf(error):
        return csrf_refused()

    @app.errorhandler(OperationalError)
    @app.errorhandler(PoolTimeout)
    def _database_down(error):
        return database_unavailable(error)

    @app.errorhandler(DBAPIError)
    def _database_error(error):
        # A dropped connection is an outage; any other driver error is a bug (500, logged).
        if getattr(error, "connection_invalidated", False):
            return database_unavailable(error)
        log.error("database error", exc_info=error)
        db.session.rollback()
        return _render(500)

    login_manager.unauthorized_handler(unauthorized)

    @app.errorhandler(500)
    def _server_error(error):
        db.session.rollback()
        return _render(500)


def csrf_refused():
    """An expired token on a form someone wrote in gives their text back; anything else (no
    token, another site's post) is refused plainly."""
    from flask_login import current_user

    if keep.token_sent() and keep.worth_keeping():
        # After a login ends its session (and token) go with it: sign in, then send.
        return keep.kept_response("token" if current_user.is_authenticated else "login")
    return _render(400, CSRF_MESSAGE)


def unauthorized():
    """A post from a login that has ended keeps its text behind a sign-in box; otherwise the
    usual way to the sign-in page."""
    from flask import flash, redirect

    if keep.worth_keeping():
        return keep.kept_response("login")
    flash(login_manager.login_message, login_manager.login_message_category)
    return redirect(login_url(login_manager.login_view, next_url=request.full_path.rstrip("?")))


def database_unavailable(error):
    log.error("database unavailable: %s", type(error).__name__, exc_info=error)
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001 - the connection is already gone; nothing to undo
        log.debug("rollback failed after database outage", exc_info=True)
    # The page's header shows who is signed in, which needs the database we have not got
    # (after the rollback even a loaded user's name would be fetched again).
    g._login_user = AnonymousUserMixin()
    if keep.worth_keeping():
        return keep.kept_response("database")
    return _render(503)
