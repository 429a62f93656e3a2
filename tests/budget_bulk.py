"""Twenty times the records each person of the access test's world sees, inserted in bulk."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import insert, select

from peertrain.clock import today, utcnow
from peertrain.derived import bulk_load
from peertrain.extensions import db
from peertrain.models import (
    ActionItem,
    AuditEvent,
    Competency,
    CompetencyRating,
    Flag,
    FlagKind,
    ManagerScope,
    Notification,
    SessionParticipant,
    SupervisionAssignment,
    SupervisionSession,
    Team,
    User,
)

from .reports_data import bulk_org

FACTOR = 20


def grow(ids: dict[str, int]) -> None:
    """The manager's scope gets 19 more teams of workers (with their sessions, ratings, flags
    and progress); the supervisor 19 × 5 more supervisees; the trainee 40 more sessions with
    that supervisor, with flags and action items, and 40 more ratings; everyone 40 more
    notifications and audit events. Every list a page shows grows; no page may ask more."""
    trainee, supervisor, manager = ids["trainee"], ids["supervisor"], ids["manager"]
    on = today()
    bulk_org(FACTOR - 1, 5, on, prefix="budget")
    with bulk_load(db.session):
        teams = list(db.session.scalars(select(Team.id).where(Team.name.like("budget team%"))))
        db.session.execute(
            insert(ManagerScope), [{"manager_id": manager, "team_id": t} for t in teams]
        )
        workers = db.session.scalars(
            select(User.id).where(User.team_id.in_(teams), User.email.not_like("%-sup@%"))
        )
        db.session.execute(
            insert(SupervisionAssignment),
            [
                {
                    "supervisor_id": supervisor,
                    "supervisee_id": w,
                    "start_date": on - timedelta(400),
                }
                for w in workers
            ],
        )
        n = 2 * FACTOR
        sessions = list(
            db.session.scalars(
                insert(SupervisionSession).returning(
                    SupervisionSession.id, sort_by_parameter_order=True
                ),
                [_session(supervisor, on - timedelta(days=3 + i)) for i in range(n)],
            )
        )
        db.session.execute(
            insert(SessionParticipant),
            [{"session_id": s, "supervisee_id": trainee} for s in sessions],
        )
        db.session.execute(
            insert(Flag),
            [
                {
                    "session_id": s,
                    "kind": FlagKind.WORKLOAD.value,
                    "supervisee_id": trainee,
                    "manager_summary": f"summary {i}",
                }
                for i, s in enumerate(sessions)
            ],  # fmt: skip
        )
        db.session.execute(
            insert(ActionItem),
            [
                {
                    "session_id": s,
                    "owner_id": who,
                    "description": f"action {i}",
                    "due_on": on + timedelta(days=i),
                }
                for i, s in enumerate(sessions)
                for who in (trainee, supervisor)
            ],  # fmt: skip
        )
        competencies = list(db.session.scalars(select(Competency.id)))
        if competencies:
            db.session.execute(
                insert(CompetencyRating),
                [
                    {
                        "subject_id": trainee,
                        "rater_id": supervisor,
                        "competency_id": competencies[i % len(competencies)],
                        "source": "supervisor",
                        "level": 1 + i % 4,
                        "note": "",
                        "attested": False,
                        "rated_at": utcnow() - timedelta(days=30 + i),
                    }
                    for i in range(n)
                ],  # fmt: skip
            )
        for person in ids.values():
            db.session.execute(
                insert(Notification),
                [
                    {
                        "user_id": person,
                        "kind": "budget",
                        "title": f"Note {i}",
                        "link": "/",
                        "dedupe_key": f"budget-{i}",
                    }
                    for i in range(n)
                ],  # fmt: skip
            )
            db.session.execute(
                insert(AuditEvent),
                [
                    {
                        "actor_id": person,
                        "action": "budget",
                        "record_type": "user",
                        "record_id": str(person),
                        "outcome": "success",
                    }
                    for _ in range(n)
                ],  # fmt: skip
            )
        db.session.commit()


def _session(supervisor_id: int, held_on) -> dict:
    return {
        "supervisor_id": supervisor_id,
        "held_on": held_on,
        "minutes": 60,
        "format": "individual",
        "setting": "in_person",
        "status": "held",
        "topics": [],
        "what_happened": "",
        "what_it_meant": "",
        "what_next": "",
        "version": 1,
    }
