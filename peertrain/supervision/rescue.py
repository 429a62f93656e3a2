"""Nothing typed is lost when the login or the form's security token ran out before submit."""

from __future__ import annotations

from functools import wraps

from flask import flash, redirect, request, url_for
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from .. import keep
from ..errors import csrf_refused
from ..extensions import login_manager
from . import drafts, rescue_token
from .drafts import DraftKey

# The endpoints whose posted text is worth keeping, and the draft each one fills.
NOTE_ENDPOINTS = {
    "supervision.new_session": "new",
    "supervision.cancel_session": "cancel",
    "supervision.edit_session": "edit",
    "supervision.add_addendum": "addendum",
    "supervision.save_reflection": "reflection",
}


def key_for_request() -> DraftKey | None:
    kind = NOTE_ENDPOINTS.get(request.endpoint or "")
    if kind is None:
        return None
    return DraftKey(kind, (request.view_args or {}).get("session_id"))


def _user():
    if current_user.is_authenticated:
        return current_user._get_current_object()
    return drafts.expired_login_user()


def rescue_response(key: DraftKey):
    """Keep the posted text as a draft for its author and send them back to the form
    (through the sign-in page if their login ended); failing that, show the text back."""
    payload = drafts.payload_from(request.form)
    signed_in = current_user.is_authenticated
    user = _user()
    written = drafts.has_text(payload)
    if (
        user is not None
        and written
        and not drafts.too_big(payload)
        and drafts.allowed(user, key)
        and rescue_token.carried_for(user.id, key)
    ):
        # Its own slot: the autosaved draft of this form is never overwritten by a rescue.
        drafts.save(user.id, key.as_rescued(), payload, rescued=True)
        if signed_in:
            flash(
                "This form's security token had expired, so nothing was saved yet. Your text has "
                "been kept: check it and save again.",
                "warning",
            )
            return redirect(key.form_url())
        flash(
            "Your login had ended, so nothing was saved yet. Your text has been kept: sign in "
            "again and it will be back in the form.",
            "warning",
        )
        return redirect(url_for("auth.login", next=key.form_url()))
    if written and keep.same_origin():
        # Nobody we can keep it for (the cookie is gone): the text goes back to the browser,
        # the same way as on every other form.
        return keep.kept_response("token" if signed_in else "login")
    if signed_in:
        flash("This form had expired. Please fill it in again.", "warning")
        return redirect(key.form_url())
    return login_manager.unauthorized()


def keeps_notes(view):
    """Outermost on note endpoints: a POST from an ended login is rescued, not redirected away."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if request.method == "POST" and not current_user.is_authenticated:
            key = key_for_request()
            if key is not None:
                return rescue_response(key)
        return view(*args, **kwargs)

    return wrapped


def handle_csrf_error(error: CSRFError):
    """The app's CSRF check runs before any view; for note forms and autosave, keep the text.

    Only a post that carried a token (expired or from an earlier login: the case worth
    rescuing) and, when the browser tells, came from this site is rescued. A post without any
    token, or from another origin, is refused plainly and stores nothing: a same-site page
    could otherwise send one with the person's cookie. Even a rescue goes to its own slot."""
    if keep.token_sent() and keep.same_origin():
        key = key_for_request()
        if key is not None:
            return rescue_response(key)
        if request.endpoint == "supervision.save_draft":
            from .views_drafts import save_draft_response

            return save_draft_response(request.view_args["draft_key"], token_expired=True)
    return csrf_refused()
