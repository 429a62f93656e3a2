"""Hours entered from their evidence (issue 15): other training with its certificate and the
weekly work log, each confirmed or sent back by a current supervisor. The rules for what a
week or a training record may hold live here, and nowhere else.

"Current row": one no other row corrects. A change is always a correction, a NEW row pointing
at the one it replaces (both stay in the history; only the newest counts). One current week
per worker per week: a second entry for a week is refused; correcting that week's entry is
the way to change it, whether it was returned, unconfirmed, confirmed or signed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from .. import audit
from ..clock import today, utcnow
from ..extensions import db
from ..formatting import short_date
from ..models import ServiceSetting, TrainingKind, TrainingRecord, WorkLog
from . import uploads

MAX_WEEK_MINUTES = 100 * 60  # more than 100 hours of peer work in a week is a mistyped figure
MAX_TRAINING_MINUTES_PER_DAY = 24 * 60


class HoursRefused(Exception):
    """Field name -> a message to show next to it; nothing was saved."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


@dataclass(frozen=True)
class WeekEntry:
    week_starting: date
    minutes: int
    setting: ServiceSetting
    note: str = ""


@dataclass(frozen=True)
class TrainingEntry:
    title: str
    provider: str
    kind: TrainingKind
    started_on: date
    ended_on: date
    minutes: int
    domains: tuple[str, ...]
    topics: tuple[str, ...] = ()


@dataclass(frozen=True)
class Upload:
    stream: object
    filename: str | None


def is_current(model, row_id: int) -> bool:
    return db.session.scalar(select(model.id).where(model.corrects_id == row_id).limit(1)) is None


def _week_problems(worker_id: int, entry: WeekEntry, corrects: WorkLog | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    day = entry.week_starting
    if day.weekday() != 0:
        monday = day - timedelta(days=day.weekday())
        errors["week_starting"] = (
            f"Weeks start on a Monday: {short_date(day)} is a "
            f"{day:%A}. Choose Monday {short_date(monday)}."
        )
    elif day > today():
        errors["week_starting"] = (
            "That week has not started yet: log a week once you have worked it."
        )
    if entry.minutes <= 0:
        errors["hours"] = (
            "Enter the hours you worked that week (more than 0); leave out weeks without peer work."
        )
    elif entry.minutes > MAX_WEEK_MINUTES:
        errors["hours"] = (
            f"{entry.minutes / 60:g} hours is more than a week can hold "
            f"(at most {MAX_WEEK_MINUTES // 60}). Check the figure."
        )
    if "week_starting" not in errors:
        taken = _current_week(worker_id, day)
        if taken is not None and (corrects is None or taken.id != corrects.id):
            errors["week_starting"] = (
                f"You already logged the week of {short_date(day)}. "
                "To change it, correct that entry in the list below."
            )
    return errors


def _current_week(worker_id: int, day: date) -> WorkLog | None:
    corrected = select(WorkLog.corrects_id).where(WorkLog.corrects_id.is_not(None))
    return db.session.scalar(
        select(WorkLog)
        .where(
            WorkLog.worker_id == worker_id,
            WorkLog.week_starting == day,
            WorkLog.id.not_in(corrected),
        )
        .limit(1)
    )


def _correctable(model, worker_id: int, row_id: int | None):
    """The row a correction replaces: the worker's, and still current."""
    if row_id is None:
        return None
    row = db.session.get(model, row_id)
    if row is None or row.worker_id != worker_id:
        raise LookupError(row_id)
    if not is_current(model, row_id):
        raise HoursRefused({"_": "That entry has already been corrected: correct the newer one."})
    return row


def add_week(
    worker_id: int, entry: WeekEntry, by_id: int, corrects_id: int | None = None
) -> WorkLog:
    corrects = _correctable(WorkLog, worker_id, corrects_id)
    errors = _week_problems(worker_id, entry, corrects)
    if errors:
        raise HoursRefused(errors)
    row = WorkLog(
        worker_id=worker_id,
        week_starting=entry.week_starting,
        minutes=entry.minutes,
        setting=entry.setting,
        note=entry.note.strip() or None,
        entered_by_id=by_id,
        corrects_id=corrects_id,
    )
    db.session.add(row)
    db.session.flush()
    audit.log(
        "certification.work_log.correct" if corrects else "certification.work_log.add",
        "work_log",
        row.id,
        actor_id=by_id,
        detail=f"corrects {corrects_id}" if corrects else None,
    )
    db.session.commit()
    return row


def _training_problems(
    entry: TrainingEntry, known_domains: set[str], known_topics: set[str]
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if entry.ended_on < entry.started_on:
        errors["ended_on"] = "The training ended before it started: check the two dates."
    elif entry.ended_on > today():
        errors["ended_on"] = "That training has not ended yet: add it once it has."
    days = max((entry.ended_on - entry.started_on).days + 1, 1)
    if entry.minutes <= 0:
        errors["hours"] = "Enter the hours of training (more than 0)."
    elif entry.minutes > days * MAX_TRAINING_MINUTES_PER_DAY:
        errors["hours"] = (
            f"{entry.minutes / 60:g} hours do not fit in {days} "
            f"day{'s' if days != 1 else ''}. Check the hours or the dates."
        )
    if not entry.domains:
        errors["domains"] = "Choose at least one area this training covered."
    elif not set(entry.domains) <= known_domains:
        errors["domains"] = "Choose from the areas listed."
    if not set(entry.topics) <= known_topics:
        errors["topics"] = "Choose from the topics listed."
    return errors


def add_training(
    worker_id: int,
    entry: TrainingEntry,
    by_id: int,
    upload: Upload | None,
    known: tuple[set[str], set[str]],
    corrects_id: int | None = None,
) -> TrainingRecord:
    """Check everything before the file is written, so a refused form leaves nothing on disk."""
    corrects = _correctable(TrainingRecord, worker_id, corrects_id)
    errors = _training_problems(entry, *known)
    if errors:
        raise HoursRefused(errors)
    row = TrainingRecord(
        worker_id=worker_id,
        title=entry.title.strip(),
        provider=entry.provider.strip(),
        kind=entry.kind,
        started_on=entry.started_on,
        ended_on=entry.ended_on,
        minutes=entry.minutes,
        domains=list(entry.domains),
        topics=list(entry.topics),
        entered_by_id=by_id,
        corrects_id=corrects_id,
    )
    if upload is not None:
        try:
            _attach(row, uploads.store(upload.stream, upload.filename))
        except uploads.UploadRefused as refused:
            raise HoursRefused({"certificate": str(refused)}) from None
    elif corrects is not None and corrects.file_stored_name:
        _attach(
            row,
            uploads.StoredFile(
                uploads.copy(corrects.file_stored_name),
                corrects.file_original_name,
                corrects.file_content_type,
                corrects.file_size,
                corrects.file_sha256,
            ),
        )
    db.session.add(row)
    db.session.flush()
    audit.log(
        "certification.training.correct" if corrects else "certification.training.add",
        "training_record",
        row.id,
        actor_id=by_id,
        detail=f"corrects {corrects_id}" if corrects else None,
    )
    db.session.commit()
    return row


def _attach(row: TrainingRecord, stored: uploads.StoredFile) -> None:
    row.file_stored_name, row.file_original_name = stored.stored_name, stored.original_name
    row.file_content_type, row.file_size, row.file_sha256 = (
        stored.content_type,
        stored.size,
        stored.sha256,
    )


def _open_row(model, row_id: int, worker_id: int):
    row = db.session.get(model, row_id)
    if row is None or row.worker_id != worker_id:
        raise LookupError(row_id)
    if row.signoff_id is not None:
        raise HoursRefused({"_": "These hours are signed and locked: enter a correction instead."})
    if not is_current(model, row_id):
        raise HoursRefused({"_": "That entry has been corrected: look at the newer one."})
    return row


def confirm(model, row_id: int, worker_id: int, supervisor_id: int) -> None:
    """Confirm a week (work_log) or verify training (training_record); clears a return."""
    row = _open_row(model, row_id, worker_id)
    now = utcnow()
    if model is WorkLog:
        row.confirmed_by_id, row.confirmed_at = supervisor_id, now
    else:
        row.verified_by_id, row.verified_at = supervisor_id, now
    row.returned_at, row.returned_note = None, None
    audit.log(
        f"certification.{model.__tablename__}.confirm",
        model.__tablename__,
        row.id,
        actor_id=supervisor_id,
    )
    db.session.commit()


def send_back(model, row_id: int, worker_id: int, supervisor_id: int, note: str) -> None:
    """Return an entry to the worker with a note saying what to correct."""
    if not note.strip():
        raise HoursRefused({"note": "Say what the worker should check or correct."})
    row = _open_row(model, row_id, worker_id)
    row.returned_at, row.returned_note = utcnow(), note.strip()
    if model is WorkLog:
        row.confirmed_by_id, row.confirmed_at = None, None
    else:
        row.verified_by_id, row.verified_at = None, None
    audit.log(
        f"certification.{model.__tablename__}.return",
        model.__tablename__,
        row.id,
        actor_id=supervisor_id,
    )
    db.session.commit()


def log_read(action: str, viewer_id: int, worker_id: int) -> None:
    audit.log_now(action, "user", worker_id, actor_id=viewer_id)


def log_download(viewer_id: int, record_id: int, outcome: str = "success") -> None:
    audit.log_now(
        "certification.certificate.download",
        "training_record",
        record_id,
        actor_id=viewer_id,
        outcome=outcome,
    )
