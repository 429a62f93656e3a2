"""Demo supervision: a year of sessions, cancellations, flags and actions, uneven across teams.

Riverside is well supervised; Willow Ward has role-drift and exclusion flags; Harbour Crisis House
(Jo, 0.4 FTE, many supervisees) loses sessions to service demands and has people overdue.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from ..clock import today, utcnow
from ..extensions import db
from ..models import (
    TOPICS,
    CancelReason,
    FlagKind,
    SessionAddendum,
    SessionFormat,
    SessionRevision,
    SessionSetting,
    SessionStatus,
    SupervisionAssignment,
    SupervisionSession,
    User,
)
from ..supervision import services
from ..supervision.due import Intervals, interval_days
from ..supervision.entries import ActionEntry, CancellationEntry, FlagEntry, Notes, SessionEntry
from ..supervision.services import snapshot
from . import supervision_data as text
from .people import DemoOrg
from .supervision_data import FLAG_PLAN, OVERDUE, PROFILES, Profile

R = CancelReason
K = FlagKind


GAPS = Intervals()  # the targets' defaults
MINUTES = (45, 50, 60, 60, 60, 75, 90)


class Seeder:
    def __init__(self, org: DemoOrg):
        self.org = org
        self.rng = random.Random(20240611)
        self.today = today()
        self.now = utcnow()
        self.key_of = {u.id: k for k, u in org.people.items()}
        self.held_count: Counter = Counter()
        self.flagged: set = set()

    def at(self, day: date, hour: int) -> datetime:
        return min(datetime.combine(day, time(hour, self.rng.randint(0, 59))), self.now)

    def stop_for(self, worker: User) -> date:
        """The last day this worker's sessions went ahead (for the overdue ones)."""
        return self.today - timedelta(days=OVERDUE.get(self.key_of[worker.id], 0))

    def pick(self, weights: dict):
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def _when(self, day: date) -> tuple[datetime, SessionSetting]:
        """When the record was written (backdated after the service builds it), and where."""
        created = self.at(day + timedelta(days=self.rng.randint(0, 2)), self.rng.randint(12, 18))
        remote = self.rng.random() < 0.25
        return created, SessionSetting.REMOTE if remote else SessionSetting.IN_PERSON

    def _backdate(self, sess, created: datetime, acks: dict, reflections: dict) -> None:
        sess.created_at = sess.updated_at = created
        for p in sess.participants:
            if p.supervisee_id in acks:
                p.acknowledged_at = acks[p.supervisee_id]
            if p.supervisee_id in reflections:
                p.reflection, p.reflection_updated_at = reflections[p.supervisee_id]
        db.session.add(sess)

    def cancelled(self, sup: User, people: list[User], day: date, profile: Profile):
        created, setting = self._when(day)
        reason = self.pick(profile.reasons)
        note = None
        if reason == R.OTHER or self.rng.random() < 0.5:
            note = self.rng.choice(text.CANCEL_NOTES[reason])
        ids = tuple(p.id for p in people)
        entry = CancellationEntry(ids, day, setting, reason, note)
        sess = services.new_cancellation(sup, entry)  # the service's rules, not a copy of them
        self._backdate(sess, created, self.acknowledge(people, day, 0.5), {})
        return sess

    def _fmt(self, people):
        return SessionFormat.INDIVIDUAL if len(people) == 1 else SessionFormat.GROUP

    def held(self, sup, people, day, profile, fmt=None):
        fmt = fmt or self._fmt(people)
        created, setting = self._when(day)
        name = people[0].name.split()[0]
        if fmt == SessionFormat.INDIVIDUAL:
            parts = (text.HAPPENED, text.MEANT, text.NEXT)
            happened = " ".join(self.rng.sample(parts[0], self.rng.choice((1, 2))))
        else:
            parts = (text.GROUP_HAPPENED, text.GROUP_MEANT, text.GROUP_NEXT)
            pool = text.CO_REFLECTION if fmt == SessionFormat.CO_REFLECTION else parts[0]
            happened = self.rng.choice(pool)
        notes = Notes(
            happened.format(name=name),
            self.rng.choice(parts[1]).format(name=name),
            self.rng.choice(parts[2]).format(name=name),
        )
        minutes = self.rng.choice(MINUTES if fmt == SessionFormat.INDIVIDUAL else (60, 75, 90))
        weights = {t: (4 if t in profile.topics else 1) for t in TOPICS}
        chosen = {self.pick(weights) for _ in range(self.rng.randint(1, 3))}
        acks = self.acknowledge(people, day, profile.ack_rate)
        reflections = self.reflect(people, day)
        action, done_at = self.actions(day, sup, people, profile)
        entry = SessionEntry(
            supervisee_ids=tuple(p.id for p in people),
            held_on=day,
            minutes=minutes,
            format=fmt,
            setting=setting,
            topics=tuple(t for t in TOPICS if t in chosen),
            notes=notes,
            actions=(action,) if action else (),
            flags=tuple(self.flags(fmt, people, profile)),
        )
        sess = services.new_session(sup, entry)
        for item in sess.actions:
            item.created_at, item.done_at = created, done_at
        self._backdate(sess, created, acks, reflections)
        return sess

    def acknowledge(self, people, day: date, rate: float) -> dict:
        acks = {}
        for p in people:
            if (self.today - day).days > 3 and self.rng.random() < rate:
                acks[p.id] = self.at(day + timedelta(self.rng.randint(0, 6)), 9)
        return acks

    def reflect(self, people, day: date) -> dict:
        out = {}
        for p in people:
            if self.rng.random() < 0.25:
                chosen = self.rng.choice(text.REFLECTIONS)
                out[p.id] = (chosen, self.at(day + timedelta(days=1), 20))
        return out

    def actions(self, day, sup, people, profile) -> tuple[ActionEntry | None, datetime | None]:
        if self.rng.random() > 0.55:
            return None, None
        mine = self.rng.random() < 0.25
        due = day + timedelta(days=self.rng.choice((7, 10, 14, 21)))
        item = ActionEntry(
            owner_id=sup.id if mine else self.rng.choice(people).id,
            description=self.rng.choice(text.SUPERVISOR_ACTIONS if mine else text.ACTIONS),
            due_on=due,
        )
        done_at = None
        if due < self.today and self.rng.random() < profile.done_rate:
            done_at = self.at(due - timedelta(days=self.rng.randint(0, 5)), 15)
        return item, done_at

    def flags(self, fmt, people, profile) -> list[FlagEntry]:
        if fmt != SessionFormat.INDIVIDUAL:
            if profile is PROFILES["jo"] and self.rng.random() < 0.3:
                return [self.flag(K.SUPERVISION_NOT_RESOURCED, None)]
            return []
        key = self.key_of[people[0].id]
        self.held_count[key] += 1
        return [
            self.flag(kind, people[0].id)
            for kind, every in FLAG_PLAN.get(key, [])
            if self.held_count[key] % every == 0
        ]

    def flag(self, kind, supervisee_id) -> FlagEntry:
        options = text.SUMMARIES[kind]
        # The first flag of a kind always says why; later ones sometimes leave it at the kind.
        first = (supervisee_id, kind) not in self.flagged
        self.flagged.add((supervisee_id, kind))
        wanted = first or self.rng.random() < 0.7
        summary = self.rng.choice(options) if options and wanted else None
        return FlagEntry(kind, supervisee_id, summary)


def _current(org: DemoOrg) -> list[SupervisionAssignment]:
    return list(
        db.session.scalars(
            select(SupervisionAssignment)
            .where(SupervisionAssignment.end_date.is_(None))
            .order_by(SupervisionAssignment.id)
        )
    )


def _individual(seed: Seeder, a: SupervisionAssignment, sup_key: str) -> None:
    profile, worker = PROFILES[sup_key], a.supervisee
    first = max(a.start_date, seed.today - timedelta(days=365))
    stop = seed.stop_for(worker)
    day = first + timedelta(days=seed.rng.randint(3, 6))
    rebook = (3, 7 + max(0, profile.slack[1]) // 2)
    while day <= seed.today:
        planned_gap = interval_days(worker.certification_stage, worker.start_date, day, GAPS)
        if day > stop or seed.rng.random() < profile.cancel_rate:
            seed.cancelled(a.supervisor, [worker], day, profile)
            day += timedelta(days=seed.rng.randint(*rebook) if day <= stop else planned_gap)
            continue
        seed.held(a.supervisor, [worker], day, profile)
        day += timedelta(days=planned_gap + seed.rng.randint(*profile.slack))


def _groups(seed: Seeder, sup_key: str, assignments: list[SupervisionAssignment]) -> None:
    profile, sup = PROFILES[sup_key], seed.org.people[sup_key]
    day = seed.today - timedelta(days=360)
    while day <= seed.today - timedelta(days=2):
        present = [a.supervisee for a in assignments if a.start_date <= day]
        if len(present) >= 2:
            if seed.rng.random() < profile.cancel_rate:
                seed.cancelled(sup, present, day, profile)
            else:
                # The people the demo shows as overdue missed the recent groups too.
                able = [p for p in present if day <= seed.stop_for(p)]
                people = [p for p in able if seed.rng.random() < 0.85]
                if len(people) < 2:
                    people = able
                if len(people) >= 2:
                    seed.held(sup, people, day, profile)
        day += timedelta(days=profile.group_every)


def _co_reflection(seed: Seeder, pairs) -> None:
    for sup_key, keys, days_ago in pairs:
        people = [seed.org.people[k] for k in keys]
        profile = PROFILES[sup_key]
        day = seed.today - timedelta(days=days_ago)
        seed.held(seed.org.people[sup_key], people, day, profile, SessionFormat.CO_REFLECTION)


def _history(seed: Seeder) -> None:
    """A few records edited once (earlier text kept) and a few with addenda."""
    held = list(
        db.session.scalars(
            select(SupervisionSession)
            .where(SupervisionSession.status == SessionStatus.HELD)
            .order_by(SupervisionSession.id)
        )
    )
    for sess in seed.rng.sample(held, k=min(6, len(held))):
        db.session.add(
            SessionRevision(
                session_id=sess.id,
                version=sess.version,
                edited_by_id=sess.supervisor_id,
                edited_at=sess.created_at + timedelta(hours=20),
                snapshot=snapshot(sess),
            )
        )
        sess.what_next += " (Added after the session: agreed to review this in a month.)"
        sess.updated_at = min(sess.created_at + timedelta(hours=20), seed.now)
    for sess in seed.rng.sample(held, k=min(4, len(held))):
        sess.addenda.append(
            SessionAddendum(
                author_id=sess.supervisor_id,
                created_at=min(sess.created_at + timedelta(days=10), seed.now),
                text="Correction: the visit discussed above was on the Tuesday, not the Monday.",
            )
        )


def seed(org: DemoOrg) -> None:
    """A year of sessions for every current assignment, with the unevenness managers should see."""
    seeder = Seeder(org)
    by_supervisor: dict[str, list[SupervisionAssignment]] = {}
    for a in _current(org):
        sup_key = seeder.key_of.get(a.supervisor_id)
        if sup_key not in PROFILES:
            continue
        by_supervisor.setdefault(sup_key, []).append(a)
        _individual(seeder, a, sup_key)
    for sup_key, assignments in by_supervisor.items():
        # Group supervision is per team: each supervisor runs one for their own team's workers.
        team_id = seeder.org.people[sup_key].team_id
        _groups(seeder, sup_key, [a for a in assignments if a.supervisee.team_id == team_id])
    _co_reflection(
        seeder,
        [("sam", ["chloe", "pia"], 60), ("sam", ["ben"], 25), ("priya", ["femi", "grace"], 80)],
    )
    db.session.flush()
    _history(seeder)
    db.session.flush()
