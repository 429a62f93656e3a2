"""People and helpers shared by the hours and sign-off tests (issue 15)."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from sqlalchemy import select

from peertrain.clock import today
from peertrain.extensions import db
from peertrain.models import AuditEvent, Role

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def monday(weeks_ago: int = 1):
    day = today() - timedelta(weeks=weeks_ago)
    return day - timedelta(days=day.weekday())


def cast(make) -> SimpleNamespace:
    """A worker, their current supervisor, a former one (supervised them 120 to 60 days ago),
    another team's supervisor, a manager of the worker's team, an admin; two categories."""
    team, other = make.team("North"), make.team("South")
    worker = make.user(
        Role.TRAINEE, team=team, name="Robin Peer", start_date=today() - timedelta(days=200)
    )
    boss = make.user(Role.SUPERVISOR, team=team, name="Sam Super")
    former = make.user(Role.SUPERVISOR, team=team, name="Fran Former")
    stranger = make.user(Role.SUPERVISOR, team=other, name="Sky Other")
    manager = make.user(Role.MANAGER, name="Max Manager")
    admin = make.user(Role.ADMIN, name="Ada Admin")
    make.assign(
        former, worker, start=today() - timedelta(days=120), end=today() - timedelta(days=60)
    )
    make.assign(boss, worker, start=today() - timedelta(days=59))
    make.assign(stranger, make.user(Role.TRAINEE, team=other))
    make.scope(manager, team)
    make.competency_category("ADV", "Advocacy")
    make.competency_category("ETH", "Ethics and boundaries")
    return SimpleNamespace(
        team=team,
        worker=worker,
        boss=boss,
        former=former,
        stranger=stranger,
        manager=manager,
        admin=admin,
    )


def audited(action: str, outcome: str | None = None) -> list[AuditEvent]:
    stmt = select(AuditEvent).where(AuditEvent.action == action)
    if outcome:
        stmt = stmt.where(AuditEvent.outcome == outcome)
    return list(db.session.scalars(stmt))


def week_form(day, hours="7.5", setting="community", note=""):
    return {"week_starting": day.isoformat(), "hours": hours, "setting": setting, "note": note}


def training_form(**over):
    day = today() - timedelta(days=10)
    data = {
        "title": "Trauma-informed practice",
        "provider": "Peer Academy",
        "kind": "workshop",
        "started_on": day.isoformat(),
        "ended_on": day.isoformat(),
        "hours": "6",
        "domains": ["ADV"],
        "topics": [],
    }
    data.update(over)
    return data
