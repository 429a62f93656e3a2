"""Indexes for the manager reports' queries (created by migration 0002_report_indexes)."""

from __future__ import annotations

from sqlalchemy import Index

from .competency import CompetencyRating
from .people import SupervisionAssignment, UserRole
from .supervision import SessionParticipant, SupervisionSession
from .training import ModuleProgress

REPORT_INDEXES = [
    # Judged ratings only (supervisor and observation), covering what the current-level
    # aggregate reads, in the order it groups: PostgreSQL streams it without a sort.
    Index(
        "ix_report_rating_judged",
        CompetencyRating.subject_id,
        CompetencyRating.competency_id,
        CompetencyRating.rated_at,
        CompetencyRating.level,
        postgresql_where=CompetencyRating.source.in_(["supervisor", "observation"]),
        sqlite_where=CompetencyRating.source.in_(["supervisor", "observation"]),
    ),
    # Sessions in a date range, with what the coverage and cancellation figures read.
    Index(
        "ix_report_session_day",
        SupervisionSession.held_on,
        SupervisionSession.status,
        SupervisionSession.id,
        SupervisionSession.minutes,
    ),
    # One worker's sessions (drill-downs, scoped managers).
    Index(
        "ix_report_participant_worker",
        SessionParticipant.supervisee_id,
        SessionParticipant.session_id,
    ),
    # Who supervises a worker on a given day.
    Index(
        "ix_report_assignment_current",
        SupervisionAssignment.supervisee_id,
        SupervisionAssignment.start_date,
        SupervisionAssignment.end_date,
        SupervisionAssignment.supervisor_id,
    ),
    # Completed modules per worker.
    Index(
        "ix_report_progress_done",
        ModuleProgress.user_id,
        ModuleProgress.status,
        ModuleProgress.module_id,
        ModuleProgress.completed_at,
    ),
    # Everyone holding a role (the workers, the supervisors).
    Index("ix_report_user_role_role", UserRole.role, UserRole.user_id),
]
