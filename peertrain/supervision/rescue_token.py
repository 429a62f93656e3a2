"""A signed token, issued with each note form, that a rescue or an ended-login draft must carry.

Keeping text for a login that has ended (or under an expired CSRF token) means writing into a
person's drafts without a live login. Only a form PeerTrain itself rendered for that person,
for that very form, during that login (and within the login's absolute lifetime) may do it:
any other post, even with a valid-looking CSRF token or the old cookie, has its text shown
back to the browser instead (peertrain/keep.py) and stores nothing."""

from __future__ import annotations

import hashlib

from flask import current_app, request, session
from itsdangerous import BadData, URLSafeTimedSerializer

from ..auth.services import SESSION_KEY
from .drafts import DraftKey

FIELD = "rescue_token"
_SALT = "peertrain.supervision.rescue"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def _login() -> str:
    """Which login this is, without putting the cookie's secret id into the page."""
    return hashlib.sha256(str(session.get(SESSION_KEY, "")).encode()).hexdigest()[:24]


def _form(key: DraftKey) -> str:
    return key.slots()[0].url_key  # the form, whichever of its two slots


def issue(user_id: int, key: DraftKey) -> str:
    return _serializer().dumps({"u": user_id, "f": _form(key), "l": _login()})


def carried_for(user_id: int, key: DraftKey) -> bool:
    raw = request.form.get(FIELD) or request.headers.get("X-Rescue-Token") or ""
    max_age = current_app.config["SESSION_ABSOLUTE_HOURS"] * 3600
    try:
        data = _serializer().loads(raw, max_age=max_age)
    except BadData:
        return False
    return data == {"u": user_id, "f": _form(key), "l": _login()}
