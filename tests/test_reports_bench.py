"""`flask bench seed` builds a realistic organisation; the runner measures every page."""

from __future__ import annotations

from sqlalchemy import func, select

from peertrain.derived import competency as derived_competency
from peertrain.derived import supervision as derived_supervision
from peertrain.extensions import db
from peertrain.models import (
    Attendance,
    CategoryTally,
    CompetencyRating,
    CurrentLevel,
    Flag,
    ManagerScope,
    ModuleProgress,
    Role,
    SupervisionAssignment,
    SupervisionMonth,
    SupervisionSession,
    Team,
    User,
    UserRole,
)
from peertrain.reports import bench


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_bench_seed_and_runner(app):
    result = app.test_cli_runner().invoke(args=["bench", "seed", "--workers", "40"])
    assert result.exit_code == 0, result.output
    assert "Seeded 40 workers" in result.output
    workers = count(UserRole, UserRole.role == Role.TRAINEE)
    supervisors = count(UserRole, UserRole.role == Role.SUPERVISOR)
    assert workers == 40
    # Teams of 12–20 workers; supervisors near 7 FTE each, so several per team.
    assert 2 <= count(Team) <= 4 and 4 <= supervisors <= 20
    assert count(SupervisionAssignment, SupervisionAssignment.end_date.is_not(None)) >= 1
    assert count(SupervisionSession) > 40 * 12  # two years of sessions
    assert count(SupervisionSession, SupervisionSession.status == "cancelled") > 0
    assert count(Flag) > 0 and count(ModuleProgress) > 40 and count(CompetencyRating) > 40 * 48
    # The bulk inserts pass no mapper event: the seed's commit rebuilds the derived tables.
    derived = [CurrentLevel, CategoryTally, Attendance, SupervisionMonth]
    assert all(count(model) > 0 for model in derived)
    snapshot = [sorted(db.session.execute(select(m.__table__)).all()) for m in derived]
    derived_competency.rebuild(db.session.connection())
    derived_supervision.rebuild(db.session.connection())
    assert [sorted(db.session.execute(select(m.__table__)).all()) for m in derived] == snapshot
    db.session.rollback()
    manager = db.session.scalar(select(User).where(User.email == bench.MANAGER_EMAIL))
    assert count(ManagerScope, ManagerScope.manager_id == manager.id, ManagerScope.org_wide) == 1
    rows = bench._measure(app, runs=1)
    assert [r["page"] for r in rows] == [bench.TRIVIAL, *bench.PAGES]
    assert all(r["statements"] > 0 for r in rows[1:])
    table = bench.render([{"backend": "sqlite", "workers": 40} | r for r in rows], 1)
    assert "| sqlite | 40 | /reports/ |" in table
