"""Certification writes: which credential a worker pursues, the organisation's default, and the
audit records of reading a worker's progress."""

from __future__ import annotations

from .. import audit
from ..clock import utcnow
from ..extensions import db
from ..models import DEFAULT_CREDENTIAL_KEY, CredentialChoice, Setting


def choose_credential(worker_id: int, slug: str, chosen_by_id: int) -> None:
    choice = db.session.get(CredentialChoice, worker_id)
    before = choice.credential_slug if choice else None
    if choice is None:
        choice = CredentialChoice(worker_id=worker_id)
        db.session.add(choice)
    choice.credential_slug, choice.chosen_by_id, choice.chosen_at = slug, chosen_by_id, utcnow()
    audit.log("certification.credential.choose", "user", worker_id, actor_id=chosen_by_id,
              detail=f"{before or 'none'} -> {slug}")  # fmt: skip
    db.session.commit()


def set_default_credential(slug: str, admin_id: int) -> None:
    setting = db.session.get(Setting, DEFAULT_CREDENTIAL_KEY)
    before = setting.value if setting else None
    if setting is None:
        setting = Setting(key=DEFAULT_CREDENTIAL_KEY)
        db.session.add(setting)
    setting.value = slug
    audit.log("certification.default.set", "setting", DEFAULT_CREDENTIAL_KEY, actor_id=admin_id,
              detail=f"{before or 'none'} -> {slug}")  # fmt: skip
    db.session.commit()


def log_progress_read(viewer_id: int, worker_id: int, slug: str) -> None:
    """Another person's hours and ratings by category are private: each view is recorded."""
    audit.log_now("certification.readiness.read", "user", worker_id, actor_id=viewer_id,
                  detail=slug)  # fmt: skip
