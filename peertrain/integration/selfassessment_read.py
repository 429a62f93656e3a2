"""Reads for the self-assessment pages: who sees which assessments, section scores and
yearly trends, the live evidence beside items, and the open actions shown with findings."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import false, or_, select, true
from sqlalchemy.orm import Session, joinedload

from ..authz import managed_team_ids
from ..catalog.instruments import Instrument
from ..clock import today
from ..models import ActionStatus, PlanAction, Role, SelfAssessment, Team, User, UserRole
from ..reports.filters import DEFAULT_DAYS, Filters
from ..reports.queries import Targets
from .selfassessment_measures import MEASURES, Evidence, Figures


def visible_clause(user: User):
    """SQL: the assessments a person may open (the rule of authz.may_work_on_assessment)."""
    led = SelfAssessment.lead_id == user.id
    if user.has_role(Role.ADMIN):
        return true()
    if not user.has_role(Role.MANAGER):
        return led
    teams = managed_team_ids(user)
    if teams is None:
        return true()
    return or_(led, SelfAssessment.team_id.in_(sorted(teams)) if teams else false())


def visible(session: Session, user: User) -> list[SelfAssessment]:
    stmt = (
        select(SelfAssessment)
        .outerjoin(Team, Team.id == SelfAssessment.team_id)
        .where(visible_clause(user))
        .order_by(SelfAssessment.team_id.is_not(None), Team.name, SelfAssessment.year.desc())
    )
    return list(session.scalars(stmt))


def unit_name(a: SelfAssessment) -> str:
    return "Whole organisation" if a.team_id is None else a.team.name


def section_scores(instrument: Instrument, a: SelfAssessment) -> dict[str, float | None]:
    """Mean rating of the rated items in each section, to one decimal place."""
    ratings = {r.item_id: r.rating for r in a.answers if r.rating is not None}
    out = {}
    for s in instrument.sections:
        got = [ratings[i.id] for i in s.items if i.id in ratings]
        out[s.id] = round(sum(got) / len(got), 1) if got else None
    return out


def trends(instrument: Instrument, assessments: list[SelfAssessment]) -> list[dict]:
    """One row per unit and year, oldest year first within a unit: the section means."""
    rows = [
        {"unit": unit_name(a), "year": a.year, "status": a.status, "id": a.id,
         "scores": section_scores(instrument, a)}
        for a in assessments
    ]  # fmt: skip
    return sorted(rows, key=lambda r: (r["unit"] != "Whole organisation", r["unit"], r["year"]))


def as_of(a: SelfAssessment) -> date:
    """Evidence for a submitted assessment is as it stood when submitted; a draft's is today."""
    return a.submitted_at.date() if a.submitted_at else today()


def evidence_filters(a: SelfAssessment) -> Filters:
    end = as_of(a)
    return Filters(start=end - timedelta(days=DEFAULT_DAYS - 1), end=end, team_id=a.team_id)


@dataclass(frozen=True)
class ItemEvidence:
    measure: str
    label: str
    rule: str
    evidence: Evidence
    rating: int | None

    @property
    def over_rated(self) -> bool:
        """Rated higher than the records support, by the measure's stated rule."""
        s = self.evidence.supports
        return self.rating is not None and s is not None and self.rating > s


def item_evidence(session: Session, instrument: Instrument, a: SelfAssessment, items) -> dict:
    """item id -> ItemEvidence for the given items that name a measure (figures read once)."""
    return item_evidence_as_of(session, instrument, a, items)[0]


def item_evidence_as_of(
    session: Session, instrument: Instrument, a: SelfAssessment, items
) -> tuple[dict, datetime]:
    """(item_evidence, when its figures were computed): the figures are the reports' own,
    kept in the reports' shared cache for a few minutes like the findings."""
    from ..reports.cache import cache_key, cached

    f, t = evidence_filters(a), Targets.load()
    wanted = sorted({MEASURES[i.evidence].key: MEASURES[i.evidence] for i in items
                     if i.evidence is not None}.items())  # fmt: skip

    def compute() -> dict[str, Evidence]:
        fig = Figures(session, f, t)
        return {key: m.compute(fig) for key, m in wanted}

    computed, as_of = cached(
        session,
        cache_key("measures", f, measures=[key for key, _ in wanted]),
        compute,
        lambda found: {key: asdict(e) for key, e in found.items()},
        lambda rows: {key: Evidence(**e) for key, e in rows.items()},
    )
    ratings = {r.item_id: r.rating for r in a.answers}
    out = {}
    for item in items:
        if item.evidence is not None:
            m = MEASURES[item.evidence]
            out[item.id] = ItemEvidence(m.key, m.label, m.rule, computed[m.key],
                                        ratings.get(item.id))  # fmt: skip
    return out, as_of


def owner_choices(session: Session) -> list[tuple[int, str]]:
    """Active managers and admins: who may own an action."""
    stmt = (
        select(User.id, User.name)
        .join(UserRole, UserRole.user_id == User.id)
        .where(User.active.is_(True), UserRole.role.in_([Role.MANAGER, Role.ADMIN]))
        .distinct()
        .order_by(User.name, User.id)
    )
    return [(uid, name) for uid, name in session.execute(stmt)]


def open_actions(session: Session, user: User, limit: int = 20) -> list[PlanAction]:
    """Actions not yet done in the plans a person may see, soonest due first."""
    stmt = (
        select(PlanAction)
        .join(SelfAssessment, SelfAssessment.id == PlanAction.assessment_id)
        .where(visible_clause(user), PlanAction.status != ActionStatus.DONE)
        .options(  # owner and unit in the same statement: the list shows both for each
            joinedload(PlanAction.owner),
            joinedload(PlanAction.assessment).joinedload(SelfAssessment.team),
        )
        .order_by(PlanAction.due_on, PlanAction.id)
        .limit(limit)
    )
    return list(session.scalars(stmt))


def lead_choices(session: Session) -> list[tuple[int, str]]:
    """Who may be named lead: active supervisors, managers and admins (a peer programme lead
    is often a senior peer supervisor)."""
    roles = [Role.SUPERVISOR, Role.MANAGER, Role.ADMIN]
    stmt = (
        select(User.id, User.name)
        .join(UserRole, UserRole.user_id == User.id)
        .where(User.active.is_(True), UserRole.role.in_(roles))
        .distinct()
        .order_by(User.name, User.id)
    )
    return [(uid, name) for uid, name in session.execute(stmt)]
