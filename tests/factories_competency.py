"""Factories for competency records (mixed into tests.factories.Factory)."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import yaml
from sqlalchemy import select

from peertrain.clock import today, utcnow
from peertrain.extensions import db
from peertrain.models import (
    CancelReason,
    Competency,
    CompetencyCategory,
    CompetencyRating,
    Module,
    ModuleProgress,
    PathwayModule,
    ProgressStatus,
    RatingSource,
    Role,
    SessionFormat,
    SessionParticipant,
    SessionSetting,
    SessionStatus,
    SupervisionSession,
    User,
)

_seq = itertools.count(1)
CONTENT = Path(__file__).resolve().parent.parent / "content" / "competencies.yaml"


class CompetencyFactory:
    """Framework rows, ratings, and the module and session records a rating cites."""

    def competency_category(
        self, code: str | None = None, title: str | None = None, statements: int = 0
    ) -> CompetencyCategory:
        n = next(_seq)
        category = CompetencyCategory(
            code=code or f"C{n}",
            title=title or f"Category {n}",
            description=f"What category {n} is about.",
            position=n,
        )
        db.session.add(category)
        db.session.flush()
        for i in range(1, statements + 1):
            self.competency(category, f"{category.code}-{i}", commit=False)
        db.session.commit()
        return category

    def competency(
        self,
        category: CompetencyCategory,
        code: str | None = None,
        statement: str | None = None,
        commit: bool = True,
    ) -> Competency:
        n = next(_seq)
        competency = Competency(
            code=code or f"{category.code}-{n}",
            category=category,
            statement=statement or f"Does observable thing {n}.",
            position=n,
        )
        db.session.add(competency)
        if commit:
            db.session.commit()
        return competency

    def competency_framework(self, shape: dict[str, int] | None = None) -> dict[str, Competency]:
        """A small framework, e.g. {"ENG": 2, "CRI": 2}; returns competencies by code."""
        shape = shape or {"ENG": 2, "CRI": 2}
        for code, n in shape.items():
            self.competency_category(code, f"{code} title", statements=n)
        return {c.code: c for c in db.session.scalars(select(Competency))}

    def competency_rating(
        self,
        subject: User,
        competency: Competency,
        level: int,
        source: RatingSource | str = RatingSource.SELF,
        rater: User | None = None,
        note: str = "",
        rated_at: datetime | None = None,
        days_ago: int | None = None,
        **evidence,
    ) -> CompetencyRating:
        source = RatingSource(source)
        if rated_at is None:
            rated_at = utcnow() - timedelta(days=days_ago or 0)
        rating = CompetencyRating(
            subject_id=subject.id,
            rater_id=(rater or subject).id,
            competency_id=competency.id,
            source=source,
            level=level,
            note=note,
            rated_at=rated_at,
            **evidence,
        )
        db.session.add(rating)
        db.session.commit()
        return rating

    def rating_module(
        self,
        title: str | None = None,
        codes: list[str] | None = None,
        *,
        completed_by: User | None = None,
        required: bool = True,
        pathway_role: str | None = None,
        is_current: bool = True,
        version: int = 1,
        slug: str | None = None,
    ) -> Module:
        """A module version (optionally on a pathway), optionally completed by someone."""
        n = next(_seq)
        module = Module(
            slug=slug or f"module-{n}",
            version=version,
            is_current=is_current,
            title=title or f"Module {n}",
            summary="A module.",
            minutes=30,
            required=required,
            content_hash=f"{n:064d}",
            competency_codes=codes or [],
        )
        db.session.add(module)
        if pathway_role:
            db.session.merge(
                PathwayModule(
                    pathway=f"path-{pathway_role}",
                    slug=module.slug,
                    position=n,
                    for_role=pathway_role,
                    pathway_title="A pathway",
                )
            )
        db.session.flush()
        if completed_by is not None:
            self.rating_module_done(completed_by, module, commit=False)
        db.session.commit()
        return module

    def rating_module_done(self, user: User, module: Module, commit: bool = True):
        progress = ModuleProgress(
            user_id=user.id,
            module_id=module.id,
            status=ProgressStatus.COMPLETED,
            completed_at=utcnow(),
            score=100,
        )
        db.session.add(progress)
        if commit:
            db.session.commit()
        return progress

    def rating_session(
        self,
        supervisor: User,
        *supervisees: User,
        held_on: date | None = None,
        minutes: int = 60,
        status: SessionStatus = SessionStatus.HELD,
    ) -> SupervisionSession:
        session = SupervisionSession(
            supervisor_id=supervisor.id,
            held_on=held_on or today() - timedelta(days=7),
            minutes=minutes,
            format=SessionFormat.INDIVIDUAL if len(supervisees) == 1 else SessionFormat.GROUP,
            setting=SessionSetting.IN_PERSON,
            status=SessionStatus(status),
            cancel_reason=None if status == SessionStatus.HELD else CancelReason.OTHER,
        )
        session.participants = [SessionParticipant(supervisee_id=s.id) for s in supervisees]
        db.session.add(session)
        db.session.commit()
        return session

    def competency_framework_from_content(self) -> list[CompetencyCategory]:
        """The real framework from content/competencies.yaml, written straight to the tables
        (the catalog's sync is tested by its own feature)."""
        data = yaml.safe_load(CONTENT.read_text(encoding="utf-8"))
        categories = []
        for position, cat in enumerate(data["categories"], start=1):
            category = CompetencyCategory(
                code=cat["code"],
                title=cat["title"],
                description=cat.get("description", ""),
                position=position,
            )
            category.competencies = [
                Competency(code=c["code"], statement=c["statement"], position=i)
                for i, c in enumerate(cat["competencies"], start=1)
            ]
            db.session.add(category)
            categories.append(category)
        db.session.commit()
        return categories

    def competency_cast(self) -> SimpleNamespace:
        """Everyone the competency rules are about, around one worker with a small framework."""
        team, other_team = self.team(), self.team()
        worker = self.user(Role.TRAINEE, team=team, name="Wren Worker")
        supervisor = self.user(Role.SUPERVISOR, team=team, name="Sasha Supervisor")
        former = self.user(Role.SUPERVISOR, team=team, name="Fran Former")
        other_supervisor = self.user(Role.SUPERVISOR, team=other_team, name="Otto Other")
        other_worker = self.user(Role.TRAINEE, team=other_team, name="Olive Otherteam")
        manager = self.user(Role.MANAGER, name="Mina Manager")
        other_manager = self.user(Role.MANAGER, name="Max Othermanager")
        admin = self.user(Role.ADMIN, name="Ada Admin")
        self.assign(supervisor, worker, start=today() - timedelta(days=60))
        self.assign(
            former, worker, start=today() - timedelta(days=400), end=today() - timedelta(days=61)
        )
        self.assign(other_supervisor, other_worker)
        self.scope(manager, team)
        self.scope(other_manager, other_team)
        return SimpleNamespace(
            team=team,
            worker=worker,
            supervisor=supervisor,
            former=former,
            other_supervisor=other_supervisor,
            other_worker=other_worker,
            manager=manager,
            other_manager=other_manager,
            admin=admin,
            comps=self.competency_framework({"ENG": 2, "CRI": 2}),
        )
