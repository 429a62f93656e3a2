"""Checks of the two catalogues: competencies.yaml and pathways.yaml."""

from __future__ import annotations

from pathlib import Path

from ..rules.workers import TRAINING_ROLES as _TRAINING_ROLES
from . import loader
from .loader import ContentFileError
from .problems import Catalog, Report, is_type

# The roles that follow a pathway, as the content spells them (one list: peertrain/rules/).
TRAINING_ROLES = tuple(r.value for r in _TRAINING_ROLES)

# --- competencies.yaml -------------------------------------------------------------------


def check_competencies(content_dir: Path, catalog: Catalog) -> set[str]:
    report = Report(catalog, loader.COMPETENCIES_FILE)
    path = content_dir / loader.COMPETENCIES_FILE
    if not path.exists():
        report("file", "missing")
        return set()
    try:
        data = loader.read_yaml(path)
    except ContentFileError as exc:
        report(exc.field, exc.message)
        return set()
    if not isinstance(data, dict):
        report("file", "must be a mapping with source, scale and categories")
        return set()
    catalog.competencies = data
    report.text(data, "source", "source")
    _check_scale(data.get("scale"), report)
    return _check_categories(data.get("categories"), report)


def check_supervisor_competencies(content_dir: Path, catalog: Catalog) -> set[str]:
    """The optional second framework: its codes tag supervisor modules."""
    report = Report(catalog, loader.SUPERVISOR_COMPETENCIES_FILE)
    path = content_dir / loader.SUPERVISOR_COMPETENCIES_FILE
    if not path.exists():
        return set()
    try:
        data = loader.read_yaml(path)
    except ContentFileError as exc:
        report(exc.field, exc.message)
        return set()
    if not isinstance(data, dict):
        report("file", "must be a mapping with source and categories")
        return set()
    catalog.supervisor_competencies = data
    report.text(data, "source", "source")
    return _check_categories(data.get("categories"), report)


def _check_categories(categories, report: Report) -> set[str]:
    if not isinstance(categories, list) or not categories:
        report("categories", "must be a non-empty list")
        return set()
    codes: set[str] = set()
    category_codes: set[str] = set()
    for i, cat in enumerate(categories):
        where = f"categories[{i}]"
        if not isinstance(cat, dict):
            report(where, "must be a mapping with code, title, description and competencies")
            continue
        report.unique(cat, "code", where, category_codes, "category", max_len=10)
        report.text(cat, "title", f"{where}.title", max_len=200)
        report.text(cat, "description", f"{where}.description")
        items = cat.get("competencies")
        if not isinstance(items, list) or not items:
            report(f"{where}.competencies", "must be a non-empty list")
            continue
        for j, item in enumerate(items):
            at = f"{where}.competencies[{j}]"
            if not isinstance(item, dict):
                report(at, "must be a mapping with code and statement")
                continue
            report.unique(item, "code", at, codes, "competency", max_len=12)
            report.text(item, "statement", f"{at}.statement")
    return codes


def _check_scale(scale, report: Report) -> None:
    if not isinstance(scale, list) or not scale:
        report("scale", "must be a list of the levels 1 to 4")
        return
    levels = []
    for i, level in enumerate(scale):
        if not isinstance(level, dict) or not is_type(level.get("level"), int):
            report(f"scale[{i}].level", "must be a whole number")
            continue
        levels.append(level["level"])
        report.text(level, "label", f"scale[{i}].label")
        report.text(level, "description", f"scale[{i}].description")
    if sorted(levels) != [1, 2, 3, 4]:
        report("scale", f"levels must be exactly 1, 2, 3 and 4, found {sorted(levels)}")


# --- pathways.yaml -----------------------------------------------------------------------


def check_pathways(content_dir: Path, slugs: set[str], catalog: Catalog) -> None:
    report = Report(catalog, loader.PATHWAYS_FILE)
    path = content_dir / loader.PATHWAYS_FILE
    if not path.exists():
        report("file", "missing")
        return
    try:
        data = loader.read_yaml(path)
    except ContentFileError as exc:
        report(exc.field, exc.message)
        return
    pathways = data.get("pathways") if isinstance(data, dict) else None
    if not isinstance(pathways, list) or not pathways:
        report("pathways", "must be a non-empty list")
        return
    seen: set = set()
    for i, pw in enumerate(pathways):
        where = f"pathways[{i}]"
        if not isinstance(pw, dict):
            report(where, "must be a mapping with code, title, description, for_role and modules")
            continue
        report.unique(pw, "code", where, seen, "pathway", max_len=60)
        report.text(pw, "title", f"{where}.title", max_len=200)
        report.text(pw, "description", f"{where}.description")
        floor = pw.get("min_minutes")
        if "min_minutes" in pw and (not is_type(floor, int) or floor < 0):
            report(f"{where}.min_minutes", "must be a whole number of minutes")
        if pw.get("for_role") not in TRAINING_ROLES:
            report(f"{where}.for_role", f"must be one of {', '.join(TRAINING_ROLES)}")
        modules = pw.get("modules")
        if not isinstance(modules, list) or not modules:
            report(f"{where}.modules", "must be a non-empty list of module slugs")
            continue
        listed: set = set()
        for j, slug in enumerate(modules):
            if not isinstance(slug, str) or slug not in slugs:
                report(f"{where}.modules[{j}]", f"unknown module {slug!r}")
            elif slug in listed:
                report(f"{where}.modules[{j}]", f"{slug!r} is listed twice")
            listed.add(slug if isinstance(slug, str) else repr(slug))
    catalog.pathways = pathways
