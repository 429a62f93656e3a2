"""Upserts the checked content into the database: competencies, modules (versioned), pathways."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete, select

from .. import audit
from ..clock import utcnow
from ..extensions import db
from ..models import (
    Competency,
    CompetencyCategory,
    Module,
    ModuleSection,
    PathwayModule,
    SupervisorCompetency,
)
from .loader import ModuleFile
from .validator import Problem, check_content


class ContentInvalid(Exception):
    """Raised instead of loading content that failed the check; nothing is written."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s) in content/")
        self.problems = problems


@dataclass
class SyncReport:
    categories: dict[str, int] = field(default_factory=lambda: {"created": 0, "updated": 0})
    competencies: dict[str, int] = field(default_factory=lambda: {"created": 0, "updated": 0})
    modules_created: list[str] = field(default_factory=list)  # "slug v2"
    modules_updated: list[str] = field(default_factory=list)  # same version, new text
    modules_unchanged: int = 0
    modules_superseded: list[str] = field(default_factory=list)  # older versions kept
    modules_retired: list[str] = field(default_factory=list)  # file removed from content/
    pathway_rows: int = 0
    pathways_changed: bool = False

    @property
    def changed(self) -> bool:
        return bool(
            any(self.categories.values())
            or any(self.competencies.values())
            or self.modules_created
            or self.modules_updated
            or self.modules_superseded
            or self.modules_retired
            or self.pathways_changed
        )

    def lines(self) -> list[str]:
        c, k = self.categories, self.competencies
        out = [
            f"Competency categories: {c['created']} added, {c['updated']} updated.",
            f"Competencies: {k['created']} added, {k['updated']} updated.",
            f"Modules: {len(self.modules_created)} new or new version, "
            f"{len(self.modules_updated)} updated in place, {self.modules_unchanged} unchanged.",
        ]
        for label, names in (
            ("  new", self.modules_created),
            ("  updated", self.modules_updated),
            ("  older version kept", self.modules_superseded),
            ("  no longer in content/ (kept, not current)", self.modules_retired),
        ):
            out += [f"{label}: {name}" for name in names]
        state = "replaced" if self.pathways_changed else "unchanged"
        out.append(f"Pathways: {self.pathway_rows} module places ({state}).")
        return out


def sync_all(content_dir: str | Path) -> SyncReport:
    """Check, then load everything in one transaction. Running it twice changes nothing."""
    catalog = check_content(content_dir)
    if catalog.problems:
        raise ContentInvalid(catalog.problems)
    report = SyncReport()
    _sync_competencies(catalog.competencies, report)
    _sync_supervisor_competencies(catalog.supervisor_competencies, report)
    for doc in catalog.modules:
        _sync_module(doc, report)
    _retire_missing({doc.meta["slug"] for doc in catalog.modules}, report)
    _sync_pathways(catalog.pathways, report)
    if report.changed:
        audit.log("content_sync", "content", None, detail=" ".join(report.lines()[:3]))
    db.session.commit()
    return report


def _sync_competencies(data: dict, report: SyncReport) -> None:
    categories = {c.code: c for c in db.session.scalars(select(CompetencyCategory))}
    competencies = {c.code: c for c in db.session.scalars(select(Competency))}
    for position, cat in enumerate(data["categories"], start=1):
        wanted = {"title": cat["title"], "description": cat["description"], "position": position}
        row = categories.get(cat["code"])
        if row is None:
            row = CompetencyCategory(code=cat["code"], **wanted)
            db.session.add(row)
            report.categories["created"] += 1
        elif _update(row, wanted):
            report.categories["updated"] += 1
        for n, item in enumerate(cat["competencies"], start=1):
            # Ratings point at competencies by id, so statements change in place, by code.
            wanted = {"statement": item["statement"], "position": n, "category": row}
            comp = competencies.get(item["code"])
            if comp is None:
                db.session.add(Competency(code=item["code"], **wanted))
                report.competencies["created"] += 1
            elif _update(comp, wanted):
                report.competencies["updated"] += 1
    db.session.flush()


def _sync_supervisor_competencies(data: dict, report: SyncReport) -> None:
    """By code, in place; nothing refers to these rows but the modules' tags."""
    rows = {c.code: c for c in db.session.scalars(select(SupervisorCompetency))}
    position = 0
    for cat in data.get("categories", []):
        for item in cat["competencies"]:
            position += 1
            wanted = {
                "category_code": cat["code"],
                "category_title": cat["title"],
                "statement": item["statement"],
                "position": position,
            }
            row = rows.pop(item["code"], None)
            if row is None:
                db.session.add(SupervisorCompetency(code=item["code"], **wanted))
                report.competencies["created"] += 1
            elif _update(row, wanted):
                report.competencies["updated"] += 1
    for stale in rows.values():
        db.session.delete(stale)
    db.session.flush()


def _update(row, wanted: dict) -> bool:
    changed = False
    for key, value in wanted.items():
        if getattr(row, key) != value:
            setattr(row, key, value)
            changed = True
    return changed


def _module_fields(doc: ModuleFile) -> dict:
    m = doc.meta
    return {
        "title": m["title"],
        "summary": m["summary"],
        "minutes": m["minutes"],
        "required": m["required"],
        "content_hash": doc.content_hash,
        "sources": list(m["sources"]),
        "quiz": {
            "pass_mark": m["knowledge_check"]["pass_mark"],
            "questions": [dict(q) for q in m["knowledge_check"]["questions"]],
        }
        | ({"draw": m["knowledge_check"]["draw"]} if "draw" in m["knowledge_check"] else {}),
        "reflection_prompts": [dict(p) for p in m["reflection_prompts"]],
        "competency_codes": list(m["competencies"]),
        "supervisor_codes": list(m.get("supervisor_competencies", [])),
    }


def _sync_module(doc: ModuleFile, report: SyncReport) -> None:
    slug, version = doc.meta["slug"], doc.meta["version"]
    versions = list(db.session.scalars(select(Module).where(Module.slug == slug)))
    row = next((m for m in versions if m.version == version), None)
    label = f"{slug} v{version}"
    if row is None:
        row = Module(slug=slug, version=version, is_current=True, **_module_fields(doc))
        row.sections = _sections(doc)
        db.session.add(row)
        report.modules_created.append(label)
    elif row.content_hash != doc.content_hash:
        # Same version, corrected text: completions of this version still stand.
        for key, value in _module_fields(doc).items():
            setattr(row, key, value)
        row.sections.clear()
        db.session.flush()  # the old positions must go before the new ones arrive
        row.sections.extend(_sections(doc))
        row.synced_at = utcnow()
        report.modules_updated.append(label)
    else:
        report.modules_unchanged += 1
    if not row.is_current:
        row.is_current = True
    for other in versions:
        if other is not row and other.is_current:
            other.is_current = False  # kept, so old completions still name their version
            report.modules_superseded.append(f"{slug} v{other.version}")
    db.session.flush()


def _sections(doc: ModuleFile) -> list[ModuleSection]:
    return [
        ModuleSection(position=n, heading=s.heading, body_md=s.body_md)
        for n, s in enumerate(doc.sections, start=1)
    ]


def _retire_missing(slugs: set[str], report: SyncReport) -> None:
    stale = db.session.scalars(
        select(Module).where(Module.is_current.is_(True), Module.slug.not_in(slugs or {""}))
    )
    for module in stale:
        module.is_current = False
        report.modules_retired.append(f"{module.slug} v{module.version}")


def _sync_pathways(pathways: list[dict], report: SyncReport) -> None:
    wanted = {
        (pw["code"], slug): (n, pw["for_role"], pw["title"])
        for pw in pathways
        for n, slug in enumerate(pw["modules"], start=1)
    }
    existing = {
        (r.pathway, r.slug): (r.position, r.for_role, r.pathway_title)
        for r in db.session.scalars(select(PathwayModule))
    }
    report.pathway_rows = len(wanted)
    if wanted == existing:
        return
    # The pathways are replaced as a whole: nothing else refers to these rows.
    db.session.execute(delete(PathwayModule))
    db.session.add_all(
        PathwayModule(pathway=code, slug=slug, position=n, for_role=role, pathway_title=title)
        for (code, slug), (n, role, title) in wanted.items()
    )
    report.pathways_changed = True
