"""Access-table rows for the supervision feature's routes, and the records their URLs need.

The world's supervisor wrote the session and its trainee is in it: the session's pages answer
those two and refuse the manager of the trainee's own team and the admin (notes are private).
"""

from __future__ import annotations

from peertrain.extensions import db
from peertrain.models import SessionRevision

from .access import LOGIN, everyone, only, signed_in  # noqa: F401

S = "/supervision"
ONE = S + "/sessions/<int:session_id>"

ROWS: dict = {
    ("GET", S + "/"): only("supervisor"),
    ("GET", S + "/sessions"): only("supervisor"),
    ("GET", S + "/sessions/new"): only("supervisor"),
    ("POST", S + "/sessions/new"): only("supervisor", status=400),
    ("GET", S + "/sessions/cancel"): only("supervisor"),
    ("POST", S + "/sessions/cancel"): only("supervisor", status=400),
    ("GET", ONE): only("trainee", "supervisor"),
    ("GET", ONE + "/edit"): only("supervisor"),
    ("POST", ONE + "/edit"): only("supervisor", status=400),
    ("GET", ONE + "/revisions/<int:session_revision_id>"): only("trainee", "supervisor"),
    ("POST", ONE + "/addenda"): only("supervisor", status=400),
    ("POST", ONE + "/reflection"): only("trainee", status=400),
    ("POST", ONE + "/acknowledge"): only("trainee", status=302),
    ("POST", ONE + "/actions"): only("supervisor", status=400),
    ("POST", ONE + "/flags"): only("supervisor", status=400),
    ("POST", S + "/actions/<int:action_item_id>/done"): only("trainee", "supervisor", status=302),
    ("GET", S + "/mine"): only("trainee"),
    ("POST", S + "/drafts/<draft_key>"): only("supervisor"),
    ("POST", S + "/drafts/<draft_key>/discard"): only("supervisor", status=302),
}


def setup(world: dict, make) -> dict:
    """A session by the world's supervisor with its trainee, one earlier revision, one action."""
    people = world["people"]
    sess = make.session(people["supervisor"], people["trainee"])
    rev = SessionRevision(
        session_id=sess.id,
        version=1,
        edited_by_id=people["supervisor"].id,
        snapshot={"held_on": sess.held_on.isoformat(), "minutes": 60, "setting": "in_person"},
    )
    db.session.add(rev)
    db.session.commit()
    item = make.action(sess, people["trainee"])
    return {
        "session_id": sess.id,
        "session_revision_id": rev.id,
        "action_item_id": item.id,
        "draft_key": "new",
    }
