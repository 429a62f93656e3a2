"""Export sections read straight from other features' tables by name, with the columns that are
secrets or about other people left out. Read by name so that the export neither imports those
features nor breaks where one is absent: an absent table gives an empty section."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..extensions import db


@dataclass(frozen=True)
class Owned:
    table: str
    column: str  # the column naming the person
    omit: tuple[str, ...] = ()  # besides `column`: secrets, other people's ids
    order: str = "id"


SECTIONS: dict[str, Owned] = {
    "notifications": Owned("notification", "user_id", ("dedupe_key", "digest_pending")),
    "notification_preferences": Owned("notification_preference", "user_id", order="kind"),
    "notification_digests": Owned("notification_digest", "user_id", order="day"),
    # Mail bodies are left out: an invitation or reset mail carries a single-use sign-in link,
    # a live credential while it lasts. What was sent, when, and its subject are kept.
    "mail": Owned(
        "outbox_message",
        "user_id",
        ("body_text", "body_html", "message_id", "claim_token", "lease_until", "last_error"),
    ),
    # That two-step sign-in is on, since when, and when recovery codes were used: never the
    # encrypted secret or the codes' hashes.
    "two_step_sign_in": Owned(
        "mfa_totp", "user_id", ("secret_encrypted", "last_used_step"), order="user_id"
    ),
    "recovery_codes": Owned("mfa_recovery_code", "user_id", ("code_hash",)),
    "service_plan_actions": Owned("plan_action", "owner_id"),
    "role_drift_log": Owned("drift_entry", "worker_id"),
    # A supervisor's own peer-values rating of a session they led (theirs, not anonymous).
    "values_ratings_given": Owned("supervisor_values_rating", "supervisor_id", order="session_id"),
    # Which sessions the person rated as a supervisee. The ratings themselves are stored with
    # no link to anyone by design (an HMAC key only the rater's own request can compute), so
    # they cannot be looked up here, and that is the point.
    "values_sessions_rated": Owned("values_rated", "rater_id", order="session_id"),
    # Certification (issue 15): the person's own evidence and awards. Other people's ids (who
    # verified, confirmed, signed, recorded) are left out; the certificate file's stored name
    # is an internal path, not the person's data.
    "credential_choice": Owned("credential_choice", "worker_id", ("chosen_by_id",), "worker_id"),
    "training_records": Owned(
        "training_record", "worker_id", ("entered_by_id", "verified_by_id", "file_stored_name")
    ),
    "work_log": Owned("work_log", "worker_id", ("entered_by_id", "confirmed_by_id")),
    "signoffs": Owned("signoff", "worker_id", ("supervisor_id",)),
    "credential_exams": Owned("credential_exam", "worker_id", ("recorded_by_id",)),
    "certifications": Owned("certification", "worker_id", ("recorded_by_id", "revoked_by_id")),
    "portfolios": Owned("portfolio", "worker_id", ("created_by_id", "revoked_by_id")),
    # Notes a manager wrote on gap findings, and the status changes they made (issue 18).
    "finding_notes": Owned("finding_note", "author_id", ("assignee_id",)),
}


def _plain(value):
    return value.isoformat() if isinstance(value, date | datetime) else value


def owned_rows(db_session: Session, spec: Owned, user_id: int) -> list[dict]:
    table = db.metadata.tables.get(spec.table)
    if table is None or spec.column not in table.c:
        return []
    leave_out = {spec.column, *spec.omit}
    stmt = select(table).where(table.c[spec.column] == user_id)
    if spec.order in table.c:
        stmt = stmt.order_by(table.c[spec.order])
    return [
        {k: _plain(getattr(v, "value", v)) for k, v in row.items() if k not in leave_out}
        for row in db_session.execute(stmt).mappings()
    ]


def sections(db_session: Session, user_id: int) -> dict[str, list[dict]]:
    return {name: owned_rows(db_session, spec, user_id) for name, spec in SECTIONS.items()}
