"""Writes for the role-drift log: one function per change, each owning its commit and audit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .. import audit
from ..extensions import db
from ..models import AskedBy, DriftDone, DriftEntry, DriftTask, User


@dataclass(frozen=True)
class DriftValues:
    task: str
    asked_by: str
    done: str
    happened_on: date
    note: str | None


def record_entry(worker: User, v: DriftValues) -> DriftEntry:
    """A new entry in the worker's own log. The audit names the record, never the note."""
    entry = DriftEntry(
        worker_id=worker.id,
        task=DriftTask(v.task),
        asked_by=AskedBy(v.asked_by),
        done=DriftDone(v.done),
        happened_on=v.happened_on,
        note=(v.note or "").strip() or None,
    )
    db.session.add(entry)
    db.session.flush()
    audit.log("drift_entry_create", "drift_entry", entry.id)
    db.session.commit()
    return entry


def delete_entry(entry: DriftEntry) -> None:
    """The worker takes an entry out of their log (their record, their choice)."""
    audit.log("drift_entry_delete", "drift_entry", entry.id)
    db.session.delete(entry)
    db.session.commit()
