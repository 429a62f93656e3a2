"""Self-assessment instruments (content/instruments/*.yaml): read, checked, and given to the
pages as plain dataclasses. Problems are named `file: item id: what is wrong`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import loader
from .curriculum import citation_title
from .loader import ContentFileError
from .problems import Catalog, Report, is_type

INSTRUMENTS_DIR = "instruments"
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ITEM_ID_RE = re.compile(r"^[A-Z]{2,4}-\d{1,2}$")
LEVELS = (1, 2, 3)
MAX_TEXT = 400


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    anchors: dict[int, str]
    sources: tuple[str, ...]
    evidence: str | None


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Instrument:
    id: str
    title: str
    version: int
    summary: str
    scale: dict[int, str]
    sources: dict[str, str]  # key -> full citation
    sections: tuple[Section, ...]

    @property
    def items(self) -> list[Item]:
        return [i for s in self.sections for i in s.items]

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)


def instrument_paths(content_dir: Path) -> list[Path]:
    folder = content_dir / INSTRUMENTS_DIR
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def check_instruments(content_dir: Path, catalog: Catalog, measures: set[str]) -> list[Instrument]:
    """Every instrument file; the sound ones are returned. `measures`: the evidence keys the
    app can compute (an item naming any other would show nothing beside it)."""
    found = []
    for path in instrument_paths(content_dir):
        report = Report(catalog, path.relative_to(content_dir).as_posix())
        before = len(catalog.problems)
        try:
            data = loader.read_yaml(path)
        except ContentFileError as exc:
            report(exc.field, exc.message)
            continue
        if not isinstance(data, dict):
            report("file", "must be a mapping with id, title, scale, sources and sections")
            continue
        _check_top(data, path, report)
        keys = _check_sources(data.get("sources"), report)
        _check_sections(data.get("sections"), keys, measures, report)
        if len(catalog.problems) == before:
            found.append(_build(data))
    return found


def _check_top(data: dict, path: Path, report: Report) -> None:
    if report.text(data, "id", "id", max_len=60) and data["id"] != path.stem:
        report("id", f"must equal the file name without .yaml ({path.stem!r})")
    elif "id" in data and isinstance(data["id"], str) and not ID_RE.match(data["id"]):
        report("id", "use lower-case words joined by hyphens")
    report.text(data, "title", "title", max_len=120)
    report.text(data, "summary", "summary", max_len=600)
    if not is_type(data.get("version"), int) or data["version"] < 1:
        report("version", "must be a whole number from 1")
    _check_levels(data.get("scale"), "scale", report)


def _check_levels(levels, where: str, report: Report) -> None:
    if not isinstance(levels, dict):
        report(where, "must map 1, 2 and 3 to their wording")
        return
    if set(levels) != set(LEVELS):
        report(where, f"must have exactly the levels 1, 2 and 3, not {sorted(map(str, levels))}")
    for level in LEVELS:
        if level in levels:
            report.text(levels, level, f"{where}.{level}", max_len=MAX_TEXT)


def _check_sources(sources, report: Report) -> set[str]:
    if not isinstance(sources, list) or not sources:
        report("sources", "must be a non-empty list of {key, citation}")
        return set()
    keys: set[str] = set()
    for n, source in enumerate(sources):
        where = f"sources[{n}]"
        if not isinstance(source, dict):
            report(where, "must be a mapping with key and citation")
            continue
        report.unique(source, "key", where, keys, "source", max_len=30)
        if report.text(source, "citation", f"{where}.citation", max_len=MAX_TEXT) and (
            citation_title(source["citation"]) is None
        ):
            report(f"{where}.citation", "give author or organisation, (year), title and publisher")
    return keys


def _check_sections(sections, keys: set[str], measures: set[str], report: Report) -> None:
    if not isinstance(sections, list) or not sections:
        report("sections", "must be a non-empty list")
        return
    section_ids: set[str] = set()
    item_ids: set[str] = set()
    cited: set[str] = set()
    for n, section in enumerate(sections):
        where = f"sections[{n}]"
        if not isinstance(section, dict):
            report(where, "must be a mapping with id, title and items")
            continue
        report.unique_id(section, where, section_ids, "section")
        report.text(section, "title", f"{where}.title", max_len=120)
        items = section.get("items")
        if not isinstance(items, list) or not items:
            report(f"{section.get('id', where)}", "items: must be a non-empty list")
            continue
        for m, item in enumerate(items):
            _check_item(item, f"{where}.items[{m}]", item_ids, keys, measures, cited, report)
    for key in sorted(keys - cited):
        report("sources", f"{key!r} is listed but no item cites it")


def _check_item(item, where, item_ids, keys, measures, cited, report: Report) -> None:
    if not isinstance(item, dict):
        report(where, "must be a mapping with id, text, anchors and sources")
        return
    raw_id = item.get("id")
    name = raw_id if isinstance(raw_id, str) and raw_id.strip() else where
    if name == where:
        report(where, "id: missing")
    elif not ITEM_ID_RE.match(name):
        report(name, "id: use a short code such as LC-1")
    elif name in item_ids:
        report(name, "id: used by another item")
    item_ids.add(name)
    if "text" not in item:
        report(name, "text: missing")
    elif not isinstance(item["text"], str) or not item["text"].strip():
        report(name, "text: is empty")
    elif len(item["text"]) > MAX_TEXT:
        report(name, f"text: longer than {MAX_TEXT} characters")
    _check_anchors(item.get("anchors"), name, report)
    sources = item.get("sources")
    if not isinstance(sources, list) or not sources:
        report(name, "sources: cite at least one source key")
    else:
        for key in sources:
            if key not in keys:
                report(name, f"sources: {key!r} is not a key under sources")
            cited.add(key)
    if "evidence" in item and item["evidence"] not in measures:
        known = ", ".join(sorted(measures))
        report(name, f"evidence: {item['evidence']!r} is not a measure (one of: {known})")


def _check_anchors(anchors, name: str, report: Report) -> None:
    if not isinstance(anchors, dict):
        report(name, "anchors: must map 1, 2 and 3 to what each rating looks like")
        return
    if set(anchors) != set(LEVELS):
        report(name, f"anchors: must be exactly 1, 2 and 3, not {sorted(map(str, anchors))}")
    for level in LEVELS:
        text = anchors.get(level)
        if level in anchors and (not isinstance(text, str) or not text.strip()):
            report(name, f"anchors: {level} is empty")


def _build(data: dict) -> Instrument:
    return Instrument(
        id=data["id"],
        title=data["title"],
        version=data["version"],
        summary=data["summary"],
        scale={int(k): v for k, v in data["scale"].items()},
        sources={s["key"]: s["citation"] for s in data["sources"]},
        sections=tuple(
            Section(
                id=s["id"],
                title=s["title"],
                items=tuple(
                    Item(
                        id=i["id"],
                        text=i["text"],
                        anchors={int(k): v for k, v in i["anchors"].items()},
                        sources=tuple(i["sources"]),
                        evidence=i.get("evidence"),
                    )
                    for i in s["items"]
                ),
            )
            for s in data["sections"]
        ),
    )
