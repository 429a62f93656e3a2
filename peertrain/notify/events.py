"""Event notifications emitted by the services inside their own transaction (no commit here)."""

from __future__ import annotations

from flask import current_app, has_request_context, url_for
from sqlalchemy import select

from .. import directory
from ..extensions import db
from ..formatting import short_date
from ..models import Role, SessionStatus, User
from . import kinds, notify


def path_for(endpoint: str, **values) -> str:
    """A path inside PeerTrain from a request or from the command line (no request there)."""
    if has_request_context():
        return url_for(endpoint, **values)
    with current_app.test_request_context("/"):
        return url_for(endpoint, **values)


def session_recorded(sess) -> None:
    """A held session saved: each supervisee has a record to read and acknowledge."""
    if sess.status != SessionStatus.HELD:
        return
    people = db.session.scalars(
        select(User).where(User.id.in_([p.supervisee_id for p in sess.participants]))
    )
    for person in people:
        record_to_acknowledge(sess, person)


def record_to_acknowledge(sess, person: User) -> None:
    supervisor = db.session.get(User, sess.supervisor_id)
    notify(
        person,
        kinds.RECORD_TO_ACKNOWLEDGE.kind,
        title=(
            f"{supervisor.name} recorded your supervision of {short_date(sess.held_on)}: "
            "please read and acknowledge it"
        ),
        link=path_for("supervision.session", session_id=sess.id),
        dedupe_key=f"record:{sess.id}",
    )


def reflection_submitted(reflection) -> None:
    """A training reflection submitted: each current supervisor of its writer may read it."""
    writer = db.session.get(User, reflection.user_id)
    link = path_for("training.supervisee", trainee_id=writer.id)
    title = f"{writer.name} submitted a reflection on {reflection.module.title}"
    for supervisor in directory.current_supervisors(writer.id):
        if supervisor.has_role(Role.SUPERVISOR):
            notify(
                supervisor,
                kinds.REFLECTION_SUBMITTED.kind,
                title=title,
                link=link,
                dedupe_key=f"reflection:{reflection.id}",
            )
