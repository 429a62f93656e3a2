"""`flask content stats`: modules, questions, pathway minutes and hours, and who teaches what."""

from __future__ import annotations

from dataclasses import dataclass, field

from .curriculum import teachers
from .problems import Catalog


@dataclass(frozen=True)
class ModuleStats:
    slug: str
    questions: int
    minutes: int
    statements: list[str]  # peer-worker and supervisor codes it is tagged with
    categories: list[str]  # the categories those codes belong to, in first-seen order


@dataclass(frozen=True)
class PathwayStats:
    code: str
    title: str
    modules: int
    minutes: int

    @property
    def hours(self) -> float:
        return self.minutes / 60


@dataclass
class CurriculumStats:
    modules: list[ModuleStats] = field(default_factory=list)
    pathways: list[PathwayStats] = field(default_factory=list)
    coverage: dict[str, list[str]] = field(default_factory=dict)  # code -> module slugs

    @property
    def questions(self) -> int:
        return sum(m.questions for m in self.modules)

    def lines(self) -> list[str]:
        out = [f"Modules: {len(self.modules)}", f"Questions in the pools: {self.questions}"]
        out.append("Pathways:")
        out += [
            f"  {p.code}: {p.modules} modules, {p.minutes} minutes ({p.hours:.1f} hours)"
            for p in self.pathways
        ]
        out.append("Modules (questions, minutes, statements, categories):")
        for m in self.modules:
            out.append(
                f"  {m.slug}: {m.questions} questions, {m.minutes} minutes, "
                f"{len(m.statements)} statements ({', '.join(m.statements) or '-'}), "
                f"{len(m.categories)} categories ({', '.join(m.categories) or '-'})"
            )
        out.append("Coverage (statement: modules that teach it):")
        out += [
            f"  {code}: {len(slugs)} ({', '.join(slugs) or 'NOT TAUGHT'})"
            for code, slugs in self.coverage.items()
        ]
        return out


def _category_of(frameworks: list[dict]) -> dict[str, str]:
    return {
        item["code"]: cat["code"]
        for data in frameworks
        for cat in data.get("categories") or []
        if isinstance(cat, dict)
        for item in cat.get("competencies") or []
        if isinstance(item, dict) and "code" in item
    }


def curriculum_stats(catalog: Catalog) -> CurriculumStats:
    """Figures over every module file that could be read (the check says which are sound)."""
    frameworks = [catalog.competencies, catalog.supervisor_competencies]
    category_of = _category_of(frameworks)
    stats = CurriculumStats()
    minutes: dict[str, int] = {}
    for doc in catalog.loaded:
        meta = doc.meta
        quiz = meta.get("knowledge_check") if isinstance(meta.get("knowledge_check"), dict) else {}
        questions = quiz.get("questions") if isinstance(quiz.get("questions"), list) else []
        codes = [
            c
            for key in ("competencies", "supervisor_competencies")
            for c in (meta.get(key) if isinstance(meta.get(key), list) else [])
            if isinstance(c, str)
        ]
        categories = list(dict.fromkeys(category_of[c] for c in codes if c in category_of))
        minutes[doc.path.stem] = meta["minutes"] if isinstance(meta.get("minutes"), int) else 0
        stats.modules.append(
            ModuleStats(doc.path.stem, len(questions), minutes[doc.path.stem], codes, categories)
        )
    for pw in catalog.pathways:
        slugs = [s for s in pw.get("modules") or [] if isinstance(s, str)]
        total = sum(minutes.get(s, 0) for s in slugs)
        stats.pathways.append(
            PathwayStats(pw.get("code", "?"), pw.get("title", ""), len(slugs), total)
        )
    taught = teachers(catalog.loaded, "competencies") | teachers(
        catalog.loaded, "supervisor_competencies"
    )
    stats.coverage = {code: taught.get(code, []) for code in category_of}
    return stats
