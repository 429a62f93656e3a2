"""Reads content files: YAML front matter, `##` sections and the two YAML catalogues."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from markdown_it import MarkdownIt

MODULES_DIR = "modules"
COMPETENCIES_FILE = "competencies.yaml"
SUPERVISOR_COMPETENCIES_FILE = "supervisor-competencies.yaml"
PATHWAYS_FILE = "pathways.yaml"

# Parsed with HTML *enabled* only to find raw HTML (to report it); rendering disables it.
_SCANNER = MarkdownIt("commonmark", {"html": True})


class ContentFileError(Exception):
    """A file that cannot be read at all (no front matter, broken YAML)."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass
class Section:
    heading: str
    body_md: str
    line: int  # 1-based line in the file, for messages


@dataclass
class ModuleFile:
    path: Path
    meta: dict
    body: str
    body_line: int  # file line where the body starts
    sections: list[Section] = field(default_factory=list)
    preamble: str = ""  # text before the first `##` heading (not allowed)
    raw_html: list[int] = field(default_factory=list)  # file lines holding raw HTML
    content_hash: str = ""


def read_yaml(path: Path):
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        raise ContentFileError("yaml", f"not valid YAML{where}") from exc
    except UnicodeDecodeError as exc:
        raise ContentFileError("file", "not UTF-8 text") from exc


def split_front_matter(text: str) -> tuple[str, str, int]:
    """Return (front matter YAML, body, first body line)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise ContentFileError("front matter", "the file must start with a line of ---")
    for i, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            return "".join(lines[1:i]), "".join(lines[i + 1 :]), i + 2
    raise ContentFileError("front matter", "no closing --- line after the front matter")


def split_sections(body: str, first_line: int) -> tuple[str, list[Section], list[int]]:
    """Split at level-2 headings found by the parser (so a `##` in a code block is not one)."""
    tokens = _SCANNER.parse(body)
    lines = body.splitlines(keepends=True)
    starts: list[tuple[int, str]] = []
    raw_html: list[int] = []
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open" and tok.tag == "h2" and tok.map:
            starts.append((tok.map[0], tokens[i + 1].content.strip()))
        if tok.type == "html_block" and tok.map:
            raw_html.append(first_line + tok.map[0])
        if (
            tok.type == "inline"
            and tok.map
            and any(c.type == "html_inline" for c in tok.children or [])
        ):
            raw_html.append(first_line + tok.map[0])
    preamble_end = starts[0][0] if starts else len(lines)
    preamble = "".join(lines[:preamble_end])
    sections = []
    for n, (start, heading) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        text = "".join(lines[start + 1 : end]).strip("\n")
        sections.append(Section(heading=heading, body_md=text, line=first_line + start))
    return preamble, sections, raw_html


def load_module(path: Path) -> ModuleFile:
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ContentFileError("file", "not UTF-8 text") from exc
    front, body, body_line = split_front_matter(text)
    try:
        meta = yaml.safe_load(front)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark else ""
        raise ContentFileError("front matter", f"not valid YAML{where}") from exc
    if not isinstance(meta, dict):
        raise ContentFileError("front matter", "must be a mapping of keys to values")
    preamble, sections, raw_html = split_sections(body, body_line)
    return ModuleFile(
        path=path,
        meta=meta,
        body=body,
        body_line=body_line,
        sections=sections,
        preamble=preamble,
        raw_html=raw_html,
        content_hash=hashlib.sha256(raw).hexdigest(),
    )


def module_paths(content_dir: Path) -> list[Path]:
    return sorted((content_dir / MODULES_DIR).glob("*.md"))
