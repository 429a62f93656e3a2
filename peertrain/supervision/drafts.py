"""Server-side drafts of note forms: autosave, restore, and rescue when a login or token expired."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app, session, url_for
from sqlalchemy import delete, select
from werkzeug.datastructures import MultiDict

from .. import audit
from ..auth.services import SESSION_KEY
from ..authz import is_session_participant, may_edit_session
from ..clock import utcnow
from ..extensions import db
from ..models import NoteDraft, Role, SupervisionSession, User, UserSession

KINDS = ("new", "cancel", "edit", "addendum", "reflection")
_URL_KEY = re.compile(r"^(new|cancel)$|^(edit|addendum|reflection)-([1-9][0-9]{0,9})$")
MAX_PAYLOAD_CHARS = 400_000
# Fields that never belong in a draft: the token is per-login, buttons are not content.
_SKIP = {"csrf_token", "more", "submit"}
_TEXT_FIELDS = {
    "what_happened",
    "what_it_meant",
    "what_next",
    "cancel_note",
    "text",
    "reflection",
    "description",
    "manager_summary",
}
# An expired login's text is rescued only if that login was used this recently.
RESCUE_WINDOW = timedelta(hours=24)


@dataclass(frozen=True)
class DraftKey:
    kind: str
    session_id: int | None = None

    @property
    def url_key(self) -> str:
        return self.kind if self.session_id is None else f"{self.kind}-{self.session_id}"

    @property
    def stored(self) -> str:
        return (
            f"session:{self.kind}"
            if self.session_id is None
            else f"session:{self.session_id}:{self.kind}"
        )

    def form_url(self) -> str:
        """The page where this form is filled in (where a restored draft reappears)."""
        if self.kind == "new":
            return url_for("supervision.new_session")
        if self.kind == "cancel":
            return url_for("supervision.cancel_session")
        if self.kind == "edit":
            return url_for("supervision.edit_session", session_id=self.session_id)
        anchor = "reflection" if self.kind == "reflection" else "addendum"
        return url_for("supervision.session", session_id=self.session_id, _anchor=anchor)


def parse_key(raw: str) -> DraftKey | None:
    m = _URL_KEY.match(raw or "")
    if not m:
        return None
    if m.group(1):
        return DraftKey(m.group(1))
    return DraftKey(m.group(2), int(m.group(3)))


def allowed(user: User, key: DraftKey) -> bool:
    """A draft may only be kept for a form the person may actually submit."""
    if key.session_id is None:
        return user.has_role(Role.SUPERVISOR)
    sess = db.session.get(SupervisionSession, key.session_id)
    if sess is None:
        return False
    if key.kind == "reflection":
        return is_session_participant(user, sess)
    return may_edit_session(user, sess)


def payload_from(form: MultiDict) -> dict[str, list[str]]:
    """Every typed value, lists kept (checkboxes, rows), minus the token and buttons."""
    return {k: v for k, v in form.to_dict(flat=False).items() if k not in _SKIP}


def has_text(payload: dict[str, list[str]]) -> bool:
    """Whether anything was written (radio buttons and selects always carry a value)."""
    return any(
        v.strip()
        for name, values in payload.items()
        if name.rsplit("-", 1)[-1] in _TEXT_FIELDS
        for v in values
    )


def too_big(payload: dict[str, list[str]]) -> bool:
    return (
        sum(len(k) + sum(len(v) for v in vals) for k, vals in payload.items()) > MAX_PAYLOAD_CHARS
    )


def get(user_id: int, key: DraftKey) -> NoteDraft | None:
    return db.session.scalar(
        select(NoteDraft).where(NoteDraft.user_id == user_id, NoteDraft.key == key.stored)
    )


def as_formdata(draft: NoteDraft | None) -> MultiDict | None:
    if draft is None:
        return None
    return MultiDict([(k, v) for k, values in draft.payload.items() for v in values])


def save(user_id: int, key: DraftKey, payload: dict, *, rescued: bool = False) -> NoteDraft:
    """Upsert and commit. Autosave runs every few seconds, so only the first save, a rescue
    and a discard are audited: a trail entry per keystroke pause would drown the log."""
    draft = get(user_id, key)
    if draft is None:
        draft = NoteDraft(user_id=user_id, key=key.stored, payload=payload)
        db.session.add(draft)
        db.session.flush()
        audit.log("draft_save", "note_draft", key.stored, actor_id=user_id)
    else:
        draft.payload = payload
    draft.updated_at = utcnow()
    if rescued:
        audit.log("draft_rescue", "note_draft", key.stored, actor_id=user_id)
    db.session.commit()
    return draft


def drop(user_id: int, key: DraftKey) -> None:
    """Part of the caller's transaction: a successful save removes its draft with it."""
    db.session.execute(
        delete(NoteDraft).where(NoteDraft.user_id == user_id, NoteDraft.key == key.stored)
    )


def discard(user_id: int, key: DraftKey) -> None:
    drop(user_id, key)
    audit.log("draft_discard", "note_draft", key.stored, actor_id=user_id)
    db.session.commit()


def expired_login_user() -> User | None:
    """The person whose login has just run out, from the server-side record the cookie names.

    Only a login that ended by timing out counts: a revocation (password change, deactivation)
    is final. The cookie is signed and SameSite=Lax, so another site cannot plant text here."""
    sid, uid = session.get(SESSION_KEY), session.get("_user_id")
    if not sid or not str(uid or "").isdigit():
        return None
    record = db.session.get(UserSession, sid)
    if record is None or record.user_id != int(uid):
        return None
    now = utcnow()
    if now - record.last_seen_at > RESCUE_WINDOW:
        return None
    if record.revoked_at is not None:
        idle = timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])
        absolute = timedelta(hours=current_app.config["SESSION_ABSOLUTE_HOURS"])
        timed_out = (
            record.revoked_at - record.last_seen_at > idle
            or record.revoked_at - record.created_at > absolute
        )
        if not timed_out:
            return None
    user = record.user
    if not user.active:
        return None
    if user.password_changed_at and user.password_changed_at > record.created_at:
        return None
    return user
