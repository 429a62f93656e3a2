"""Practice targets and report thresholds: defaults from practice standards; admins may change."""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import event, select

from . import prepared
from .memo import forget, per_request
from .models import Setting


@dataclass(frozen=True)
class Target:
    key: str
    default: float
    label: str
    unit: str
    minimum: float
    maximum: float
    whole: bool = False  # day counts must be whole numbers: they become timedelta(days=…)

    def problem(self, raw: str) -> str | None:
        """Why an admin's entry is refused, or None when it can be stored."""
        try:
            number = float(raw)
        except ValueError:
            return "Enter a number."
        if not math.isfinite(number):
            return "Enter an ordinary number."
        if self.whole and not number.is_integer():
            return "Enter a whole number."
        if not self.minimum <= number <= self.maximum:
            return f"Enter a value from {self.minimum:g} to {self.maximum:g}."
        return None


TARGETS: dict[str, Target] = {
    t.key: t
    for t in [
        Target("supervision_interval_new_days", 14,
               "Supervision interval, trainees and first-year workers", "days", 1, 365, True),
        Target("supervision_interval_days", 30,
               "Supervision interval, experienced workers", "days", 1, 365, True),
        Target("supervisor_ratio_max", 7,
               "Supervisees per full-time supervisor, at most", "FTE", 1, 50),
        Target("required_modules_due_days", 90,
               "Required modules due after start date", "days", 1, 730, True),
        # Module N of the pathway (required ones, in order) falls due N x this many days after
        # the start date, never later than required_modules_due_days (peertrain/modules/plan.py).
        Target("module_due_spacing_days", 7,
               "Days between one required module's due date and the next, in pathway order",
               "days", 1, 365, True),
        Target("hours_before_contact", 6,
               "Supervised hours before first client contact", "hours", 0, 200),
        Target("session_edit_days", 7,
               "Days a supervisor may edit a session record", "days", 0, 90, True),
        Target("cancellation_rate_max", 20,
               "Cancellation rate above which a finding is raised", "%", 0, 100),
        Target("lived_experience_share_min", 50,
               "Workers supervised by someone with lived experience, at least", "%", 0, 100),
        Target("competent_share_min", 60,
               "Team share at competent or above per category, at least", "%", 0, 100),
        Target("flag_rate_max", 0.5,
               "Flags of one kind per worker per quarter, at most", "per worker", 0, 50),
        Target("drift_rate_max", 1,
               "Role-drift log entries per worker per quarter, at most", "per worker", 0, 50),
        Target("values_rating_min", 3.5,
               "Supervisees' peer-values rating of supervision (1-5), at least", "of 5", 1, 5),
        Target("quiz_draw", 6,
               "Questions drawn from a module's pool for each knowledge-check attempt "
               "(a module's own draw: wins)", "questions", 1, 50, True),
        Target("finding_reopen_days", 14,
               "Days after a finding is marked handled before it reopens if still found",
               "days", 1, 365, True),
        # Separation of duties (peertrain/authz.py approvals_required): raising it loosens the
        # rule, so while the rule is in force a raise itself waits for a second admin.
        Target("approval_admins_min", 2,
               "Active admins from which a change that opens someone's records needs a second "
               "admin's approval", "admins", 2, 1000, True),
    ]
}  # fmt: skip


def _value(key: str, raw: str | None) -> float:
    target = TARGETS[key]
    # A stored value that no longer passes (edited in the database by hand) falls back.
    if raw is None or target.problem(raw):
        return target.default
    return float(raw)


def _stored() -> dict[str, str]:
    """Every stored setting, read once per request: a page asking for three targets (edit
    window, intervals, …) costs one small statement, not three."""
    return per_request("targets", lambda: dict(prepared.rows(_settings_statement(), {}).all()))


@prepared.statement
def _settings_statement():
    return select(Setting.key, Setting.value)


@event.listens_for(Setting, "after_insert")
@event.listens_for(Setting, "after_update")
@event.listens_for(Setting, "after_delete")
def _forget(*_args) -> None:
    # An admin saving targets sees the new values on the page the same request renders.
    forget("targets")


def stored_setting(key: str) -> str | None:
    """Any stored setting's raw value (not only a target's), from the same once-a-request read."""
    return _stored().get(key)


def get_target(key: str) -> float:
    """The admin's value when set, else the documented default."""
    return _value(key, _stored().get(key))


def all_targets() -> dict[str, float]:
    stored = _stored()
    return {key: _value(key, stored.get(key)) for key in TARGETS}
