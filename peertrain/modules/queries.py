"""Read-only training lookups that other features (readiness, reports) rely on."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import defer, selectinload

from .. import prepared
from ..extensions import db
from ..memo import per_request
from ..models import (
    Competency,
    Module,
    ModuleProgress,
    ModuleSection,
    PathwayModule,
    ProgressStatus,
    SupervisorCompetency,
    User,
)
from ..rules.workers import TRAINING_ROLES

# The roles that follow a training pathway.


@dataclass(frozen=True)
class RequiredStatus:
    done: list[str]  # titles of required modules completed (any version)
    missing: list[str]  # titles of required modules not yet completed

    @property
    def complete(self) -> bool:
        return not self.missing


def required_places() -> list[tuple[Module, str]]:
    """Current required modules on any training pathway, with the role that follows it, in
    pathway order. One query serves everybody: each person's list is picked out in Python."""
    training = {r.value for r in TRAINING_ROLES}
    rows = [
        (place, module)
        for place, module, _ in catalogue()
        if place is not None and place.for_role in training and module.required
    ]
    rows.sort(key=lambda row: (_desc(row[0].for_role), row[0].position))
    return [(module, place.for_role) for place, module in rows]


def _desc(text: str) -> tuple[int, ...]:
    """Sorts strings backwards, as ORDER BY … DESC did."""
    return tuple(-ord(c) for c in text) + (1,)


# A listing never shows a module's questions, sources or prompts, and decoding that JSON for
# every module was a third of a home page's time. Left unloaded, and loud if read by mistake
# (a page that shows them loads its module with current_module, which fills them in).
_LISTING_ONLY = tuple(
    defer(column, raiseload=True)
    for column in (Module.quiz, Module.sources, Module.reflection_prompts)
)


@prepared.statement
def _catalogue_statement():
    sections = (
        select(func.count(ModuleSection.id))
        .where(ModuleSection.module_id == Module.id)
        .correlate(Module)
        .scalar_subquery()
    )
    return (
        select(Module, PathwayModule, sections)
        .outerjoin(PathwayModule, PathwayModule.slug == Module.slug)
        .where(Module.is_current.is_(True))
        .order_by(Module.title, Module.id)
        .options(*_LISTING_ONLY)
    )


def catalogue() -> list[tuple[PathwayModule | None, Module, int]]:
    """Every current module with each pathway place it has (None when on no pathway) and its
    number of sections: one statement, once per request, built once per process. Nothing in
    a request changes it (content is synced by `flask content sync`), and the training pages,
    the home pages and readiness all read from it."""
    return per_request(
        "modules.catalogue",
        lambda: [
            (place, module, n)
            for module, place, n in db.session.execute(_catalogue_statement()).all()
        ],
    )


def required_from(places: list[tuple[Module, str]], roles: list[str]) -> list[Module]:
    """Pure: the required modules for these roles, each once, in pathway order."""
    seen, modules = set(), []
    for module, for_role in places:
        if for_role in roles and module.slug not in seen:
            seen.add(module.slug)
            modules.append(module)
    return modules


@prepared.statement
def _completed_statement():
    return (
        select(ModuleProgress.user_id, Module.slug)
        .join(Module, Module.id == ModuleProgress.module_id)
        .where(
            ModuleProgress.user_id.in_(bindparam("ids", expanding=True)),
            ModuleProgress.status == ProgressStatus.COMPLETED,
        )
    )


def completed_slugs_by_user(user_ids: list[int]) -> dict[int, set[str]]:
    """User id -> slugs of the modules they completed in any version, for many people at once."""
    result: dict[int, set[str]] = {}
    if not user_ids:
        return result
    for user_id, slug in prepared.rows(_completed_statement(), {"ids": list(user_ids)}):
        result.setdefault(user_id, set()).add(slug)
    return result


def required_statuses(
    users: list[User], done: Mapping[int, set[str]] | None = None
) -> dict[int, RequiredStatus]:
    """Required modules done and missing for each person, in two queries however many (one
    when the caller already holds each person's completed slugs)."""
    places = required_places()
    if done is None:
        done = completed_slugs_by_user([u.id for u in users])
    result = {}
    for user in users:
        modules = required_from(places, training_roles(user))
        slugs = done.get(user.id, set())
        result[user.id] = RequiredStatus(
            done=[m.title for m in modules if m.slug in slugs],
            missing=[m.title for m in modules if m.slug not in slugs],
        )
    return result


def required_status(user: User) -> RequiredStatus:
    return required_statuses([user])[user.id]


# --- the training feature's own reads ---------------------------------------------------


def training_roles(user: User) -> list[str]:
    return [r.value for r in user.roles if r in TRAINING_ROLES]


def pathway_modules(roles: list[str]) -> list[tuple[PathwayModule, Module]]:
    """Pathway places for these roles with each module's current version, trainee first."""
    rows = [(p, m) for p, m, _ in catalogue() if p is not None and p.for_role in roles]
    rows.sort(key=lambda row: (_desc(row[0].for_role), row[0].pathway, row[0].position))
    return rows


def current_modules() -> list[Module]:
    seen: dict[int, Module] = {}
    for _, module, _ in catalogue():
        seen.setdefault(module.id, module)
    return list(seen.values())  # by title, as the catalogue is


def current_module(slug: str) -> Module | None:
    return db.session.scalar(
        select(Module)
        .where(Module.slug == slug, Module.is_current.is_(True))
        # The module's pages list section headings; only the section page shows a body, and
        # it takes its text from texts.py.
        .options(selectinload(Module.sections).defer(ModuleSection.body_md, raiseload=True))
    )


def section_counts(module_ids: list[int]) -> dict[int, int]:
    known = {module.id: n for _, module, n in catalogue()}
    if all(i in known for i in module_ids):
        return {i: known[i] for i in module_ids if known[i]}
    return dict(
        db.session.execute(
            select(ModuleSection.module_id, func.count(ModuleSection.id))
            .where(ModuleSection.module_id.in_(module_ids or [-1]))
            .group_by(ModuleSection.module_id)
        ).all()
    )


def progress_by_person(
    user_ids: list[int],
) -> dict[int, dict[str, list[tuple[ModuleProgress, int]]]]:
    """User id -> every progress row they have, with the version it is for, grouped by module
    slug, newest version first; one query for many people."""
    grouped: dict[int, dict[str, list[tuple[ModuleProgress, int]]]] = {}
    rows = db.session.execute(
        select(ModuleProgress, Module.slug, Module.version)
        .join(Module, Module.id == ModuleProgress.module_id)
        .where(ModuleProgress.user_id.in_(user_ids or [-1]))
        .order_by(Module.version.desc(), ModuleProgress.id)
    ).all()
    for progress, slug, version in rows:
        grouped.setdefault(progress.user_id, {}).setdefault(slug, []).append((progress, version))
    return grouped


def progress_by_slug(user_id: int) -> dict[str, list[tuple[ModuleProgress, int]]]:
    """Every progress row of the user, with the version it is for, grouped by module slug."""
    return progress_by_person([user_id]).get(user_id, {})


def progress_for(user_id: int, module_id: int) -> ModuleProgress | None:
    return db.session.scalar(
        select(ModuleProgress).where(
            ModuleProgress.user_id == user_id, ModuleProgress.module_id == module_id
        )
    )


def latest_completion(user_id: int, slug: str) -> tuple[ModuleProgress, Module] | None:
    """The user's completion of the newest version of this module they completed."""
    row = db.session.execute(
        select(ModuleProgress, Module)
        .join(Module, Module.id == ModuleProgress.module_id)
        .where(
            ModuleProgress.user_id == user_id,
            Module.slug == slug,
            ModuleProgress.status == ProgressStatus.COMPLETED,
        )
        .order_by(Module.version.desc())
        .limit(1)
    ).first()
    return (row[0], row[1]) if row else None


def user_by_id(user_id: int) -> User | None:
    return db.session.get(User, user_id)


def competencies_by_code(codes: list[str]) -> list[Competency]:
    """In the order the module lists them."""
    if not codes:
        return []
    found = {
        c.code: c for c in db.session.scalars(select(Competency).where(Competency.code.in_(codes)))
    }
    return [found[code] for code in codes if code in found]


def supervisor_competencies_by_code(codes: list[str]) -> list[SupervisorCompetency]:
    """In the order the module lists them."""
    if not codes:
        return []
    found = {
        c.code: c
        for c in db.session.scalars(
            select(SupervisorCompetency).where(SupervisorCompetency.code.in_(codes))
        )
    }
    return [found[code] for code in codes if code in found]
