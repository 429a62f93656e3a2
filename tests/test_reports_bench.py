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
from peertrain.reports import bench, bench_http


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
    # The HTTP run's cast comes from the same seed: a worker in a held session with their
    # current supervisor, both given this run's password; every page it would time answers.
    cast = bench_http.cast(app.config["SQLALCHEMY_DATABASE_URI"])
    assert cast["workers"] == 40 and cast["manager"] == bench.MANAGER_EMAIL
    client = app.test_client()
    for role, paths in bench_http.pages(cast).items():
        client.post("/auth/login", data={"email": cast[role], "password": bench_http.PASSWORD})
        for path in paths:
            assert client.get(path).status_code == 200, (role, path)
        client.post("/auth/logout")
    figures = {"median_ms": 2.0, "p95_ms": 3.0}
    load = {
        "16 connections, trivial page": figures | {"per_second": 100, "errors": 0},
        "16 connections, module section": figures | {"per_second": 60, "errors": 0},
    }
    pages = [{"role": "-", "page": "/x"} | figures]
    result = {"workers": 40, "trivial": figures, "pages": pages, "load": load}
    text = bench_http.render(result, 1, 1)
    assert "| - | /x | 2.0 | 3.0 | 1.0 |" in text and "60 % of the trivial page's" in text
