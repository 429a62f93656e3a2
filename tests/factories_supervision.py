"""Factories for supervision records (mixed into tests.factories.Factory)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from peertrain.clock import today, utcnow
from peertrain.extensions import db
from peertrain.models import (
    ActionItem,
    CancelReason,
    Flag,
    FlagKind,
    SessionFormat,
    SessionParticipant,
    SessionSetting,
    SessionStatus,
    SupervisionSession,
    User,
)


class SupervisionFactory:
    def session(
        self,
        supervisor: User,
        *supervisees: User,
        held_on: date | None = None,
        minutes: int = 60,
        format: SessionFormat | None = None,
        setting: SessionSetting = SessionSetting.IN_PERSON,
        topics: list[str] | None = None,
        what_happened: str = "We talked through a hard week on the ward.",
        what_it_meant: str = "Boundaries held; the worker named what helped.",
        what_next: str = "Try the check-in script at handover.",
        created_at: datetime | None = None,
    ) -> SupervisionSession:
        """A held session; created_at can be moved back to test the edit window."""
        if format is None:
            format = SessionFormat.INDIVIDUAL if len(supervisees) == 1 else SessionFormat.GROUP
        sess = SupervisionSession(
            supervisor_id=supervisor.id,
            held_on=held_on or today() - timedelta(days=1),
            minutes=minutes,
            format=format,
            setting=setting,
            status=SessionStatus.HELD,
            topics=topics if topics is not None else ["boundaries"],
            what_happened=what_happened,
            what_it_meant=what_it_meant,
            what_next=what_next,
            updated_by_id=supervisor.id,
            created_at=created_at or utcnow(),
            participants=[SessionParticipant(supervisee_id=p.id) for p in supervisees],
        )
        db.session.add(sess)
        db.session.commit()
        return sess

    def cancelled(
        self,
        supervisor: User,
        *supervisees: User,
        reason: CancelReason = CancelReason.SERVICE_DEMANDS,
        held_on: date | None = None,
        note: str | None = None,
    ) -> SupervisionSession:
        sess = SupervisionSession(
            supervisor_id=supervisor.id,
            held_on=held_on or today() - timedelta(days=2),
            minutes=0,
            format=SessionFormat.INDIVIDUAL if len(supervisees) == 1 else SessionFormat.GROUP,
            setting=SessionSetting.IN_PERSON,
            status=SessionStatus.CANCELLED,
            cancel_reason=reason,
            cancel_note=note,
            topics=[],
            participants=[SessionParticipant(supervisee_id=p.id) for p in supervisees],
        )
        db.session.add(sess)
        db.session.commit()
        return sess

    def action(
        self,
        sess: SupervisionSession,
        owner: User,
        description: str = "Read the lived-experience sharing guide",
        due_on: date | None = None,
        done: bool = False,
    ) -> ActionItem:
        item = ActionItem(
            session_id=sess.id,
            owner_id=owner.id,
            description=description,
            due_on=due_on,
            done_at=utcnow() if done else None,
        )
        db.session.add(item)
        db.session.commit()
        return item

    def flag(
        self,
        sess: SupervisionSession,
        kind: FlagKind = FlagKind.ROLE_DRIFT,
        supervisee: User | None = None,
        summary: str | None = None,
    ) -> Flag:
        flag = Flag(
            session_id=sess.id,
            kind=kind,
            supervisee_id=supervisee.id if supervisee else None,
            manager_summary=summary,
        )
        db.session.add(flag)
        db.session.commit()
        return flag
