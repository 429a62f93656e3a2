"""Admin deletes under the CSP: no inline handlers, a confirmation on the server, and teams
with people or scopes refused instead of cascading."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import select

from peertrain.extensions import db
from peertrain.models import AuditEvent, ManagerScope, Role, Team, User


def _admin(client, make, login):
    admin = make.user(Role.ADMIN)
    login(admin)
    return admin


def _delete(client, view: str, row_id: int, **extra):
    return client.post(
        f"/admin/{view}/delete/",
        data={"id": str(row_id), "url": f"/admin/{view}/", **extra},
        follow_redirects=True,
    )


def test_list_page_has_no_inline_handler_and_loads_the_confirm_script(client, make, login):
    _admin(client, make, login)
    team = make.team("Riverside")
    response = client.get("/admin/admin_teams/")
    page = response.get_data(as_text=True)
    assert "Riverside" in page
    assert "onclick" not in page.lower()  # the CSP would block it, and one click would delete
    assert re.search(r'<form[^>]+action="/admin/admin_teams/delete/"[^>]+data-confirm="', page)
    script = re.search(r'<script src="([^"]*admin-confirm\.js)"></script>', page)
    assert script and script.group(1).startswith("/static/")  # 'self', no nonce needed
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    served = client.get(script.group(1))
    assert served.status_code == 200 and b"data-confirm" in served.data
    served.close()
    assert db.session.get(Team, team.id) is not None


def test_the_confirm_script_asks_and_then_sends_confirm_yes(app):
    text = (Path(app.static_folder) / "js" / "admin-confirm.js").read_text(encoding="utf-8")
    assert "window.confirm(" in text and 'yes.name = "confirm"' in text
    assert "data-confirm" in text


def test_a_delete_without_confirmation_asks_and_deletes_nothing(client, make, login):
    _admin(client, make, login)
    team = make.team("Harbour")
    response = _delete(client, "admin_teams", team.id)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Delete team <strong>Harbour</strong>? This cannot be undone." in page
    assert 'name="confirm" value="yes"' in page and "Confirm: delete Harbour" in page
    assert "onclick" not in page.lower()
    db.session.expire_all()
    assert db.session.get(Team, team.id) is not None
    assert not db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "admin_delete")
    ).all()


def test_a_confirmed_delete_removes_an_empty_team_and_is_audited(client, make, login):
    _admin(client, make, login)
    team = make.team("Empty one")
    response = _delete(client, "admin_teams", team.id, confirm="yes")
    assert "Record was successfully deleted." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Team, team.id) is None
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "admin_delete")).one()
    assert (event.record_type, event.record_id) == ("team", str(team.id))


def test_a_team_with_people_or_scopes_is_refused_and_kept(client, make, login):
    _admin(client, make, login)
    team = make.team("Busy")
    make.user(team=team)
    make.user(team=team)
    scope = make.scope(make.user(Role.MANAGER), team)
    for extra in ({}, {"confirm": "yes"}):  # refused at the question and at the confirmation
        page = _delete(client, "admin_teams", team.id, **extra).get_data(as_text=True)
        assert (
            "Team Busy was not deleted: it still has 2 people, 1 manager scope. "
            "Move its people to another team and remove its manager scopes first."
        ) in page
        assert "successfully deleted" not in page
    db.session.expire_all()
    assert db.session.get(Team, team.id) is not None
    assert db.session.get(ManagerScope, scope.id).team_id == team.id
    assert len(db.session.scalars(select(User).where(User.team_id == team.id)).all()) == 2


def test_a_team_with_only_a_scope_is_refused(client, make, login):
    _admin(client, make, login)
    team = make.team("Scoped")
    make.scope(make.user(Role.MANAGER), team)
    page = _delete(client, "admin_teams", team.id, confirm="yes").get_data(as_text=True)
    assert "it still has 1 manager scope." in page
    assert db.session.get(Team, team.id) is not None


def test_the_bulk_delete_action_is_not_offered_for_teams(client, make, login):
    _admin(client, make, login)
    team = make.team("Bulk")
    make.user(team=team)
    page = client.get("/admin/admin_teams/").get_data(as_text=True)
    assert 'name="action" value="delete"' not in page and "action_delete" not in page
    client.post("/admin/admin_teams/action/", data={"action": "delete", "rowid": str(team.id)})
    db.session.expire_all()
    assert db.session.get(Team, team.id) is not None


def test_people_are_deactivated_never_deleted(client, make, login):
    _admin(client, make, login)
    worker = make.user(name="Stays Here")
    page = client.get("/admin/admin_users/").get_data(as_text=True)
    assert "Stays Here" in page and "/admin/admin_users/delete/" not in page
    _delete(client, "admin_users", worker.id, confirm="yes")
    db.session.expire_all()
    assert db.session.get(User, worker.id) is not None


def test_manager_scope_delete_asks_first_too(client, make, login):
    _admin(client, make, login)
    scope = make.scope(make.user(Role.MANAGER, name="Mona Manager"), make.team("Scoped team"))
    page = _delete(client, "admin_scopes", scope.id).get_data(as_text=True)
    assert "This cannot be undone." in page
    assert db.session.get(ManagerScope, scope.id) is not None
    _delete(client, "admin_scopes", scope.id, confirm="yes")
    db.session.expire_all()
    assert db.session.get(ManagerScope, scope.id) is None
