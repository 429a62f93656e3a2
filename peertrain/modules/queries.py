"""Read-only training lookups that other features (readiness, reports) rely on."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ..extensions import db
from ..models import Module, ModuleProgress, PathwayModule, ProgressStatus, Role, User


@dataclass(frozen=True)
class RequiredStatus:
    done: list[str]  # titles of required modules completed (any version)
    missing: list[str]  # titles of required modules not yet completed

    @property
    def complete(self) -> bool:
        return not self.missing


def required_modules_for(user: User) -> list[Module]:
    """Current versions of the required modules on the pathways of the user's roles, in order."""
    roles = [r.value for r in user.roles if r in (Role.TRAINEE, Role.SUPERVISOR)]
    rows = db.session.execute(
        select(Module, PathwayModule.position)
        .join(PathwayModule, PathwayModule.slug == Module.slug)
        .where(
            PathwayModule.for_role.in_(roles),
            Module.is_current.is_(True),
            Module.required.is_(True),
        )
        .order_by(PathwayModule.for_role.desc(), PathwayModule.position)
    ).all()
    seen, modules = set(), []
    for module, _ in rows:
        if module.slug not in seen:
            seen.add(module.slug)
            modules.append(module)
    return modules


def completed_slugs(user_id: int) -> set[str]:
    """Slugs of modules the user has completed in any version."""
    return set(
        db.session.scalars(
            select(Module.slug)
            .join(ModuleProgress, ModuleProgress.module_id == Module.id)
            .where(
                ModuleProgress.user_id == user_id, ModuleProgress.status == ProgressStatus.COMPLETED
            )
        )
    )


def required_status(user: User) -> RequiredStatus:
    done_slugs = completed_slugs(user.id)
    modules = required_modules_for(user)
    return RequiredStatus(
        done=[m.title for m in modules if m.slug in done_slugs],
        missing=[m.title for m in modules if m.slug not in done_slugs],
    )
