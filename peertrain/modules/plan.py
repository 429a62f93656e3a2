"""A person's training plan: pathway modules in order with status, due date and progress."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from ..clock import today
from ..models import Module, ModuleProgress, PathwayModule, ProgressStatus, User
from ..rules.workers import TRAINING_ROLES
from ..targets import get_target
from . import queries

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
COMPLETED = "completed"
UPDATE_AVAILABLE = "update_available"  # an older version completed; a newer one is current

STATUS_LABELS = {
    NOT_STARTED: "Not started",
    IN_PROGRESS: "In progress",
    COMPLETED: "Completed",
    UPDATE_AVAILABLE: "Update available",
}


@dataclass
class ModuleRow:
    module: Module  # the current version
    status: str
    section_count: int
    read_count: int = 0
    resume_position: int = 1
    completed_version: int | None = None
    completed_at: datetime | None = None
    score: int | None = None
    due: date | None = None
    overdue: bool = False
    optional: bool = False  # not required, or not on this person's pathways
    read: frozenset[int] = frozenset()  # positions read in the current version

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def done(self) -> bool:
        """Completed in some version: counts towards progress and due dates."""
        return self.completed_version is not None


@dataclass
class PathwayView:
    code: str
    title: str
    for_role: str
    rows: list[ModuleRow] = field(default_factory=list)


@dataclass
class TrainingPlan:
    pathways: list[PathwayView]
    others: list[ModuleRow]  # current modules on none of the person's pathways
    done: int  # distinct required pathway modules completed (any version)
    total: int  # distinct required pathway modules
    overdue: int
    in_progress: int
    optional_done: int = 0
    optional_total: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    def in_order(self) -> list[ModuleRow]:
        """Every pathway module once, in pathway order (a module on two pathways: the first)."""
        seen: dict[str, ModuleRow] = {}
        for pathway in self.pathways:
            for r in pathway.rows:
                seen.setdefault(r.module.slug, r)
        return list(seen.values())

    def next_row(self, after: str | None = None) -> ModuleRow | None:
        """The next module to work on: the first not yet done in pathway order (required ones
        first), or, `after` a module, the first not done that follows it on the pathway."""
        rows = self.in_order()
        if after is not None:
            slugs = [r.module.slug for r in rows]
            rows = rows[slugs.index(after) + 1 :] if after in slugs else []
            return next((r for r in rows if not r.done), None)
        todo = [r for r in rows if not r.done]
        return next((r for r in todo if not r.optional), todo[0] if todo else None)

    def row(self, slug: str) -> ModuleRow | None:
        every = [r for p in self.pathways for r in p.rows] + self.others
        return next((r for r in every if r.module.slug == slug), None)


def due_days() -> int:
    return int(get_target("required_modules_due_days"))


def spacing_days() -> int:
    return int(get_target("module_due_spacing_days"))


def module_due(start: date, position: int, spacing: int, latest: int) -> date:
    """The one due-date rule: the Nth required module in pathway order (N from 1) is due
    N x spacing days after the start, and never later than `latest` days after it, so the
    reports' "every required module within required_modules_due_days" still holds."""
    return start + timedelta(days=min(position * spacing, latest))


def row_for(
    module: Module,
    progress: list[tuple[ModuleProgress, int]],
    sections: int,
    due: date | None,
    on: date,
) -> ModuleRow:
    """Status of one module from every progress row the person has for any of its versions."""
    current = next((p for p, _ in progress if p.module_id == module.id), None)
    completions = [(p, v) for p, v in progress if p.status == ProgressStatus.COMPLETED]
    row = ModuleRow(
        module=module, status=NOT_STARTED, section_count=sections, optional=not module.required
    )
    if completions:
        latest, version = completions[0]  # newest version first
        row.completed_version, row.completed_at, row.score = (
            version,
            latest.completed_at,
            latest.score,
        )
    if current is not None:
        read = {n for n in current.sections_read or [] if isinstance(n, int)}
        row.read = frozenset(read)
        row.read_count = len(read & set(range(1, sections + 1)))
        row.resume_position = min(max(current.last_position or 1, 1), max(sections, 1))
        row.status = COMPLETED if current.status == ProgressStatus.COMPLETED else IN_PROGRESS
    elif completions:
        row.status = UPDATE_AVAILABLE
    if module.required and due is not None:
        row.due = due
        row.overdue = not row.done and on > due
    return row


@dataclass(frozen=True)
class Catalogue:
    """What every plan is built from, loaded once however many plans are built."""

    places: list[tuple[PathwayModule, Module]]  # every training pathway, trainee first
    modules: list[Module]  # current versions, by title
    sections: dict[int, int]  # module id -> number of sections
    due_days: int
    on: date
    spacing_days: int


def load_catalogue() -> Catalogue:
    modules = queries.current_modules()
    return Catalogue(
        places=queries.pathway_modules([r.value for r in TRAINING_ROLES]),
        modules=modules,
        sections=queries.section_counts([m.id for m in modules]),
        due_days=due_days(),
        on=today(),
        spacing_days=spacing_days(),
    )


def plan_from(
    user: User, catalogue: Catalogue, progress: dict[str, list[tuple[ModuleProgress, int]]]
) -> TrainingPlan:
    """Pure: one person's plan from the catalogue and their progress rows by slug."""
    roles = queries.training_roles(user)
    on = catalogue.on
    rows: dict[str, ModuleRow] = {}

    def row(module: Module, due: date | None = None) -> ModuleRow:
        if module.slug not in rows:
            rows[module.slug] = row_for(
                module, progress.get(module.slug, []), catalogue.sections.get(module.id, 0), due, on
            )
        return rows[module.slug]

    position = 0  # required modules so far, across the person's pathways in order

    pathways: dict[str, PathwayView] = {}
    for place, module in catalogue.places:
        if place.for_role not in roles:
            continue
        view = pathways.setdefault(
            place.pathway, PathwayView(place.pathway, place.pathway_title, place.for_role)
        )
        due = None
        if module.required and module.slug not in rows and user.start_date:
            position += 1
            due = module_due(user.start_date, position, catalogue.spacing_days, catalogue.due_days)
        view.rows.append(row(module, due))
    on_pathway = set(rows)
    others = [row(m) for m in catalogue.modules if m.slug not in on_pathway]
    # Off-pathway modules are optional for this person whatever their own flag says.
    for extra in others:
        extra.due, extra.overdue, extra.optional = None, False, True
    # Progress is measured against what is required; optional modules are counted apart.
    counted = [rows[slug] for slug in on_pathway if not rows[slug].optional]
    optional = [rows[slug] for slug in on_pathway if rows[slug].optional]
    return TrainingPlan(
        pathways=list(pathways.values()),
        others=others,
        done=sum(r.done for r in counted),
        total=len(counted),
        overdue=sum(r.overdue for r in counted),
        in_progress=sum(r.status == IN_PROGRESS for r in counted + optional),
        optional_done=sum(r.done for r in optional),
        optional_total=len(optional),
    )


def build_plans(users: list[User]) -> dict[int, TrainingPlan]:
    """User id -> plan, in a fixed number of queries however many people (supervisor lists)."""
    catalogue = load_catalogue()
    progress = queries.progress_by_person([u.id for u in users])
    return {u.id: plan_from(u, catalogue, progress.get(u.id, {})) for u in users}


def build_plan(user: User) -> TrainingPlan:
    return build_plans([user])[user.id]
