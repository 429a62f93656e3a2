"""The session page: who may read it, the audit trail, and the supervisee's side of it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event, select

from peertrain.clock import today
from peertrain.extensions import db
from peertrain.models import AuditEvent, FlagKind, Role, SessionParticipant
from peertrain.supervision import queries

NOTE = "Talked about the pull to act like staff on night shift ZQ-1212"


@pytest.fixture
def world(make):
    team = make.team("Willow Ward")
    other_team = make.team("Harbour")
    sup = make.user(Role.SUPERVISOR, team=team, name="Priya Sup")
    a = make.user(Role.TRAINEE, team=team, name="Erin")
    b = make.user(Role.TRAINEE, team=team, name="Femi")
    for p in (a, b):
        make.assign(sup, p)
    sess = make.session(sup, a, b, what_happened=NOTE, minutes=75)
    return {
        "sup": sup,
        "a": a,
        "b": b,
        "sess": sess,
        "own_manager": _manager(make, team),
        "other_manager": _manager(make, other_team),
        "other_supervisor": make.user(Role.SUPERVISOR, team=team),
        "admin": make.user(Role.ADMIN),
        "bystander": make.user(Role.TRAINEE, team=team),
        "multi": make.user(Role.SUPERVISOR, Role.MANAGER, Role.ADMIN, Role.TRAINEE, team=team),
    }


def _manager(make, team):
    manager = make.user(Role.MANAGER)
    make.scope(manager, team)
    return manager


def events(action: str, outcome: str | None = None):
    stmt = select(AuditEvent).where(
        AuditEvent.action == action, AuditEvent.record_type == "supervision_session"
    )
    if outcome:
        stmt = stmt.where(AuditEvent.outcome == outcome)
    return db.session.scalars(stmt).all()


@pytest.mark.parametrize("who", ["sup", "a", "b"])
def test_people_in_the_session_read_it_and_each_read_is_audited(client, login, world, who):
    login(world[who])
    response = client.get(f"/supervision/sessions/{world['sess'].id}")
    assert response.status_code == 200
    assert NOTE in response.get_data(as_text=True)
    (event,) = events("view")
    assert (event.actor_id, event.record_id, event.outcome) == (
        world[who].id,
        str(world["sess"].id),
        "success",
    )
    assert event.detail is None


@pytest.mark.parametrize(
    "who",
    ["own_manager", "other_manager", "other_supervisor", "admin", "bystander", "multi"],
)
def test_everyone_else_is_refused_and_the_refusal_audited(client, login, world, who):
    login(world[who])
    sid = world["sess"].id
    for url in (f"/supervision/sessions/{sid}", f"/supervision/sessions/{sid}/edit"):
        response = client.get(url)
        assert response.status_code == 403
        assert NOTE not in response.get_data(as_text=True)
    denied = events("view", "denied")
    assert len(denied) == 2 and {e.actor_id for e in denied} == {world[who].id}
    assert not events("view", "success")


def test_a_current_supervisor_who_did_not_write_it_is_refused(client, login, world, make):
    # Even after taking over the supervisee: notes belong to the session's people.
    make.assign(world["other_supervisor"], world["a"])
    login(world["other_supervisor"])
    assert client.get(f"/supervision/sessions/{world['sess'].id}").status_code == 403


def test_missing_session_is_404(client, login, world):
    login(world["sup"])
    assert client.get("/supervision/sessions/999999").status_code == 404


def test_supervisee_acknowledges_and_the_supervisor_sees_when(client, login, world):
    sid = world["sess"].id
    login(world["a"])
    page = client.get(f"/supervision/sessions/{sid}").get_data(as_text=True)
    assert "Acknowledge this record" in page
    response = client.post(f"/supervision/sessions/{sid}/acknowledge")
    assert response.status_code == 302
    part = queries.participant(sid, world["a"].id)
    first = part.acknowledged_at
    assert first is not None
    client.post(f"/supervision/sessions/{sid}/acknowledge")  # twice keeps the first time
    db.session.expire_all()
    assert queries.participant(sid, world["a"].id).acknowledged_at == first
    assert len(events("acknowledge")) == 1
    client.post("/auth/logout")
    login(world["sup"])
    page = client.get(f"/supervision/sessions/{sid}").get_data(as_text=True)
    assert first.strftime("%-d %b %Y, %H:%M UTC") in page
    assert "Not yet" in page  # Femi has not acknowledged
    # The supervisor cannot acknowledge on a supervisee's behalf.
    assert client.post(f"/supervision/sessions/{sid}/acknowledge").status_code == 403


def test_reflection_is_kept_on_failure_and_private_between_supervisee_and_supervisor(
    client, login, world
):
    sid = world["sess"].id
    login(world["a"])
    too_long = "x" * 50_001 + " Erin ZQ-8080"
    response = client.post(f"/supervision/sessions/{sid}/reflection", data={"reflection": too_long})
    assert response.status_code == 400
    assert "ZQ-8080" in response.get_data(as_text=True)
    response = client.post(f"/supervision/sessions/{sid}/reflection", data={"reflection": "  "})
    assert "Write your reflection before saving it" in response.get_data(as_text=True)
    mine = "I felt torn between the team and the person ZQ-8181"
    response = client.post(f"/supervision/sessions/{sid}/reflection", data={"reflection": mine})
    assert response.status_code == 302
    assert queries.participant(sid, world["a"].id).reflection == mine
    assert events("reflection")[0].detail is None
    client.post("/auth/logout")
    login(world["b"])  # the other person in the group session does not read Erin's reflection
    assert "ZQ-8181" not in client.get(f"/supervision/sessions/{sid}").get_data(as_text=True)
    client.post("/auth/logout")
    login(world["sup"])
    assert "ZQ-8181" in client.get(f"/supervision/sessions/{sid}").get_data(as_text=True)
    assert (
        client.post(
            f"/supervision/sessions/{sid}/reflection", data={"reflection": "not mine"}
        ).status_code
        == 403
    )


def test_supervisee_sees_flags_about_them_but_not_about_others(client, login, world, make):
    sess = world["sess"]
    make.flag(sess, FlagKind.ROLE_DRIFT, world["a"], "Covering escorts ZQ-A")
    make.flag(sess, FlagKind.WELLBEING, world["b"], "Femi ZQ-B")
    make.flag(sess, FlagKind.SUPERVISION_NOT_RESOURCED, None, "No room ZQ-C")
    login(world["a"])
    page = client.get(f"/supervision/sessions/{sess.id}").get_data(as_text=True)
    assert "ZQ-A" in page and "ZQ-C" in page and "ZQ-B" not in page


def test_action_items_are_ticked_off_by_their_owner_or_the_supervisor(client, login, world, make):
    sess = world["sess"]
    erins = make.action(sess, world["a"], "Erin action", due_on=today() - timedelta(days=1))
    sups = make.action(sess, world["sup"], "Supervisor action")
    login(world["b"])  # in the session, but not the owner
    assert client.post(f"/supervision/actions/{erins.id}/done").status_code == 403
    client.post("/auth/logout")
    login(world["a"])
    assert client.post(f"/supervision/actions/{sups.id}/done").status_code == 403
    mine = client.get("/supervision/mine").get_data(as_text=True)
    assert "Erin action" in mine and "Overdue" in mine
    response = client.post(
        f"/supervision/actions/{erins.id}/done", data={"done": "1", "next": "/supervision/mine"}
    )
    assert response.headers["Location"] == "/supervision/mine"
    db.session.expire_all()
    assert db.session.get(type(erins), erins.id).done_at is not None
    client.post(
        f"/supervision/actions/{erins.id}/done", data={"done": "0", "next": "//evil.example"}
    )
    db.session.expire_all()
    assert db.session.get(type(erins), erins.id).done_at is None
    client.post("/auth/logout")
    login(world["sup"])
    assert client.post(f"/supervision/actions/{erins.id}/done").status_code == 302
    login_other = world["other_supervisor"]
    client.post("/auth/logout")
    login(login_other)
    assert client.post(f"/supervision/actions/{sups.id}/done").status_code == 403
    denied = db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.record_type == "action_item", AuditEvent.outcome == "denied"
        )
    ).all()
    assert len(denied) == 3


def test_supervisor_adds_actions_and_flags_after_the_session(client, login, world):
    sid = world["sess"].id
    login(world["sup"])
    response = client.post(
        f"/supervision/sessions/{sid}/actions",
        data={"action-description": "Book the team away day ZQ-77", "action-owner": ""},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Choose who owns this action" in page and "ZQ-77" in page
    data = {"action-description": "Book the team away day", "action-owner": str(world["b"].id)}
    assert client.post(f"/supervision/sessions/{sid}/actions", data=data).status_code == 302
    data = {"flag-kind": "", "flag-manager_summary": "Kept ZQ-88"}
    response = client.post(f"/supervision/sessions/{sid}/flags", data=data)
    assert response.status_code == 400 and "ZQ-88" in response.get_data(as_text=True)
    data = {"flag-kind": "workload", "flag-supervisee": str(world["a"].id)}
    assert client.post(f"/supervision/sessions/{sid}/flags", data=data).status_code == 302
    db.session.expire_all()
    sess = queries.load_session(sid)
    assert [i.owner_id for i in sess.actions] == [world["b"].id]
    assert [(f.kind, f.supervisee_id, f.manager_summary) for f in sess.flags] == [
        (FlagKind.WORKLOAD, world["a"].id, None)
    ]


def test_mine_lists_held_and_cancelled_sessions_and_hours(client, login, world, make):
    a = world["a"]
    make.session(world["sup"], a, minutes=45, held_on=today() - timedelta(days=20))
    make.cancelled(world["sup"], a, held_on=today() - timedelta(days=10))
    other = make.user(Role.TRAINEE)
    make.session(world["sup"], other, what_happened="Someone else ZQ-OTHER")
    login(a)
    page = client.get("/supervision/mine").get_data(as_text=True)
    assert page.count("/supervision/sessions/") == 3
    assert "Cancelled" in page and "Service demands" in page
    assert "2.0 hours" in page  # 75 + 45 minutes; the cancellation adds nothing
    assert queries.supervised_hours(a.id) == 2.0
    assert queries.supervised_minutes(world["b"].id) == 75


def test_membership_rows_are_the_only_way_in(app, world):
    # The rule is participants, not teams or assignments: a row makes a reader.
    assert {p.supervisee_id for p in db.session.scalars(select(SessionParticipant))} == {
        world["a"].id,
        world["b"].id,
    }


def test_session_list_shows_only_the_supervisors_own_records(client, login, world, make):
    sup, a, b = world["sup"], world["a"], world["b"]
    solo = make.session(sup, a, held_on=today() - timedelta(days=9))
    theirs = make.session(world["other_supervisor"], world["bystander"])
    login(sup)
    page = client.get("/supervision/sessions").get_data(as_text=True)
    assert f'/supervision/sessions/{solo.id}"' in page
    assert f'/supervision/sessions/{world["sess"].id}"' in page
    assert f'/supervision/sessions/{theirs.id}"' not in page
    page = client.get(f"/supervision/sessions?supervisee={b.id}").get_data(as_text=True)
    assert "Session records with Femi" in page and f'/supervision/sessions/{solo.id}"' not in page
    # An id that is not in this supervisor's records reveals no name.
    page = client.get(f"/supervision/sessions?supervisee={theirs.participants[0].supervisee_id}")
    assert world["bystander"].name not in page.get_data(as_text=True)
    assert client.get("/supervision/sessions?page=9").status_code == 404


def _statements(client, url) -> int:
    seen = []

    def _count(*_args, **_kw):
        seen.append(1)

    event.listen(db.engine, "before_cursor_execute", _count)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", _count)
    return len(seen)


def test_session_page_statements_do_not_grow_with_its_contents(client, login, world, make):
    sup, a, b = world["sup"], world["a"], world["b"]
    small = make.session(sup, a)
    big = make.session(sup, a, b)
    for n in range(6):
        make.action(big, a if n % 2 else b, f"Action {n}")
        make.flag(big, FlagKind.WORKLOAD, a if n % 2 else b, f"Summary {n}")
    make.action(small, a, "One action")
    make.flag(small, FlagKind.WORKLOAD, a, "One summary")
    login(sup)
    assert _statements(client, f"/supervision/sessions/{small.id}") == _statements(
        client, f"/supervision/sessions/{big.id}"
    )
