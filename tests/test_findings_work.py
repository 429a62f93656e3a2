"""Work on gap findings (issue 18): acknowledge, assign, notes with history, handled, reopen,
and who may do each. The figures are today's: in the small organisation every team is
overdue for supervision now, so "Overdue for supervision" is found for each of them."""

from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape

import pytest
from sqlalchemy import select

from peertrain.clock import utcnow
from peertrain.extensions import db
from peertrain.findings import read
from peertrain.models import AuditEvent, FindingNote, FindingState, FindingStatus, Role

from .reports_data import small_org


@pytest.fixture
def org(app, make):
    org = small_org(make)
    org.morgan = make.user(Role.MANAGER, name="Morgan Orgwide")
    make.scope(org.morgan)
    org.rhea = make.user(Role.MANAGER, name="Rhea Riverside")
    make.scope(org.rhea, org.riverside)
    org.rita = make.user(Role.MANAGER, name="Rita Willow")
    make.scope(org.rita, org.willow)
    org.key = f"overdue:team-{org.riverside.id}"
    org.url = f"/reports/findings/{org.key}"
    return org


def text(response) -> str:
    return unescape(response.get_data(as_text=True))


def state(org) -> FindingState:
    db.session.expire_all()
    return db.session.scalar(select(FindingState).where(FindingState.key == org.key))


def test_acknowledge_assign_note_and_handled_with_history(org, client, login):
    login(org.rhea)
    page = text(client.get(org.url))
    assert "Overdue for supervision" in page and 'id="finding-status">Open<' in page
    assert "Nobody has worked on this finding yet." in page

    assert client.post(org.url + "/acknowledge").status_code == 303
    assert client.post(org.url + "/assign", data={"owner": org.morgan.id}).status_code == 303
    client.post(org.url + "/notes", data={"text": "Asked Sam to book the overdue sessions."})
    client.post(org.url + "/notes", data={"text": "Two booked; one worker on leave."})
    s = state(org)
    assert (s.status, s.assigned_to_id, s.team_id) == (
        FindingStatus.ACKNOWLEDGED,
        org.morgan.id,
        org.riverside.id,
    )
    page = text(client.get(org.url))
    assert 'id="finding-status">Acknowledged<' in page and "Assigned to Morgan Orgwide" in page
    history = page[page.index('id="finding-history"') :]
    order = ["acknowledged", "assigned to Morgan Orgwide", "Asked Sam", "Two booked"]
    assert [history.index(x) for x in order] == sorted(history.index(x) for x in order)

    assert client.post(org.url + "/handled").status_code == 303
    s = state(org)
    assert s.status == FindingStatus.HANDLED and s.handled_at is not None
    actions = db.session.scalars(
        select(FindingNote.action).where(FindingNote.state_id == s.id).order_by(FindingNote.id)
    ).all()
    assert [a.value for a in actions] == ["acknowledged", "assigned", "note", "note", "handled"]
    # Every change audited, never with the note's text.
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "finding_change").order_by(AuditEvent.id)
    ).all()
    assert [(e.record_id, e.actor_id, e.outcome) for e in events] == [
        (org.key, org.rhea.id, "success")
    ] * 5
    assert not any("Asked Sam" in (e.detail or "") for e in events)


def test_dashboard_shows_status_and_owner_and_links_to_the_work(org, client, login):
    login(org.rhea)
    client.post(org.url + "/acknowledge")
    client.post(org.url + "/assign", data={"owner": org.rhea.id})
    html = text(client.get("/reports/"))
    line = re.search(
        r"Overdue for supervision</strong>\s*<span class=\"finding-team\">Riverside</span>"
        r"(.*?)</summary>",
        html,
        re.S,
    ).group(1)
    assert ">Acknowledged<" in line and "Rhea Riverside" in line
    assert f'href="/reports/findings/{org.key}"' in html


def test_a_handled_finding_that_is_still_found_later_reopens(org, client, login):
    login(org.rhea)
    client.post(org.url + "/handled")
    # Marked today: still found today, but within the days allowed for a fix to show.
    assert 'id="finding-status">Handled<' in text(client.get(org.url))
    s = state(org)
    s.handled_at = utcnow() - timedelta(days=15)  # the default is 14 days
    db.session.commit()
    page = text(client.get(org.url))
    assert 'id="finding-status">Reopened<' in page and 'id="finding-reopened"' in page
    dashboard = text(client.get("/reports/"))
    assert ">Reopened<" in dashboard
    # Working on it again: acknowledged, with the history kept.
    client.post(org.url + "/acknowledge")
    assert state(org).status == FindingStatus.ACKNOWLEDGED
    assert 'id="finding-status">Acknowledged<' in text(client.get(org.url))


def test_the_reopen_rule():
    s = FindingState(key="k", title="t", status=FindingStatus.HANDLED)
    s.handled_at = utcnow().replace(year=2026, month=3, day=1)
    on = date(2026, 3, 1)
    assert read.shown_status(s, True, on + timedelta(days=13), 14) == "handled"
    assert read.shown_status(s, True, on + timedelta(days=14), 14) == "reopened"
    assert read.shown_status(s, False, on + timedelta(days=60), 14) == "handled"  # gone: stays
    assert read.shown_status(None, True, on, 14) == "open"


def test_a_finding_no_longer_found_keeps_its_page_and_history(org, client, login):
    login(org.morgan)
    key = f"cancelled:team-{org.harbour.id}"  # Harbour never cancels: not found
    assert client.get(f"/reports/findings/{key}").status_code == 404  # nobody worked on it
    title = "Supervision often cancelled"
    db.session.add(FindingState(key=key, team_id=org.harbour.id, title=title))
    db.session.commit()
    client.post(f"/reports/findings/{key}/notes", data={"text": "Fixed the rota."})
    page = text(client.get(f"/reports/findings/{key}"))
    assert 'id="finding-gone"' in page and "Fixed the rota." in page


def test_note_is_validated_and_the_text_kept(org, client, login):
    login(org.rhea)
    long = "Booked extra supervision sessions. " * 15  # over 500 characters
    response = client.post(org.url + "/notes", data={"text": long})
    assert response.status_code == 400
    page = text(response)
    error = re.search(r'<p class="error" id="text-error">([^<]*)</p>', page).group(1)
    assert "500 characters" in error
    assert long.strip() in page  # what was typed is in the textarea again
    assert client.post(org.url + "/notes", data={"text": "   "}).status_code == 400
    assert state(org) is None  # nothing stored


def test_assign_only_to_a_manager_whose_scope_covers_the_team(org, client, login):
    login(org.rhea)
    page = text(client.get(org.url))
    options = re.findall(r'<option value="(\d+)"[^>]*>([^<]+)</option>', page)
    assert {name for _, name in options} == {"Morgan Orgwide", "Rhea Riverside"}
    response = client.post(org.url + "/assign", data={"owner": org.rita.id})
    assert response.status_code == 400
    assert "Choose one of the managers listed." in text(response)
    assert state(org) is None


def test_another_teams_manager_is_refused_and_audited(org, client, login):
    login(org.rita)
    assert client.get(org.url).status_code == 403
    for action in ("acknowledge", "handled", "notes", "assign"):
        assert client.post(f"{org.url}/{action}", data={"text": "x"}).status_code == 403
    denied = db.session.execute(
        select(AuditEvent.action, AuditEvent.record_id, AuditEvent.actor_id).where(
            AuditEvent.outcome == "denied"
        )
    ).all()
    assert (
        denied
        == [("finding_view", org.key, org.rita.id)] + [("finding_change", org.key, org.rita.id)] * 4
    )
    assert state(org) is None
    # Her own team's findings are hers to work on; the Riverside one has no work link for her.
    dashboard = text(client.get("/reports/"))
    assert f"/reports/findings/overdue:team-{org.willow.id}" in dashboard
    assert org.url not in dashboard


def test_other_roles_are_refused_and_anonymous_sent_to_sign_in(org, client, login, make):
    assert client.get(org.url).headers["Location"].startswith("/auth/login")
    assert client.post(org.url + "/acknowledge").headers["Location"].startswith("/auth/login")
    for role in (Role.TRAINEE, Role.SUPERVISOR, Role.ADMIN):
        login(make.user(role))
        assert client.get(org.url).status_code == 403
        assert client.post(org.url + "/handled").status_code == 403
        client.post("/auth/logout")
    assert state(org) is None


def test_admins_never_read_manager_notes(org, client, login, make):
    login(org.rhea)
    client.post(org.url + "/notes", data={"text": "Budget case for a second supervisor."})
    client.post("/auth/logout")
    admin = make.user(Role.ADMIN)
    login(admin)
    assert client.get(org.url).status_code == 403
    for url in ("/admin/", "/admin/admin_audit/", "/admin/admin_audit/export/csv/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Budget case" not in response.get_data(as_text=True), url


def test_bad_keys_are_not_found(org, client, login):
    login(org.morgan)
    for key in ("nope", "overdue:team-x", "overdue:team-99999", "a:b:c:d:team-1"):
        assert client.get(f"/reports/findings/{key}").status_code == 404, key
