"""The competency framework (synced from content/) and ratings, which are never overwritten."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import utcnow
from ..extensions import db
from .people import User, _enum


class RatingSource(enum.StrEnum):
    SELF = "self"
    SUPERVISOR = "supervisor"
    OBSERVATION = "observation"


LEVELS = {1: "Not yet", 2: "Developing", 3: "Competent", 4: "Proficient"}
COMPETENT = 3


class CompetencyCategory(db.Model):
    __tablename__ = "competency_category"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(10), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer)

    competencies: Mapped[list[Competency]] = relationship(
        back_populates="category", order_by="Competency.position"
    )


class Competency(db.Model):
    __tablename__ = "competency"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("competency_category.id"), index=True)
    statement: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)

    category: Mapped[CompetencyCategory] = relationship(back_populates="competencies")


class CompetencyRating(db.Model):
    """One judgement of one competency. History is the record: rows are only ever added."""

    __tablename__ = "competency_rating"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    rater_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    competency_id: Mapped[int] = mapped_column(ForeignKey("competency.id"))
    source: Mapped[RatingSource] = mapped_column(_enum(RatingSource, "rating_source"))
    level: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    rated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Evidence: a completed module, a supervision session, or an observation of practice.
    evidence_module_id: Mapped[int | None] = mapped_column(ForeignKey("module.id"))
    evidence_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("supervision_session.id", ondelete="SET NULL")
    )
    observed_on: Mapped[date | None] = mapped_column(Date)
    observation_setting: Mapped[str | None] = mapped_column(String(120))
    observation_text: Mapped[str | None] = mapped_column(Text)
    attested: Mapped[bool] = mapped_column(Boolean, default=False)

    subject: Mapped[User] = relationship(foreign_keys=[subject_id])
    rater: Mapped[User] = relationship(foreign_keys=[rater_id])
    competency: Mapped[Competency] = relationship()

    __table_args__ = (
        CheckConstraint("level BETWEEN 1 AND 4", name="level_range"),
        Index("ix_competency_rating_subject_competency", "subject_id", "competency_id", "rated_at"),
    )


def _key(target: str):
    """A primary-key part of a derived table: it goes when the row it derives from goes."""
    return mapped_column(ForeignKey(target, ondelete="CASCADE"), primary_key=True)


class CurrentLevel(db.Model):
    """A worker's current judged level in one competency: their latest supervisor or
    observation rating (the higher, if two share the moment). Derived from the ratings and
    kept in step with them by peertrain/derived/competency.py, so the reports read one row per
    pair instead of aggregating the whole history."""

    __tablename__ = "competency_current"

    subject_id: Mapped[int] = _key("user.id")
    competency_id: Mapped[int] = _key("competency.id")
    level: Mapped[int] = mapped_column(Integer)
    rated_at: Mapped[datetime] = mapped_column(DateTime)

    # "Rated after the report's end date": those pairs are read from the history instead.
    __table_args__ = (Index("ix_competency_current_rated_at", "rated_at"),)


class CategoryTally(db.Model):
    """Per worker and competency category, from their current levels: how many competencies
    are judged, how many at competent or above, and when the latest of those judgements was
    made. The heat map sums these (ten times fewer rows than the pairs)."""

    __tablename__ = "competency_category_tally"

    subject_id: Mapped[int] = _key("user.id")
    category_id: Mapped[int] = _key("competency_category.id")
    rated: Mapped[int] = mapped_column(Integer)
    competent: Mapped[int] = mapped_column(Integer)
    latest: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (Index("ix_competency_category_tally_latest", "latest"),)
