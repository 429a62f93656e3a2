"""The demo year of supervision: believable, varied, and uneven across teams on purpose."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import func, select

from peertrain.clock import today
from peertrain.demo import supervision
from peertrain.demo.people import seed_people
from peertrain.extensions import db
from peertrain.models import (
    ActionItem,
    CancelReason,
    Flag,
    FlagKind,
    SessionFormat,
    SessionParticipant,
    SessionStatus,
    SupervisionSession,
)
from peertrain.supervision.overview import supervisee_overview


@pytest.fixture
def org(app):
    org = seed_people()
    supervision.seed(org)
    db.session.commit()
    return org


def sessions_of(user) -> list[SupervisionSession]:
    return list(
        db.session.scalars(
            select(SupervisionSession).where(SupervisionSession.supervisor_id == user.id)
        )
    )


def cancel_rate(sessions) -> float:
    return sum(s.status == SessionStatus.CANCELLED for s in sessions) / len(sessions)


def test_every_current_supervisee_has_a_history(org):
    for key in ("amara", "ben", "chloe", "dev", "erin", "femi", "jack", "liam", "noah", "olu"):
        count = db.session.scalar(
            select(func.count()).where(SessionParticipant.supervisee_id == org.people[key].id)
        )
        assert count >= 1, key
    # Maya has no supervisor, so no sessions: the gap managers should find.
    maya = org.people["maya"].id
    assert not db.session.scalar(
        select(func.count()).where(SessionParticipant.supervisee_id == maya)
    )
    assert all(s.held_on <= today() for s in db.session.scalars(select(SupervisionSession)))


def test_harbour_loses_far_more_sessions_than_riverside(org):
    jo, sam = sessions_of(org.people["jo"]), sessions_of(org.people["sam"])
    assert cancel_rate(jo) > 0.3 and cancel_rate(jo) > 2.5 * cancel_rate(sam)
    reasons = Counter(s.cancel_reason for s in jo if s.cancel_reason)
    resourcing = reasons[CancelReason.SERVICE_DEMANDS] + reasons[CancelReason.NO_TIME_OR_ROOM]
    assert resourcing > 0.5 * sum(reasons.values())


def test_overdue_people_are_at_harbour_not_riverside(org):
    jo_overdue = [r.name for r in supervisee_overview(org.people["jo"].id) if r.overdue]
    assert len(jo_overdue) >= 3
    assert not [r for r in supervisee_overview(org.people["sam"].id) if r.overdue]


def test_willow_ward_flags_role_drift_and_exclusion_with_summaries(org):
    willow = {org.people[k].id for k in ("erin", "femi", "grace", "hamza")}
    flags = db.session.scalars(select(Flag).where(Flag.supervisee_id.in_(willow))).all()
    kinds = Counter(f.kind for f in flags)
    assert kinds[FlagKind.ROLE_DRIFT] >= 2 and kinds[FlagKind.EXCLUDED_FROM_TEAM] >= 2
    assert any(f.manager_summary for f in flags if f.kind == FlagKind.ROLE_DRIFT)
    riverside = {org.people[k].id for k in ("amara", "ben", "chloe", "dev", "pia")}
    quiet = db.session.scalar(select(func.count()).where(Flag.supervisee_id.in_(riverside)))
    assert quiet < len(flags) / 3


def test_sessions_read_like_real_ones(org):
    held = db.session.scalars(
        select(SupervisionSession).where(SupervisionSession.status == SessionStatus.HELD)
    ).all()
    assert all(45 <= s.minutes <= 90 for s in held)
    assert all(s.topics and s.what_happened and s.what_next for s in held)
    formats = Counter(s.format for s in held)
    assert formats[SessionFormat.INDIVIDUAL] > formats[SessionFormat.GROUP] > 0
    assert formats[SessionFormat.CO_REFLECTION] >= 2
    individual = [s.what_happened for s in held if s.format == SessionFormat.INDIVIDUAL]
    assert len(set(individual)) > 0.8 * len(individual)  # not one note copied everywhere
    cancelled = [s for s in sessions_of(org.people["jo"]) if s.status == SessionStatus.CANCELLED]
    assert all(s.minutes == 0 and s.cancel_reason for s in cancelled)


def test_acknowledgements_and_actions(org):
    parts = db.session.scalars(
        select(SessionParticipant)
        .join(SupervisionSession)
        .where(SupervisionSession.status == SessionStatus.HELD)
    ).all()
    assert sum(p.acknowledged_at is not None for p in parts) > 0.6 * len(parts)
    items = db.session.scalars(select(ActionItem)).all()
    done = [i for i in items if i.done_at]
    overdue = [i for i in items if not i.done_at and i.due_on and i.due_on < today()]
    assert done and overdue
