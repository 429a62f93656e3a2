"""Certifications expiring in the 90 days after the period's last day, by team: names, dates and
the credential only (no certificate number, no revocation note, no hours)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from ..certification.credentials import all_credentials
from ..models import Certification, Team, User
from . import charts
from .filters import Filters
from .labels import day
from .queries import Targets
from .queries.base import in_teams
from .report_common import team_label
from .tables import Column, ReportData, Table

EXPIRY_DAYS = 90


def expiring(session: Session, f: Filters) -> list[dict]:
    """Certifications in force on f.end (not revoked, not replaced by a standing renewal) that
    expire within EXPIRY_DAYS after it, of active people in the teams covered."""
    renewal = aliased(Certification)
    replaced = select(renewal.renews_id).where(
        renewal.renews_id.is_not(None), renewal.revoked_at.is_(None)
    )
    last = f.end + timedelta(days=EXPIRY_DAYS)
    stmt = (
        select(
            Team.id.label("team_id"),
            Team.name.label("team"),
            User.name.label("worker"),
            Certification.credential_slug,
            Certification.certified_on,
            Certification.expires_on,
        )
        .join(User, User.id == Certification.worker_id)
        .outerjoin(Team, Team.id == User.team_id)
        .where(
            User.active.is_(True),
            in_teams(User.team_id, f.teams),
            Certification.revoked_at.is_(None),
            Certification.id.not_in(replaced),
            Certification.certified_on <= f.end,
            Certification.expires_on >= f.end,
            Certification.expires_on <= last,
        )
        .order_by(Certification.expires_on, Team.name, User.name)
    )
    names = {slug: c.name for slug, c in all_credentials().items()}
    return [
        dict(r._mapping)
        | {
            "credential": names.get(r.credential_slug, r.credential_slug),
            "days_left": (r.expires_on - f.end).days,
        }
        for r in session.execute(stmt)
    ]


def expiring_report(session: Session, f: Filters, t: Targets) -> ReportData:
    rows = expiring(session, f)
    table = Table(
        "expiring",
        f"Certifications expiring by {day(f.end + timedelta(days=EXPIRY_DAYS))}",
        [
            Column("team", "Team"),
            Column("worker", "Worker"),
            Column("credential", "Credential"),
            Column("certified_on", "Certified"),
            Column("expires_on", "Expires"),
            Column("days_left", "Days left", num=True),
        ],
        rows,
    )
    per_team: dict[str, int] = {}
    for r in rows:
        per_team[team_label(r)] = per_team.get(team_label(r), 0) + 1
    chart = charts.hbar(
        "Certifications expiring in the next 90 days, by team",
        "One bar per team with at least one certification expiring; the longest bar first.",
        [
            {"label": name, "value": n, "cls": "bar-warn"}
            for name, n in sorted(per_team.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        unit="",
    )
    return ReportData([table], [chart])


def expiring_definitions(t: Targets, f: Filters) -> list[str]:
    until = f.end + timedelta(days=EXPIRY_DAYS)
    return [
        "People are the active users in the teams shown who hold a certification recorded by "
        "an administrator.",
        f"A certification is listed when it is in force on {day(f.end)} (not revoked and not "
        f"already renewed) and expires between {day(f.end)} and {day(until)}. Expired, revoked "
        "and renewed certifications are not listed.",
        "The report shows names, the credential and dates only: no certificate number, no "
        "hours and no notes.",
    ]
