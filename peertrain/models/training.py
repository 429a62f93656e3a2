"""Training: module versions synced from content/, their sections, and each trainee's progress."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import utcnow
from ..extensions import db
from .people import User, _enum


class ProgressStatus(enum.StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"


class ReflectionStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


class Module(db.Model):
    """One version of a module. A new `version` in content/ adds a row; old rows stay."""

    __tablename__ = "module"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), index=True)
    version: Mapped[int] = mapped_column(Integer)
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    minutes: Mapped[int] = mapped_column(Integer)
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    # Citations, knowledge-check questions (with answers: never sent to the browser before
    # submission) and reflection prompts, as validated by the catalog.
    sources: Mapped[list] = mapped_column(JSON, default=list)
    quiz: Mapped[dict] = mapped_column(JSON, default=dict)
    reflection_prompts: Mapped[list] = mapped_column(JSON, default=list)
    competency_codes: Mapped[list] = mapped_column(JSON, default=list)
    # Supervisor modules are tagged from content/supervisor-competencies.yaml instead.
    supervisor_codes: Mapped[list] = mapped_column(JSON, default=list)
    synced_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    sections: Mapped[list[ModuleSection]] = relationship(
        back_populates="module", order_by="ModuleSection.position", cascade="all, delete-orphan"
    )

    __table_args__ = (UniqueConstraint("slug", "version", name="uq_module_slug_version"),)


class PathwayModule(db.Model):
    """A module's place in a pathway (content/pathways.yaml), e.g. the new peer worker's."""

    __tablename__ = "pathway_module"

    pathway: Mapped[str] = mapped_column(String(60), primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    for_role: Mapped[str] = mapped_column(String(20))  # the Role that follows the pathway
    pathway_title: Mapped[str] = mapped_column(String(200))


class ModuleSection(db.Model):
    __tablename__ = "module_section"

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)  # 1-based
    heading: Mapped[str] = mapped_column(String(200))
    body_md: Mapped[str] = mapped_column(Text)

    module: Mapped[Module] = relationship(back_populates="sections")

    __table_args__ = (
        UniqueConstraint("module_id", "position", name="uq_module_section_module_position"),
    )


class ModuleProgress(db.Model):
    """A trainee's path through one module version."""

    __tablename__ = "module_progress"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id"), index=True)
    status: Mapped[ProgressStatus] = mapped_column(
        _enum(ProgressStatus, "progress_status"), default=ProgressStatus.IN_PROGRESS
    )
    sections_read: Mapped[list] = mapped_column(JSON, default=list)  # section positions
    last_position: Mapped[int] = mapped_column(Integer, default=1)
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime)
    score: Mapped[int | None] = mapped_column(Integer)  # best passing score, percent

    user: Mapped[User] = relationship()
    module: Mapped[Module] = relationship()

    __table_args__ = (
        UniqueConstraint("user_id", "module_id", name="uq_module_progress_user_module"),
    )


class QuizDraw(db.Model):
    """An open knowledge-check attempt: the questions drawn from the pool and the choice
    order shown, fixed when the check page is first opened so that a reload shows the same
    draw. Submitting turns it into a QuizAttempt and deletes it; a retry draws again."""

    __tablename__ = "quiz_draw"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id", ondelete="CASCADE"))
    shown: Mapped[dict] = mapped_column(JSON)  # {"pass_mark": …, "questions": [as shown]}
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("user_id", "module_id", name="uq_quiz_draw_user_module"),)


class QuizAttempt(db.Model):
    """Every knowledge-check attempt is kept, with exactly what was shown and answered."""

    __tablename__ = "quiz_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id"), index=True)
    started_at: Mapped[datetime | None] = mapped_column(DateTime)
    submitted_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Question id -> chosen indexes, counted in the order the choices were shown.
    answers: Mapped[dict] = mapped_column(JSON)
    # The snapshot scored and reviewed: pass mark and the drawn questions with their prompts,
    # choices in shown order, keyed indexes (in that order) and explanations, so the attempt
    # reads the same after the module's questions change. Null only on rows made before
    # pools, which read from their module version's quiz.
    shown: Mapped[dict | None] = mapped_column(JSON)
    score: Mapped[int] = mapped_column(Integer)  # percent
    passed: Mapped[bool] = mapped_column(Boolean)

    __table_args__ = (CheckConstraint("score BETWEEN 0 AND 100", name="score_range"),)


class SupervisorCompetency(db.Model):
    """A statement of content/supervisor-competencies.yaml, the tags of supervisor modules.
    Kept apart from Competency: supervisors are not rated against these."""

    __tablename__ = "supervisor_competency"

    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    category_code: Mapped[str] = mapped_column(String(10))
    category_title: Mapped[str] = mapped_column(String(200))
    statement: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)


class Reflection(db.Model):
    """A trainee's written answer to a prompt: private to them and their current supervisor."""

    __tablename__ = "reflection"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id"), index=True)
    prompt_id: Mapped[str] = mapped_column(String(40))
    prompt: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[ReflectionStatus] = mapped_column(
        _enum(ReflectionStatus, "reflection_status"), default=ReflectionStatus.DRAFT
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)

    user: Mapped[User] = relationship()
    module: Mapped[Module] = relationship()

    __table_args__ = (
        UniqueConstraint("user_id", "module_id", "prompt_id", name="uq_reflection_user_prompt"),
    )
