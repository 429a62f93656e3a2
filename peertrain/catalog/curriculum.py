"""Whole-curriculum checks: honest minutes, competency coverage, pathway hours and citations."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path

from .loader import SUPERVISOR_COMPETENCIES_FILE as SUPERVISOR_FILE
from .loader import ModuleFile
from .problems import Catalog, Problem

WORDS_PER_MINUTE = 150
MINUTES_PER_PROMPT = 10
MINUTES_FOR_CHECK = 10
MINUTES_PER_ACTIVITY = 5
MINUTES_TOLERANCE = 0.10
TRY_THIS = re.compile(r"^\*\*Try this:\*\*", re.MULTILINE)
SOURCES_FILE = "SOURCES.md"
# Author or organisation, (year), title ending in . ? or !, then a venue or publisher.
CITATION = re.compile(
    r"^(?P<who>[^()]*[A-Za-z][^()]*) \((?P<year>(1[89]|20)\d\d[a-z]?)\)\. "
    r"(?P<title>.+?[.?!]) (?P<venue>.*[A-Za-z].*)$"
)


def estimated_minutes(body: str, prompts: int) -> int:
    """Reading at 150 words a minute, 10 minutes per reflection prompt, 10 for the knowledge
    check and 5 for each paragraph starting "**Try this:**". The one formula for minutes."""
    words = len(re.findall(r"\S+", body))
    activities = len(TRY_THIS.findall(body))
    return (
        round(words / WORDS_PER_MINUTE)
        + MINUTES_PER_PROMPT * prompts
        + MINUTES_FOR_CHECK
        + MINUTES_PER_ACTIVITY * activities
    )


def check_minutes(doc: ModuleFile, report) -> None:
    estimate = estimated_minutes(doc.body, len(doc.meta["reflection_prompts"]))
    declared = doc.meta["minutes"]
    if abs(declared - estimate) > MINUTES_TOLERANCE * estimate:
        report(
            "minutes",
            f"{declared} is not within 10% of the estimate {estimate} (words / 150, plus 10 "
            f"a reflection prompt, 10 for the check and 5 a 'Try this:' activity)",
        )


def citation_title(source: str) -> str | None:
    """The work's title, normalised for comparing spellings; None if it is not a citation."""
    found = CITATION.match(re.sub(r" \(Eds?\.\)", "", source.strip()))
    return re.sub(r"[^a-z0-9]+", " ", found["title"].lower()).strip() if found else None


def check_citation(source: str, where: str, report) -> None:
    if citation_title(source) is None:
        report(where, "give author or organisation, (year), title and venue or publisher")


def _file(doc: ModuleFile, content_dir: Path) -> str:
    return doc.path.relative_to(content_dir).as_posix()


def canonical_sources(content_dir: Path) -> dict[str, str]:
    """Title -> the one spelling listed in content/SOURCES.md (lines `- "…"`)."""
    path = content_dir / SOURCES_FILE
    if not path.exists():
        return {}
    found = re.findall(r'^- "(.+)"\s*$', path.read_text(encoding="utf-8"), re.MULTILINE)
    return {title: s for s in found if (title := citation_title(s))}


def check_citations_agree(content_dir: Path, catalog: Catalog) -> None:
    """One spelling per work: the same title must be cited by the same string everywhere."""
    canonical = canonical_sources(content_dir)
    spellings: dict[str, Counter] = defaultdict(Counter)
    for doc in catalog.modules:
        for source in doc.meta["sources"]:
            if title := citation_title(source):
                spellings[title][source] += 1
    for doc in catalog.modules:
        for i, source in enumerate(doc.meta["sources"]):
            title = citation_title(source)
            if title is None:
                continue
            wanted = canonical.get(title) or spellings[title].most_common(1)[0][0]
            if source != wanted:
                origin = SOURCES_FILE if title in canonical else "another module"
                catalog.problems.append(
                    Problem(
                        _file(doc, content_dir),
                        f"sources[{i}]",
                        f"cite this work as {origin} does, exactly: {wanted!r}",
                    )
                )


def check_coverage(catalog: Catalog) -> None:
    """Every peer-worker statement taught by a module and every category by two; every
    supervisor statement by a module."""
    for data, key, file, per_category in (
        (catalog.competencies, "competencies", "competencies.yaml", 2),
        (catalog.supervisor_competencies, "supervisor_competencies", SUPERVISOR_FILE, 1),
    ):
        teaching = teachers(catalog.loaded, key)
        for cat in _sound(data.get("categories")):
            codes = [c["code"] for c in cat["competencies"]]
            for code in codes:
                if not teaching.get(code):
                    catalog.problems.append(Problem(file, code, "taught by no module"))
            modules = {slug for code in codes for slug in teaching.get(code, [])}
            if len(modules) < per_category:
                catalog.problems.append(
                    Problem(
                        file,
                        cat["code"],
                        f"category taught by {len(modules)} module(s); "
                        f"at least {per_category} should teach it",
                    )
                )


def _sound(categories) -> list[dict]:
    """Categories well enough formed to count (the framework's own check reports the rest)."""
    return [
        cat
        for cat in (categories if isinstance(categories, list) else [])
        if isinstance(cat, dict)
        and isinstance(cat.get("code"), str)
        and isinstance(cat.get("competencies"), list)
        and all(isinstance(c, dict) and isinstance(c.get("code"), str) for c in cat["competencies"])  # noqa: E501
    ]


def teachers(modules: list[ModuleFile], key: str) -> dict[str, list[str]]:
    """Code -> slugs of the modules tagged with it, in file order."""
    found: dict[str, list[str]] = defaultdict(list)
    for doc in modules:
        codes = doc.meta.get(key)
        for code in codes if isinstance(codes, list) else []:
            if isinstance(code, str):
                found[code].append(doc.path.stem)
    return found


def check_pathway_minutes(catalog: Catalog) -> None:
    minutes = {
        doc.path.stem: doc.meta["minutes"]
        for doc in catalog.loaded
        if isinstance(doc.meta.get("minutes"), int)
    }
    for i, pw in enumerate(catalog.pathways):
        floor = pw.get("min_minutes")
        total = sum(minutes.get(slug, 0) for slug in pw.get("modules") or [])
        if isinstance(floor, int) and total < floor:
            catalog.problems.append(
                Problem(
                    "pathways.yaml",
                    f"pathways[{i}].modules",
                    f"the modules add up to {total} minutes ({total / 60:.1f} hours); "
                    f"min_minutes asks for at least {floor}",
                )
            )
