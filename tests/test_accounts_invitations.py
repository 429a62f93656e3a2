"""Invitations: sent on creation (admin form, CLI), single use, 7 days, re-send, revoke, state."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from peertrain.accounts import invitations
from peertrain.auth.services import find_user_by_email
from peertrain.extensions import db
from peertrain.models import AccountToken, AuditEvent, Role, TokenPurpose, UserSession
from peertrain.passwords import verify_password

from .accounts_helpers import last_link, messages

NEW = "my own chosen passphrase"


def _admin_creates(client, email="newbie@example.org", **extra):
    data = {
        "name": "Nia Newbie",
        "email": email,
        "role_choices": ["trainee"],
        "fte": "1.0",
        "certification_stage": "in_training",
        "active": "y",
        "new_password": "",
    } | extra
    return client.post("/admin/admin_users/new/", data=data)


def _actions(user_id: int) -> list[str]:
    stmt = select(AuditEvent.action).where(AuditEvent.record_id == str(user_id))
    return list(db.session.scalars(stmt.order_by(AuditEvent.id)))


def test_admin_form_without_password_sends_an_invitation(client, make, login):
    admin = make.user(Role.ADMIN)
    login(admin)
    response = _admin_creates(client)
    assert response.status_code == 302
    user = find_user_by_email("newbie@example.org")
    assert user.password_hash is None
    sent = messages(user.email, "invitation")
    assert len(sent) == 1 and sent[0].subject == "You are invited to PeerTrain"
    assert "Nia Newbie" in sent[0].body_text and "7 days" in sent[0].body_text
    state = invitations.state(user.id)
    assert state.state is invitations.InvitationState.PENDING
    assert state.expires_at - state.sent_at == timedelta(days=7)
    listing = client.get("/admin/admin_users/").get_data(as_text=True)
    assert "pending, sent" in listing
    assert "invitation_sent" in _actions(user.id)


def test_admin_form_with_password_sends_no_invitation(client, make, login):
    login(make.user(Role.ADMIN))
    _admin_creates(client, email="haspw@example.org", new_password="a fine long passphrase")
    user = find_user_by_email("haspw@example.org")
    assert user.password_hash and messages(user.email, "invitation") == []


def test_accepting_sets_password_signs_in_and_is_single_use(app, client, make):
    user = make.user(Role.TRAINEE, email="accept@example.org", name="Ada Accept", password="x" * 12)
    user.password_hash = None
    db.session.commit()
    invitations.invite(user)
    db.session.commit()
    link = last_link(user.email, "invitation")
    page = client.get(link).get_data(as_text=True)
    assert "Welcome to PeerTrain" in page and "accept@example.org" in page
    done = client.post(link, data={"password": NEW, "confirm": NEW})
    assert done.status_code == 302 and done.headers["Location"] == "/"
    assert client.get("/trainee").status_code == 200  # signed in
    db.session.expire_all()
    assert verify_password(find_user_by_email(user.email).password_hash, NEW)
    assert invitations.state(user.id).state is invitations.InvitationState.ACCEPTED
    assert "invitation_accepted" in _actions(user.id)
    other = app.test_client()
    again = other.post(link, data={"password": "someone else's pass", "confirm": "x"})
    assert again.status_code == 404 and "no longer works" in again.get_data(as_text=True)


def test_invitation_form_keeps_the_password_rules(client, make):
    user = make.user(Role.TRAINEE, email="ruled@example.org", name="Rory Ruled")
    invitations.invite(user)
    db.session.commit()
    link = last_link(user.email, "invitation")
    named = client.post(link, data={"password": "roryruled is me", "confirm": "roryruled is me"})
    assert named.status_code == 400
    assert "include your name or email address" in named.get_data(as_text=True)
    assert invitations.state(user.id).state is invitations.InvitationState.PENDING


def test_expired_invitation_refused_and_shown_expired(client, make):
    user = make.user(Role.TRAINEE, email="expired@example.org")
    row = invitations.invite(user)
    db.session.commit()
    link = last_link(user.email, "invitation")
    row.expires_at = row.sent_at - timedelta(seconds=1)
    db.session.commit()
    assert client.get(link).status_code == 404
    assert invitations.state(user.id).state is invitations.InvitationState.EXPIRED


def test_tampered_invitation_refused(client, make):
    user = make.user(Role.TRAINEE, email="tamp@example.org")
    invitations.invite(user)
    db.session.commit()
    link = last_link(user.email, "invitation")
    for bad in (link[:-1] + ("x" if link[-1] != "x" else "y"), link[:-2], link + "a"):
        assert client.get(bad).status_code == 404
    row = db.session.scalar(select(AccountToken).where(AccountToken.user_id == user.id))
    assert link.rsplit("/", 1)[1] not in row.token_hash  # only the hash is stored


def test_resend_replaces_the_link_and_revoke_kills_it(client, make, login):
    admin = make.user(Role.ADMIN)
    user = make.user(Role.TRAINEE, email="resend@example.org", name="Ren Resend")
    invitations.invite(user)
    db.session.commit()
    first = last_link(user.email, "invitation")
    login(admin)
    page = client.get("/admin/admin_invitations/").get_data(as_text=True)
    assert "Ren Resend" in page and "pending" in page
    assert client.post(f"/admin/admin_invitations/{user.id}/resend").status_code == 302
    second = last_link(user.email, "invitation")
    assert first != second and len(messages(user.email, "invitation")) == 2
    anon = client.application.test_client()
    assert anon.get(first).status_code == 404 and anon.get(second).status_code == 200
    assert client.post(f"/admin/admin_invitations/{user.id}/revoke").status_code == 302
    assert anon.get(second).status_code == 404
    assert invitations.state(user.id).state is invitations.InvitationState.REVOKED
    page = client.get("/admin/admin_invitations/").get_data(as_text=True)
    assert "revoked" in page
    second_revoke = client.post(f"/admin/admin_invitations/{user.id}/revoke", follow_redirects=True)
    assert "There is no pending invitation to revoke." in second_revoke.get_data(as_text=True)
    actions = _actions(user.id)
    assert actions.count("invitation_sent") == 2 and "invitation_revoked" in actions


def test_resend_refused_once_accepted(client, make, login):
    user = make.user(Role.TRAINEE, email="done@example.org")
    row = invitations.invite(user)
    db.session.commit()
    row.used_at = row.sent_at
    db.session.commit()
    login(make.user(Role.ADMIN))
    answer = client.post(f"/admin/admin_invitations/{user.id}/resend", follow_redirects=True)
    assert "already accepted" in answer.get_data(as_text=True)
    assert len(messages(user.email, "invitation")) == 1


def test_accepting_ends_other_sessions(app, client, make):
    user = make.user(Role.TRAINEE, email="sessions@example.org")
    before = app.test_client()
    before.post(
        "/auth/login", data={"email": user.email, "password": "correct horse battery staple"}
    )
    invitations.invite(user)
    db.session.commit()
    client.post(last_link(user.email, "invitation"), data={"password": NEW, "confirm": NEW})
    live = db.session.scalars(
        select(UserSession).where(UserSession.user_id == user.id, UserSession.revoked_at.is_(None))
    ).all()
    assert len(live) == 1  # only the session the acceptance just started
    assert before.get("/trainee").status_code == 302


def test_cli_create_with_invite(app, make):
    runner = app.test_cli_runner()
    args = ["users", "create", "--email", "Cli@Example.org", "--name", "Cli Person"]
    result = runner.invoke(args=args + ["--role", "trainee", "--invite"])
    assert result.exit_code == 0, result.output
    assert "invitation to choose a password is queued" in result.output
    user = find_user_by_email("cli@example.org")
    assert user.password_hash is None
    assert len(messages("cli@example.org", "invitation")) == 1
    both = runner.invoke(
        args=args[:3]
        + ["other@example.org", "--name", "O", "--role", "trainee", "--invite"]
        + ["--password", "a long admin passphrase"]
    )
    assert both.exit_code != 0 and "not both" in both.output


def test_links_come_from_public_base_url_not_the_host_header(app, make):
    app.config["PUBLIC_BASE_URL"] = "https://peertrain.example.net"
    user = make.user(Role.TRAINEE, email="host@example.org")
    invitations.invite(user)
    db.session.commit()
    body = messages(user.email, "invitation")[0].body_text
    assert "https://peertrain.example.net/account/invitation/" in body
    assert (
        db.session.scalar(select(AccountToken.purpose).where(AccountToken.user_id == user.id))
        is TokenPurpose.INVITATION
    )


def test_demo_seed_shows_the_admin_a_pending_invitation(app, client):
    from peertrain.demo import seed_demo
    from peertrain.demo.onboarding import INVITED_EMAIL

    seed_demo()
    user = find_user_by_email(INVITED_EMAIL)
    assert user.password_hash is None
    assert invitations.state(user.id).state is invitations.InvitationState.PENDING
    client.post(
        "/auth/login",
        data={"email": "admin@demo.peertrain.org", "password": "demo-recovery-journey"},
    )
    page = client.get("/admin/admin_invitations/").get_data(as_text=True)
    assert "Quinn Park" in page and "pending" in page
    assert len(messages(INVITED_EMAIL, "invitation")) == 1


def test_an_invitation_never_stands_in_for_the_second_factor(client, make):
    from .factories_mfa import enrol

    user = make.user(Role.MANAGER, email="twostep@example.org")
    enrol(user)
    invitations.invite(user)
    db.session.commit()
    done = client.post(last_link(user.email, "invitation"), data={"password": NEW, "confirm": NEW})
    assert done.status_code == 302 and done.headers["Location"].endswith("/auth/login")
    assert client.get("/manager").status_code == 302  # not signed in
    db.session.expire_all()
    assert verify_password(find_user_by_email(user.email).password_hash, NEW)
