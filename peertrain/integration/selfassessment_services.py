"""Writes for the self-assessment: start one, save answers (drafts), submit, plan actions.
Each takes plain values, audits without any comment text, and commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .. import audit
from ..catalog.instruments import Instrument
from ..clock import utcnow
from ..extensions import db
from ..models import (
    ActionStatus,
    AssessmentAnswer,
    AssessmentStatus,
    PlanAction,
    SelfAssessment,
    User,
)


class AlreadyExists(Exception):
    """This unit already has an assessment for that year."""


def unit_key(team_id: int | None) -> str:
    return "org" if team_id is None else f"team:{team_id}"


def start(actor: User, instrument: Instrument, team_id: int | None, year: int,
          lead_id: int | None) -> SelfAssessment:  # fmt: skip
    row = SelfAssessment(
        instrument=instrument.id,
        instrument_version=instrument.version,
        unit=unit_key(team_id),
        team_id=team_id,
        year=year,
        lead_id=lead_id,
        created_by_id=actor.id,
    )
    db.session.add(row)
    try:
        db.session.flush()
    except IntegrityError as error:
        db.session.rollback()
        raise AlreadyExists from error
    audit.log("self_assessment_start", "self_assessment", row.id, detail=f"{row.unit};{year}")
    db.session.commit()
    return row


@dataclass(frozen=True)
class Answer:
    item_id: str
    rating: int | None
    comment: str


def save_answers(actor: User, a: SelfAssessment, answers: list[Answer]) -> None:
    """Upsert the given items' answers (a section at a time, or one autosave)."""
    stored = {
        r.item_id: r
        for r in db.session.scalars(
            select(AssessmentAnswer).where(AssessmentAnswer.assessment_id == a.id)
        )
    }
    now = utcnow()
    for x in answers:
        row = stored.get(x.item_id)
        if row is None:
            row = AssessmentAnswer(assessment_id=a.id, item_id=x.item_id)
            db.session.add(row)
        if (row.rating, row.comment) != (x.rating, x.comment):
            row.rating, row.comment, row.updated_at, row.updated_by_id = (
                x.rating, x.comment, now, actor.id)  # fmt: skip
    a.updated_at = now
    audit.log("self_assessment_save", "self_assessment", a.id, detail=f"items={len(answers)}")
    db.session.commit()


def missing_ratings(instrument: Instrument, a: SelfAssessment) -> list[str]:
    rated = {r.item_id for r in a.answers if r.rating is not None}
    return [i.id for i in instrument.items if i.id not in rated]


def submit(actor: User, instrument: Instrument, a: SelfAssessment) -> list[str]:
    """Submit when every item is rated; otherwise the unrated item ids, and nothing changes."""
    missing = missing_ratings(instrument, a)
    if missing:
        return missing
    a.status, a.submitted_at = AssessmentStatus.SUBMITTED, utcnow()
    audit.log("self_assessment_submit", "self_assessment", a.id)
    db.session.commit()
    return []


@dataclass(frozen=True)
class NewAction:
    description: str
    owner_id: int
    due_on: date
    item_id: str | None


def add_action(actor: User, a: SelfAssessment, new: NewAction) -> PlanAction:
    row = PlanAction(assessment_id=a.id, description=new.description, owner_id=new.owner_id,
                     due_on=new.due_on, item_id=new.item_id)  # fmt: skip
    db.session.add(row)
    db.session.flush()
    audit.log("plan_action_add", "plan_action", row.id, detail=f"assessment={a.id}")
    db.session.commit()
    return row


def set_status(actor: User, action: PlanAction, status: ActionStatus) -> None:
    action.status, action.updated_at = status, utcnow()
    audit.log("plan_action_status", "plan_action", action.id, detail=status.value)
    db.session.commit()
