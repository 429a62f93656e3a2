"""Nothing typed is lost when the login or the form's security token ran out before submit."""

from __future__ import annotations

from functools import wraps

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from ..errors import MESSAGES
from ..extensions import login_manager
from . import drafts
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
    if user is not None and written and not drafts.too_big(payload) and drafts.allowed(user, key):
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
    if written:
        # Nobody we can keep it for (the cookie is gone): the text goes back to the browser.
        page = render_template(
            "supervision/rescued.html", fields=drafts.typed_text(payload), signed_in=signed_in
        )
        return page, 400 if signed_in else 401
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


def _token_sent() -> bool:
    """A token came with the post, whatever its age: the app's own forms always send one."""
    if (request.form.get("csrf_token") or "").strip():
        return True
    return any((request.headers.get(h) or "").strip() for h in ("X-CSRFToken", "X-CSRF-Token"))


def _same_origin() -> bool:
    """What the browser says about where the post came from, when it says anything."""
    origin = request.headers.get("Origin")
    if origin is not None and origin != request.host_url.rstrip("/"):
        return False
    site = request.headers.get("Sec-Fetch-Site")
    return site is None or site == "same-origin"


def handle_csrf_error(error: CSRFError):
    """The app's CSRF check runs before any view; for note forms and autosave, keep the text.

    Only a post that carried a token (expired or from an earlier login: the case worth
    rescuing) and, when the browser tells, came from this site is rescued. A post without any
    token, or from another origin, is refused plainly and stores nothing: a same-site page
    could otherwise send one with the person's cookie. Even a rescue goes to its own slot."""
    if _token_sent() and _same_origin():
        key = key_for_request()
        if key is not None:
            return rescue_response(key)
        if request.endpoint == "supervision.save_draft":
            from .views_drafts import save_draft_response

            return save_draft_response(request.view_args["draft_key"], token_expired=True)
    title, _ = MESSAGES[400]
    message = (
        "This form had expired or was missing its security token. "
        "Go back, reload the page and submit again."
    )
    return render_template("errors/error.html", code=400, title=title, message=message), 400
