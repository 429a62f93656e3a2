"""A large organisation inserted in bulk, for the statement-count tests of the reports."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import insert, select

from peertrain.derived import bulk_load
from peertrain.extensions import db
from peertrain.models import (
    CertificationStage,
    Competency,
    CompetencyRating,
    Flag,
    FlagKind,
    Module,
    ModuleProgress,
    Role,
    SessionParticipant,
    SupervisionAssignment,
    SupervisionSession,
    Team,
    User,
    UserRole,
)

from .reports_data import _seq, at


def bulk_org(
    teams: int,
    workers_per_team: int,
    today: date,
    *,
    sessions_per_worker: int = 4,
    prefix: str = "bulk",
) -> dict:
    """A larger organisation inserted in bulk (no passwords: nobody in it signs in). Each team
    has one supervisor; workers get sessions (some cancelled, some flagged), module progress
    and ratings, so every report query has rows to read. Returns counts for sanity checks."""
    with bulk_load(db.session):
        return _bulk_org(teams, workers_per_team, today, sessions_per_worker, prefix)


def _bulk_org(
    teams: int, workers_per_team: int, today: date, sessions_per_worker: int, prefix: str
) -> dict:
    cats = list(db.session.scalars(select(Competency.id)))
    mods = list(db.session.scalars(select(Module.id).where(Module.is_current.is_(True))))
    n = next(_seq)
    team_ids = list(
        db.session.scalars(
            insert(Team).returning(Team.id, sort_by_parameter_order=True),
            [{"name": f"{prefix} team {n}-{i}", "setting": "community"} for i in range(teams)],
        )
    )
    users, roles, assigns = [], [], []
    for t_i, team_id in enumerate(team_ids):
        users.append(
            _bulk_user(f"{prefix}-{n}-{t_i}-sup", team_id, today, 1500, is_peer=t_i % 2 == 0)
        )
        for k in range(workers_per_team):
            users.append(_bulk_user(f"{prefix}-{n}-{t_i}-{k}", team_id, today, 30 + 90 * k))
    ids = list(
        db.session.scalars(insert(User).returning(User.id, sort_by_parameter_order=True), users)
    )
    per = workers_per_team + 1
    sessions, flags_, progress_, ratings = [], [], [], []
    for t_i in range(teams):
        sup_id, worker_ids = ids[t_i * per], ids[t_i * per + 1 : (t_i + 1) * per]
        roles.append({"user_id": sup_id, "role": Role.SUPERVISOR.value})
        for k, wid in enumerate(worker_ids):
            roles.append({"user_id": wid, "role": Role.TRAINEE.value})
            if k % 5 != 4:
                assigns.append(
                    {
                        "supervisor_id": sup_id,
                        "supervisee_id": wid,
                        "start_date": today - timedelta(days=400),
                    }
                )
            for j in range(sessions_per_worker):
                sessions.append((sup_id, wid, today - timedelta(days=7 + 20 * j + k), j % 4 == 3))
            for m_i, mid in enumerate(mods):
                if (k + m_i) % 3:
                    progress_.append(
                        {
                            "user_id": wid,
                            "module_id": mid,
                            "status": "completed",
                            "sections_read": [],
                            "last_position": 1,
                            "started_at": at(today - timedelta(days=40)),
                            "completed_at": at(today - timedelta(days=35 - m_i)),
                        }
                    )
            for c_i, cid in enumerate(cats):
                for r_i in range(2):
                    ratings.append(
                        {
                            "subject_id": wid,
                            "rater_id": sup_id,
                            "competency_id": cid,
                            "source": "supervisor",
                            "level": 1 + (k + c_i + r_i) % 4,
                            "note": "",
                            "attested": False,
                            "rated_at": at(today - timedelta(days=200 - 90 * r_i)),
                        }
                    )
    db.session.execute(insert(UserRole), roles)
    if assigns:
        db.session.execute(insert(SupervisionAssignment), assigns)
    session_ids = list(
        db.session.scalars(
            insert(SupervisionSession).returning(
                SupervisionSession.id, sort_by_parameter_order=True
            ),
            [
                {
                    "supervisor_id": s,
                    "held_on": d,
                    "minutes": 0 if c else 60,
                    "format": "individual",
                    "setting": "in_person",
                    "status": "cancelled" if c else "held",
                    "cancel_reason": "service_demands" if c else None,
                    "topics": [],
                    "what_happened": "",
                    "what_it_meant": "",
                    "what_next": "",
                    "version": 1,
                }
                for s, _, d, c in sessions
            ],
        )
    )
    db.session.execute(
        insert(SessionParticipant),
        [
            {"session_id": sid, "supervisee_id": wid}
            for sid, (_, wid, _, _) in zip(session_ids, sessions, strict=True)
        ],
    )
    for i, sid in enumerate(session_ids):
        if i % 3 == 0:
            flags_.append(
                {
                    "session_id": sid,
                    "kind": list(FlagKind)[i % 7].value,
                    "supervisee_id": sessions[i][1],
                    "manager_summary": f"summary {i}",
                }
            )
    if flags_:
        db.session.execute(insert(Flag), flags_)
    if progress_:
        db.session.execute(insert(ModuleProgress), progress_)
    if ratings:
        db.session.execute(insert(CompetencyRating), ratings)
    db.session.commit()
    return {"teams": teams, "workers": teams * workers_per_team, "sessions": len(sessions)}


def _bulk_user(key: str, team_id: int, today: date, days: int, is_peer: bool = True) -> dict:
    return {
        "email": f"{key}@bulk.example.org",
        "name": key,
        "team_id": team_id,
        "fte": 1.0,
        "start_date": today - timedelta(days=days),
        "certification_stage": CertificationStage.CERTIFIED.value,
        "is_peer": is_peer,
        "active": True,
        "created_at": at(today),
    }
