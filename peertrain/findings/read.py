"""Reading finding work: the state behind each computed finding, the reopen rule, history."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload

from ..models import FindingNote, FindingState, FindingStatus, ManagerScope, Role, User, UserRole
from ..targets import get_target

# What a key may look like (gaps.Finding.key): rule, optional qualifiers, subject.
KEY_RE = re.compile(
    r"^[a-z][a-z0-9-]{0,40}(:[A-Za-z0-9_-]{1,40}){0,2}:(team-(none|\d{1,9})|user-\d{1,9})$"
)
REOPENED = "reopened"
LABELS = {s.value: s.label for s in FindingStatus} | {REOPENED: "Reopened"}


@dataclass(frozen=True)
class Work:
    """What the dashboard and the finding page show of a finding's state (never notes)."""

    status: str  # open / acknowledged / handled / reopened
    owner: str | None
    team_id: int | None  # the team it is about: who may work on it

    @property
    def label(self) -> str:
        return LABELS[self.status]


def valid_key(key: str) -> bool:
    return bool(KEY_RE.match(key))


def shown_status(state: FindingState | None, present: bool, as_of: date, days: int) -> str:
    """The one reopen rule. A handled finding reopens when the figures for a period ending at
    least `finding_reopen_days` after it was marked handled still (or again) show it: time
    for a fix to show in the figures, after which its still being found means it recurred."""
    if state is None:
        return FindingStatus.OPEN.value
    handled = state.status == FindingStatus.HANDLED and state.handled_at is not None
    if handled and present and as_of >= state.handled_at.date() + timedelta(days=days):
        return REOPENED
    return state.status.value


def reopen_days() -> int:
    return int(get_target("finding_reopen_days"))


def supervisor_teams(session: Session, keys: list[str]) -> dict[int, int | None]:
    """Supervisor id -> their team, for findings about a supervisor (``...:user-N``). Always
    one statement, so a page's statement count does not depend on what it finds."""
    ids = sorted({int(k.rsplit("user-", 1)[1]) for k in keys if ":user-" in k})
    return dict(session.execute(select(User.id, User.team_id).where(User.id.in_(ids))).all())


def team_of(key: str, sup_teams: dict[int, int | None]) -> int | None:
    subject = key.rsplit(":", 1)[1]
    if subject.startswith("user-"):
        return sup_teams.get(int(subject[5:]))
    return None if subject == "team-none" else int(subject[5:])


def states(session: Session, keys: list[str]) -> dict[str, FindingState]:
    stmt = (
        select(FindingState)
        .where(FindingState.key.in_(sorted(set(keys))))
        .options(joinedload(FindingState.assigned_to))
    )
    return {s.key: s for s in session.scalars(stmt)}


def work_for(session: Session, found: list, as_of: date) -> dict[str, Work]:
    """Key -> Work for the computed findings shown on a page, in two statements."""
    keys = [x.key for x in found]
    stored, sup_teams, days = states(session, keys), supervisor_teams(session, keys), reopen_days()
    out = {}
    for key in keys:
        s = stored.get(key)
        owner = s.assigned_to.name if s is not None and s.assigned_to is not None else None
        out[key] = Work(shown_status(s, True, as_of, days), owner, team_of(key, sup_teams))
    return out


def history(session: Session, state: FindingState | None) -> list[FindingNote]:
    """Oldest first, so the page reads as the story of the finding."""
    if state is None:
        return []
    stmt = (
        select(FindingNote)
        .where(FindingNote.state_id == state.id)
        .options(joinedload(FindingNote.author), joinedload(FindingNote.assignee))
        .order_by(FindingNote.created_at, FindingNote.id)
    )
    return list(session.scalars(stmt))


def owner_choices(session: Session, team_id: int | None) -> list[tuple[int, str]]:
    """Active managers whose scope covers the team (org-wide scopes cover every team)."""
    covers = ManagerScope.org_wide.is_(True)
    if team_id is not None:
        covers = or_(covers, ManagerScope.team_id == team_id)
    stmt = (
        select(User.id, User.name)
        .join(UserRole, (UserRole.user_id == User.id) & (UserRole.role == Role.MANAGER))
        .join(ManagerScope, ManagerScope.manager_id == User.id)
        .where(User.active.is_(True), covers)
        .distinct()
        .order_by(User.name, User.id)
    )
    return [(uid, name) for uid, name in session.execute(stmt)]
