"""Editing within the window, history kept, addenda afterwards, and the optimistic-lock conflict."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from peertrain.clock import today, utcnow
from peertrain.extensions import db
from peertrain.models import (
    AuditEvent,
    NoteDraft,
    Role,
    SessionAddendum,
    SessionRevision,
    Setting,
    SupervisionSession,
)
from peertrain.supervision import form_entries, queries, services
from peertrain.supervision.forms import EditForm

from .factories import PASSWORD

ORIGINAL = "Original account of the shift ZQ-ORIG"


@pytest.fixture
def world(make):
    team = make.team()
    sup = make.user(Role.SUPERVISOR, team=team, name="Jo Sup")
    worker = make.user(Role.TRAINEE, team=team, name="Isla")
    make.assign(sup, worker)
    sess = make.session(sup, worker, what_happened=ORIGINAL, topics=["ethics"])
    return {"sup": sup, "worker": worker, "sess": sess, "other": make.user(Role.SUPERVISOR)}


def edit_data(sess, version, **over) -> dict:
    data = {
        "version": str(version),
        "held_on": sess.held_on.isoformat(),
        "minutes": str(sess.minutes),
        "setting": "in_person",
        "topics": ["ethics"],
        "what_happened": sess.what_happened,
        "what_it_meant": sess.what_it_meant,
        "what_next": sess.what_next,
    }
    data.update(over)
    return data


def signed_in_client(app, user):
    c = app.test_client()
    c.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    return c


def revisions(session_id):
    return db.session.scalars(
        select(SessionRevision).where(SessionRevision.session_id == session_id)
    ).all()


def test_edit_keeps_the_earlier_text_with_who_and_when(client, login, world):
    sess, sup = world["sess"], world["sup"]
    login(sup)
    page = client.get(f"/supervision/sessions/{sess.id}/edit").get_data(as_text=True)
    assert ORIGINAL in page and 'name="version" type="hidden" value="1"' in page
    new_text = "Corrected account ZQ-NEW"
    response = client.post(
        f"/supervision/sessions/{sess.id}/edit",
        data=edit_data(sess, 1, what_happened=new_text, topics=["ethics", "boundaries"]),
    )
    assert response.status_code == 302
    db.session.expire_all()
    sess = db.session.get(SupervisionSession, sess.id)
    assert (sess.what_happened, sess.version, sess.updated_by_id) == (new_text, 2, sup.id)
    assert sess.topics == ["boundaries", "ethics"]
    (rev,) = revisions(sess.id)
    assert (rev.version, rev.edited_by_id) == (1, sup.id)
    assert rev.snapshot["what_happened"] == ORIGINAL and rev.snapshot["topics"] == ["ethics"]
    update_event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "update"))
    assert update_event.outcome == "success" and update_event.detail is None

    page = client.get(f"/supervision/sessions/{sess.id}").get_data(as_text=True)
    assert new_text in page and ORIGINAL not in page and "Read version 1" in page
    # The supervisee may read the earlier text too; another supervisor may not.
    client.post("/auth/logout")
    login(world["worker"])
    url = f"/supervision/sessions/{sess.id}/revisions/{rev.id}"
    response = client.get(url)
    assert response.status_code == 200 and ORIGINAL in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).where(AuditEvent.action == "view_revision")) == 1
    client.post("/auth/logout")
    login(world["other"])
    assert client.get(url).status_code == 403


def test_a_save_without_changes_makes_no_revision(client, login, world):
    sess = world["sess"]
    login(world["sup"])
    response = client.post(f"/supervision/sessions/{sess.id}/edit", data=edit_data(sess, 1))
    assert response.status_code == 302
    assert not revisions(sess.id)
    assert db.session.get(SupervisionSession, sess.id).version == 1


def test_bad_edit_keeps_the_typed_text(client, login, world):
    sess = world["sess"]
    login(world["sup"])
    data = edit_data(sess, 1, minutes="0", what_happened="Kept through errors ZQ-K")
    response = client.post(f"/supervision/sessions/{sess.id}/edit", data=data)
    assert response.status_code == 400
    assert "Kept through errors ZQ-K" in response.get_data(as_text=True)
    assert not revisions(sess.id)


def test_only_the_author_edits(client, login, world):
    sess = world["sess"]
    for user in (world["worker"], world["other"]):
        login(user)
        assert client.get(f"/supervision/sessions/{sess.id}/edit").status_code == 403
        assert (
            client.post(
                f"/supervision/sessions/{sess.id}/edit", data=edit_data(sess, 1)
            ).status_code
            == 403
        )
        assert (
            client.post(f"/supervision/sessions/{sess.id}/addenda", data={"text": "x"}).status_code
            == 403
        )
        client.post("/auth/logout")
    assert db.session.scalar(select(func.count()).select_from(SessionAddendum)) == 0


def test_two_people_saving_the_same_record_get_a_conflict_page_not_a_lost_edit(app, world):
    sess, sup = world["sess"], world["sup"]
    laptop = signed_in_client(app, sup)
    tablet = signed_in_client(app, sup)
    url = f"/supervision/sessions/{sess.id}/edit"
    assert 'value="1"' in laptop.get(url).get_data(as_text=True)
    assert 'value="1"' in tablet.get(url).get_data(as_text=True)

    theirs = "Saved first from the tablet ZQ-TABLET"
    assert tablet.post(url, data=edit_data(sess, 1, what_happened=theirs)).status_code == 302

    yours = "Long careful rewrite from the laptop ZQ-LAPTOP " * 40
    response = laptop.post(url, data=edit_data(sess, 1, what_happened=yours, what_next="ZQ-NXT"))
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Your changes have not been saved yet" in page
    assert re.search(r'<textarea id="theirs-what_happened" readonly[^>]*>\s*' + theirs, page)
    assert yours.strip() in page and "ZQ-NXT" in page  # yours, still editable
    assert 'name="version" type="hidden" value="2"' in page  # based on theirs now
    db.session.expire_all()
    assert db.session.get(SupervisionSession, sess.id).what_happened == theirs
    # The unsaved text is also a draft, in case the page is closed.
    draft = db.session.scalar(select(NoteDraft).where(NoteDraft.key == f"session:{sess.id}:edit"))
    assert draft.payload["what_happened"] == [yours]
    assert (
        db.session.scalar(
            select(func.count()).where(
                AuditEvent.action == "update", AuditEvent.outcome == "conflict"
            )
        )
        == 1
    )

    # Saving again from the conflict page is a deliberate overwrite; both earlier texts are kept.
    response = laptop.post(url, data=edit_data(sess, 2, what_happened=yours, what_next="ZQ-NXT"))
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(SupervisionSession, sess.id).what_happened == yours.strip()
    assert sorted(r.snapshot["what_happened"] for r in revisions(sess.id)) == sorted(
        [ORIGINAL, theirs]
    )
    assert db.session.scalar(select(func.count()).select_from(NoteDraft)) == 0


def test_a_save_racing_between_read_and_write_is_a_conflict_too(app, world):
    sess, sup = world["sess"], world["sup"]
    with app.test_request_context(
        method="POST", data=edit_data(sess, 1, what_happened="Mine ZQ-RACE")
    ):
        form = EditForm()
        assert form.validate()
        stale = db.session.get(SupervisionSession, sess.id)
        # Another worker process saves after we loaded the row but before we write.
        with db.engine.begin() as other_process:
            other_process.execute(
                update(SupervisionSession.__table__)
                .where(SupervisionSession.__table__.c.id == sess.id)
                .values(version=2, what_happened="Theirs")
            )
        result = services.edit_session(
            sup, stale, form_entries.edit(form), {"what_happened": ["Mine ZQ-RACE"]}
        )
    assert result == services.CONFLICT
    db.session.expire_all()
    assert db.session.get(SupervisionSession, sess.id).what_happened == "Theirs"
    assert not revisions(sess.id)
    assert db.session.scalar(select(NoteDraft.payload)) == {"what_happened": ["Mine ZQ-RACE"]}


def test_after_the_window_only_addenda(client, login, world, make):
    old = make.session(
        world["sup"],
        world["worker"],
        what_happened=ORIGINAL,
        created_at=utcnow() - timedelta(days=8),
        held_on=today() - timedelta(days=9),
    )
    login(world["sup"])
    response = client.get(f"/supervision/sessions/{old.id}/edit")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/supervision/sessions/{old.id}#addendum"
    page = client.get(f"/supervision/sessions/{old.id}").get_data(as_text=True)
    assert "Editing closed on" in page and "Edit the record" not in page

    response = client.post(f"/supervision/sessions/{old.id}/addenda", data={"text": "   "})
    assert response.status_code == 400
    assert "Write the addendum before adding it" in response.get_data(as_text=True)
    text = "Correction: the session was 50 minutes, not 60 ZQ-ADD"
    response = client.post(f"/supervision/sessions/{old.id}/addenda", data={"text": text})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(SupervisionSession, old.id).what_happened == ORIGINAL
    assert db.session.get(SupervisionSession, old.id).version == 1  # addenda do not bump it
    assert "ZQ-ADD" in client.get(f"/supervision/sessions/{old.id}").get_data(as_text=True)
    client.post("/auth/logout")
    login(world["worker"])
    assert "ZQ-ADD" in client.get(f"/supervision/sessions/{old.id}").get_data(as_text=True)


def test_window_closing_mid_edit_turns_the_changes_into_a_drafted_addendum(client, login, world):
    sess = world["sess"]
    login(world["sup"])
    assert client.get(f"/supervision/sessions/{sess.id}/edit").status_code == 200
    db.session.execute(
        update(SupervisionSession)
        .where(SupervisionSession.id == sess.id)
        .values(created_at=utcnow() - timedelta(days=7, minutes=1))
    )
    db.session.commit()
    late = "Late change typed for an hour ZQ-LATE"
    response = client.post(
        f"/supervision/sessions/{sess.id}/edit", data=edit_data(sess, 1, what_happened=late)
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "editing window closed while you were writing" in page
    assert "Draft restored" in page and late in page  # waiting in the addendum box
    db.session.expire_all()
    assert db.session.get(SupervisionSession, sess.id).what_happened == ORIGINAL


def test_the_window_follows_the_admin_target(client, login, world, make):
    db.session.add(Setting(key="session_edit_days", value="1"))
    db.session.commit()
    sess = make.session(world["sup"], world["worker"], created_at=utcnow() - timedelta(days=2))
    assert not services.edit_window_open(sess)
    assert services.edit_window_open(world["sess"])


def test_cancelled_sessions_take_addenda_not_edits(client, login, world, make):
    gone = make.cancelled(world["sup"], world["worker"])
    login(world["sup"])
    response = client.get(f"/supervision/sessions/{gone.id}/edit", follow_redirects=True)
    assert "A cancelled session is not edited" in response.get_data(as_text=True)


def test_history_lists_each_revision(client, login, world):
    sess = world["sess"]
    login(world["sup"])
    for n, text in enumerate(["Second ZQ-2", "Third ZQ-3"], start=1):
        data = edit_data(sess, n, what_happened=text)
        assert client.post(f"/supervision/sessions/{sess.id}/edit", data=data).status_code == 302
    history = queries.revisions_of(sess.id)
    assert [r.version for r in history] == [2, 1]
    assert [r.snapshot["what_happened"] for r in history] == ["Second ZQ-2", ORIGINAL]


def test_an_edit_draft_stranded_by_the_window_closing_moves_to_the_addendum(client, login, world):
    sess = world["sess"]
    login(world["sup"])
    client.post(f"/supervision/drafts/addendum-{sess.id}", data={"text": "Half an addendum"})
    client.post(
        f"/supervision/drafts/edit-{sess.id}",
        data=edit_data(sess, 1, what_happened="Edit typed before the weekend ZQ-WKND"),
    )
    db.session.execute(
        update(SupervisionSession)
        .where(SupervisionSession.id == sess.id)
        .values(created_at=utcnow() - timedelta(days=8))
    )
    db.session.commit()

    def kept():
        db.session.expire_all()
        return {d.key: d.payload for d in db.session.scalars(select(NoteDraft))}

    def draft_writes():
        changes = ["draft_save", "draft_rescue", "draft_discard"]
        return db.session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action.in_(changes))
        )

    before, writes = kept(), draft_writes()
    # A GET writes nothing: the kept edits are only offered, with a button that POSTs.
    response = client.get(f"/supervision/sessions/{sess.id}/edit", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Unsaved edits kept" in page and "Move my edits into the addendum" in page
    assert "Half an addendum" in page  # the addendum draft itself is restored as before
    assert kept() == before
    assert set(before) == {f"session:{sess.id}:addendum", f"session:{sess.id}:edit"}
    assert draft_writes() == writes

    response = client.post(f"/supervision/sessions/{sess.id}/edit", data={"stranded": "1"})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Draft restored" in page and "ZQ-WKND" in page and "Half an addendum" in page
    assert "Unsaved edits kept" not in page
    (text,) = kept()[f"session:{sess.id}:addendum"]["text"]
    assert text.index("Half an addendum") < text.index("ZQ-WKND")
    assert list(kept()) == [f"session:{sess.id}:addendum"]
    # Pressing the button twice (or a stale page) changes nothing more.
    client.post(f"/supervision/sessions/{sess.id}/edit", data={"stranded": "1"})
    assert kept()[f"session:{sess.id}:addendum"]["text"] == [text]
