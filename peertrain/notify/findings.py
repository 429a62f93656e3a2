"""The weekly findings digest: each manager's findings counted by kind and team, no names."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from sqlalchemy import select

from ..authz import managed_team_ids
from ..extensions import db
from ..formatting import short_date
from ..models import Role, Team, User, UserRole
from . import absolute, already_sent, kinds
from .events import path_for

KIND_LABELS = {
    "integration": "Integration",
    "resourcing": "Resourcing",
    "training": "Training",
    "competency": "Competency",
}


def week_of(on: date) -> str:
    year, week, _ = on.isocalendar()
    return f"{year}-W{week:02d}"


def _managers() -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .where(
                User.active.is_(True),
                User.id.in_(select(UserRole.user_id).where(UserRole.role == Role.MANAGER)),
            )
            .order_by(User.id)
        )
    )


def digest_for(manager: User, on: date) -> dict | None:
    """The digest's figures for the manager's scope over the reports' default period, or
    None for a manager with no teams. Only kinds, team names, counts and links: a finding's
    sentence can name a supervisor, so it is never copied."""
    from ..reports import gaps
    from ..reports.filters import DEFAULT_DAYS, Filters
    from ..reports.queries import Targets

    scope = managed_team_ids(manager)
    if scope is not None and not scope:
        return None
    f = Filters(
        start=on - timedelta(days=DEFAULT_DAYS - 1),
        end=on,
        scope=None if scope is None else frozenset(scope),
    )
    found = gaps.findings(db.session, f, Targets.load())
    team_ids = dict(db.session.execute(select(Team.name, Team.id)).all())
    by_team: dict[str, Counter] = {}
    for x in found:
        by_team.setdefault(x.team, Counter())[x.kind] += 1
    kind_counts = Counter(x.kind for x in found)
    dashboard = path_for("reports.dashboard")
    return {
        "period": f"{short_date(f.start)} to {short_date(f.end)}",
        "total": len(found),
        "by_kind": [(KIND_LABELS[k], kind_counts[k]) for k in gaps.KINDS],
        "by_team": [
            {
                "name": name,
                "total": sum(counts.values()),
                "kinds": ", ".join(
                    f"{KIND_LABELS[k].lower()} {counts[k]}" for k in gaps.KINDS if counts[k]
                ),
                "link": absolute(
                    path_for("reports.dashboard", team=team_ids[name])
                    if name in team_ids
                    else dashboard
                ),
            }
            for name, counts in sorted(by_team.items())
        ],
        "dashboard": dashboard,
    }


def findings_digests(on: date):
    """One digest per manager per ISO week, on the first run of the week."""
    from .reminders import Reminder

    week = week_of(on)
    out = []
    for manager in _managers():
        if already_sent(manager.id, f"findings:{week}"):
            continue  # the findings are the dearest figures here: not counted again this week
        figures = digest_for(manager, on)
        if figures is None:
            continue
        total = figures["total"]
        title = (
            f"Weekly findings for your teams: {total} finding{'s' if total != 1 else ''} ({week})"
        )
        out.append(
            Reminder(
                manager,
                kinds.FINDINGS_DIGEST.kind,
                title,
                figures["dashboard"],
                f"findings:{week}",
                template="findings_digest",
                context={k: v for k, v in figures.items() if k != "dashboard"},
            )
        )
    return out
