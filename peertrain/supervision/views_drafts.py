"""Autosave endpoints: keep and discard the server-side draft of a note form."""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, request, url_for
from flask_login import current_user, login_required

from ..authz import refuse
from ..extensions import login_manager
from . import bp, drafts, rescue_token


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def save_draft_response(draft_key: str, *, token_expired: bool = False):
    """Save what the browser sent. An ended login still saves for its owner (the person is
    mid-sentence), and the answer says so, so the page can ask them to sign in again. With an
    expired token (the caller has checked one was sent, from this site) the text goes to the
    rescued slot, next to the autosaved draft rather than over it."""
    key = drafts.parse_key(draft_key)
    if key is None or key.rescued:  # only a rescue fills that slot, never a direct post
        abort(404)
    signed_in = current_user.is_authenticated
    user = current_user._get_current_object() if signed_in else drafts.expired_login_user()
    login_url = url_for("auth.login", next=key.form_url())
    # Without a live login and token, only the form rendered for this person may keep text.
    live = signed_in and not token_expired
    if user is not None and not live and not rescue_token.carried_for(user.id, key):
        user = None
    if user is None:
        if _wants_json():
            return jsonify(saved=False, signed_in=False, login_url=login_url), 401
        return login_manager.unauthorized()
    if not drafts.allowed(user, key):
        refuse("draft_save", "note_draft", key.stored, actor_id=user.id)
    payload = drafts.payload_from(request.form)
    if drafts.too_big(payload):
        return jsonify(saved=False, signed_in=signed_in, reason="too_big"), 413
    draft = drafts.save(user.id, key.as_rescued() if token_expired else key, payload)
    return jsonify(
        saved=True,
        saved_at=draft.updated_at.isoformat() + "Z",
        signed_in=signed_in,
        token_expired=token_expired,
        login_url=login_url,
    )


@bp.post("/drafts/<draft_key>")
def save_draft(draft_key: str):
    return save_draft_response(draft_key)


@bp.post("/drafts/<draft_key>/discard")
@login_required
def discard_draft(draft_key: str):
    key = drafts.parse_key(draft_key)
    if key is None:
        abort(404)
    if not drafts.allowed(current_user, key):
        refuse("draft_discard", "note_draft", key.stored)
    drafts.discard(current_user.id, key)
    flash("Draft discarded.", "info")
    return redirect(key.form_url())
