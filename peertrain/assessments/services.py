"""Writing ratings (only ever inserted, never changed) and auditing every read of them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .. import audit
from ..authz import may_rate, may_self_assess
from ..clock import today
from ..extensions import db
from ..models import Competency, CompetencyRating, RatingSource, User
from ..rules.current_level import JUDGED
from . import queries

RECORD = "competency_rating"


class RatingRefused(Exception):
    """The rating breaks a rule the form should already have caught; nothing is saved."""


@dataclass(frozen=True)
class Evidence:
    module_id: int | None = None
    session_id: int | None = None
    observed_on: date | None = None
    observation_setting: str | None = None
    observation_text: str | None = None
    attested: bool = False

    @property
    def has_observation(self) -> bool:
        return bool(
            self.observed_on
            and (self.observation_setting or "").strip()
            and (self.observation_text or "").strip()
            and self.attested
        )


def record_self_assessment(
    subject: User, competency: Competency, level: int, note: str | None
) -> CompetencyRating:
    if not may_self_assess(subject, subject):
        audit.log_now("competency.self_assess", "user", subject.id, outcome="denied")
        raise RatingRefused("Only a peer worker assesses themselves.")
    _check_level(level)
    rating = CompetencyRating(
        subject_id=subject.id,
        rater_id=subject.id,
        competency_id=competency.id,
        source=RatingSource.SELF,
        level=level,
        note=(note or "").strip(),
    )
    return _save(rating, action="competency.self_assess")


def record_supervisor_rating(
    rater: User,
    subject: User,
    competency: Competency,
    *,
    source: RatingSource,
    level: int,
    note: str,
    evidence: Evidence,
) -> CompetencyRating:
    """A current supervisor's judgement with its evidence. The view checks these rules through
    the form; they are checked again here because this is where the record is made."""
    if not may_rate(rater, subject):
        audit.log_now("competency.rate", "user", subject.id, outcome="denied")
        raise RatingRefused("Only a current supervisor may rate this person.")
    _check_level(level)
    if source not in JUDGED:
        raise RatingRefused("A supervisor's rating comes from supervision or an observation.")
    if not (note or "").strip():
        raise RatingRefused("A rating needs a note saying what it is based on.")
    _check_evidence(rater, subject, source, evidence)
    rating = CompetencyRating(
        subject_id=subject.id,
        rater_id=rater.id,
        competency_id=competency.id,
        source=source,
        level=level,
        note=note.strip(),
        evidence_module_id=evidence.module_id,
        evidence_session_id=evidence.session_id,
        observed_on=evidence.observed_on if evidence.has_observation else None,
        observation_setting=(evidence.observation_setting or "").strip() or None,
        observation_text=(evidence.observation_text or "").strip() or None,
        attested=evidence.has_observation,
    )
    return _save(rating, action="competency.rate")


def _check_level(level: int) -> None:
    if not isinstance(level, int) or not 1 <= level <= 4:
        raise RatingRefused("The level must be a whole number from 1 to 4.")


def _check_evidence(rater: User, subject: User, source: RatingSource, ev: Evidence) -> None:
    partial = any((ev.observed_on, ev.observation_setting, ev.observation_text))
    if (source == RatingSource.OBSERVATION or partial) and not ev.has_observation:
        raise RatingRefused("An observation needs a date, a setting, what was seen and attesting.")
    if ev.observed_on and ev.observed_on > today():
        raise RatingRefused("An observation cannot be dated in the future.")
    if ev.module_id is not None and ev.module_id not in {
        m.id for m in queries.completed_modules(subject.id)
    }:
        raise RatingRefused("That module is not one the person has completed.")
    if ev.session_id is not None and ev.session_id not in {
        s.id for s in queries.shared_sessions(subject.id, rater.id)
    }:
        raise RatingRefused("That session is not one you both took part in.")
    if not (ev.module_id or ev.session_id or ev.has_observation):
        raise RatingRefused("A rating needs evidence: a module, a session or an observation.")


def _save(rating: CompetencyRating, *, action: str) -> CompetencyRating:
    db.session.add(rating)
    db.session.flush()  # the id goes into the audit record in the same transaction
    audit.log(action, RECORD, rating.id, detail=f"source={rating.source.value}")
    db.session.commit()
    return rating


def log_profile_read(viewer_id: int, subject_id: int, *, with_notes: bool) -> None:
    """Ratings are sensitive: every view of them is on the record, noting what was shown."""
    audit.log_now(
        "competency.profile.read",
        "user",
        subject_id,
        actor_id=viewer_id,
        detail="ratings with notes" if with_notes else "levels only",
    )
