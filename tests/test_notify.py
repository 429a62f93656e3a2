"""notify(): in-app rows, mail by preference, dedupe keys, security kinds; the daily digest."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from peertrain.clock import today
from peertrain.extensions import db
from peertrain.models import DigestSent, Notification, OutboxMessage, Preference, Role
from peertrain.notify import deliver, kinds, notify
from peertrain.notify import digest as daily
from peertrain.notify.run import send


def outbox(user=None) -> list[OutboxMessage]:
    stmt = select(OutboxMessage).order_by(OutboxMessage.id)
    if user is not None:
        stmt = stmt.where(OutboxMessage.user_id == user.id)
    return list(db.session.scalars(stmt))


def prefer(user, kind: str, delivery: str) -> None:
    db.session.add(Preference(user_id=user.id, kind=kind, delivery=delivery))
    db.session.commit()


@pytest.fixture
def ana(make):
    return make.user(Role.TRAINEE, name="Ana Trainee")


def test_email_now_is_an_in_app_row_and_one_outbox_message(ana):
    row = notify(ana, "action_due", title="An action item is due on 4 Dec 2026", link="/x/1")
    db.session.commit()
    assert (row.user_id, row.kind, row.read_at, row.digest_pending) == (
        ana.id,
        "action_due",
        None,
        False,
    )
    [mail] = outbox()
    assert (mail.recipient, mail.user_id, mail.kind) == (ana.email, ana.id, "action_due")
    assert mail.subject == "An action item is due on 4 Dec 2026"
    assert "http://localhost:5000/x/1" in mail.body_text and "Ana Trainee" in mail.body_text
    assert 'href="http://localhost:5000/x/1"' in mail.body_html


def test_the_same_dedupe_key_twice_gives_none_and_no_second_mail(ana, make):
    other = make.user(Role.TRAINEE)
    assert notify(ana, "action_due", title="Due", link="/a", dedupe_key="k:1") is not None
    assert notify(ana, "action_due", title="Due", link="/a", dedupe_key="k:1") is None
    # The key is per person: someone else may have the same one.
    assert notify(other, "action_due", title="Due", link="/a", dedupe_key="k:1") is not None
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 2
    assert [m.user_id for m in outbox()] == [ana.id, other.id]


def test_a_race_lost_at_the_unique_constraint_is_none_and_keeps_the_rest(ana, monkeypatch):
    """Two hosts both pass the existence check; the constraint decides, in a savepoint."""
    import peertrain.notify as module

    first = notify(ana, "action_due", title="Due", link="/a", dedupe_key="race")
    monkeypatch.setattr(module, "already_sent", lambda *a: False)
    assert notify(ana, "action_due", title="Due", link="/a", dedupe_key="race") is None
    db.session.commit()
    assert db.session.scalars(select(Notification.id)).all() == [first.id]
    assert len(outbox()) == 1


def test_in_app_only_sends_no_mail_now_or_in_a_digest(ana):
    prefer(ana, "action_due", kinds.IN_APP)
    assert notify(ana, "action_due", title="Due", link="/a").digest_pending is False
    db.session.commit()
    assert daily.planned(today()) == [] and send(today()).digests == []
    assert outbox() == []


def test_digest_waits_for_the_daily_digest_once_a_day(ana):
    prefer(ana, "action_due", kinds.DIGEST)
    notify(ana, "action_due", title="First thing due", link="/a/1", dedupe_key="a1")
    notify(ana, "record_to_acknowledge", title="A record by email", link="/s/1")
    db.session.commit()
    [now] = outbox()
    assert now.kind == "record_to_acknowledge"  # only the email-now kind went at once

    day = today()
    assert [(d.user.id, d.count) for d in daily.planned(day)] == [(ana.id, 1)]
    assert [(d.user.id, d.count) for d in send(day).digests] == [(ana.id, 1)]
    digest_mail = outbox()[-1]
    assert digest_mail.kind == "digest" and "1 new notification" in digest_mail.subject
    assert "First thing due" in digest_mail.body_text
    assert "http://localhost:5000/a/1" in digest_mail.body_text
    assert "A record by email" not in digest_mail.body_text

    # Again today: nothing. A new one today waits for tomorrow's digest.
    notify(ana, "action_due", title="Second thing due", link="/a/2", dedupe_key="a2")
    db.session.commit()
    assert send(day).digests == [] and len(outbox()) == 2
    tomorrow = send(day + timedelta(days=1)).digests
    assert [(d.user.id, d.count) for d in tomorrow] == [(ana.id, 1)]
    assert "Second thing due" in outbox()[-1].body_text
    assert "First thing due" not in outbox()[-1].body_text
    assert send(day + timedelta(days=1)).digests == []
    days = db.session.scalars(select(DigestSent.day).order_by(DigestSent.day)).all()
    assert days == [day, day + timedelta(days=1)]


def test_a_day_already_claimed_by_another_host_sends_no_second_digest(ana):
    prefer(ana, "action_due", kinds.DIGEST)
    notify(ana, "action_due", title="Due", link="/a")
    db.session.add(DigestSent(user_id=ana.id, day=today()))  # the other host's claim
    db.session.commit()
    assert daily.send_one(ana, today()) == 0
    assert outbox() == []
    assert db.session.scalar(select(Notification.digest_pending)) is True


@pytest.mark.parametrize("kind", ["invitation", "password_reset", "new_sign_in_method"])
def test_security_kinds_always_go_by_email_whatever_is_stored(ana, kind):
    prefer(ana, kind, kinds.IN_APP)  # a stale or forged row
    assert kinds.get(kind).security and kinds.get(kind).default == kinds.EMAIL
    notify(ana, kind, title="Security message", link="/auth/login")
    db.session.commit()
    assert [m.kind for m in outbox()] == [kind]
    assert kind not in {k.kind for k in kinds.choosable()}


def test_a_security_kind_cannot_be_registered_with_another_delivery():
    entry = kinds.register("password_reset", "Password reset link", default="in_app", security=True)
    assert entry.default == kinds.EMAIL
    with pytest.raises(ValueError):
        kinds.register("action_due", "Something else")
    with pytest.raises(ValueError):
        kinds.register("brand_new", "New", default="pigeon")


def test_links_stay_inside_peertrain_and_kinds_must_be_registered(ana):
    for link in ("https://evil.example/", "//evil.example/", "javascript:alert(1)", "/\\evil"):
        with pytest.raises(ValueError):
            notify(ana, "action_due", title="Due", link=link)
    with pytest.raises(LookupError):
        notify(ana, "hours_awaiting_sign_off", title="Due", link="/a")
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 0


def test_an_inactive_person_gets_nothing_but_security_messages(make):
    gone = make.user(Role.TRAINEE, active=False)
    assert notify(gone, "action_due", title="Due", link="/a") is None
    assert notify(gone, "password_reset", title="Reset", link="/auth/login") is not None
    db.session.commit()
    assert [m.kind for m in outbox()] == ["password_reset"]


def test_a_rolled_back_change_leaves_no_notification_and_no_mail(ana):
    notify(ana, "action_due", title="Due", link="/a", dedupe_key="gone")
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 0
    assert outbox() == []


def test_deliver_uses_the_kinds_own_template_with_its_context(make):
    boss = make.user(Role.MANAGER, name="Mo Manager")
    deliver(
        boss,
        "findings_digest",
        title="Weekly findings for your teams: 0 findings (2026-W49)",
        link="/reports/",
        template="findings_digest",
        context={"period": "1 Sept to 30 Nov", "total": 0, "by_kind": [], "by_team": []},
    )
    db.session.commit()
    [mail] = outbox()
    assert "No findings this week." in mail.body_text and "1 Sept to 30 Nov" in mail.body_html
