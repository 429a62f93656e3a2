"""Server-side drafts of note forms: autosave, restore, and rescue when a login or token expired."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import timedelta

from flask import current_app, session, url_for
from sqlalchemy import delete, select
from werkzeug.datastructures import MultiDict

from .. import audit
from ..auth.services import SESSION_KEY
from ..authz import may_keep_note_draft
from ..clock import utcnow
from ..extensions import db
from ..inputs import record_id
from ..models import NoteDraft, SupervisionSession, User, UserSession

KINDS = ("new", "cancel", "edit", "addendum", "reflection")
_URL_KEY = re.compile(r"^(?:(new|cancel)|(edit|addendum|reflection)-([1-9][0-9]{0,9}))(-rescued)?$")
MAX_PAYLOAD_CHARS = 400_000
# Fields that never belong in a draft: the token is per-login, buttons are not content.
_SKIP = {"csrf_token", "rescue_token", "more", "submit", "stranded"}
# The fields that hold writing (what counts as "something was written"), with their labels.
FIELD_LABELS = {
    "what_happened": "What happened",
    "what_it_meant": "What it meant",
    "what_next": "What next",
    "cancel_note": "Note",
    "text": "Addendum",
    "reflection": "Your reflection",
    "description": "Action",
    "manager_summary": "Summary for managers",
}
# An expired login's text is rescued only if that login was used this recently.
RESCUE_WINDOW = timedelta(hours=24)


@dataclass(frozen=True)
class DraftKey:
    """Which form a draft belongs to. Each form has two slots: the autosaved draft, and the
    text rescued from a post that failed (token or login expired), so a rescue never
    overwrites what autosave kept."""

    kind: str
    session_id: int | None = None
    rescued: bool = False

    @property
    def url_key(self) -> str:
        base = self.kind if self.session_id is None else f"{self.kind}-{self.session_id}"
        return base + "-rescued" if self.rescued else base

    @property
    def stored(self) -> str:
        base = (
            f"session:{self.kind}"
            if self.session_id is None
            else f"session:{self.session_id}:{self.kind}"
        )
        return base + ":rescued" if self.rescued else base

    def as_rescued(self) -> DraftKey:
        return replace(self, rescued=True)

    def slots(self) -> tuple[DraftKey, DraftKey]:
        return replace(self, rescued=False), replace(self, rescued=True)

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
    rescued = bool(m.group(4))
    if m.group(1):
        return DraftKey(m.group(1), rescued=rescued)
    session_id = record_id(m.group(3))  # edit-9999999999 is no session: not a key
    return DraftKey(m.group(2), session_id, rescued) if session_id else None


def allowed(user: User, key: DraftKey) -> bool:
    """A draft may only be kept for a form the person may actually submit."""
    if key.session_id is None:
        return may_keep_note_draft(user, key.kind)
    sess = db.session.get(SupervisionSession, key.session_id)
    return sess is not None and may_keep_note_draft(user, key.kind, sess)


def payload_from(form: MultiDict) -> dict[str, list[str]]:
    """Every typed value, lists kept (checkboxes, rows), minus the token and buttons."""
    return {k: v for k, v in form.to_dict(flat=False).items() if k not in _SKIP}


def has_text(payload: dict[str, list[str]]) -> bool:
    """Whether anything was written (radio buttons and selects always carry a value)."""
    return any(
        v.strip()
        for name, values in payload.items()
        if name.rsplit("-", 1)[-1] in FIELD_LABELS
        for v in values
    )


def too_big(payload: dict[str, list[str]]) -> bool:
    return (
        sum(len(k) + sum(len(v) for v in vals) for k, vals in payload.items()) > MAX_PAYLOAD_CHARS
    )


def typed_text(payload: dict) -> list[tuple[str, str]]:
    """(label, text) for each written field, to show a kept text back outside its form."""
    found = []
    for name, values in payload.items():
        base = name.rsplit("-", 1)[-1]
        if base in FIELD_LABELS:
            found += [(FIELD_LABELS[base], v) for v in values if v.strip()]
    return found


def get(user_id: int, key: DraftKey) -> NoteDraft | None:
    return db.session.scalar(
        select(NoteDraft).where(NoteDraft.user_id == user_id, NoteDraft.key == key.stored)
    )


def as_formdata(draft: NoteDraft | None) -> MultiDict | None:
    if draft is None:
        return None
    return MultiDict([(k, v) for k, values in draft.payload.items() for v in values])


@dataclass(frozen=True)
class Kept:
    """One kept version of a form's text, and the slot it sits in (for its discard button)."""

    draft: NoteDraft
    key: DraftKey

    @property
    def text(self) -> list[tuple[str, str]]:
        return typed_text(self.draft.payload)


@dataclass(frozen=True)
class Restore:
    """What a form starts from: the newer kept version fills it, and the older one (if both the
    autosaved and a rescued version exist) is offered alongside, so neither is lost."""

    shown: Kept | None = None
    other: Kept | None = None

    def __bool__(self) -> bool:
        return self.shown is not None

    @property
    def draft(self) -> NoteDraft | None:
        return self.shown.draft if self.shown else None

    @property
    def formdata(self) -> MultiDict | None:
        return as_formdata(self.draft)

    @property
    def ids(self) -> list[int]:
        return [k.draft.id for k in (self.shown, self.other) if k is not None]


def restore(user_id: int, key: DraftKey) -> Restore:
    slots = {k.stored: k for k in key.slots()}
    found = db.session.scalars(
        select(NoteDraft).where(NoteDraft.user_id == user_id, NoteDraft.key.in_(slots))
    ).all()
    kept = sorted(
        (Kept(d, slots[d.key]) for d in found),
        key=lambda k: (k.draft.updated_at, k.key.rescued),
        reverse=True,
    )
    return Restore(*kept[:2])


def log_restored(*restores: Restore) -> None:
    """Putting a kept draft back on screen shows note text, so it is audited like any read
    (the draft's id only, never its text). Call after rendering: the commit expires objects."""
    ids = [i for r in restores for i in r.ids]
    for draft_id in ids:
        audit.log("draft_restore", "note_draft", draft_id)
    if ids:
        db.session.commit()


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
    """Part of the caller's transaction: a successful save removes its drafts with it (both
    slots: the text saved was built from whichever the form was restored from)."""
    db.session.execute(
        delete(NoteDraft).where(
            NoteDraft.user_id == user_id, NoteDraft.key.in_([k.stored for k in key.slots()])
        )
    )


def discard(user_id: int, key: DraftKey) -> None:
    """The person throws away one kept version (the other, if any, stays)."""
    db.session.execute(
        delete(NoteDraft).where(NoteDraft.user_id == user_id, NoteDraft.key == key.stored)
    )
    audit.log("draft_discard", "note_draft", key.stored, actor_id=user_id)
    db.session.commit()


def expired_login_user() -> User | None:
    """The person whose login has just run out, from the server-side record the cookie names.

    Only a login that ended by timing out counts: a revocation (password change, deactivation)
    is final. The cookie is signed and SameSite=Lax, so another site cannot plant text here."""
    sid, uid = session.get(SESSION_KEY), record_id(str(session.get("_user_id") or ""))
    if not sid or uid is None:
        return None
    record = db.session.get(UserSession, sid)
    if record is None or record.user_id != uid:
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
