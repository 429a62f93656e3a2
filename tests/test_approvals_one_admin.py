"""Separation of duties with one admin (issue 17): the change applies, and the people affected
are notified and see it in their own record of who can read their data (/my-data/reads)."""

from __future__ import annotations

from sqlalchemy import select

from peertrain.extensions import db
from peertrain.models import ManagerScope, Notification, Role, SupervisionAssignment, User

from .approvals_helpers import WAITS, assign, edit_user, events, pending, scope, signed_in


def _notes(person) -> list[Notification]:
    db.session.expire_all()
    stmt = select(Notification).where(Notification.user_id == person.id)
    return list(db.session.scalars(stmt.order_by(Notification.id)))


def _reads(app, person) -> str:
    return signed_in(app, person).get("/my-data/reads").get_data(as_text=True)


def test_one_admin_assignment_applies_and_the_supervisee_is_told(app, make):
    admin = make.user(Role.ADMIN, name="Solo Admin")
    sup = make.user(Role.SUPERVISOR, name="Sasha Supervisor")
    worker = make.user(Role.TRAINEE, name="Wren Worker")
    page = assign(signed_in(app, admin), sup, worker, start="2026-02-01").get_data(as_text=True)
    assert WAITS not in page and pending() == []
    row = db.session.scalar(select(SupervisionAssignment))
    assert (row.supervisor_id, row.supervisee_id) == (sup.id, worker.id)
    [note] = _notes(worker)
    assert note.kind == "access_granted" and note.link == "/my-data/reads"
    assert note.title.startswith("Sasha Supervisor can read your reflections")
    assert note.title.endswith("from 1 Feb 2026")
    assert _notes(sup) == []
    [told] = events("access_granted")
    assert (told.actor_id, told.record_type, told.record_id) == (admin.id, "user", str(worker.id))
    reads = _reads(app, worker)
    assert "Access given" in reads and "Solo Admin" in reads
    assert "Sasha Supervisor can read your reflections" in reads
    from .mail_helpers import outbox

    assert any(m.recipient == worker.email and m.kind == "access_granted" for m in outbox())


def test_one_admin_team_scope_tells_the_teams_people(app, make):
    admin = make.user(Role.ADMIN)
    team, other = make.team(), make.team()
    manager = make.user(Role.MANAGER, name="Max Manager")
    a, b = make.user(Role.TRAINEE, team=team), make.user(Role.SUPERVISOR, team=team)
    elsewhere = make.user(Role.TRAINEE, team=other)
    scope(signed_in(app, admin), manager, team)
    assert db.session.scalar(select(ManagerScope)).team_id == team.id
    for person in (a, b):
        [note] = _notes(person)
        assert (
            note.title
            == "Max Manager can see the figures and flag summaries of your team as a manager"
        )
    assert _notes(elsewhere) == [] and _notes(manager) == []
    assert "Max Manager can see the figures" in _reads(app, a)


def test_one_admin_org_wide_scope_tells_every_worker(app, make):
    admin = make.user(Role.ADMIN)
    manager = make.user(Role.MANAGER, name="Max Manager")
    workers = [make.user(Role.TRAINEE, team=make.team()) for _ in range(2)]
    scope(signed_in(app, admin), manager)
    for person in workers:
        [note] = _notes(person)
        assert "of the whole organisation as a manager" in note.title


def test_one_admin_role_grant_applies_and_the_person_is_told(app, make):
    admin = make.user(Role.ADMIN, name="Solo Admin")
    person = make.user(Role.TRAINEE)
    edit_user(signed_in(app, admin), person, role_choices=["trainee", "manager"])
    db.session.expire_all()
    assert db.session.get(User, person.id).roles == {Role.TRAINEE, Role.MANAGER}
    [note] = _notes(person)
    assert (
        note.title == "Your account was given the manager role (access to other people's records)"
    )
    assert "given the manager role" in _reads(app, person)


def test_approvals_page_says_the_rule_is_not_in_force(app, make):
    admin = make.user(Role.ADMIN)
    page = signed_in(app, admin).get("/admin/admin_approvals/").get_data(as_text=True)
    assert "so such changes apply at once and the people affected are told" in page
    assert "Nothing is waiting." in page


def test_one_admin_email_change_of_a_used_account_tells_the_old_address(app, make):
    admin = make.user(Role.ADMIN)
    worker = make.user(Role.TRAINEE, email="wren@example.org")
    signed_in(app, worker)
    edit_user(signed_in(app, admin), worker, email="wren.new@example.org")
    db.session.expire_all()
    assert db.session.get(User, worker.id).email == "wren.new@example.org"
    from .mail_helpers import outbox

    [old] = [m for m in outbox() if m.recipient == "wren@example.org"]
    assert old.kind == "access_granted"
    assert "changed from wren@example.org to wren.new@example.org" in old.body_text
    [told] = events("access_granted")
    assert told.record_id == str(worker.id)
