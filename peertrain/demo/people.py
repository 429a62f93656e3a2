"""Demo teams and people: four services, a manager, an admin, supervisors and 16 peer workers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from ..auth.services import set_password
from ..clock import today
from ..extensions import db
from ..models import (
    CertificationStage,
    ManagerScope,
    Role,
    ServiceSetting,
    SupervisionAssignment,
    Team,
    User,
)

DEMO_PASSWORD = "demo-recovery-journey"
# One login per role, printed by `flask demo seed` (and so by `make run`).
DEMO_LOGINS = [
    ("trainee", "amara@demo.peertrain.org"),
    ("supervisor", "sam@demo.peertrain.org"),
    ("manager", "morgan@demo.peertrain.org"),
    ("admin", "admin@demo.peertrain.org"),
]
S = CertificationStage

TEAMS = [
    ("Riverside Community Team", ServiceSetting.COMMUNITY),
    ("Willow Ward", ServiceSetting.INPATIENT),
    ("Harbour Crisis House", ServiceSetting.CRISIS),
    ("Northgate Secure Service", ServiceSetting.FORENSIC),
]

# name, email local part, team index, stage, days since start, fte, lived experience, supervisor
WORKERS = [
    ("Amara Okafor", "amara", 0, S.IN_TRAINING, 20, 1.0, "sam"),
    ("Ben Hughes", "ben", 0, S.IN_TRAINING, 75, 0.6, "sam"),
    ("Chloe Martin", "chloe", 0, S.PROVISIONAL, 210, 1.0, "sam"),
    ("Dev Patel", "dev", 0, S.CERTIFIED, 800, 1.0, "sam"),
    ("Erin Walsh", "erin", 1, S.IN_TRAINING, 40, 1.0, "priya"),
    ("Femi Adeyemi", "femi", 1, S.PROVISIONAL, 300, 0.8, "priya"),
    ("Grace Lin", "grace", 1, S.CERTIFIED, 1100, 1.0, "priya"),
    ("Hamza Ali", "hamza", 1, S.IN_TRAINING, 130, 0.5, "priya"),
    ("Isla Reid", "isla", 2, S.IN_TRAINING, 10, 1.0, "jo"),
    ("Jack Byrne", "jack", 2, S.PROVISIONAL, 400, 1.0, "jo"),
    ("Kemi Bello", "kemi", 2, S.CERTIFIED, 650, 0.8, "jo"),
    ("Liam Doyle", "liam", 3, S.IN_TRAINING, 55, 1.0, "jo"),
    ("Maya Cohen", "maya", 3, S.PROVISIONAL, 240, 1.0, None),  # a gap managers should see
    ("Noah Evans", "noah", 3, S.SENIOR, 1500, 1.0, "jo"),
    ("Olu Mensah", "olu", 2, S.CERTIFIED, 900, 0.6, "priya"),
    ("Pia Novak", "pia", 0, S.IN_TRAINING, 100, 1.0, "sam"),
]


@dataclass
class DemoOrg:
    teams: list[Team]
    people: dict[str, User] = field(default_factory=dict)


def _person(org: DemoOrg, key: str, name: str, roles, **kw) -> User:
    user = User(email=f"{key}@demo.peertrain.org", name=name, **kw)
    user.roles = roles
    set_password(user, DEMO_PASSWORD)
    db.session.add(user)
    org.people[key] = user
    return user


def seed_people() -> DemoOrg:
    now = today()
    org = DemoOrg(teams=[Team(name=n, setting=s) for n, s in TEAMS])
    db.session.add_all(org.teams)
    t = org.teams
    _person(org, "admin", "Alex Admin", [Role.ADMIN], team=None, fte=1.0)
    _person(
        org,
        "morgan",
        "Morgan Ellis",
        [Role.MANAGER],
        team=None,
        fte=1.0,
        start_date=now - timedelta(days=2000),
    )
    _person(
        org,
        "rita",
        "Rita Shah",
        [Role.MANAGER],
        team=t[1],
        fte=1.0,
        start_date=now - timedelta(days=1500),
    )
    # Sam is a peer supervisor with lived experience, and still a peer worker too.
    _person(
        org,
        "sam",
        "Sam Taylor",
        [Role.SUPERVISOR, Role.TRAINEE],
        team=t[0],
        fte=1.0,
        is_peer=True,
        certification_stage=S.SENIOR,
        start_date=now - timedelta(days=2400),
    )
    _person(
        org,
        "priya",
        "Priya Nair",
        [Role.SUPERVISOR],
        team=t[1],
        fte=0.5,
        is_peer=False,
        certification_stage=S.CERTIFIED,
        start_date=now - timedelta(days=1800),
    )
    _person(
        org,
        "jo",
        "Jo Kowalski",
        [Role.SUPERVISOR],
        team=t[2],
        fte=0.4,
        is_peer=True,
        certification_stage=S.SENIOR,
        start_date=now - timedelta(days=2100),
    )
    for name, key, team, stage, days, fte, supervisor in WORKERS:
        start = now - timedelta(days=days)
        worker = _person(
            org,
            key,
            name,
            [Role.TRAINEE],
            team=t[team],
            certification_stage=stage,
            start_date=start,
            fte=fte,
            is_peer=True,
        )
        if supervisor:
            since = start + timedelta(days=3) if key != "dev" else now - timedelta(days=399)
            db.session.add(
                SupervisionAssignment(
                    supervisor=org.people[supervisor], supervisee=worker, start_date=since
                )
            )
    # History kept: Dev was supervised by Priya before moving to Sam.
    db.session.add(
        SupervisionAssignment(
            supervisor=org.people["priya"],
            supervisee=org.people["dev"],
            start_date=now - timedelta(days=797),
            end_date=now - timedelta(days=400),
        )
    )
    db.session.add(ManagerScope(manager=org.people["morgan"], org_wide=True))
    db.session.add(ManagerScope(manager=org.people["rita"], team=t[1], org_wide=False))
    db.session.flush()
    return org
