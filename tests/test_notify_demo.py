"""The demo seed leaves notifications for the trainee, the supervisor and the manager."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from peertrain.clock import today
from peertrain.demo import DEMO_PASSWORD, seed_demo
from peertrain.extensions import db
from peertrain.models import Notification, User
from peertrain.notify.run import send


def test_each_demo_role_finds_notifications_waiting(app, client):
    seed_demo()
    kinds_of = {}
    for email in ("amara", "sam", "morgan"):
        user = db.session.scalar(select(User).where(User.email == f"{email}@demo.peertrain.org"))
        kinds_of[email] = Counter(
            db.session.scalars(select(Notification.kind).where(Notification.user_id == user.id))
        )
    assert kinds_of["morgan"]["findings_digest"] == 1
    assert sum(kinds_of["amara"].values()) >= 1 and sum(kinds_of["sam"].values()) >= 1
    every = Counter(db.session.scalars(select(Notification.kind)))
    assert {"record_to_acknowledge", "supervision_overdue", "findings_digest"} <= set(every)
    # Seeded as the real code sends: running today's reminders again adds nothing.
    assert send(today()).reminders == []
    # And the trainee's header says how many wait.
    client.post(
        "/auth/login", data={"email": "amara@demo.peertrain.org", "password": DEMO_PASSWORD}
    )
    html = client.get("/notifications/").get_data(as_text=True)
    n = sum(kinds_of["amara"].values())
    assert f'Notifications <span class="badge info">{n}<span' in html
