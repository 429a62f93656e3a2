"""The one definition of what a signature covers: each signed row's canonical form, its digest,
the digest over all rows (`rows_hash`), `verify(signoff)`, and the lock on signed rows."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from sqlalchemy import event, select
from sqlalchemy.orm import Session, attributes

from ..extensions import db
from ..models import Signoff, SignoffKind, SupervisionSession, TrainingRecord, WorkLog

MODELS = {
    SignoffKind.WORK_LOG: WorkLog,
    SignoffKind.TRAINING_RECORD: TrainingRecord,
    SignoffKind.SUPERVISION_SESSION: SupervisionSession,
}


class SignedRowLocked(Exception):
    """A signed row was about to change in place: a correction must be a new row instead."""


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def canonical(kind: SignoffKind, row) -> dict:
    """What a signature vouches for in each kind of row: the hours and what they are, never a
    free-text note of the supervision record (its author may still fix a typo in it). Fields
    set by the signing itself (signoff_id) are not part of it."""
    if kind is SignoffKind.WORK_LOG:
        fields = {
            "worker_id": row.worker_id,
            "week_starting": _iso(row.week_starting),
            "minutes": row.minutes,
            "setting": row.setting.value,
            "note": row.note or "",
            "confirmed_by_id": row.confirmed_by_id,
            "corrects_id": row.corrects_id,
        }
    elif kind is SignoffKind.TRAINING_RECORD:
        fields = {
            "worker_id": row.worker_id,
            "title": row.title,
            "provider": row.provider,
            "kind": row.kind.value,
            "started_on": _iso(row.started_on),
            "ended_on": _iso(row.ended_on),
            "minutes": row.minutes,
            "domains": sorted(row.domains or []),
            "topics": sorted(row.topics or []),
            "file_sha256": row.file_sha256,
            "verified_by_id": row.verified_by_id,
            "corrects_id": row.corrects_id,
        }
    else:
        fields = {
            "supervisor_id": row.supervisor_id,
            "held_on": _iso(row.held_on),
            "minutes": row.minutes,
            "format": row.format.value,
            "status": row.status.value,
            "participants": sorted(p.supervisee_id for p in row.participants),
        }
    return {"kind": kind.value, "id": row.id, **fields}


def _digest(obj) -> str:
    text = json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def row_digest(kind: SignoffKind, row) -> str:
    return _digest(canonical(kind, row))


def rows_hash(items: Iterable[tuple[SignoffKind, int, str]]) -> str:
    """sha256 over the (kind, row id, row digest) of every signed row, in a fixed order."""
    return _digest(sorted([SignoffKind(k).value, int(i), d] for k, i, d in items))


def load(kind: SignoffKind, ids: Iterable[int]) -> dict[int, object]:
    model = MODELS[kind]
    return {r.id: r for r in db.session.scalars(select(model).where(model.id.in_(list(ids))))}


def changed_items(signoff: Signoff) -> list:
    """The signed rows that no longer match their digest at signing (or are gone)."""
    out = []
    for kind in SignoffKind:
        items = [i for i in signoff.items if i.kind is kind]
        rows = load(kind, [i.row_id for i in items]) if items else {}
        for item in items:
            row = rows.get(item.row_id)
            if row is None or row_digest(kind, row) != item.row_digest:
                out.append(item)
    return out


def verify(signoff: Signoff) -> bool:
    """Recompute every row's digest from the rows as they are now, and the digest over them."""
    if changed_items(signoff):
        return False
    return rows_hash((i.kind, i.row_id, i.row_digest) for i in signoff.items) == signoff.rows_hash


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_signed_rows(session, flush_context, instances) -> None:
    """Signed hours are locked wherever the change comes from (a form, a service, the admin):
    only the signing itself may set signoff_id on a row."""
    for obj in list(session.dirty) + list(session.deleted):
        if not isinstance(obj, WorkLog | TrainingRecord):
            continue
        history = attributes.get_history(obj, "signoff_id")
        before = history.deleted or history.unchanged
        signed_before = before[0] if before else None
        if obj in session.deleted and (obj.signoff_id or signed_before):
            raise SignedRowLocked(f"{obj.__tablename__} {obj.id} is signed and cannot be deleted")
        if signed_before and session.is_modified(obj, include_collections=False):
            raise SignedRowLocked(f"{obj.__tablename__} {obj.id} is signed and cannot change")
