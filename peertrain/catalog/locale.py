"""Locale profiles (content/locales/<code>.yaml) and the `{{key}}` placeholders they fill."""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

from flask import current_app, has_app_context

from .loader import ContentFileError, read_yaml

LOCALES_DIR = "locales"
DEFAULT_LOCALE = "us"

# The local facts a module may name. A new one must be added here *and* to every profile.
LOCALE_KEYS = (
    "emergency_number",
    "crisis_line",
    "mental_health_law",
    "involuntary_admission",
    "equality_law",
    "privacy_law",
    "advance_directive",
    "advocacy_service",
    "complaints_ombudsman",
    "health_system",
    "child_protection_service",
    "adult_protection_service",
    "disability_benefits",
    "peer_certification",
    "peer_association",
    "small_gift_value",
)

PLACEHOLDER = re.compile(r"\{\{([a-z_]+)\}\}")
# Anything between braces that is not exactly `{{key}}`, e.g. `{{ key }}` or `{{Key}}`.
LOOSE = re.compile(r"\{\{(.*?)\}\}")


def placeholders(text: str) -> list[tuple[str, bool]]:
    """(what is between the braces, whether it is well formed) for each `{{…}}` in text."""
    return [(m.group(1), bool(PLACEHOLDER.fullmatch(m.group(0)))) for m in LOOSE.finditer(text)]


def fill(text: str, values: dict[str, str]) -> str:
    """Replace each known `{{key}}`; anything else is left showing (the check reports it)."""
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def locale_paths(content_dir: Path) -> list[Path]:
    return sorted((content_dir / LOCALES_DIR).glob("*.yaml"))


@lru_cache(maxsize=8)
def _load(path: str, mtime: float) -> dict[str, str]:
    data = read_yaml(Path(path))
    values = data.get("values") if isinstance(data, dict) else None
    if not isinstance(values, dict):
        raise ContentFileError("values", "a locale profile needs a mapping of values")
    return {str(k): str(v) for k, v in values.items()}


def profile_values(content_dir: str | Path, code: str) -> dict[str, str]:
    """The values of one profile; re-read when its file changes (mtime is in the key)."""
    path = Path(content_dir) / LOCALES_DIR / f"{code}.yaml"
    return _load(str(path), path.stat().st_mtime)


def current_locale() -> str:
    """PEERTRAIN_LOCALE (app config LOCALE wins when set), default "us"."""
    configured = current_app.config.get("LOCALE") if has_app_context() else None
    return configured or os.environ.get("PEERTRAIN_LOCALE") or DEFAULT_LOCALE


def localise(text: str | None) -> str:
    """Text with the current locale's facts written in. Done at render time, so a change of
    locale needs no re-sync and the database keeps the jurisdiction-neutral source."""
    if not text or "{{" not in text:
        return text or ""
    return fill(text, profile_values(current_app.config["CONTENT_DIR"], current_locale()))
