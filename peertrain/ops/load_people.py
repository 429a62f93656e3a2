"""The people the load test signs in as: trainees, supervisors with supervisees, managers."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

TRAINEES, SUPERVISORS, MANAGERS = 64, 32, 32


def add_people(url: str, password: str) -> dict:
    from .. import create_app
    from ..auth.services import set_password
    from ..clock import today
    from ..extensions import db
    from ..models import (
        ManagerScope,
        Module,
        Role,
        ServiceSetting,
        SupervisionAssignment,
        Team,
        User,
    )

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        team = Team(name="Load-test team", setting=ServiceSetting.COMMUNITY)
        db.session.add(team)

        def person(kind: str, n: int, role: Role) -> User:
            user = User(
                email=f"load-{kind}-{n}@loadtest.invalid",
                name=f"Load {kind} {n}",
                team=team,
                start_date=today() - timedelta(days=60),
            )
            user.roles = [role]
            set_password(user, password)
            db.session.add(user)
            return user

        trainees = [person("trainee", n, Role.TRAINEE) for n in range(TRAINEES)]
        supervisors = [person("supervisor", n, Role.SUPERVISOR) for n in range(SUPERVISORS)]
        managers = [person("manager", n, Role.MANAGER) for n in range(MANAGERS)]
        db.session.add_all(ManagerScope(manager=m, org_wide=True) for m in managers)
        pairs = [(supervisors[i % SUPERVISORS], t) for i, t in enumerate(trainees)]
        db.session.add_all(
            SupervisionAssignment(
                supervisor=s, supervisee=t, start_date=today() - timedelta(days=60)
            )
            for s, t in pairs
        )
        db.session.commit()
        modules = db.session.scalars(select(Module).where(Module.is_current)).all()
        found = {
            "trainees": [{"id": t.id, "email": t.email} for t in trainees],
            "supervisors": [
                {"id": s.id, "email": s.email, "supervisees": [t.id for p, t in pairs if p is s]}
                for s in supervisors
            ],
            "managers": [{"id": m.id, "email": m.email} for m in managers],
            "modules": [
                {"id": m.id, "slug": m.slug, "prompts": [p["id"] for p in m.reflection_prompts]}
                for m in modules
                if m.reflection_prompts
            ],
        }
        db.session.remove()  # its connection back to the pool, so dispose() closes it
        db.engine.dispose()
    return found
