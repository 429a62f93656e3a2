"""Demo competency ratings: a year of self-assessments, supervisor ratings and observations."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import select

from ..assessments import queries
from ..clock import today
from ..extensions import db
from ..models import (
    CertificationStage,
    CompetencyRating,
    Module,
    ModuleProgress,
    ProgressStatus,
    RatingSource,
    SessionParticipant,
    SessionStatus,
    SupervisionAssignment,
    SupervisionSession,
    User,
)
from .people import DemoOrg

S = CertificationStage
# Where each stage of worker has got to, on the 1–4 scale, before individual differences.
STAGE_BASE = {S.IN_TRAINING: 2.0, S.PROVISIONAL: 2.7, S.CERTIFIED: 3.3, S.SENIOR: 3.6}
# Workers whose supervisors judge them competent or better in everything.
ALL_COMPETENT = {"dev", "grace", "kemi", "olu"}
# How each worker's self-view tends to differ from their supervisor's (in levels).
SELF_BIAS = {"ben": 1.4, "hamza": 1.1, "chloe": -1.0, "femi": 0.6, "erin": -0.5, "jack": 0.8}
# The secure service gives its peer workers little room for crisis work or advocacy:
# the team is clearly below competent in those two categories.
WEAK_CATEGORIES = {"Northgate Secure Service": {"CRI": -1.6, "LEA": -1.6}}

SETTINGS = {
    "community": ["a home visit", "a community drop-in", "a café meeting", "a peer group"],
    "inpatient": ["a ward round", "a ward community meeting", "a one-to-one on the ward"],
    "crisis": ["the crisis house lounge", "an evening check-in", "an admission conversation"],
    "forensic": ["a recovery college session", "a ward review", "a one-to-one on the unit"],
    "other": ["a team meeting"],
}
SEEN = {
    "ENG": "introduce the peer role and agree with the person how they would meet",
    "SUP": "stay with the person's distress before moving on to the practical task",
    "LIV": "share a short piece of their own story and then turn back to the person",
    "PER": "ask about and use the person's own words for what they were going through",
    "PLN": "help the person put their goal into small steps they chose themselves",
    "LNK": "go with the person to a community group instead of handing over a leaflet",
    "INF": "explain a wellbeing tool and let the person decide whether to try it",
    "CRI": "stay with the person during a rising crisis and follow their safety plan",
    "COM": "check their understanding back with the person and write notes in their words",
    "TEA": "put the peer perspective in a team discussion",
    "LEA": "support the person to raise their own concern with the service",
    "GRO": "bring a difficult situation to supervision and name what they would do next",
}
# What was seen, by level: the words have to agree with the number beside them.
OBSERVED = {
    1: "{first} was prompted to {seen}, but did not manage it without a lot of support.",
    2: "With some prompting, {first} was able to {seen}.",
    3: "Without prompting, {first} was able to {seen}.",
    4: "Under real pressure, {first} was able to {seen}, and adapted it to the person.",
}
SUPERVISOR_NOTES = {
    "low": [
        "Discussed in supervision. {first} still needs prompting with this.",
        "{first} could describe it but not yet give a recent example.",
        "A focus for the next month: we agreed a small step to try.",
    ],
    "high": [
        "Talked this through in supervision: {first} described it well and could say why.",
        "{first} gave two recent examples; the second showed real confidence.",
        "Consistent in what {first} reports and what colleagues describe.",
    ],
}
SELF_NOTES = {
    "low": [
        "Still finding this hard when things get busy.",
        "I want to talk about this in supervision.",
        "",
    ],
    "high": [
        "I feel more sure of this than when I started.",
        "Did this twice this month and it went well.",
        "",
    ],
}


def _framework():
    """The synced framework; loading it from content/ if the catalog has not done so yet."""
    categories = queries.categories()
    if not categories:
        from ..catalog.sync import sync_all

        sync_all(current_app.config["CONTENT_DIR"])
        categories = queries.categories()
    return categories


def _at(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(9 + rng.randrange(8), rng.randrange(60)))


def _clip(x: float) -> int:
    return max(1, min(4, round(x)))


def seed(org: DemoOrg) -> None:
    rng = random.Random(4404)  # fixed: the demo is the same every time
    categories = _framework()
    if not categories:
        return
    now = today()
    for key, person in org.people.items():
        if key in {"admin", "morgan", "rita", "sam", "priya", "jo"}:
            continue
        _seed_worker(rng, key, person, categories, now)
    db.session.flush()


def _seed_worker(rng, key: str, person: User, categories, now: date) -> None:
    start = person.start_date or now - timedelta(days=365)
    window_start = max(start + timedelta(days=7), now - timedelta(days=365))
    assignment = db.session.scalar(
        select(SupervisionAssignment)
        .where(SupervisionAssignment.supervisee_id == person.id)
        .where(SupervisionAssignment.end_date.is_(None))
        .order_by(SupervisionAssignment.start_date.desc())
    )
    base = STAGE_BASE[person.certification_stage]
    weak = WEAK_CATEGORIES.get(person.team.name if person.team else "", {})
    tenure = (now - start).days
    # New workers have been rated on fewer competencies so far.
    coverage = min(1.0, 0.25 + tenure / 200)
    evidence = _Evidence(person, assignment.supervisor_id if assignment else None)
    for category in categories:
        for competency in category.competencies:
            target = base + weak.get(category.code, 0) + rng.uniform(-0.7, 0.7)
            if key in ALL_COMPETENT:
                target = max(3, target)
            level = _clip(target)
            first = (
                max(window_start, assignment.start_date + timedelta(days=7)) if assignment else now
            )
            # Supervisors rate once they have seen a couple of weeks of practice.
            if (now - first).days >= 14 and rng.random() < coverage:
                _rate_over_time(
                    rng,
                    person,
                    assignment.supervisor_id,
                    competency,
                    category.code,
                    level,
                    first,
                    now,
                    evidence,
                )
            if rng.random() < (0.9 if tenure < 200 else 0.6):
                self_level = _clip(level + SELF_BIAS.get(key, 0) + rng.uniform(-0.6, 0.6))
                day = window_start + timedelta(
                    days=rng.randrange(max(1, (now - window_start).days))
                )
                db.session.add(
                    CompetencyRating(
                        subject_id=person.id,
                        rater_id=person.id,
                        competency_id=competency.id,
                        source=RatingSource.SELF,
                        level=self_level,
                        note=rng.choice(SELF_NOTES["high" if self_level >= 3 else "low"]),
                        rated_at=_at(min(day, now), rng),
                    )
                )


def _rate_over_time(rng, person, rater_id, competency, cat_code, level, first, now, evidence):
    """One to three ratings that climb towards today's level: the history is the record."""
    span = max(1, (now - first).days - 2)
    steps = rng.choice([1, 2, 2, 3]) if span > 60 else 1
    days = sorted(rng.sample(range(span), min(steps, span)))
    start_level = max(1, level - (steps - 1))
    for i, offset in enumerate(days):
        day = first + timedelta(days=offset)
        lvl = min(level, start_level + i)
        module, session = evidence.module_for(competency.code, day), evidence.session_before(day)
        observe = rng.random() < 0.3 or not (module or session)
        first_name = person.name.split()[0]
        setting = person.team.setting.value if person.team else "other"
        db.session.add(
            CompetencyRating(
                subject_id=person.id,
                rater_id=rater_id,
                competency_id=competency.id,
                source=RatingSource.OBSERVATION if observe else RatingSource.SUPERVISOR,
                level=lvl,
                note=rng.choice(SUPERVISOR_NOTES["high" if lvl >= 3 else "low"]).format(
                    first=first_name
                ),
                rated_at=_at(day, rng),
                evidence_module_id=module if not observe or rng.random() < 0.3 else None,
                evidence_session_id=session if not observe else None,
                observed_on=day - timedelta(days=rng.randrange(4)) if observe else None,
                observation_setting=rng.choice(SETTINGS[setting]) if observe else None,
                observation_text=(
                    OBSERVED[lvl].format(first=first_name, seen=SEEN.get(cat_code, "do this"))
                    if observe
                    else None
                ),
                attested=observe,
            )
        )


class _Evidence:
    """What a supervisor could cite on a given day: modules completed and sessions held by then
    (both seeded by the other features before this runs, and possibly absent)."""

    def __init__(self, person: User, supervisor_id: int | None):
        self.modules = db.session.execute(
            select(Module.id, Module.competency_codes, ModuleProgress.completed_at)
            .join(ModuleProgress, ModuleProgress.module_id == Module.id)
            .where(
                ModuleProgress.user_id == person.id,
                ModuleProgress.status == ProgressStatus.COMPLETED,
            )
        ).all()
        self.sessions = (
            db.session.execute(
                select(SupervisionSession.id, SupervisionSession.held_on)
                .join(SessionParticipant)
                .where(
                    SessionParticipant.supervisee_id == person.id,
                    SupervisionSession.supervisor_id == supervisor_id,
                    SupervisionSession.status == SessionStatus.HELD,
                )
                .order_by(SupervisionSession.held_on)
            ).all()
            if supervisor_id
            else []
        )

    def module_for(self, code: str, day: date) -> int | None:
        for module_id, codes, completed_at in self.modules:
            if code in (codes or []) and completed_at and completed_at.date() <= day:
                return module_id
        return None

    def session_before(self, day: date) -> int | None:
        held = [sid for sid, held_on in self.sessions if held_on <= day]
        return held[-1] if held else None
