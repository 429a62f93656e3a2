"""Which export section holds each column that points at a person, and why the rest are left out."""

from __future__ import annotations

from sqlalchemy import MetaData

from .export_tables import SECTIONS

# (table, column) -> the section of export.json that holds those rows for the person.
EXPORTED: dict[tuple[str, str], str] = {
    ("user_role", "user_id"): "profile.roles",
    ("user_session", "user_id"): "logins",
    ("supervision_assignment", "supervisor_id"): "supervision_assignments",
    ("supervision_assignment", "supervisee_id"): "supervision_assignments",
    ("manager_scope", "manager_id"): "manager_scopes",
    ("module_progress", "user_id"): "training.progress",
    ("quiz_attempt", "user_id"): "training.quiz_attempts",
    ("quiz_draw", "user_id"): "training.open_checks",
    ("reflection", "user_id"): "reflections",
    ("competency_rating", "subject_id"): "competency_ratings",
    ("supervision_session", "supervisor_id"): "supervision_records",
    ("supervision_session", "updated_by_id"): "supervision_records",
    ("session_participant", "supervisee_id"): "supervision_records",
    ("flag", "supervisee_id"): "supervision_records.flags",
    ("session_revision", "edited_by_id"): "supervision_records.revisions",
    ("session_addendum", "author_id"): "supervision_records.addenda",
    ("action_item", "owner_id"): "action_items",
    ("note_draft", "user_id"): "drafts",
    ("audit_event", "actor_id"): "audit_events.by_me",
    ("export_request", "user_id"): "export_requests",
} | {(spec.table, spec.column): name for name, spec in SECTIONS.items()}

_CERT_BY = (
    "Who chose, entered, verified, confirmed, recorded or revoked a worker's certification "
    "record: the record is about that worker and is in their export."
)

# (table, column) -> why its rows are not in the person's export. Shown in docs/export-schema.md.
EXCLUDED: dict[tuple[str, str], str] = {
    ("competency_rating", "rater_id"): (
        "Ratings a supervisor gave other people are about those people and are in their "
        "exports; the person's own self-assessments are in competency_ratings."
    ),
    ("competency_current", "subject_id"): (
        "Derived from competency_ratings (the latest judged level per competency); nothing "
        "in it that the ratings do not already say."
    ),
    ("competency_category_tally", "subject_id"): (
        "Derived from competency_ratings (counts per category) for the reports."
    ),
    ("supervision_month", "worker_id"): (
        "Derived from supervision_records (held sessions per month) for the reports."
    ),
    ("supervision_attendance", "worker_id"): (
        "Derived from supervision_records (a copy of each session's day and status)."
    ),
    ("account_token", "user_id"): (
        "Invitation and password-reset links, stored as hashes of single-use secrets: of no "
        "use to the person and credential material; the mails themselves are in mail."
    ),
    ("account_token", "created_by_id"): (
        "The admin who issued someone else's invitation or reset: about that other person."
    ),
    ("staged_import", "created_by_id"): (
        "A CSV of other people an admin uploaded, kept briefly for the import preview: "
        "about the people in it, not the admin."
    ),
    ("self_assessment", "lead_id"): (
        "A team's or service's fidelity self-assessment: about the service, not the person "
        "named as its lead; their own actions from it are in service_plan_actions."
    ),
    ("pending_change", "requested_by_id"): (
        "An admin's request to give someone else access (approvals): about that other "
        "person; the request itself is in audit_events.by_me."
    ),
    ("pending_change", "decided_by_id"): (
        "An admin's approval or rejection of access for someone else: about that other "
        "person; the decision itself is in audit_events.by_me."
    ),
    ("pending_change", "grantee_id"): (
        "A change an admin asked for that would give this person access, as the admins' "
        "working record (it may hold a password hash); what was granted is listed in "
        "audit_events as access_granted, and shown on the person's /my-data/reads page."
    ),
    ("self_assessment", "created_by_id"): (
        "A team's or service's fidelity self-assessment: about the service, not the person "
        "who started it."
    ),
    ("assessment_answer", "updated_by_id"): (
        "Answers about a service in its fidelity self-assessment; the person only last saved them."
    ),
    ("credential_choice", "chosen_by_id"): _CERT_BY,
    ("training_record", "entered_by_id"): _CERT_BY,
    ("training_record", "verified_by_id"): _CERT_BY,
    ("work_log", "entered_by_id"): _CERT_BY,
    ("work_log", "confirmed_by_id"): _CERT_BY,
    ("credential_exam", "recorded_by_id"): _CERT_BY,
    ("certification", "recorded_by_id"): _CERT_BY,
    ("certification", "revoked_by_id"): _CERT_BY,
    ("portfolio", "created_by_id"): _CERT_BY,
    ("portfolio", "revoked_by_id"): _CERT_BY,
    ("signoff", "supervisor_id"): (
        "Sign-offs a supervisor gave are signatures over another worker's hours: about that "
        "worker, in their export (signoffs)."
    ),
    ("finding_state", "assigned_to_id"): (
        "Who handles a team's gap finding: about the team's figures, not the manager; the "
        "assignments they made are in finding_notes."
    ),
    ("finding_state", "updated_by_id"): (
        "The manager who last changed a team's gap finding; their changes are in finding_notes."
    ),
    ("finding_note", "assignee_id"): (
        "The manager a gap finding was assigned to, in another manager's history row: about "
        "the team's finding; the person's own notes and changes are in finding_notes."
    ),
}


def user_columns(metadata: MetaData) -> set[tuple[str, str]]:
    """Every (table, column) with a foreign key to user.id."""
    return {
        (table.name, column.name)
        for table in metadata.tables.values()
        for column in table.columns
        if any(fk.target_fullname == "user.id" for fk in column.foreign_keys)
    }


def stale(metadata: MetaData) -> list[tuple[str, str]]:
    """Listed columns whose table exists but no longer points at a person by that column
    (tables of features not installed are allowed to be absent)."""
    found = user_columns(metadata)
    listed = set(EXPORTED) | set(EXCLUDED)
    return sorted(k for k in listed if k[0] in metadata.tables and k not in found)


def uncovered(metadata: MetaData) -> list[tuple[str, str]]:
    """Columns pointing at a person that are neither exported nor excluded with a reason."""
    return sorted(user_columns(metadata) - set(EXPORTED) - set(EXCLUDED))
