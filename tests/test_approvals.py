"""Separation of duties (issue 17): with two admins, changes that open someone's records wait for
the other admin; nobody approves their own request; every step is audited with its record id."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from peertrain.extensions import db
from peertrain.models import ManagerScope, Role, Setting, SupervisionAssignment, User
from peertrain.targets import get_target

from .approvals_helpers import (
    WAITS,
    assign,
    decide,
    edit_user,
    events,
    new_user,
    pending,
    scope,
    signed_in,
    two_admins,
)


def test_new_supervisor_waits_then_second_admin_approves(app, make):
    ari, ari_client, bo, bo_client = two_admins(app, make)
    page = new_user(ari_client, role_choices=["trainee", "supervisor"]).get_data(as_text=True)
    assert WAITS in page
    user = db.session.scalar(select(User).where(User.email == "new.person@example.org"))
    assert user.roles == {Role.TRAINEE}  # created, but without the role that opens records
    [change] = pending()
    assert (change.kind, change.record_type, change.record_id) == ("roles", "user", user.id)
    assert change.payload == {"user_id": user.id, "roles": ["supervisor"]}
    [asked] = events("approval_request")
    assert (asked.actor_id, asked.record_type, asked.record_id) == (
        ari.id,
        "pending_change",
        str(change.id),
    )
    listing = bo_client.get("/admin/admin_approvals/").get_data(as_text=True)
    assert f"Give {user.name}" in listing and "Approve" in listing

    page = decide(bo_client, change).get_data(as_text=True)
    assert "Approved and applied." in page
    db.session.expire_all()
    assert db.session.get(User, user.id).roles == {Role.TRAINEE, Role.SUPERVISOR}
    [approved] = events("approval_approve")
    assert (approved.actor_id, approved.record_id, approved.outcome) == (
        bo.id,
        str(change.id),
        "success",
    )
    granted = events("admin_update")[-1]
    assert (granted.record_type, granted.record_id) == ("user", str(user.id))
    [told] = events("access_granted")
    assert told.record_id == str(user.id) and "supervisor role" in told.detail
    assert pending()[0].decided_by_id == bo.id


def test_assignment_waits_and_a_rejection_changes_nothing(app, make):
    _, ari_client, _, bo_client = two_admins(app, make)
    sup, worker = make.user(Role.SUPERVISOR), make.user(Role.TRAINEE)
    assert WAITS in assign(ari_client, sup, worker).get_data(as_text=True)
    assert db.session.scalar(select(SupervisionAssignment)) is None
    [change] = pending()
    assert change.grantee_id == sup.id and change.record_id is None
    page = decide(bo_client, change, "reject").get_data(as_text=True)
    assert "Rejected: nothing was changed." in page
    assert db.session.scalar(select(SupervisionAssignment)) is None
    assert pending()[0].decision == "rejected"
    [rejected] = events("approval_reject")
    assert rejected.record_id == str(change.id)
    assert "Nothing is waiting." in bo_client.get("/admin/admin_approvals/").get_data(as_text=True)


def test_approved_assignment_is_created_with_its_id_recorded(app, make):
    _, ari_client, _, bo_client = two_admins(app, make)
    sup, worker = make.user(Role.SUPERVISOR, name="Sam Sup"), make.user(Role.TRAINEE)
    assign(ari_client, sup, worker, start="2026-02-01")
    [change] = pending()
    decide(bo_client, change)
    row = db.session.scalar(select(SupervisionAssignment))
    assert (row.supervisor_id, row.supervisee_id, row.start_date) == (
        sup.id,
        worker.id,
        date(2026, 2, 1),
    )
    assert pending()[0].record_id == row.id
    created = events("admin_create")[-1]
    assert (created.record_type, created.record_id) == ("supervision_assignment", str(row.id))
    [told] = events("access_granted")
    assert told.record_id == str(worker.id) and "Sam Sup can read your reflections" in told.detail


def test_extending_an_assignment_waits_and_ending_it_does_not(app, make):
    _, ari_client, _, _ = two_admins(app, make)
    sup, worker = make.user(Role.SUPERVISOR), make.user(Role.TRAINEE)
    row = make.assign(sup, worker, start=date(2026, 1, 1), end=date(2026, 3, 1))

    def edit(end):
        return ari_client.post(
            f"/admin/admin_assignments/edit/?id={row.id}",
            data={
                "supervisor": str(sup.id),
                "supervisee": str(worker.id),
                "start_date": "2026-01-01",
                "end_date": end,
            },
            follow_redirects=True,
        ).get_data(as_text=True)

    assert WAITS in edit("")  # re-opened without an end: waits
    db.session.expire_all()
    assert db.session.get(SupervisionAssignment, row.id).end_date == date(2026, 3, 1)
    [change] = pending()
    assert change.record_id == row.id and change.payload["end_date"] is None
    assert WAITS not in edit("2026-02-01")  # ended earlier: applies at once
    db.session.expire_all()
    assert db.session.get(SupervisionAssignment, row.id).end_date == date(2026, 2, 1)
    assert len(pending()) == 1


def test_requester_and_grantee_cannot_approve(app, make):
    ari, ari_client, bo, bo_client = two_admins(app, make)
    edit_user(ari_client, bo, role_choices=["admin", "manager"])
    [change] = pending()
    assert change.grantee_id == bo.id
    for client in (ari_client, bo_client):
        listing = client.get("/admin/admin_approvals/").get_data(as_text=True)
        assert "Waiting for another admin" in listing and ">Approve<" not in listing
        page = decide(client, change).get_data(as_text=True)
        assert "Another admin must decide this" in page
    db.session.expire_all()
    assert db.session.get(User, bo.id).roles == {Role.ADMIN}
    assert pending()[0].decision is None
    refused = events("approval_decide")
    assert [(e.actor_id, e.record_id, e.outcome) for e in refused] == [
        (ari.id, str(change.id), "refused"),
        (bo.id, str(change.id), "refused"),
    ]
    # A third admin may.
    cy = make.user(Role.ADMIN)
    decide(signed_in(app, cy), change)
    db.session.expire_all()
    assert db.session.get(User, bo.id).roles == {Role.ADMIN, Role.MANAGER}


def test_org_wide_scope_waits(app, make):
    ari, ari_client, _, bo_client = two_admins(app, make)
    manager = make.user(Role.MANAGER)
    assert WAITS in scope(ari_client, manager).get_data(as_text=True)
    assert db.session.scalar(select(ManagerScope)) is None
    [change] = pending()
    assert change.payload == {"manager_id": manager.id, "team_id": None, "org_wide": True}
    decide(bo_client, change)
    row = db.session.scalar(select(ManagerScope))
    assert row.org_wide and row.manager_id == manager.id
    assert pending()[0].record_id == row.id


def test_removing_a_role_applies_at_once(app, make):
    _, ari_client, _, _ = two_admins(app, make)
    sup = make.user(Role.TRAINEE, Role.SUPERVISOR)
    page = edit_user(ari_client, sup, role_choices=["trainee"]).get_data(as_text=True)
    assert WAITS not in page
    db.session.expire_all()
    assert db.session.get(User, sup.id).roles == {Role.TRAINEE}
    assert pending() == []


def test_loosening_the_approval_rule_waits_for_another_admin(app, make):
    from peertrain.targets import TARGETS, all_targets

    _, ari_client, _, bo_client = two_admins(app, make)
    form = {k: f"{v:g}" for k, v in all_targets().items()} | {"approval_admins_min": "5"}
    page = ari_client.post("/admin/admin_targets/", data=form, follow_redirects=True)
    assert WAITS in page.get_data(as_text=True)
    assert get_target("approval_admins_min") == TARGETS["approval_admins_min"].default == 2
    [change] = pending()
    assert change.payload == {"key": "approval_admins_min", "value": "5"}
    decide(bo_client, change)
    db.session.expire_all()
    assert db.session.get(Setting, "approval_admins_min").value == "5"
    assert get_target("approval_admins_min") == 5


def test_changing_a_used_accounts_email_waits_so_a_reset_link_cannot_be_redirected(app, make):
    _, ari_client, _, bo_client = two_admins(app, make)
    sup = make.user(Role.SUPERVISOR, email="sasha@example.org")
    signed_in(app, sup)
    page = edit_user(ari_client, sup, email="mine@example.org").get_data(as_text=True)
    assert WAITS in page
    db.session.expire_all()
    assert db.session.get(User, sup.id).email == "sasha@example.org"
    [change] = pending()
    assert change.kind == "email" and change.payload["email"] == "mine@example.org"
    decide(bo_client, change)
    db.session.expire_all()
    assert db.session.get(User, sup.id).email == "mine@example.org"
    from .mail_helpers import outbox

    told = {m.recipient for m in outbox() if m.kind == "access_granted"}
    assert told == {"sasha@example.org", "mine@example.org"}


def test_a_never_used_accounts_email_is_corrected_at_once(app, make):
    _, ari_client, _, _ = two_admins(app, make)
    fresh = make.user(Role.TRAINEE, email="typo@exmaple.org")
    assert WAITS not in edit_user(ari_client, fresh, email="fixed@example.org").get_data(
        as_text=True
    )
    db.session.expire_all()
    assert db.session.get(User, fresh.id).email == "fixed@example.org"


def test_a_csv_import_is_no_way_round_the_second_admin(app, make):
    from peertrain.accounts import importing
    from peertrain.auth.services import find_user_by_email

    ari, _, _, bo_client = two_admins(app, make)
    make.user(Role.SUPERVISOR, email="sol@example.org")
    csv = (
        "email,name,roles,team,FTE,start date,stage,lived experience,supervisor's email\n"
        "alias@example.org,Alias,admin;supervisor,,,,,,\n"
        "amy@example.org,Amy Able,trainee,,,2026-03-01,,,sol@example.org\n"
    )
    report = importing.check(csv.encode(), actor_email=ari.email)
    done = importing.apply(report, valid_only=False, by_id=ari.id)
    assert (done.people, done.assignments, done.waiting) == (2, 0, 2)
    alias = find_user_by_email("alias@example.org")
    assert alias.roles == frozenset()  # no sockpuppet admin to approve Ari's own requests
    assert db.session.scalar(select(SupervisionAssignment)) is None
    roles, link = pending()
    assert (roles.kind, roles.payload["roles"]) == ("roles", ["admin", "supervisor"])
    assert (link.kind, link.requested_by_id) == ("assignment", ari.id)
    decide(bo_client, link)
    assert db.session.scalar(select(SupervisionAssignment)).supervisee_id == (
        find_user_by_email("amy@example.org").id
    )
