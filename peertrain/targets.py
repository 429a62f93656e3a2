"""Practice targets and report thresholds: defaults from practice standards; admins may change."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from .extensions import db
from .models import Setting


@dataclass(frozen=True)
class Target:
    key: str
    default: float
    label: str
    unit: str


TARGETS: dict[str, Target] = {
    t.key: t
    for t in [
        Target(
            "supervision_interval_new_days",
            14,
            "Supervision interval, trainees and first-year workers",
            "days",
        ),
        Target(
            "supervision_interval_days", 30, "Supervision interval, experienced workers", "days"
        ),
        Target("supervisor_ratio_max", 7, "Supervisees per full-time supervisor, at most", "FTE"),
        Target("required_modules_due_days", 90, "Required modules due after start date", "days"),
        Target("hours_before_contact", 6, "Supervised hours before first client contact", "hours"),
        Target("session_edit_days", 7, "Days a supervisor may edit a session record", "days"),
        Target(
            "cancellation_rate_max", 20, "Cancellation rate above which a finding is raised", "%"
        ),
        Target(
            "lived_experience_share_min",
            50,
            "Workers supervised by someone with lived experience, at least",
            "%",
        ),
        Target(
            "competent_share_min",
            60,
            "Team share at competent or above per category, at least",
            "%",
        ),
        Target(
            "flag_rate_max", 0.5, "Flags of one kind per worker per quarter, at most", "per worker"
        ),
    ]
}


def get_target(key: str) -> float:
    """The admin's value when set, else the documented default."""
    target = TARGETS[key]
    raw = db.session.scalar(select(Setting.value).where(Setting.key == key))
    if raw is None:
        return target.default
    try:
        return float(raw)
    except ValueError:
        return target.default


def all_targets() -> dict[str, float]:
    stored = dict(db.session.execute(select(Setting.key, Setting.value)).all())
    values = {}
    for key, target in TARGETS.items():
        try:
            values[key] = float(stored[key]) if key in stored else target.default
        except ValueError:
            values[key] = target.default
    return values
