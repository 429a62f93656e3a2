"""The credential profiles as the pages use them: read from content/credentials/, checked by the
same rules as `flask content check`, kept until a file changes; and whose credential is whose."""

from __future__ import annotations

from pathlib import Path

from flask import current_app

from ..catalog.credentials import Credential, check_credentials, credential_paths
from ..catalog.problems import Catalog
from ..catalog.yaml_checks import check_competencies
from ..extensions import db
from ..models import DEFAULT_CREDENTIAL_KEY, CredentialChoice

_cache: dict[tuple, dict[str, Credential]] = {}


def all_credentials() -> dict[str, Credential]:
    """Slug -> the sound credential profiles, in slug order. A file with problems is left out
    (`flask content check` names them)."""
    content = Path(current_app.config["CONTENT_DIR"])
    paths = credential_paths(content) + [content / "competencies.yaml"]
    key = tuple((str(p), p.stat().st_mtime) for p in paths if p.exists())
    if key not in _cache:
        catalog = Catalog()
        check_competencies(content, catalog)
        categories = {c.get("code") for c in catalog.competencies.get("categories") or []}
        found = sorted(check_credentials(content, catalog, categories), key=lambda c: c.id)
        _cache.clear()
        _cache[key] = {c.id: c for c in found}
    return _cache[key]


def default_slug() -> str | None:
    """The organisation's default credential (a Setting an admin chooses), if it still exists."""
    from ..targets import stored_setting  # the settings read once a request

    value = stored_setting(DEFAULT_CREDENTIAL_KEY)
    return value if value in all_credentials() else None


def chosen_slug(worker_id: int) -> str | None:
    choice = db.session.get(CredentialChoice, worker_id)
    return choice.credential_slug if choice else None


def credential_for(worker_id: int) -> tuple[Credential | None, str]:
    """The credential a worker works towards and why: their own choice, else the
    organisation's default, else the first profile; ("chosen", "default", "first", "none")."""
    found = all_credentials()
    slug = chosen_slug(worker_id)
    if slug in found:
        return found[slug], "chosen"
    slug = default_slug()
    if slug:
        return found[slug], "default"
    first = next(iter(found.values()), None)
    return first, "first" if first else "none"
