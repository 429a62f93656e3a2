"""Read-only competency lookups: the framework, a person's ratings, and rating evidence choices."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

import yaml
from flask import current_app
from sqlalchemy import bindparam, select
from sqlalchemy.orm import aliased, joinedload

from .. import prepared
from ..extensions import db
from ..memo import per_request
from ..models import (
    LEVELS,
    Competency,
    CompetencyCategory,
    CompetencyRating,
    Module,
    ModuleProgress,
    ProgressStatus,
    SessionParticipant,
    SessionStatus,
    SupervisionSession,
    User,
)


@dataclass(frozen=True)
class RatingRecord:
    """One rating with everything the history shows; notes are read only by those allowed."""

    id: int
    competency_id: int
    source: str
    level: int
    rated_at: datetime
    rater_name: str
    note: str
    module_title: str | None
    session_held_on: date | None
    observed_on: date | None
    observation_setting: str | None
    observation_text: str | None
    attested: bool


@prepared.statement
def _framework_statement():
    return (
        select(CompetencyCategory)
        .options(joinedload(CompetencyCategory.competencies))
        .order_by(CompetencyCategory.position)
    )


def categories() -> list[CompetencyCategory]:
    """The whole framework in order, competencies loaded with their categories: one statement,
    once per request (it changes only with a content sync), built once per process."""
    return per_request(
        "competency.framework",
        lambda: list(db.session.scalars(_framework_statement()).unique()),
    )


def competency_by_code(code: str) -> Competency | None:
    return db.session.scalar(select(Competency).where(Competency.code == code))


@prepared.statement
def _user_statement():
    return (
        select(User)
        .where(User.id == bindparam("uid"))
        .options(joinedload(User.team), joinedload(User.role_rows))
    )


def user_by_id(user_id: int) -> User | None:
    """The person a competency page is about, with their team and roles: one statement (a
    get by key read the roles in a second)."""
    return db.session.execute(_user_statement(), {"uid": user_id}).unique().scalar_one_or_none()


@prepared.statement
def _ratings_of_statement(one_competency: bool = False):
    r, rater = CompetencyRating, aliased(User)
    stmt = (
        select(
            r.id, r.competency_id, r.source, r.level, r.rated_at, rater.name, r.note,
            Module.title, SupervisionSession.held_on, r.observed_on, r.observation_setting,
            r.observation_text, r.attested,
        )
        .join(rater, rater.id == r.rater_id)
        .outerjoin(Module, Module.id == r.evidence_module_id)
        .outerjoin(SupervisionSession, SupervisionSession.id == r.evidence_session_id)
        .where(r.subject_id == bindparam("subject_id"))
        .order_by(r.rated_at, r.id)
    )  # fmt: skip
    return stmt.where(r.competency_id == bindparam("competency_id")) if one_competency else stmt


def ratings_of(subject_id: int, competency_id: int | None = None) -> list[RatingRecord]:
    """Every rating of one person (of one competency, when given), oldest first (the order
    "latest wins" relies on). Read as columns from a statement built once: a worker has a
    hundred ratings or more, and making a record object of each, then a RatingRecord of that,
    took three times the query's time."""
    params = {"subject_id": subject_id, "competency_id": competency_id}
    rows = prepared.rows(_ratings_of_statement(competency_id is not None), params)
    return [
        RatingRecord(
            id=id_,
            competency_id=competency_id,
            source=source.value,
            level=level,
            rated_at=rated_at,
            rater_name=rater_name,
            note=note or "",
            module_title=module_title,
            session_held_on=held_on,
            observed_on=observed_on,
            observation_setting=setting,
            observation_text=observation,
            attested=bool(attested),
        )
        for (id_, competency_id, source, level, rated_at, rater_name, note, module_title,
             held_on, observed_on, setting, observation, attested) in rows
    ]  # fmt: skip


@prepared.statement
def _ratings_for_subjects_statement():
    r = CompetencyRating
    return (
        select(r.id, r.subject_id, r.competency_id, r.source, r.level, r.rated_at)
        .where(r.subject_id.in_(bindparam("ids", expanding=True)))
        .order_by(r.rated_at, r.id)
    )


def ratings_for_subjects(subject_ids: list[int]) -> list:
    """Ratings of several people in one query, oldest first (for the supervisee overview and
    readiness): rows with just what the level rules read (id, subject_id, competency_id, source,
    level, rated_at), not whole records, since a worker has a hundred ratings or more."""
    if not subject_ids:
        return []
    return list(prepared.rows(_ratings_for_subjects_statement(), {"ids": list(subject_ids)}))


def modules_by_competency() -> dict[str, list[tuple[str, str]]]:
    """Competency code -> [(slug, title)] of current modules that build it.

    The JSON list cannot be searched the same way on SQLite and PostgreSQL, and there are only
    a dozen current modules, so they are taken from the request's module catalogue and mapped
    here."""
    from ..modules.queries import current_modules

    mapping: dict[str, list[tuple[str, str]]] = {}
    for module in current_modules():
        for code in module.competency_codes or []:
            mapping.setdefault(code, []).append((module.slug, module.title))
    return mapping


def completed_modules(subject_id: int) -> list[Module]:
    """Module versions the person has completed: the modules a rating may cite as evidence."""
    return list(
        db.session.scalars(
            select(Module)
            .join(ModuleProgress, ModuleProgress.module_id == Module.id)
            .where(
                ModuleProgress.user_id == subject_id,
                ModuleProgress.status == ProgressStatus.COMPLETED,
            )
            .order_by(Module.title, Module.version)
        )
    )


def shared_sessions(subject_id: int, rater_id: int) -> list[SupervisionSession]:
    """Held sessions the rater led and the person took part in, newest first."""
    return list(
        db.session.scalars(
            select(SupervisionSession)
            .join(SessionParticipant, SessionParticipant.session_id == SupervisionSession.id)
            .where(
                SessionParticipant.supervisee_id == subject_id,
                SupervisionSession.supervisor_id == rater_id,
                SupervisionSession.status == SessionStatus.HELD,
            )
            .order_by(SupervisionSession.held_on.desc(), SupervisionSession.id.desc())
        )
    )


def level_scale() -> list[tuple[int, str, str]]:
    """(level, label, plain description) from content/competencies.yaml; labels alone if the
    file cannot be read, so a page never fails for want of help text."""
    return _scale_from(current_app.config.get("CONTENT_DIR", ""))


@lru_cache(maxsize=4)
def _scale_from(content_dir: str) -> list[tuple[int, str, str]]:
    path = Path(content_dir) / "competencies.yaml"
    descriptions: dict[int, str] = {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for row in data.get("scale") or []:
            descriptions[int(row["level"])] = str(row.get("description", ""))
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError):
        descriptions = {}
    return [(level, label, descriptions.get(level, "")) for level, label in LEVELS.items()]
