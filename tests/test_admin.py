"""Flask-Admin: admins only, passwords set through a form and never shown, targets, audit."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from peertrain.extensions import db
from peertrain.models import AuditEvent, Role, Setting, SupervisionAssignment, User
from peertrain.targets import TARGETS, get_target


def _admin(client, make, login):
    admin = make.user(Role.ADMIN)
    login(admin)
    return admin


def test_non_admin_roles_get_403(client, make, login):
    for role in (Role.TRAINEE, Role.SUPERVISOR, Role.MANAGER):
        c = client.application.test_client()
        user = make.user(role)
        c.post(
            "/auth/login", data={"email": user.email, "password": "correct horse battery staple"}
        )
        assert c.get("/admin/admin_users/").status_code == 403
        assert c.get("/admin/").status_code == 403


def test_create_user_with_password_and_roles(client, make, login):
    _admin(client, make, login)
    team = make.team("Willow")
    response = client.post(
        "/admin/admin_users/new/",
        data={
            "name": "New Worker",
            "email": " New.Worker@Example.org ",
            "team": str(team.id),
            "fte": "0.8",
            "start_date": "2026-01-05",
            "certification_stage": "in_training",
            "is_peer": "y",
            "active": "y",
            "role_choices": ["trainee", "supervisor"],
            "new_password": "a sturdy long passphrase",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    user = db.session.scalar(select(User).where(User.email == "new.worker@example.org"))
    assert user.roles == {Role.TRAINEE, Role.SUPERVISOR}
    assert user.password_hash.startswith("$argon2id$")
    assert user.start_date == date(2026, 1, 5)
    c = client.application.test_client()
    c.post("/auth/login", data={"email": user.email, "password": "a sturdy long passphrase"})
    assert c.get("/").status_code == 302


def test_weak_password_is_refused_in_admin_form(client, make, login):
    _admin(client, make, login)
    response = client.post(
        "/admin/admin_users/new/",
        data={
            "name": "Weak",
            "email": "weak@example.org",
            "fte": "1",
            "certification_stage": "in_training",
            "active": "y",
            "role_choices": ["trainee"],
            "new_password": "password1234",
        },
    )
    assert b"most commonly used" in response.data
    assert db.session.scalar(select(User).where(User.email == "weak@example.org")) is None


def test_password_hash_never_shown(client, make, login):
    _admin(client, make, login)
    user = make.user(Role.TRAINEE)
    pages = [
        client.get("/admin/admin_users/").get_data(as_text=True),
        client.get(f"/admin/admin_users/details/?id={user.id}").get_data(as_text=True),
        client.get(f"/admin/admin_users/edit/?id={user.id}").get_data(as_text=True),
    ]
    for page in pages:
        assert "$argon2" not in page
        assert "password_hash" not in page


def test_deactivating_in_admin_ends_sessions(app, client, make, login):
    _admin(client, make, login)
    worker = make.user(Role.TRAINEE, name="Leaving Worker")
    other = app.test_client()
    other.post(
        "/auth/login", data={"email": worker.email, "password": "correct horse battery staple"}
    )
    assert other.get("/trainee").status_code == 200
    response = client.post(
        f"/admin/admin_users/edit/?id={worker.id}",
        data={
            "name": worker.name,
            "email": worker.email,
            "fte": "1",
            "certification_stage": "in_training",
            "role_choices": ["trainee"],
            "new_password": "",
        },
    )  # "active" unticked
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, worker.id).active is False
    assert other.get("/trainee").status_code == 302


def test_assignment_to_non_supervisor_is_refused(client, make, login):
    _admin(client, make, login)
    a, b = make.user(Role.TRAINEE), make.user(Role.TRAINEE)
    response = client.post(
        "/admin/admin_assignments/new/",
        data={"supervisor": str(a.id), "supervisee": str(b.id), "start_date": "2026-01-01"},
    )
    assert b"must hold the supervisor role" in response.data
    assert db.session.scalar(select(SupervisionAssignment)) is None


def test_targets_form_validates_and_keeps_input(client, make, login):
    _admin(client, make, login)
    response = client.post(
        "/admin/admin_targets/",
        data={"supervision_interval_new_days": "abc", "supervisor_ratio_max": "6"},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Enter a number." in page and 'value="abc"' in page
    # 10 for every target, or its maximum when lower (a rating on a 1-5 scale).
    data = {key: f"{min(10, t.maximum):g}" for key, t in TARGETS.items()}
    assert client.post("/admin/admin_targets/", data=data).status_code == 302
    assert get_target("supervisor_ratio_max") == 10
    assert db.session.get(Setting, "supervisor_ratio_max").value == "10"


def test_target_defaults_without_settings(app):
    assert get_target("supervision_interval_new_days") == 14
    assert get_target("supervision_interval_days") == 30
    assert get_target("supervisor_ratio_max") == 7
    assert get_target("required_modules_due_days") == 90
    assert get_target("hours_before_contact") == 6


def test_admin_changes_are_audited(client, make, login):
    _admin(client, make, login)
    client.post("/admin/admin_teams/new/", data={"name": "Audited team", "setting": "crisis"})
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "admin_create"))
    assert any(e.record_type == "team" for e in events)


def test_audit_log_page_lists_events(client, make, login):
    _admin(client, make, login)
    page = client.get("/admin/admin_audit/").get_data(as_text=True)
    assert "login" in page


def test_admin_pages_send_csp_nonce_not_unsafe_inline(client, make, login):
    _admin(client, make, login)
    response = client.get("/admin/admin_users/")
    csp = response.headers["Content-Security-Policy"]
    assert "'nonce-" in csp and "unsafe-inline" not in csp


def test_content_page_syncs_and_lists_versions(client, make, login):
    _admin(client, make, login)
    assert b"No content loaded yet" in client.get("/admin/admin_content/").data
    response = client.post("/admin/admin_content/")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "what-is-peer-support" in page and "Competencies:" in page
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "content_sync"))
    assert len(list(events)) == 1


def test_content_page_refuses_invalid_content(app, client, make, login, tmp_path):
    (tmp_path / "modules").mkdir()
    (tmp_path / "modules" / "broken.md").write_text("no front matter here\n")
    app.config["CONTENT_DIR"] = str(tmp_path)
    _admin(client, make, login)
    response = client.post("/admin/admin_content/")
    assert response.status_code == 400
    assert b"Nothing was loaded" in response.data


def test_targets_refuse_non_finite_fractional_and_out_of_range(client, make, login):
    _admin(client, make, login)
    data = {key: f"{t.default:g}" for key, t in TARGETS.items()}
    for field, raw, message in [
        ("supervision_interval_days", "nan", "ordinary number"),
        ("supervision_interval_days", "inf", "ordinary number"),
        ("session_edit_days", "2.5", "whole number"),
        ("session_edit_days", "100000000", "from 0 to 90"),
        ("cancellation_rate_max", "120", "from 0 to 100"),
    ]:
        response = client.post("/admin/admin_targets/", data=data | {field: raw})
        assert response.status_code == 400
        assert message in response.get_data(as_text=True)
    assert db.session.get(Setting, "supervision_interval_days") is None


def test_bad_stored_target_falls_back_to_default(app):
    db.session.add(Setting(key="supervision_interval_days", value="nan"))
    db.session.commit()
    assert get_target("supervision_interval_days") == 30


def test_admin_cannot_assign_themselves_as_supervisor(client, make, login):
    admin = make.user(Role.ADMIN, Role.SUPERVISOR)
    login(admin)
    worker = make.user(Role.TRAINEE)
    response = client.post(
        "/admin/admin_assignments/new/",
        data={
            "supervisor": str(admin.id),
            "supervisee": str(worker.id),
            "start_date": "2026-01-01",
        },
    )
    assert b"Another administrator must assign you" in response.data
    assert db.session.scalar(select(SupervisionAssignment)) is None


def test_assignment_changes_are_audited_with_both_people(client, make, login):
    _admin(client, make, login)
    supervisor, worker = make.user(Role.SUPERVISOR), make.user(Role.TRAINEE)
    response = client.post(
        "/admin/admin_assignments/new/",
        data={
            "supervisor": str(supervisor.id),
            "supervisee": str(worker.id),
            "start_date": "2026-01-01",
        },
    )
    assert response.status_code == 302
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.record_type == "supervision_assignment")
    )
    assert event.detail == f"supervisor {supervisor.id} -> supervisee {worker.id}"


def test_manager_scope_without_manager_is_a_form_error(client, make, login):
    _admin(client, make, login)
    team = make.team()
    response = client.post("/admin/admin_scopes/new/", data={"team": str(team.id)})
    assert response.status_code == 200  # the form again, not a server error
