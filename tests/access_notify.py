"""Access-table rows for the notification routes, and the records their URLs need."""

from __future__ import annotations

from peertrain.extensions import db
from peertrain.models import Notification

from .access import LOGIN, signed_in

ROWS: dict = {
    ("GET", "/notifications/"): signed_in(200),
    # The trainee's own notification: opened (and marked read) it redirects to its record; to
    # anyone else it does not exist (an audited refusal, see tests/test_notify_pages.py).
    ("GET", "/notifications/<int:notification_id>"): {
        "anon": LOGIN,
        "trainee": 302,
        "supervisor": 404,
        "manager": 404,
        "admin": 404,
    },
    ("POST", "/notifications/read-all"): signed_in(302),
    ("GET", "/notifications/preferences"): signed_in(200),
    # Posted empty: every choice missing, re-shown with the message next to each (400).
    ("POST", "/notifications/preferences"): signed_in(400),
}


def setup(world: dict, make) -> dict:
    trainee = world["people"]["trainee"]
    row = Notification(
        user_id=trainee.id, kind="action_due", title="An action item is due", link="/training/"
    )
    db.session.add(row)
    db.session.commit()
    return {"notification_id": row.id}
