"""The supervision services take plain values (entries.py), so anything can call them."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from peertrain.clock import today
from peertrain.extensions import db
from peertrain.models import (
    AuditEvent,
    CancelReason,
    FlagKind,
    Role,
    SessionFormat,
    SessionSetting,
    SessionStatus,
)
from peertrain.supervision import services
from peertrain.supervision.entries import (
    ActionEntry,
    CancellationEntry,
    FlagEntry,
    Notes,
    SessionEdit,
    SessionEntry,
)


def test_record_edit_and_cancel_from_plain_values(make):
    sup, worker = make.user(Role.SUPERVISOR), make.user()
    make.assign(sup, worker)
    day = today() - timedelta(days=2)
    entry = SessionEntry(
        supervisee_ids=(worker.id,),
        held_on=day,
        minutes=50,
        format=SessionFormat.INDIVIDUAL,
        setting=SessionSetting.REMOTE,
        topics=("wellbeing_burnout", "boundaries"),
        notes=Notes("  A hard week.  ", "", "Rest."),
        actions=(ActionEntry(worker.id, " Book leave ", day + timedelta(days=7)),),
        flags=(FlagEntry(FlagKind.WORKLOAD, None, "  Caseload high "),),
    )
    sess = services.record_session(sup, entry)
    assert (sess.status, sess.minutes, sess.what_happened, sess.what_next) == (
        SessionStatus.HELD,
        50,
        "A hard week.",
        "Rest.",
    )
    assert sess.topics == ["boundaries", "wellbeing_burnout"]  # in the list's order
    assert [(a.owner_id, a.description) for a in sess.actions] == [(worker.id, "Book leave")]
    # A flag about "the whole session" of one person is about that person.
    assert [(f.kind, f.supervisee_id, f.manager_summary) for f in sess.flags] == [
        (FlagKind.WORKLOAD, worker.id, "Caseload high")
    ]
    edit = SessionEdit(
        version=str(sess.version),
        held_on=day,
        minutes=60,
        setting=SessionSetting.IN_PERSON,
        topics=("boundaries",),
        notes=Notes("A hard week.", "Named what helped.", "Rest."),
    )
    assert services.edit_session(sup, sess, edit, {}) == services.SAVED
    assert (sess.minutes, sess.setting, sess.what_it_meant) == (
        60,
        SessionSetting.IN_PERSON,
        "Named what helped.",
    )
    cancelled = services.record_cancellation(
        sup,
        CancellationEntry((worker.id,), day, SessionSetting.REMOTE, CancelReason.OTHER, " Ill "),
    )
    assert (cancelled.status, cancelled.format, cancelled.cancel_note) == (
        SessionStatus.CANCELLED,
        SessionFormat.INDIVIDUAL,
        "Ill",
    )
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["create", "update", "create_cancelled"]
