"""Helpers for the separation-of-duties tests: admins signed in on their own clients, the admin
forms as a browser posts them, and the audit events and pending changes they leave."""

from __future__ import annotations

from sqlalchemy import select

from peertrain.extensions import db
from peertrain.models import AuditEvent, PendingChange, Role

from .factories import PASSWORD

WAITS = "This change waits for another admin&#39;s approval"


def signed_in(app, user, password: str = PASSWORD):
    client = app.test_client()
    response = client.post("/auth/login", data={"email": user.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def two_admins(app, make):
    """Two active admins: the default rule (2 or more) is in force."""
    first, second = make.user(Role.ADMIN, name="Ari Admin"), make.user(Role.ADMIN, name="Bo Admin")
    return first, signed_in(app, first), second, signed_in(app, second)


def user_form(person=None, **over) -> dict:
    data = {
        "name": person.name if person else "New Person",
        "email": person.email if person else "new.person@example.org",
        "fte": "1",
        "start_date": "2026-01-05",
        "certification_stage": "in_training",
        "active": "y",
        "role_choices": sorted(r.value for r in person.roles) if person else ["trainee"],
    }
    return data | over


def new_user(client, **over):
    return client.post("/admin/admin_users/new/", data=user_form(**over), follow_redirects=True)


def edit_user(client, person, **over):
    return client.post(
        f"/admin/admin_users/edit/?id={person.id}",
        data=user_form(person, **over),
        follow_redirects=True,
    )


def assign(client, supervisor, supervisee, start="2026-01-01", end="", follow=True):
    return client.post(
        "/admin/admin_assignments/new/",
        data={
            "supervisor": str(supervisor.id),
            "supervisee": str(supervisee.id),
            "start_date": start,
            "end_date": end,
        },
        follow_redirects=follow,
    )


def scope(client, manager, team=None):
    data = {"manager": str(manager.id)} | (
        {"team": str(team.id)} if team else {"org_wide": "y", "team": "__None"}
    )
    return client.post("/admin/admin_scopes/new/", data=data, follow_redirects=True)


def decide(client, change, how: str = "approve"):
    return client.post(f"/admin/admin_approvals/{change.id}/{how}", follow_redirects=True)


def pending() -> list[PendingChange]:
    db.session.expire_all()
    return list(db.session.scalars(select(PendingChange).order_by(PendingChange.id)))


def events(*actions: str) -> list[AuditEvent]:
    db.session.expire_all()
    stmt = select(AuditEvent).where(AuditEvent.action.in_(actions)).order_by(AuditEvent.id)
    return list(db.session.scalars(stmt))
