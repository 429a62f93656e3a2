"""Checks of the locale profiles and of every `{{key}}` placeholder a module uses."""

from __future__ import annotations

import re
from pathlib import Path

from . import locale
from .loader import ContentFileError, ModuleFile, read_yaml
from .problems import Catalog, Report

KEY_RE = re.compile(r"^[a-z][a-z_]*$")
ARTICLE = re.compile(r"\b(an?) \{\{([a-z_]+)\}\}", re.IGNORECASE)


def check_locales(content_dir: Path, catalog: Catalog) -> dict[str, dict[str, str]]:
    """Profile code -> its text values, for every profile with a mapping of values (even one
    with faults, so a module using a key it lacks is also named, with its line)."""
    profiles: dict[str, dict[str, str]] = {}
    for path in locale.locale_paths(content_dir):
        report = Report(catalog, path.relative_to(content_dir).as_posix())
        try:
            data = read_yaml(path)
        except ContentFileError as exc:
            report(exc.field, exc.message)
            continue
        if not isinstance(data, dict):
            report("file", "must be a mapping with code, title, values and sources")
            continue
        if data.get("code") != path.stem:
            report("code", f"must be {path.stem!r}, the file name without .yaml")
        report.text(data, "title", "title", max_len=100)
        _check_values(data.get("values"), report)
        sources = data.get("sources")
        if not isinstance(sources, list) or not sources:
            report("sources", "list the sources of these facts")
        elif any(not isinstance(s, str) or not s.strip() for s in sources):
            report("sources", "every source must be non-empty text")
        for key in sorted(set(data) - {"code", "title", "values", "sources"}, key=str):
            report(str(key), "unknown key")
        values = data.get("values")
        if isinstance(values, dict):
            profiles[path.stem] = {
                k: v for k, v in values.items() if isinstance(k, str) and isinstance(v, str)
            }
    catalog.locales = profiles
    return profiles


def _check_values(values, report: Report) -> None:
    if not isinstance(values, dict):
        report("values", "must be a mapping of placeholder keys to text")
        return
    for key in values:
        if not isinstance(key, str) or not KEY_RE.match(key):
            report(f"values.{key}", "malformed key: use lower-case letters and underscores")
        elif key not in locale.LOCALE_KEYS:
            report(f"values.{key}", "unknown key: not one of the placeholders modules may use")
        elif not isinstance(values[key], str) or not values[key].strip():
            report(f"values.{key}", 'must be non-empty text (quote numbers, e.g. "911")')
        elif "{{" in values[key]:
            report(f"values.{key}", "a value cannot contain a placeholder")
    for key in locale.LOCALE_KEYS:
        if key not in values:
            report(f"values.{key}", "missing")


def check_placeholders(doc: ModuleFile, profiles: dict[str, dict[str, str]], report) -> None:
    """Every `{{…}}` in the file, by line: well formed, known, and given by every profile."""
    text = doc.path.read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), start=1):
        for inner, well_formed in locale.placeholders(line):
            where = f"line {number}"
            if not well_formed:
                report(where, f"malformed placeholder {{{{{inner}}}}}: write {{{{key}}}}")
            elif inner not in locale.LOCALE_KEYS:
                report(where, f"unknown placeholder {{{{{inner}}}}}")
            elif not profiles:
                report(where, f"{{{{{inner}}}}} is used but there is no locale profile")
            else:
                for code, values in sorted(profiles.items()):
                    if inner not in values:
                        report(where, f"{{{{{inner}}}}} has no value in locales/{code}.yaml")
        for article, key in ARTICLE.findall(line):
            for code, values in sorted(profiles.items()):
                value = values.get(key, "")
                wants = "an" if value[:1].lower() in "aeiou" and value else "a"
                if value and article.lower() != wants:
                    report(
                        f"line {number}",
                        f"{article!r} before {{{{{key}}}}} reads wrongly with "
                        f"locales/{code}.yaml ({value!r})",
                    )
    meta = doc.meta
    fields = {"title": meta.get("title"), "slug": meta.get("slug")}
    fields |= {f"sources[{i}]": s for i, s in enumerate(meta.get("sources") or [])}
    for where, value in fields.items():
        if isinstance(value, str) and "{{" in value:
            report(where, "placeholders are filled only in the body, prompts and summary")
