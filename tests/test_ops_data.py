"""Backups round-trip every table; retention prunes what is due and nothing sooner."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, inspect, select, text

from peertrain import create_app
from peertrain.clock import utcnow
from peertrain.extensions import db
from peertrain.models import AuditEvent, LoginThrottle, NoteDraft, Role, UserSession

from . import factories
from .conftest import make_config


def _seed() -> None:
    make = factories.Factory()
    team = make.team("Riverside")
    sup = make.user(Role.SUPERVISOR, team=team, name="Sam Ó Briain")
    worker = make.user(Role.TRAINEE, team=team, name="Amara")
    make.assign(sup, worker)
    make.module("backed-up")
    make.session(sup, worker, what_happened="Notes with ünïcode and 'quotes'.")
    db.session.commit()


def _dump(engine) -> dict[str, list[tuple]]:
    """Every row of every table (alembic_version included), in primary-key order."""
    out = {}
    with engine.connect() as conn:
        for name in sorted(inspect(conn).get_table_names()):
            pk = inspect(conn).get_pk_constraint(name)["constrained_columns"]
            order = ", ".join(f'"{c}"' for c in pk) or "1"
            rows = conn.execute(text(f'SELECT * FROM "{name}" ORDER BY {order}'))  # noqa: S608
            out[name] = [tuple(r) for r in rows]
    return out


def test_backup_then_restore_into_an_empty_database_gives_every_row_back(new_database, tmp_path):
    source = create_app(make_config(SQLALCHEMY_DATABASE_URI=new_database("bk_source")))
    with source.app_context():
        upgrade()
        _seed()
        before = _dump(db.engine)
        path = tmp_path / "peertrain.backup"
        result = source.test_cli_runner().invoke(args=["backup", "create", str(path)])
        assert result.exit_code == 0, result.output
        assert path.stat().st_size > 0
        db.engine.dispose()
    assert sum(len(rows) for rows in before.values()) > 10 and before["user"]
    target = create_app(make_config(SQLALCHEMY_DATABASE_URI=new_database("bk_target")))
    with target.app_context():
        runner = target.test_cli_runner()
        result = runner.invoke(args=["backup", "restore", str(path)])
        assert result.exit_code == 0, result.output
        assert _dump(db.engine) == before
        # Restoring over live data is refused: a restore never merges.
        again = runner.invoke(args=["backup", "restore", str(path)])
        assert again.exit_code != 0 and "already has" in again.output
        db.engine.dispose()


def _old(days: int):
    return utcnow() - timedelta(days=days)


@pytest.fixture
def operational_rows(make):
    me = make.user(Role.TRAINEE)
    db.session.add_all(
        [
            UserSession(id="old-ended", user_id=me.id, last_seen_at=_old(40), revoked_at=_old(40)),
            UserSession(id="old-timed-out", user_id=me.id, last_seen_at=_old(31)),
            UserSession(id="recent", user_id=me.id, last_seen_at=_old(2), revoked_at=_old(2)),
            NoteDraft(user_id=me.id, key="session:new", payload={}, updated_at=_old(45)),
            NoteDraft(user_id=me.id, key="session:cancel", payload={}, updated_at=_old(3)),
            LoginThrottle(key="account:a", failures=3, window_started_at=_old(5)),
            LoginThrottle(key="account:b", failures=3, window_started_at=_old(0)),
            AuditEvent(action="login", at=utcnow().replace(year=utcnow().year - 7)),
            AuditEvent(action="login", at=utcnow().replace(year=utcnow().year - 5)),
        ]
    )
    db.session.commit()
    return me


def _counts() -> dict[str, int]:
    return {
        m.__tablename__: db.session.scalar(select(func.count()).select_from(m))
        for m in (UserSession, NoteDraft, LoginThrottle, AuditEvent)
    }


def test_prune_dry_run_counts_exactly_what_the_real_run_deletes(app, operational_rows):
    runner = app.test_cli_runner()
    before = _counts()
    dry = runner.invoke(args=["prune", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "ended login sessions: would delete 2" in dry.output
    assert "stale drafts: would delete 1" in dry.output
    assert "old login throttle rows: would delete 1" in dry.output
    assert "audit events: would delete 1" in dry.output
    assert _counts() == before
    real = runner.invoke(args=["prune"])
    assert real.output.replace("deleted", "would delete") == dry.output
    db.session.expire_all()
    assert db.session.get(UserSession, "recent") is not None
    assert [d.key for d in db.session.scalars(select(NoteDraft))] == ["session:cancel"]
    assert [t.key for t in db.session.scalars(select(LoginThrottle))] == ["account:b"]
    kept = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "login")).all()
    assert len(kept) == 1 and kept[0].at.year == utcnow().year - 5
    summary = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "prune"))
    assert "ended login sessions: 2" in summary.detail
    # Idempotent: nothing more is due.
    assert (
        "ended login sessions: would delete 0" in runner.invoke(args=["prune", "--dry-run"]).output
    )


@pytest.mark.parametrize("config_overrides", [{"AUDIT_RETENTION_YEARS": 3}])
def test_audit_events_are_never_kept_shorter_than_six_years(app, operational_rows):
    result = app.test_cli_runner().invoke(args=["prune"])
    assert result.exit_code != 0 and "at least 6" in result.output
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == 2
