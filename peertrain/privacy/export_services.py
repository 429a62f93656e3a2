"""Writes for "My data" exports: request, build, download once, expire. Each owns its commit
and audit event (never any of the exported text)."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import select, update

from .. import audit
from ..authz import may_download_export
from ..clock import utcnow
from ..extensions import db
from ..models import ExportRequest, ExportStatus, User
from ..models.privacy_export import OPEN_STATUSES
from . import export_archive, export_data

RECORD = "export_request"
STALE_BUILD = timedelta(hours=1)  # a builder that died mid-way: the request is built again


class ExportRefused(Exception):
    """Said to the person as it is."""


def export_dir() -> Path:
    path = Path(current_app.config["EXPORT_DIR"])
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def open_request(user_id: int) -> ExportRequest | None:
    stmt = select(ExportRequest).where(
        ExportRequest.user_id == user_id, ExportRequest.status.in_(OPEN_STATUSES)
    )
    return db.session.scalars(stmt.order_by(ExportRequest.id.desc())).first()


def request_export(user: User) -> ExportRequest:
    """One open request at a time. Small histories are built at once; larger ones wait for
    `flask exports build` so a web worker is not held for minutes."""
    if (current := open_request(user.id)) is not None:
        raise ExportRefused(f"Your export is already {current.status.label.lower()}.")
    req = ExportRequest(user_id=user.id, status=ExportStatus.REQUESTED)
    db.session.add(req)
    db.session.flush()
    audit.log("export_request", RECORD, req.id, actor_id=user.id)
    db.session.commit()
    if export_data.size(db.session, user.id) <= current_app.config["EXPORT_INLINE_MAX_ROWS"]:
        build(req.id)
    return req


def _claim(request_id: int) -> bool:
    """requested -> building, by exactly one builder (a conditional UPDATE)."""
    claimed = db.session.execute(
        update(ExportRequest)
        .where(ExportRequest.id == request_id, ExportRequest.status == ExportStatus.REQUESTED)
        .values(status=ExportStatus.BUILDING, started_at=utcnow())
    ).rowcount
    db.session.commit()
    return claimed == 1


def build(request_id: int) -> bool:
    """Build one request's archive; False if another builder had it."""
    if not _claim(request_id):
        return False
    req = db.session.get(ExportRequest, request_id)
    name = f"{secrets.token_urlsafe(24)}.zip"
    path = export_dir() / name
    try:
        now = utcnow()
        data = export_data.collect(db.session, req.user, generated_at=now)
        content = export_archive.archive_bytes(data)
        partial = path.with_suffix(".part")
        partial.write_bytes(content)
        os.chmod(partial, 0o600)
        partial.replace(path)
    except Exception:
        db.session.rollback()
        path.with_suffix(".part").unlink(missing_ok=True)
        req = db.session.get(ExportRequest, request_id)
        req.status, req.finished_at = ExportStatus.FAILED, utcnow()
        audit.log("export_build", RECORD, req.id, outcome="failed", actor_id=req.user_id)
        db.session.commit()
        current_app.logger.exception("export %s failed", request_id)
        return True
    req.status, req.file_name, req.size_bytes = ExportStatus.READY, name, len(content)
    req.ready_at = now
    req.expires_at = now + timedelta(days=current_app.config["EXPORT_EXPIRY_DAYS"])
    audit.log("export_build", RECORD, req.id, actor_id=req.user_id, detail=f"bytes={len(content)}")
    db.session.commit()
    return True


def download(user: User, request_id: int) -> bytes:
    """The archive's bytes, once: the row says downloaded and the file is gone before they are
    sent. Someone else's request is refused (and audited) as if it did not exist."""
    req = db.session.get(ExportRequest, request_id)
    if req is None or not may_download_export(user, req):
        audit.log_now("export_download", RECORD, request_id, outcome="denied", actor_id=user.id)
        raise LookupError(request_id)
    if req.status == ExportStatus.READY and req.expires_at <= utcnow():
        expire(req)
    if req.status != ExportStatus.READY:
        audit.log_now("export_download", RECORD, req.id, outcome="gone", actor_id=user.id)
        raise ExportRefused(f"That export is {req.status.label.lower()}: ask for a new one.")
    path = export_dir() / req.file_name
    content = path.read_bytes()
    taken = db.session.execute(
        update(ExportRequest)
        .where(ExportRequest.id == req.id, ExportRequest.status == ExportStatus.READY)
        .values(status=ExportStatus.DOWNLOADED, finished_at=utcnow(), file_name=None)
    ).rowcount
    if taken != 1:  # a second click that lost the race
        db.session.rollback()
        raise ExportRefused("That export has just been downloaded: ask for a new one.")
    audit.log("export_download", RECORD, req.id, actor_id=user.id)
    db.session.commit()
    path.unlink(missing_ok=True)
    return content


def expire(req: ExportRequest) -> None:
    if req.file_name:
        (export_dir() / req.file_name).unlink(missing_ok=True)
    req.status, req.finished_at, req.file_name = ExportStatus.EXPIRED, utcnow(), None
    audit.log("export_expired", RECORD, req.id, actor_id=None)
    db.session.commit()


def run_pending(limit: int = 50) -> dict[str, int]:
    """For cron: expire what is due, retry stale builds, build the oldest waiting requests."""
    now = utcnow()
    due = db.session.scalars(
        select(ExportRequest).where(
            ExportRequest.status == ExportStatus.READY, ExportRequest.expires_at <= now
        )
    ).all()
    for req in due:
        expire(req)
    stale = db.session.execute(
        update(ExportRequest)
        .where(
            ExportRequest.status == ExportStatus.BUILDING,
            ExportRequest.started_at < now - STALE_BUILD,
        )
        .values(status=ExportStatus.REQUESTED, started_at=None)
    ).rowcount
    db.session.commit()
    waiting = db.session.scalars(
        select(ExportRequest.id)
        .where(ExportRequest.status == ExportStatus.REQUESTED)
        .order_by(ExportRequest.requested_at, ExportRequest.id)
        .limit(limit)
    ).all()
    built = sum(1 for rid in waiting if build(rid))
    return {"expired": len(due), "restarted": stale, "built": built}
