"""The flask command-line operations."""

from __future__ import annotations

from sqlalchemy import func, select

from peertrain.extensions import db
from peertrain.models import ManagerScope, Role, SupervisionAssignment, Team, User


def test_users_create_makes_first_admin(app, make):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "Boss@Example.org",
            "--name",
            "First Admin",
            "--role",
            "admin",
            "--password",
            "a long admin passphrase",
        ]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "boss@example.org"))
    assert user.roles == {Role.ADMIN}
    assert user.password_hash.startswith("$argon2id$")


def test_users_create_refuses_weak_password_and_duplicates(app, make):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "a@example.org",
            "--name",
            "A",
            "--role",
            "trainee",
            "--password",
            "password1234",
        ]
    )
    assert result.exit_code != 0 and "commonly used" in result.output
    make.user(email="b@example.org")
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "b@example.org",
            "--name",
            "B",
            "--role",
            "trainee",
            "--password",
            "a long admin passphrase",
        ]
    )
    assert result.exit_code != 0 and "already exists" in result.output


def test_users_create_with_team_and_several_roles(app, make):
    team = make.team("Riverside")
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "s@example.org",
            "--name",
            "S",
            "--role",
            "supervisor",
            "--role",
            "trainee",
            "--team",
            "Riverside",
            "--password",
            "a long admin passphrase",
        ]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "s@example.org"))
    assert user.roles == {Role.SUPERVISOR, Role.TRAINEE} and user.team_id == team.id


def test_demo_seed_builds_an_organisation_once(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo", "seed"])
    assert result.exit_code == 0, result.output
    assert "admin@demo.peertrain.org" in result.output
    teams = db.session.scalars(select(Team)).all()
    assert len(teams) >= 3 and len({t.setting for t in teams}) >= 3
    users = db.session.scalars(select(User)).all()
    workers = [u for u in users if u.has_role(Role.TRAINEE) and not u.has_role(Role.SUPERVISOR)]
    supervisors = [u for u in users if u.has_role(Role.SUPERVISOR)]
    assert len(workers) >= 12
    assert len({w.certification_stage for w in workers}) >= 3
    assert len(supervisors) >= 3 and any(s.is_peer for s in supervisors)
    assert any(u.has_role(Role.MANAGER) for u in users)
    assert any(u.has_role(Role.ADMIN) for u in users)
    assert db.session.scalar(select(func.count(ManagerScope.id))) >= 1
    ended = db.session.scalar(
        select(func.count(SupervisionAssignment.id)).where(
            SupervisionAssignment.end_date.is_not(None)
        )
    )
    assert ended >= 1  # history is part of the story
    again = runner.invoke(args=["demo", "seed"])
    assert "already has users" in again.output
    assert "amara@demo.peertrain.org" in again.output  # logins still printed for make run
    assert len(db.session.scalars(select(User)).all()) == len(users)


def test_demo_logins_work(app, client):
    app.test_cli_runner().invoke(args=["demo", "seed"])
    from peertrain.demo.people import DEMO_PASSWORD

    for email, home in [
        ("amara", "/trainee"),
        ("sam", "/supervisor"),
        ("morgan", "/manager"),
        ("admin", "/admin/"),
    ]:
        c = app.test_client()
        c.post(
            "/auth/login", data={"email": f"{email}@demo.peertrain.org", "password": DEMO_PASSWORD}
        )
        assert c.get("/").headers["Location"] == home
