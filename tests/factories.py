"""Small factories for people and structure; later features add their own records here."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from peertrain.auth.services import set_password
from peertrain.clock import today
from peertrain.extensions import db
from peertrain.models import (
    ManagerScope,
    Role,
    ServiceSetting,
    SupervisionAssignment,
    Team,
    User,
)

from .factories_competency import CompetencyFactory
from .factories_supervision import SupervisionFactory
from .factories_training import TrainingFactory

PASSWORD = "correct horse battery staple"
_seq = itertools.count(1)


class Factory(TrainingFactory, CompetencyFactory, SupervisionFactory):
    """People and structure here; each feature's records come from its mixin."""

    def team(self, name: str | None = None, setting: ServiceSetting = ServiceSetting.COMMUNITY):
        team = Team(name=name or f"Team {next(_seq)}", setting=setting)
        db.session.add(team)
        db.session.commit()
        return team

    def user(
        self,
        *roles: Role | str,
        team: Team | None = None,
        password: str = PASSWORD,
        name: str | None = None,
        start_date: date | None = None,
        **kw,
    ) -> User:
        n = next(_seq)
        user = User(
            email=kw.pop("email", f"user{n}@example.org"),
            name=name or f"Person {n}",
            team=team,
            start_date=start_date or today() - timedelta(days=30),
            **kw,
        )
        user.roles = roles or [Role.TRAINEE]
        db.session.add(user)
        set_password(user, password)
        db.session.commit()
        return user

    def assign(
        self, supervisor: User, supervisee: User, start: date | None = None, end: date | None = None
    ) -> SupervisionAssignment:
        row = SupervisionAssignment(
            supervisor=supervisor,
            supervisee=supervisee,
            start_date=start or today() - timedelta(days=30),
            end_date=end,
        )
        db.session.add(row)
        db.session.commit()
        return row

    def scope(self, manager: User, team: Team | None = None) -> ManagerScope:
        row = ManagerScope(manager=manager, team=team, org_wide=team is None)
        db.session.add(row)
        db.session.commit()
        return row
