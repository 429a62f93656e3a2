"""Organisational self-assessment: yearly assessments of an organisation or team, item
answers (1-3 rating and a comment), and the action plan that follows from them."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import today, utcnow
from ..extensions import db
from .people import Team, User, _enum


class AssessmentStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


class ActionStatus(enum.StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"

    @property
    def label(self) -> str:
        return {"open": "Open", "in_progress": "In progress", "done": "Done"}[self.value]


class SelfAssessment(db.Model):
    """One completion of an instrument for the organisation (team_id NULL) or one team in one
    year. `unit` is "org" or "team:<id>" so that the yearly uniqueness holds for the
    organisation too (a UNIQUE over a NULL team would not)."""

    __tablename__ = "self_assessment"

    id: Mapped[int] = mapped_column(primary_key=True)
    instrument: Mapped[str] = mapped_column(String(60))
    instrument_version: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(20))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    lead_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    status: Mapped[AssessmentStatus] = mapped_column(
        _enum(AssessmentStatus, "assessment_status"), default=AssessmentStatus.DRAFT
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)

    team: Mapped[Team | None] = relationship()
    lead: Mapped[User | None] = relationship(foreign_keys=[lead_id])
    answers: Mapped[list[AssessmentAnswer]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan"
    )
    actions: Mapped[list[PlanAction]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", order_by="PlanAction.due_on"
    )

    __table_args__ = (
        UniqueConstraint("instrument", "unit", "year", name="uq_self_assessment_unit_year"),
        CheckConstraint("year >= 2000 AND year <= 2100", name="year_range"),
    )


class AssessmentAnswer(db.Model):
    """One item's rating (1-3, blank while a draft) and comment; saved as the user goes."""

    __tablename__ = "assessment_answer"

    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("self_assessment.id", ondelete="CASCADE"), primary_key=True
    )
    item_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    rating: Mapped[int | None] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    assessment: Mapped[SelfAssessment] = relationship(back_populates="answers")

    __table_args__ = (
        CheckConstraint("rating IS NULL OR (rating >= 1 AND rating <= 3)", name="rating_range"),
    )


class PlanAction(db.Model):
    """An action in an assessment's plan: what, who owns it (a manager or admin), by when."""

    __tablename__ = "plan_action"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("self_assessment.id", ondelete="CASCADE"), index=True
    )
    item_id: Mapped[str | None] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(String(500))
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[ActionStatus] = mapped_column(
        _enum(ActionStatus, "plan_action_status"), default=ActionStatus.OPEN
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    assessment: Mapped[SelfAssessment] = relationship(back_populates="actions")
    owner: Mapped[User] = relationship()

    @property
    def overdue(self) -> bool:
        return self.status != ActionStatus.DONE and self.due_on < today()
