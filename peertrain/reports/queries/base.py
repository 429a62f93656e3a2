"""Building blocks shared by every report query: the workers in scope, periods, date buckets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Date, Select, case, false, func, literal, select, true
from sqlalchemy.orm import Session, aliased

from ...authz import current_assignment_clause
from ...models import SupervisionAssignment, Team, User, UserRole
from ...rules.first_year import Intervals, is_new_worker_sql, year_before
from ...rules.workers import at_work_sql, worker_role_join
from ..filters import Filters

DAYS_PER_MONTH = 365.25 / 12
DAYS_PER_QUARTER = 365.25 / 4


def day_after(d: date) -> datetime:
    """Timestamps are compared against the start of the next day, so the whole end day counts."""
    return datetime.combine(d + timedelta(days=1), time())


def in_teams(column, teams: frozenset[int] | None):
    """SQL condition: the team column is in scope (None = every team; empty = none at all)."""
    if teams is None:
        return true()
    return column.in_(sorted(teams)) if teams else false()


def among_workers(column, f: Filters, w):
    """SQL: the person column is one of the workers covered. Org-wide this is left out: every
    later join to the workers filters anyway, and PostgreSQL then reads the recent sessions
    by date instead of probing each worker's history one by one."""
    return true() if f.teams is None else column.in_(select(w.c.id))


def same_team(a, b):
    """Join condition for team ids that may be NULL (workers without a team), written so that
    PostgreSQL can still hash-join (IS NOT DISTINCT FROM cannot be hashed)."""
    return func.coalesce(a, 0) == func.coalesce(b, 0)


def workers(f: Filters, *, name: str = "workers"):
    """Workers on the end date (peertrain/rules/workers.py) in the teams covered. One row per
    worker, with `is_new` for the shorter supervision interval (peertrain/rules/first_year.py)."""
    is_new = is_new_worker_sql(User.certification_stage, User.start_date, year_before(f.end))
    return (
        select(
            User.id.label("id"),
            User.name.label("name"),
            User.team_id.label("team_id"),
            User.fte.label("fte"),
            User.start_date.label("start_date"),
            User.certification_stage.label("stage"),
            is_new.label("is_new"),
        )
        .join(UserRole, worker_role_join())
        .where(at_work_sql(f.end), in_teams(User.team_id, f.teams))
        .subquery(name)
    )


def current_supervisors(f: Filters, w):
    """Per worker with an assignment in force on the end date (to an active supervisor):
    `peer` is 1 when at least one current supervisor has lived experience."""
    sup = aliased(User, name="supervisor")
    A = SupervisionAssignment
    return (
        select(
            A.supervisee_id.label("wid"),
            func.max(case((sup.is_peer.is_(True), 1), else_=0)).label("peer"),
        )
        .join(sup, sup.id == A.supervisor_id)
        .where(current_assignment_clause(f.end), sup.active.is_(True))
        .where(among_workers(A.supervisee_id, f, w))
        .group_by(A.supervisee_id)
        .subquery("current_supervisors")
    )


def with_team_names(stmt: Select, team_col) -> Select:
    """Add the team's name (None for workers without a team) in the same statement, grouped
    by team (every caller aggregates per team)."""
    return (
        stmt.add_columns(Team.name.label("team"))
        .outerjoin(Team, Team.id == team_col)
        .group_by(team_col, Team.name)
    )


def teams_for_filter(session: Session, scope: frozenset[int] | None) -> list[tuple[int, str]]:
    """The teams a manager may pick in the filter form, by name."""
    stmt = select(Team.id, Team.name).where(in_teams(Team.id, scope)).order_by(Team.name)
    return [(tid, name) for tid, name in session.execute(stmt)]


@dataclass(frozen=True)
class Bucket:
    """A calendar month or quarter inside a report period (clipped to the period)."""

    index: int
    label: str
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def month_buckets(end: date, count: int = 12) -> list[Bucket]:
    """The `count` calendar months ending with the month of `end` (the last one up to `end`)."""
    firsts = []
    y, m = end.year, end.month
    for _ in range(count):
        firsts.append(date(y, m, 1))
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    firsts.reverse()
    out = []
    for i, first in enumerate(firsts):
        nxt = firsts[i + 1] if i + 1 < len(firsts) else None
        last = (nxt - timedelta(days=1)) if nxt else end
        out.append(Bucket(i, first.strftime("%b %Y"), first, last))
    return out


def quarter_buckets(start: date, end: date) -> list[Bucket]:
    """Calendar quarters overlapping the period, clipped to it."""
    out, q_start = [], date(start.year, 3 * ((start.month - 1) // 3) + 1, 1)
    while q_start <= end:
        nm = q_start.month + 3
        q_next = date(q_start.year + (nm > 12), (nm - 1) % 12 + 1, 1)
        label = f"{q_start.year} Q{(q_start.month - 1) // 3 + 1}"
        out.append(
            Bucket(len(out), label, max(q_start, start), min(q_next - timedelta(days=1), end))
        )
        q_start = q_next
    return out


def bucket_of(column, buckets: list[Bucket]):
    """SQL CASE giving the bucket index of a date column; the same SQL on every backend
    (no strftime/to_char), with the boundaries as bound parameters."""
    whens = [(column >= literal(b.start, Date), b.index) for b in reversed(buckets)]
    return case(*whens, else_=None)


@dataclass(frozen=True)
class Targets:
    """The admin-changeable targets the reports measure against, read in one statement."""

    interval_new_days: int
    interval_days: int
    ratio_max: float
    modules_due_days: int
    hours_before_contact: float
    cancellation_rate_max: float
    lived_share_min: float
    competent_share_min: float
    flag_rate_max: float

    @classmethod
    def load(cls) -> Targets:
        from ...targets import all_targets

        v = all_targets()
        return cls(
            interval_new_days=int(v["supervision_interval_new_days"]),
            interval_days=int(v["supervision_interval_days"]),
            ratio_max=v["supervisor_ratio_max"],
            modules_due_days=int(v["required_modules_due_days"]),
            hours_before_contact=v["hours_before_contact"],
            cancellation_rate_max=v["cancellation_rate_max"],
            lived_share_min=v["lived_experience_share_min"],
            competent_share_min=v["competent_share_min"],
            flag_rate_max=v["flag_rate_max"],
        )

    @property
    def intervals(self) -> Intervals:
        return Intervals(new_days=self.interval_new_days, days=self.interval_days)

    def cutoffs(self, on: date) -> tuple[date, date]:
        """Earliest held-session date that still counts as 'within the interval' on a day,
        for new and for experienced workers. Computed here, not in SQL, so no dialect's
        date arithmetic is needed."""
        return on - timedelta(days=self.interval_new_days), on - timedelta(days=self.interval_days)


def pct(part: float, whole: float) -> float | None:
    """A percentage to one decimal place; None when there is nothing to divide by."""
    return round(100.0 * part / whole, 1) if whole else None
