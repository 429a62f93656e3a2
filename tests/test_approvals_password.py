"""An admin never sets the password of an account that has signed in: they send a reset link.
A never-used account may be given one (waiting for approval with two admins, stored only as a
hash meanwhile), and its audit event carries the new account's id."""

from __future__ import annotations

from sqlalchemy import select

from peertrain.extensions import db
from peertrain.models import Role, User

from .approvals_helpers import (
    WAITS,
    decide,
    edit_user,
    events,
    new_user,
    pending,
    signed_in,
    two_admins,
)
from .mail_helpers import outbox

NEW = "a sturdy long passphrase"


def test_signed_in_account_has_no_password_field_and_gets_a_reset_link(app, make):
    admin = make.user(Role.ADMIN)
    worker = make.user(Role.TRAINEE, name="Wren Worker")
    signed_in(app, worker)
    client = signed_in(app, admin)
    page = client.get(f"/admin/admin_users/edit/?id={worker.id}").get_data(as_text=True)
    assert 'name="new_password"' not in page
    assert "Wren Worker has signed in, so only they set their password" in page
    assert f'action="/admin/admin_users/reset-link/{worker.id}"' in page
    page = client.post(f"/admin/admin_users/reset-link/{worker.id}", follow_redirects=True)
    assert f"A reset link has been sent to {worker.email}." in page.get_data(as_text=True)
    [mail] = [m for m in outbox() if m.kind == "password_reset"]
    assert mail.recipient == worker.email and "/account/reset/" in mail.body_text
    [sent] = events("admin_send_reset")
    assert (sent.actor_id, sent.record_type, sent.record_id) == (admin.id, "user", str(worker.id))


def test_posting_a_password_for_a_signed_in_account_is_refused(app, make):
    admin = make.user(Role.ADMIN)
    worker = make.user(Role.TRAINEE)
    signed_in(app, worker)
    before = worker.password_hash
    page = edit_user(signed_in(app, admin), worker, new_password=NEW).get_data(as_text=True)
    assert "only they set their password: send them a reset link instead" in page
    db.session.expire_all()
    assert db.session.get(User, worker.id).password_hash == before
    assert events("admin_set_password") == []
    refused = app.test_client().post("/auth/login", data={"email": worker.email, "password": NEW})
    assert refused.status_code != 302


def test_an_admin_edits_their_own_account_without_a_password_field(app, make):
    admin = make.user(Role.ADMIN)
    page = signed_in(app, admin).get(f"/admin/admin_users/edit/?id={admin.id}")
    assert 'name="new_password"' not in page.get_data(as_text=True)


def test_one_admin_sets_a_new_accounts_password_with_its_id_audited(app, make):
    admin = make.user(Role.ADMIN)
    new_user(signed_in(app, admin), new_password=NEW)
    user = db.session.scalar(select(User).where(User.email == "new.person@example.org"))
    [event] = events("admin_set_password")
    assert (event.actor_id, event.record_type, event.record_id) == (admin.id, "user", str(user.id))
    [note] = events("access_granted")
    assert note.record_id == str(user.id)
    assert signed_in(app, user, NEW).get("/").status_code == 302


def test_never_signed_in_account_keeps_the_password_field(app, make):
    admin = make.user(Role.ADMIN)
    fresh = make.user(Role.TRAINEE)
    page = signed_in(app, admin).get(f"/admin/admin_users/edit/?id={fresh.id}")
    assert 'name="new_password"' in page.get_data(as_text=True)


def test_two_admins_a_new_accounts_password_waits_stored_as_a_hash(app, make):
    ari, ari_client, _, bo_client = two_admins(app, make)
    page = new_user(ari_client, new_password=NEW).get_data(as_text=True)
    assert WAITS in page
    user = db.session.scalar(select(User).where(User.email == "new.person@example.org"))
    assert user.password_hash is None
    assert not [m for m in outbox() if m.kind == "invitation"]  # the password is on its way
    [change] = pending()
    assert change.kind == "password" and change.grantee_id == ari.id
    assert NEW not in str(change.payload)
    assert change.payload["password_hash"].startswith("$argon2id$")
    assert events("admin_set_password") == []
    decide(bo_client, change)
    [event] = events("admin_set_password")
    assert event.record_id == str(user.id)
    assert signed_in(app, db.session.get(User, user.id), NEW).get("/").status_code == 302


def test_approving_a_password_after_the_person_signed_in_is_refused(app, make):
    _, ari_client, _, bo_client = two_admins(app, make)
    fresh = make.user(Role.TRAINEE)
    edit_user(ari_client, fresh, new_password=NEW)
    [change] = pending()
    signed_in(app, fresh)  # the person signs in with their own password meanwhile
    page = decide(bo_client, change).get_data(as_text=True)
    assert "has signed in since: only they set their password now" in page
    assert pending()[0].decision is None
    refused = app.test_client().post("/auth/login", data={"email": fresh.email, "password": NEW})
    assert refused.status_code != 302
    [event] = [e for e in events("approval_approve") if e.outcome == "refused"]
    assert event.record_id == str(change.id)
