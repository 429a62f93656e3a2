"""Review fixes: a former supervisor reads but never writes, draft restores are audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from peertrain import authz
from peertrain.clock import today, utcnow
from peertrain.extensions import db
from peertrain.fields import MultiCheckboxField
from peertrain.models import (
    ActionItem,
    AuditEvent,
    Flag,
    NoteDraft,
    Role,
    SessionAddendum,
    SessionRevision,
    SupervisionSession,
    UserSession,
)
from peertrain.models.supervision import FlagKind
from peertrain.supervision import fields as supervision_fields
from peertrain.supervision.forms import CancelForm, EditForm, SessionForm

from .test_supervision_drafts import rescue_from

ORIGINAL = "What happened, as first written ZQ-FORMER-ORIG"
REFLECTION = "My reflection, written after my supervisor changed ZQ-FORMER-REFL"
JSON = {"Accept": "application/json"}


@pytest.fixture
def former(make):
    """`old` supervised the worker and wrote the session; the supervision has since moved on."""
    team = make.team()
    old = make.user(Role.SUPERVISOR, team=team, name="Olu Old")
    new = make.user(Role.SUPERVISOR, team=team, name="Nia New")
    worker = make.user(Role.TRAINEE, team=team, name="Wren Worker")
    make.assign(old, worker, start=today() - timedelta(days=60), end=today() - timedelta(days=1))
    make.assign(new, worker, start=today())
    sess = make.session(old, worker, what_happened=ORIGINAL)
    make.flag(sess, FlagKind.WORKLOAD, worker, "Summary for managers ZQ-FLAG")
    return {"old": old, "new": new, "worker": worker, "sess": sess}


def counts(session_id: int) -> dict:
    db.session.expire_all()

    def n(model, column):
        return db.session.scalar(
            select(func.count()).select_from(model).where(column == session_id)
        )

    return {
        "flags": n(Flag, Flag.session_id),
        "actions": n(ActionItem, ActionItem.session_id),
        "addenda": n(SessionAddendum, SessionAddendum.session_id),
        "revisions": n(SessionRevision, SessionRevision.session_id),
        "drafts": db.session.scalar(select(func.count()).select_from(NoteDraft)),
    }


def _edit(sess, worker) -> dict:
    return {
        "version": "1",
        "held_on": sess.held_on.isoformat(),
        "minutes": "60",
        "setting": "in_person",
        "what_happened": "Rewritten by a former supervisor ZQ-NOPE",
        "what_it_meant": "x",
        "what_next": "y",
    }


# Every way of writing to a session: (path under the session, form data). All must be refused.
WRITES = [
    ("/edit", _edit),
    ("/addenda", lambda s, w: {"text": "Addendum by a former supervisor ZQ-NOPE"}),
    ("/actions", lambda s, w: {"action-description": "Do X", "action-owner": str(w.id)}),
    (
        "/flags",
        lambda s, w: {
            "flag-kind": "wellbeing",
            "flag-supervisee": str(w.id),
            "flag-manager_summary": "struggling",
        },
    ),
]


@pytest.mark.parametrize(("path", "data"), WRITES, ids=[p for p, _ in WRITES])
def test_a_former_supervisor_cannot_write_to_their_old_session(client, login, former, path, data):
    sess, worker = former["sess"], former["worker"]
    before = counts(sess.id)
    login(former["old"])
    response = client.post(f"/supervision/sessions/{sess.id}{path}", data=data(sess, worker))
    assert response.status_code == 403
    assert counts(sess.id) == before
    db.session.expire_all()
    stored = db.session.get(SupervisionSession, sess.id)
    assert stored.what_happened == ORIGINAL and stored.version == 1
    denied = db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.actor_id == former["old"].id, AuditEvent.outcome == "denied"
        )
    ).all()
    assert [e.record_id for e in denied] == [str(sess.id)]


@pytest.mark.parametrize("kind", ["edit", "addendum"])
def test_a_former_supervisor_keeps_no_drafts_for_their_old_session(client, login, former, kind):
    sess = former["sess"]
    login(former["old"])
    url = f"/supervision/drafts/{kind}-{sess.id}"
    response = client.post(url, data={"text": "ZQ-NOPE", "what_happened": "ZQ-NOPE"}, headers=JSON)
    assert response.status_code == 403
    assert client.get(f"/supervision/sessions/{sess.id}/edit").status_code == 403
    assert counts(sess.id)["drafts"] == 0


def test_a_former_supervisor_still_reads_the_record_they_wrote(client, login, former):
    sess, worker = former["sess"], former["worker"]
    login(worker)
    url = f"/supervision/sessions/{sess.id}/reflection"
    assert client.post(url, data={"reflection": REFLECTION}).status_code == 302
    client.post("/auth/logout")

    login(former["old"])
    page = client.get(f"/supervision/sessions/{sess.id}").get_data(as_text=True)
    assert ORIGINAL in page and REFLECTION in page and "ZQ-FLAG" in page
    assert "no longer the current supervisor of everyone in this record" in page
    for form in ("Raise flag", "Add action item", "Add addendum", "Edit the record"):
        assert form not in page
    client.post("/auth/logout")

    # The new supervisor did not write it and does not read it, reflection included.
    login(former["new"])
    assert client.get(f"/supervision/sessions/{sess.id}").status_code == 403


def test_the_reflection_form_says_exactly_who_reads_it(client, login, former):
    sess = former["sess"]
    login(former["worker"])
    page = client.get(f"/supervision/sessions/{sess.id}").get_data(as_text=True)
    assert "The supervisor who wrote this record can read it; nobody else can." in page
    assert "Olu Old, who wrote it, and the people in this session can read this record" in page


def test_group_session_writes_need_every_participant_still_supervised(client, login, make):
    sup = make.user(Role.SUPERVISOR)
    stays, leaves = make.user(Role.TRAINEE), make.user(Role.TRAINEE)
    make.assign(sup, stays)
    make.assign(sup, leaves, start=today() - timedelta(days=40), end=today() - timedelta(days=1))
    sess = make.session(sup, stays, leaves)
    assert not authz.may_edit_session(sup, sess)
    login(sup)
    before = counts(sess.id)
    data = {"text": "Addendum ZQ-NOPE"}
    assert client.post(f"/supervision/sessions/{sess.id}/addenda", data=data).status_code == 403
    assert counts(sess.id) == before
    # Once the assignment is current again, writing is back.
    make.assign(sup, leaves, start=today())
    assert authz.may_edit_session(sup, sess)
    assert client.post(f"/supervision/sessions/{sess.id}/addenda", data=data).status_code == 302


def test_may_edit_session_agrees_with_is_supervisor_of(make):
    """The single-query check means exactly: the author, a current supervisor of each person."""
    sup, other = make.user(Role.SUPERVISOR), make.user(Role.SUPERVISOR)
    a, b = make.user(Role.TRAINEE), make.user(Role.TRAINEE)
    make.assign(sup, a)
    make.assign(sup, b, end=today())  # ends today: still current today
    make.assign(other, a)
    make.assign(other, b, start=today() + timedelta(days=1))  # not yet
    for author in (sup, other):
        sess = make.session(author, a, b)
        for viewer in (sup, other, a):
            expected = viewer.id == author.id and all(
                authz.is_supervisor_of(viewer, p.id) for p in (a, b)
            )
            assert authz.may_edit_session(viewer, sess) == expected
    assert authz.may_edit_session(sup, make.session(sup, a, b))
    assert not authz.may_edit_session(other, make.session(other, a, b))


def test_flags_on_a_group_session_are_shown_by_the_authz_rule(client, login, make):
    sup = make.user(Role.SUPERVISOR)
    a, b = make.user(Role.TRAINEE, name="Ada"), make.user(Role.TRAINEE, name="Bea")
    make.assign(sup, a)
    make.assign(sup, b)
    sess = make.session(sup, a, b)
    about_a = make.flag(sess, FlagKind.WORKLOAD, a, "ZQ-ABOUT-ADA")
    about_b = make.flag(sess, FlagKind.WORKLOAD, b, "ZQ-ABOUT-BEA")
    whole = make.flag(sess, FlagKind.SUPERVISION_NOT_RESOURCED, None, "ZQ-WHOLE")
    assert authz.may_see_flag(a, sess, about_a) and authz.may_see_flag(a, sess, whole)
    assert not authz.may_see_flag(a, sess, about_b)
    assert all(authz.may_see_flag(sup, sess, f) for f in (about_a, about_b, whole))
    login(a)
    page = client.get(f"/supervision/sessions/{sess.id}").get_data(as_text=True)
    assert "ZQ-ABOUT-ADA" in page and "ZQ-WHOLE" in page and "ZQ-ABOUT-BEA" not in page


# --- audits of restored drafts -------------------------------------------------------------


def restores() -> list[AuditEvent]:
    db.session.expire_all()
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == "draft_restore")).all()


def draft_id(key: str) -> str:
    return str(db.session.scalar(select(NoteDraft.id).where(NoteDraft.key == key)))


def test_restoring_a_draft_into_a_form_is_audited_without_its_text(client, login, make):
    sup, worker = make.user(Role.SUPERVISOR), make.user(Role.TRAINEE)
    make.assign(sup, worker)
    sess = make.session(sup, worker)
    login(sup)
    for url in ("/supervision/sessions/new", "/supervision/sessions/cancel"):
        client.get(url)
    client.get(f"/supervision/sessions/{sess.id}")
    client.get(f"/supervision/sessions/{sess.id}/edit")
    assert restores() == []  # nothing kept, nothing restored

    kept = {
        "new": {"what_happened": "ZQ-RESTORE-NEW"},
        "cancel": {"cancel_note": "ZQ-RESTORE-CANCEL"},
        f"edit-{sess.id}": {"version": "1", "what_happened": "ZQ-RESTORE-EDIT"},
        f"addendum-{sess.id}": {"text": "ZQ-RESTORE-ADD"},
    }
    for key, data in kept.items():
        assert client.post(f"/supervision/drafts/{key}", data=data, headers=JSON).status_code == 200
    pages = {
        "session:new": "/supervision/sessions/new",
        "session:cancel": "/supervision/sessions/cancel",
        f"session:{sess.id}:edit": f"/supervision/sessions/{sess.id}/edit",
        f"session:{sess.id}:addendum": f"/supervision/sessions/{sess.id}",
    }
    for stored, url in pages.items():
        seen = len(restores())
        assert "ZQ-RESTORE-" in client.get(url).get_data(as_text=True)
        (event,) = restores()[seen:]
        assert event.record_type == "note_draft" and event.record_id == draft_id(stored)
        assert event.actor_id == sup.id and event.detail is None
    client.post("/auth/logout")

    login(worker)
    client.post(f"/supervision/drafts/reflection-{sess.id}", data={"reflection": "ZQ-R"})
    seen = len(restores())
    assert "ZQ-R" in client.get(f"/supervision/sessions/{sess.id}").get_data(as_text=True)
    (event,) = restores()[seen:]
    assert event.record_id == draft_id(f"session:{sess.id}:reflection")
    assert event.actor_id == worker.id
    assert not any("ZQ-" in (e.detail or "") for e in db.session.scalars(select(AuditEvent)))


def test_supervision_forms_use_the_shared_multi_checkbox_field():
    assert not hasattr(supervision_fields, "MultiCheckboxField")
    for form, name in ((SessionForm, "topics"), (SessionForm, "supervisees")):
        assert getattr(form, name).field_class is MultiCheckboxField
    assert CancelForm.supervisees.field_class is MultiCheckboxField
    assert EditForm.topics.field_class is MultiCheckboxField


def test_a_rescue_after_an_ended_login_sits_beside_the_autosaved_draft(client, login, make):
    sup, worker = make.user(Role.SUPERVISOR), make.user(Role.TRAINEE)
    make.assign(sup, worker)
    sess = make.session(sup, worker)
    login(worker)
    rescue = rescue_from(client, f"/supervision/sessions/{sess.id}")
    url = f"/supervision/drafts/reflection-{sess.id}"
    assert client.post(url, data={"reflection": "Autosaved ZQ-AUTO"}, headers=JSON).json["saved"]
    db.session.execute(update(UserSession).values(last_seen_at=utcnow() - timedelta(hours=2)))
    db.session.commit()
    posted = {"reflection": "Sent as the login ended ZQ-SENT", "rescue_token": rescue}
    response = client.post(f"/supervision/sessions/{sess.id}/reflection", data=posted)
    assert response.headers["Location"].startswith("/auth/login")
    db.session.expire_all()
    assert {d.key: d.payload for d in db.session.scalars(select(NoteDraft))} == {
        f"session:{sess.id}:reflection": {"reflection": ["Autosaved ZQ-AUTO"]},
        f"session:{sess.id}:reflection:rescued": {
            "reflection": ["Sent as the login ended ZQ-SENT"]
        },
    }
    login(worker)
    page = client.get(f"/supervision/sessions/{sess.id}").get_data(as_text=True)
    assert "\nSent as the login ended ZQ-SENT</textarea>" in page
    assert "You also have an autosaved draft" in page and "ZQ-AUTO" in page
    assert len(restores()) == 2  # both versions were shown, both audited
