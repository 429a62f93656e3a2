"""Problems found in content files, and the helper that records them as `file: field: fault`."""

from __future__ import annotations

from dataclasses import dataclass, field

from .loader import ModuleFile

TYPE_NAMES = {
    str: "text",
    int: "a whole number",
    bool: "true or false",
    list: "a list",
    dict: "a mapping",
}


@dataclass(frozen=True)
class Problem:
    file: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.message}"


@dataclass
class Catalog:
    """What was read; only trustworthy for syncing when `problems` is empty."""

    competencies: dict = field(default_factory=dict)
    supervisor_competencies: dict = field(default_factory=dict)
    locales: dict[str, dict[str, str]] = field(default_factory=dict)  # code -> values
    pathways: list[dict] = field(default_factory=list)
    modules: list[ModuleFile] = field(default_factory=list)
    # Every module file that could be read, sound or not: what the curriculum-wide checks
    # count, so one broken file does not also make its competencies look untaught.
    loaded: list[ModuleFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def is_type(value, kind: type) -> bool:
    if kind is int:  # YAML booleans are ints to Python; a version of `true` is still wrong
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, kind)


class Report:
    def __init__(self, catalog: Catalog, file: str):
        self.catalog, self.file = catalog, file

    def __call__(self, field: str, message: str) -> None:
        self.catalog.problems.append(Problem(self.file, field, message))

    def text(self, mapping: dict, key: str, where: str, *, max_len: int | None = None) -> bool:
        value = mapping.get(key)
        if key not in mapping:
            self(where, "missing")
        elif not isinstance(value, str):
            self(where, f"must be text, not {type(value).__name__}")
        elif not value.strip():
            self(where, "is empty")
        elif max_len and len(value) > max_len:
            self(where, f"longer than {max_len} characters")
        else:
            return True
        return False

    def unique(
        self, item: dict, key: str, where: str, seen: set, what: str, *, max_len: int
    ) -> None:
        """`item[key]` is short text not already in `seen` (which it joins)."""
        if self.text(item, key, f"{where}.{key}", max_len=max_len):
            if item[key] in seen:
                self(f"{where}.{key}", f"duplicate {what} {key} {item[key]!r}")
            seen.add(item[key])

    def unique_id(self, item: dict, where: str, seen: set, what: str) -> None:
        self.unique(item, "id", where, seen, what, max_len=40)
