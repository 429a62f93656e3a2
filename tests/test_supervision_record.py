"""Recording held and cancelled sessions: people, formats, rows, flags and bad input kept."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from peertrain.clock import today
from peertrain.extensions import db
from peertrain.models import (
    ActionItem,
    AuditEvent,
    CancelReason,
    FlagKind,
    Role,
    SessionFormat,
    SessionStatus,
    SupervisionSession,
)

LONG_NOTE = "Amara described the moment she chose not to share her own story " * 60 + "ZQ-7781"


@pytest.fixture
def group(make):
    team = make.team("Riverside")
    sup = make.user(Role.SUPERVISOR, team=team, name="Sam Supervisor")
    a = make.user(Role.TRAINEE, team=team, name="Amara")
    b = make.user(Role.TRAINEE, team=team, name="Ben")
    c = make.user(Role.TRAINEE, team=team, name="Chloe")
    for p in (a, b, c):
        make.assign(sup, p)
    return sup, a, b, c


def form(people, **over) -> dict:
    data = {
        "supervisees": [p.id for p in people],
        "format": "individual" if len(people) == 1 else "group",
        "held_on": (today() - timedelta(days=1)).isoformat(),
        "minutes": "60",
        "setting": "in_person",
        "topics": ["boundaries", "peer_values"],
        "what_happened": LONG_NOTE,
        "what_it_meant": "Meaning ZQ-9001",
        "what_next": "Next ZQ-9002",
    }
    # A callable value is resolved now, not at collection: a run crossing midnight UTC
    # must still send "tomorrow".
    data.update({k: v() if callable(v) else v for k, v in over.items()})
    return data


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_individual_session_with_action_and_flag(client, login, group):
    sup, a, *_ = group
    login(sup)
    data = form(
        [a],
        **{
            "actions-0-description": "Draft a one-line role statement",
            "actions-0-owner": str(a.id),
            "actions-0-due_on": (today() + timedelta(days=14)).isoformat(),
            "actions-1-description": "Ask the ward manager about handover access",
            "actions-1-owner": str(sup.id),
            "flags-0-kind": "role_drift",
            "flags-0-supervisee": "",
            "flags-0-manager_summary": "Asked to cover escorts instead of peer work.",
        },
    )
    response = client.post("/supervision/sessions/new", data=data)
    assert response.status_code == 302
    sess = db.session.scalar(select(SupervisionSession))
    assert response.headers["Location"] == f"/supervision/sessions/{sess.id}"
    assert sess.status == SessionStatus.HELD and sess.format == SessionFormat.INDIVIDUAL
    assert sess.what_happened == LONG_NOTE.strip() and sess.topics == ["peer_values", "boundaries"]
    assert [p.supervisee_id for p in sess.participants] == [a.id]
    owners = sorted((i.owner_id, i.description) for i in sess.actions)
    assert owners == sorted(
        [
            (a.id, "Draft a one-line role statement"),
            (sup.id, "Ask the ward manager about handover access"),
        ]
    )
    (flag,) = sess.flags
    # An individual session's flag is about its one supervisee even if "whole session" was left.
    assert (flag.kind, flag.supervisee_id) == (FlagKind.ROLE_DRIFT, a.id)
    assert flag.manager_summary == "Asked to cover escorts instead of peer work."
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "create"))
    assert (event.record_type, event.record_id, event.actor_id) == (
        "supervision_session",
        str(sess.id),
        sup.id,
    )
    assert event.detail is None


def test_group_and_co_reflection(client, login, group):
    sup, a, b, c = group
    login(sup)
    assert client.post("/supervision/sessions/new", data=form([a, b, c])).status_code == 302
    data = form([a], format="co_reflection")
    assert client.post("/supervision/sessions/new", data=data).status_code == 302
    sessions = db.session.scalars(select(SupervisionSession).order_by(SupervisionSession.id)).all()
    assert [len(s.participants) for s in sessions] == [3, 1]
    assert [s.format for s in sessions] == [SessionFormat.GROUP, SessionFormat.CO_REFLECTION]


@pytest.mark.parametrize(
    ("change", "field_id", "message"),
    [
        (
            {"held_on": lambda: (today() + timedelta(days=1)).isoformat()},
            "held_on",
            "cannot be in the future",
        ),
        (
            {"held_on": lambda: (today() - timedelta(days=800)).isoformat()},
            "held_on",
            "more than a year ago",
        ),
        ({"held_on": ""}, "held_on", "Enter a date"),
        ({"minutes": "0"}, "minutes", "from 1 to 600 minutes"),
        ({"minutes": "601"}, "minutes", "from 1 to 600 minutes"),
        ({"supervisees": []}, "supervisees", "Choose at least one supervisee"),
        ({"format": "group"}, "supervisees", "at least two supervisees"),
    ],
)
def test_bad_input_is_explained_next_to_the_field_and_keeps_every_note(
    client, login, group, change, field_id, message
):
    sup, a, *_ = group
    login(sup)
    data = form([a], **change)
    data.update({"actions-0-description": "Keep this action ZQ-5555", "actions-0-owner": str(a.id)})
    data.update({"flags-0-kind": "workload", "flags-0-manager_summary": "Summary ZQ-6666"})
    response = client.post("/supervision/sessions/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'id="{field_id}-error"' in page and message in page
    assert f'href="#{field_id}"' in page  # the summary links to the field
    for typed in ("ZQ-7781", "Meaning ZQ-9001", "Next ZQ-9002", "ZQ-5555", "Summary ZQ-6666"):
        assert typed in page
    assert LONG_NOTE.strip() in page.replace("&#39;", "'")
    assert count(SupervisionSession) == 0


def test_individual_with_two_people_is_refused(client, login, group):
    sup, a, b, _ = group
    login(sup)
    response = client.post("/supervision/sessions/new", data=form([a, b], format="individual"))
    assert response.status_code == 400
    assert "An individual session has one supervisee" in response.get_data(as_text=True)


def test_only_current_supervisees_may_be_chosen(client, login, group, make):
    sup, a, *_ = group
    stranger = make.user(Role.TRAINEE, name="Not Mine")
    former = make.user(Role.TRAINEE, name="Former")
    make.assign(sup, former, start=today() - timedelta(days=90), end=today() - timedelta(days=1))
    login(sup)
    page = client.get("/supervision/sessions/new").get_data(as_text=True)
    assert "Amara" in page and "Not Mine" not in page and "Former" not in page
    for outsider in (stranger, former):
        response = client.post("/supervision/sessions/new", data=form([outsider]))
        assert response.status_code == 400
    assert count(SupervisionSession) == 0


def test_action_owner_must_be_in_the_session(client, login, group):
    sup, a, b, _ = group
    login(sup)
    data = form([a], **{"actions-0-description": "Something", "actions-0-owner": str(b.id)})
    response = client.post("/supervision/sessions/new", data=data)
    assert response.status_code == 400
    assert "The owner must be you or someone in this session" in response.get_data(as_text=True)
    data = form([a], **{"actions-0-description": "Something", "actions-0-owner": ""})
    assert "Choose who owns this action" in client.post(
        "/supervision/sessions/new", data=data
    ).get_data(as_text=True)


def test_summary_without_a_flag_kind_is_questioned(client, login, group):
    sup, a, *_ = group
    login(sup)
    data = form([a], **{"flags-0-kind": "", "flags-0-manager_summary": "Orphan summary"})
    response = client.post("/supervision/sessions/new", data=data)
    assert response.status_code == 400
    assert "Choose the kind of flag, or clear its summary" in response.get_data(as_text=True)


def test_add_another_row_without_javascript(client, login, group):
    sup, a, *_ = group
    login(sup)
    data = form([a], more="action")
    for i in range(3):
        data[f"actions-{i}-description"] = f"Row {i} ZQ-{i}"
        data[f"actions-{i}-owner"] = str(a.id)
    response = client.post("/supervision/sessions/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200  # not an error, and nothing saved yet
    assert 'name="actions-3-description"' in page
    assert all(f"Row {i} ZQ-{i}" in page for i in range(3)) and "ZQ-7781" in page
    assert count(SupervisionSession) == 0
    page = client.post("/supervision/sessions/new", data=form([a], more="flag")).get_data(
        as_text=True
    )
    assert 'name="flags-1-kind"' in page
    data["actions-3-description"] = "The fourth"
    data["actions-3-owner"] = str(sup.id)
    del data["more"]
    assert client.post("/supervision/sessions/new", data=data).status_code == 302
    assert count(ActionItem) == 4


def test_preselected_supervisee_from_the_overview(client, login, group):
    sup, a, *_ = group
    login(sup)
    page = client.get(f"/supervision/sessions/new?supervisee={a.id}").get_data(as_text=True)
    assert f'checked id="supervisees-0" name="supervisees" type="checkbox" value="{a.id}"' in page


def test_record_a_cancelled_session_with_its_reason(client, login, group):
    sup, a, b, _ = group
    login(sup)
    data = {
        "supervisees": [a.id, b.id],
        "held_on": today().isoformat(),
        "setting": "remote",
        "reason": "no_time_or_room",
        "cancel_note": "Room double-booked again ZQ-4040",
    }
    response = client.post("/supervision/sessions/cancel", data=data)
    assert response.status_code == 302
    sess = db.session.scalar(select(SupervisionSession))
    assert sess.status == SessionStatus.CANCELLED and sess.minutes == 0
    assert sess.cancel_reason == CancelReason.NO_TIME_OR_ROOM
    assert sess.format == SessionFormat.GROUP and len(sess.participants) == 2
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "No time or room allocated" in page and "ZQ-4040" in page
    assert (
        db.session.scalar(
            select(AuditEvent.action).where(
                AuditEvent.record_type == "supervision_session",
                AuditEvent.record_id == str(sess.id),
            )
        )
        == "create_cancelled"
    )


@pytest.mark.parametrize("reason", list(CancelReason))
def test_every_cancel_reason_is_accepted(client, login, group, reason):
    sup, a, *_ = group
    login(sup)
    data = {"supervisees": [a.id], "held_on": today().isoformat(), "setting": "in_person"}
    data |= {"reason": reason.value, "cancel_note": "why"}
    assert client.post("/supervision/sessions/cancel", data=data).status_code == 302
    assert db.session.scalar(select(SupervisionSession.cancel_reason)) == reason


def test_cancel_form_problems_keep_the_note(client, login, group):
    sup, a, *_ = group
    login(sup)
    data = {"supervisees": [], "held_on": (today() + timedelta(days=3)).isoformat()}
    data |= {"setting": "in_person", "reason": "", "cancel_note": "Kept ZQ-3131"}
    page = client.post("/supervision/sessions/cancel", data=data).get_data(as_text=True)
    assert "Choose at least one supervisee" in page and "cannot be in the future" in page
    assert "Choose the reason" in page and "Kept ZQ-3131" in page
    other = {"supervisees": [a.id], "held_on": today().isoformat(), "setting": "in_person"}
    response = client.post("/supervision/sessions/cancel", data=other | {"reason": "other"})
    assert response.status_code == 400
    assert "Say briefly what the reason was" in response.get_data(as_text=True)
    assert count(SupervisionSession) == 0


def test_supervisor_without_supervisees_is_told_so(client, login, make):
    lonely = make.user(Role.SUPERVISOR)
    login(lonely)
    page = client.get("/supervision/sessions/new").get_data(as_text=True)
    assert "You have no current supervisees" in page and "Save session" not in page
