"""The credential profiles as the pages use them: read from content/credentials/, checked by the
same rules as `flask content check`, kept until a file changes; and whose credential is whose."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from flask import current_app
from sqlalchemy import event, func, literal, null, select, union_all

from ..catalog.credentials import Credential, check_credentials, credential_paths
from ..catalog.problems import Catalog
from ..catalog.yaml_checks import check_competencies
from ..extensions import db
from ..memo import forget, per_request
from ..models import DEFAULT_CREDENTIAL_KEY, CredentialChoice, CredentialExam, Setting

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


def _known(slug: str | None) -> str | None:
    return slug if slug in all_credentials() else None


def default_slug() -> str | None:
    """The organisation's default credential (a Setting an admin chooses), if it still exists."""
    from ..targets import stored_setting  # the settings read once a request

    return _known(stored_setting(DEFAULT_CREDENTIAL_KEY))


@dataclass(frozen=True)
class Standing:
    chosen: str | None  # the worker's own choice, as stored
    default: str | None  # the organisation's default, as stored
    exams: dict[str, date]  # credential slug -> the latest exam passed for it


def standing(worker_id: int) -> Standing:
    """A worker's choice, the organisation's default and their latest exam pass per credential,
    in one statement once a request: readiness and the portfolio need all three together."""

    def read() -> Standing:
        # The exam branch first: a union takes its column types from its first select, so the
        # date comes back a date on SQLite too.
        rows = db.session.execute(
            union_all(
                select(
                    literal("exam"),
                    CredentialExam.credential_slug,
                    func.max(CredentialExam.passed_on),
                )
                .where(CredentialExam.worker_id == worker_id)
                .group_by(CredentialExam.credential_slug),
                select(literal("chosen"), CredentialChoice.credential_slug, null()).where(
                    CredentialChoice.worker_id == worker_id
                ),
                select(literal("default"), Setting.value, null()).where(
                    Setting.key == DEFAULT_CREDENTIAL_KEY
                ),
            )  # fmt: skip
        ).all()
        found = {kind: slug for kind, slug, _ in rows if kind != "exam"}
        exams = {slug: day for kind, slug, day in rows if kind == "exam"}
        return Standing(found.get("chosen"), found.get("default"), exams)

    return per_request(("certification.standing", worker_id), read)


@event.listens_for(CredentialChoice, "after_insert")
@event.listens_for(CredentialChoice, "after_update")
@event.listens_for(CredentialChoice, "after_delete")
@event.listens_for(CredentialExam, "after_insert")
@event.listens_for(CredentialExam, "after_update")
@event.listens_for(CredentialExam, "after_delete")
@event.listens_for(Setting, "after_insert")
@event.listens_for(Setting, "after_update")
@event.listens_for(Setting, "after_delete")
def _forget(*_args) -> None:
    # A page that writes a choice, an exam or the default and then shows readiness again in
    # the same request must not show what it read before the write.
    forget("certification.standing")


def credential_for(worker_id: int) -> tuple[Credential | None, str]:
    """The credential a worker works towards and why: their own choice, else the
    organisation's default, else the first profile; ("chosen", "default", "first", "none")."""
    found = all_credentials()
    held = standing(worker_id)
    if _known(held.chosen):
        return found[held.chosen], "chosen"
    if _known(held.default):
        return found[held.default], "default"
    first = next(iter(found.values()), None)
    return first, "first" if first else "none"
