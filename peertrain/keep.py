"""Nothing typed is lost: a post that cannot be saved comes back with its text and a way to send it.

One mechanism for every form. When a post fails for a reason that is not the person's input
(the database is unreachable, the form's security token expired, the login ended), the answer
is a page in the site's layout holding everything they typed, in a form that posts to the same
address again with a fresh token (and, for an ended login, a sign-in box first). Nothing is
stored on the server, so it works when the database does not. Supervision notes also have
server-side drafts (supervision/drafts.py); this is what every other form falls back on.
"""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_wtf.csrf import generate_csrf
from werkzeug.datastructures import MultiDict

# Never sent back into a page: a token is per login, a password is retyped, not echoed.
_DROP = {"csrf_token"}
_RESUME_FIELDS = {"_resume_email", "_resume_password", "_resume_code", "_resume_target"}
REASONS = {
    "database": (
        503,
        "We could not save this just now",
        "The database did not answer, so nothing was saved. Your text is below: press Send "
        "again in a minute. If it keeps failing, copy it somewhere safe.",
    ),
    "token": (
        400,
        "This form had expired",
        "Its security token was out of date, so nothing was saved yet. Your text is below: "
        "check it and press Send again.",
    ),
    "login": (
        401,
        "Your login had ended",
        "Nothing was saved yet. Your text is below: sign in and it will be sent again.",
    ),
    "resumed": (
        200,
        "You are signed in again",
        "Your text is below, not saved yet: check it and press Send again.",
    ),
}


def kept_fields(form: MultiDict) -> list[tuple[str, str]]:
    """Every posted (name, value) pair in order, lists kept, minus tokens and passwords."""
    return [
        (name, value)
        for name, values in form.lists()
        if name not in _DROP and name not in _RESUME_FIELDS and "password" not in name.lower()
        for value in values
    ]


def _label(name: str) -> str:
    base = name.rsplit("-", 1)[-1] if name.rsplit("-", 1)[-1] else name
    return base.replace("_", " ").strip().capitalize() or name


def _is_writing(value: str) -> bool:
    """Worth showing (and editing) on the page: words, not an id or a choice's value."""
    return len(value) > 40 or any(c.isspace() for c in value.strip())


def has_writing(form: MultiDict) -> bool:
    return any(_is_writing(v) for _, v in kept_fields(form))


def token_sent() -> bool:
    """A token came with the post, whatever its age: the app's own forms always send one."""
    if (request.form.get("csrf_token") or "").strip():
        return True
    return any((request.headers.get(h) or "").strip() for h in ("X-CSRFToken", "X-CSRF-Token"))


def same_origin() -> bool:
    """What the browser says about where the post came from, when it says anything. A page on
    another site must not be able to have its text put back in front of the person to send."""
    origin = request.headers.get("Origin")
    if origin is not None and origin != request.host_url.rstrip("/"):
        return False
    site = request.headers.get("Sec-Fetch-Site")
    return site is None or site == "same-origin"


def worth_keeping() -> bool:
    return request.method == "POST" and same_origin() and has_writing(request.form)


def kept_response(
    reason: str,
    *,
    target: str | None = None,
    form: MultiDict | None = None,
    login_error: str | None = None,
    email: str = "",
):
    """The page that gives the person their text back, ready to send again."""
    status, title, message = REASONS[reason]
    fields = kept_fields(form if form is not None else request.form)
    target = target or request.full_path.rstrip("?")
    shown = [(f"kept-{i}", name, _label(name), value) for i, (name, value) in enumerate(fields)]
    page = render_template(
        "errors/kept.html",
        title=title,
        message=message,
        reason=reason,
        target=target,
        action=url_for("auth.resume") if reason == "login" else target,
        writing=[f for f in shown if _is_writing(f[3])],
        hidden=[f for f in shown if not _is_writing(f[3])],
        token=_fresh_token(),
        login_error=login_error,
        email=email,
    )
    return page, (400 if login_error else status)


def _fresh_token() -> str | None:
    try:
        return generate_csrf()
    except Exception:  # noqa: BLE001 - no secret key or session: the page still shows the text
        return None
