"""Checks every content file and names file, field and fault for each problem it finds."""

from __future__ import annotations

import re
from pathlib import Path

from . import curriculum, loader
from .loader import ContentFileError, ModuleFile
from .locale_checks import check_locales, check_placeholders
from .problems import TYPE_NAMES, Catalog, Problem, Report, is_type
from .quiz_checks import check_pool
from .yaml_checks import check_competencies, check_pathways, check_supervisor_competencies

__all__ = ["Catalog", "Problem", "check_content"]

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RESERVED_SLUGS = {"supervisees"}  # taken by other pages under /training/

MODULE_KEYS: dict[str, type] = {
    "slug": str,
    "title": str,
    "version": int,
    "summary": str,
    "minutes": int,
    "required": bool,
    "competencies": list,
    "sources": list,
    "knowledge_check": dict,
    "reflection_prompts": list,
}
# Supervisor modules are tagged from supervisor-competencies.yaml (and may then list no
# peer-worker competencies).
OPTIONAL_KEYS: dict[str, type] = {"supervisor_competencies": list}


def check_content(content_dir: str | Path) -> Catalog:
    content_dir = Path(content_dir)
    catalog = Catalog()
    codes = check_competencies(content_dir, catalog)
    supervisor_codes = check_supervisor_competencies(content_dir, catalog)
    profiles = check_locales(content_dir, catalog)
    paths = loader.module_paths(content_dir)
    if not paths:
        catalog.problems.append(Problem(loader.MODULES_DIR, "files", "no module files (*.md)"))
    for path in paths:
        _check_module(content_dir, path, (codes, supervisor_codes), profiles, catalog)
    check_pathways(content_dir, {p.stem for p in paths}, catalog)
    # Across the curriculum: what is taught, how long the pathways are, one spelling a work.
    curriculum.check_coverage(catalog)
    curriculum.check_pathway_minutes(catalog)
    curriculum.check_citations_agree(content_dir, catalog)
    # Self-assessment instruments (issue 16): items, anchors, sources and evidence keys.
    from ..integration.selfassessment_measures import MEASURES
    from .instruments import check_instruments

    check_instruments(content_dir, catalog, set(MEASURES))
    # Credential profiles (issue 15): hours, domains mapped to the framework's categories.
    from .credentials import check_credentials

    categories = {
        c.get("code") for c in catalog.competencies.get("categories") or [] if isinstance(c, dict)
    }
    check_credentials(content_dir, catalog, categories)
    return catalog


# --- modules/<slug>.md -------------------------------------------------------------------


def _check_module(
    content_dir: Path,
    path: Path,
    codes: tuple[set[str], set[str]],
    profiles: dict[str, dict[str, str]],
    catalog: Catalog,
) -> None:
    report = Report(catalog, path.relative_to(content_dir).as_posix())
    try:
        doc = loader.load_module(path)
    except ContentFileError as exc:
        report(exc.field, exc.message)
        return
    catalog.loaded.append(doc)
    before = len(catalog.problems)
    meta = doc.meta
    for key, kind in MODULE_KEYS.items():
        if key not in meta:
            report(key, "missing")
        elif not is_type(meta[key], kind):
            report(key, f"must be {TYPE_NAMES[kind]}, not {type(meta[key]).__name__}")
    for key, kind in OPTIONAL_KEYS.items():
        if key in meta and not is_type(meta[key], kind):
            report(key, f"must be {TYPE_NAMES[kind]}, not {type(meta[key]).__name__}")
    for key in sorted(set(meta) - set(MODULE_KEYS) - set(OPTIONAL_KEYS), key=str):
        report(str(key), "unknown key")
    _check_module_fields(meta, path.stem, codes, report)
    _check_body(doc, report)
    check_placeholders(doc, profiles, report)
    if len(catalog.problems) == before:
        # Only once every field is sound: the estimate needs the prompts and the body.
        curriculum.check_minutes(doc, report)
    if len(catalog.problems) == before:
        catalog.modules.append(doc)


def _check_module_fields(
    meta: dict, stem: str, codes: tuple[set[str], set[str]], report: Report
) -> None:
    slug = meta.get("slug")
    if isinstance(slug, str):
        if slug != stem:
            report("slug", f"{slug!r} does not match the file name {stem + '.md'!r}")
        elif not SLUG_RE.match(slug) or len(slug) > 100:
            report("slug", "use lower-case letters, digits and single hyphens (at most 100)")
        elif slug in RESERVED_SLUGS:
            report("slug", f"{slug!r} is reserved for another page; choose another")
    for key, limit in (("title", 200), ("summary", None)):
        if isinstance(meta.get(key), str):
            report.text(meta, key, key, max_len=limit)
    if is_type(meta.get("version"), int) and meta["version"] < 1:
        report("version", "must be 1 or more")
    if is_type(meta.get("minutes"), int) and meta["minutes"] < 1:
        report("minutes", "must be 1 or more")
    _check_codes(meta, codes, report)
    if isinstance(meta.get("sources"), list):
        if not meta["sources"]:
            report("sources", "cite at least one source")
        for i, source in enumerate(meta["sources"]):
            if not isinstance(source, str) or not source.strip():
                report(f"sources[{i}]", "must be a non-empty citation")
            else:
                curriculum.check_citation(source, f"sources[{i}]", report)
    if isinstance(meta.get("knowledge_check"), dict):
        _check_quiz(meta["knowledge_check"], meta.get("required") is True, report)
    if isinstance(meta.get("reflection_prompts"), list):
        _check_prompts(meta["reflection_prompts"], report)


def _check_codes(meta: dict, codes: tuple[set[str], set[str]], report: Report) -> None:
    supervisor = meta.get("supervisor_competencies")
    for key, known, what in (
        ("competencies", codes[0], "competency code"),
        ("supervisor_competencies", codes[1], "supervisor competency code"),
    ):
        if not isinstance(meta.get(key), list):
            continue
        for i, code in enumerate(meta[key]):
            if not isinstance(code, str):
                report(f"{key}[{i}]", f"must be a {what} (text)")
            elif code not in known:
                report(f"{key}[{i}]", f"unknown {what} {code!r}")
    if meta.get("competencies") == [] and not supervisor:
        report("competencies", "list at least one competency code")


def _check_quiz(quiz: dict, required: bool, report: Report) -> None:
    mark = quiz.get("pass_mark")
    if "pass_mark" not in quiz:
        report("knowledge_check.pass_mark", "missing")
    elif not is_type(mark, int) or not 1 <= mark <= 100:
        report("knowledge_check.pass_mark", "must be a whole number from 1 to 100")
    for key in sorted(set(quiz) - {"pass_mark", "questions", "draw"}, key=str):
        report(f"knowledge_check.{key}", "unknown key")
    questions = quiz.get("questions")
    if not isinstance(questions, list) or not questions:
        report("knowledge_check.questions", "must be a non-empty list")
        return
    before = len(report.catalog.problems)
    _check_questions(questions, report)
    if len(report.catalog.problems) == before and is_type(mark, int):
        check_pool(quiz, required, report)


def _check_questions(questions: list, report: Report) -> None:
    seen: set = set()
    for i, q in enumerate(questions):
        where = f"knowledge_check.questions[{i}]"
        if not isinstance(q, dict):
            report(where, "must be a mapping with id, prompt, choices, answer and explanation")
            continue
        report.unique_id(q, where, seen, "question")
        report.text(q, "prompt", f"{where}.prompt")
        report.text(q, "explanation", f"{where}.explanation")
        for key in sorted(set(q) - {"id", "prompt", "choices", "answer", "explanation"}, key=str):
            report(f"{where}.{key}", "unknown key")
        choices = q.get("choices")
        if not isinstance(choices, list) or len(choices) < 2:
            report(f"{where}.choices", "must be a list of at least two choices")
            choices = None
        elif any(not isinstance(c, str) or not c.strip() for c in choices):
            report(f"{where}.choices", "every choice must be non-empty text")
        _check_answer(q.get("answer"), choices, f"{where}.answer", "answer" in q, report)


def _check_answer(answer, choices, where: str, present: bool, report: Report) -> None:
    if not present:
        report(where, "missing")
    elif not isinstance(answer, list):
        report(where, "must be a list of choice indexes, e.g. [1]")
    elif not answer:
        report(where, "is empty: give the index of at least one correct choice")
    elif any(not is_type(a, int) for a in answer):
        report(where, "every answer must be a whole-number choice index (counting from 0)")
    else:
        if len(set(answer)) != len(answer):
            report(where, "lists the same choice twice")
        if choices is not None:
            for a in answer:
                if not 0 <= a < len(choices):
                    report(where, f"index {a} is out of range: choices are 0 to {len(choices) - 1}")


def _check_prompts(prompts: list, report: Report) -> None:
    if not prompts:
        report("reflection_prompts", "list at least one prompt")
    seen: set = set()
    for i, p in enumerate(prompts):
        where = f"reflection_prompts[{i}]"
        if not isinstance(p, dict):
            report(where, "must be a mapping with id and prompt")
            continue
        report.unique_id(p, where, seen, "prompt")
        report.text(p, "prompt", f"{where}.prompt")
        for key in sorted(set(p) - {"id", "prompt"}, key=str):
            report(f"{where}.{key}", "unknown key")


def _check_body(doc: ModuleFile, report: Report) -> None:
    if doc.preamble.strip():
        report("body", "text before the first ## heading: start the body with a section")
    if not doc.sections:
        report("body", "no sections: split the text with ## headings")
    for i, section in enumerate(doc.sections, start=1):
        where = f"sections[{i}] (line {section.line})"
        if not section.heading:
            report(where, "the ## heading has no text")
        elif len(section.heading) > 200:
            report(where, "heading longer than 200 characters")
        if not section.body_md.strip():
            report(where, f"section {section.heading!r} is empty")
    for line in doc.raw_html:
        report(f"body (line {line})", "raw HTML: write Markdown, not tags")
