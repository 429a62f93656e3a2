"""Pure: a credential's requirements against a worker's evidence, each with its figures, what
the worker can do next and what waits on someone else. The one place hours are counted."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..catalog.credentials import Credential, GroupRule
from ..formatting import short_date
from ..models import COMPETENT, LEVELS

GENERAL = ""  # the domain of minutes in no domain of the credential: they count to the total


@dataclass(frozen=True)
class ModuleDone:
    """A completed module: its minutes and its competency codes (one per tag)."""

    title: str
    minutes: int
    competency_codes: tuple[str, ...]


@dataclass(frozen=True)
class CourseHours:
    """A training record (other training) as counted: current rows only, corrections applied."""

    minutes: int
    categories: tuple[str, ...]
    verified: bool
    ended_on: date | None = None
    topics: tuple[str, ...] = ()


@dataclass(frozen=True)
class WeekHours:
    week_starting: date
    minutes: int
    confirmed: bool
    signed: bool


@dataclass(frozen=True)
class SessionHours:
    """A held supervision session the worker took part in."""

    minutes: int
    group: bool
    signed: bool


@dataclass(frozen=True)
class Evidence:
    modules: Sequence[ModuleDone] = ()
    courses: Sequence[CourseHours] = ()
    weeks: Sequence[WeekHours] = ()
    sessions: Sequence[SessionHours] = ()
    exam_passed_on: date | None = None
    # From assessments/readiness.py (the one competency rule): (category title, met).
    categories: Sequence[tuple[str, bool]] = ()
    modules_missing: Sequence[str] = ()


@dataclass(frozen=True)
class Step:
    """Something still to do: by the worker ("you") or by someone else ("other")."""

    text: str
    who: str
    endpoint: str | None = None


@dataclass(frozen=True)
class Part:
    label: str
    done: float  # hours
    target: float  # hours; 0 when there is no minimum


@dataclass(frozen=True)
class Requirement:
    key: str
    title: str
    done: float
    target: float
    unit: str  # "hours" or "" (a count, e.g. categories)
    figures: tuple[tuple[str, str], ...] = ()
    parts: tuple[Part, ...] = ()
    steps: tuple[Step, ...] = ()

    @property
    def met(self) -> bool:
        return self.done >= self.target and all(p.done >= p.target for p in self.parts)

    @property
    def percent(self) -> int:
        return 100 if not self.target else min(100, int(self.done * 100 // self.target))


@dataclass(frozen=True)
class Progress:
    credential: Credential
    requirements: tuple[Requirement, ...] = field(default_factory=tuple)

    @property
    def ready(self) -> bool:
        return all(r.met for r in self.requirements)

    def steps(self, who: str) -> list[tuple[Requirement, Step]]:
        return [(r, s) for r in self.requirements if not r.met for s in r.steps if s.who == who]


def hours(minutes: float) -> float:
    return round(minutes / 60, 1)


def _h(minutes: float) -> str:
    value = hours(minutes)
    return f"{value:g} hour" + ("" if value == 1 else "s")


def split_minutes(minutes: int, keys: Iterable[str]) -> Counter:
    """Minutes shared equally among the keys, counted with repeats (a module tagged with three
    competencies of one category and one of another gives that category three quarters)."""
    keys = list(keys)
    if not keys:
        return Counter({GENERAL: minutes})
    return Counter({k: minutes * n / len(keys) for k, n in Counter(keys).items()})


def category_of(code: str) -> str:
    return code.split("-", 1)[0]  # competency codes are <category>-<n>


def minutes_by_domain(
    credential: Credential, modules: Sequence[ModuleDone], courses: Sequence[CourseHours]
) -> Counter:
    """Domain code (GENERAL for none) -> training minutes: a module's minutes split across
    its competency codes, a course's across its categories, each mapped to its domain."""
    domain_of = credential.domain_of()
    total: Counter = Counter()
    for module in modules:
        cats = [category_of(c) for c in module.competency_codes]
        for cat, mins in split_minutes(module.minutes, cats).items():
            total[domain_of.get(cat, GENERAL)] += mins
    for course in courses:
        for cat, mins in split_minutes(course.minutes, course.categories).items():
            total[domain_of.get(cat, GENERAL)] += mins
    return total


def supervision_minutes(rule: GroupRule, sessions: Iterable[SessionHours]) -> float:
    """Counted supervision minutes: individual in full; group in full or by the credential's
    share of each hour, then capped when the credential caps group hours."""
    individual = sum(s.minutes for s in sessions if not s.group)
    group = sum(s.minutes for s in sessions if s.group)
    if rule.counts == "share":
        group *= rule.share
    if rule.cap_hours is not None:
        group = min(group, rule.cap_hours * 60)
    return individual + group


def _training(credential: Credential, ev: Evidence) -> Requirement:
    verified = [c for c in ev.courses if c.verified]
    waiting = sum(c.minutes for c in ev.courses if not c.verified)
    by_domain = minutes_by_domain(credential, ev.modules, verified)
    done = sum(by_domain.values())
    parts = tuple(Part(d.title, hours(by_domain[d.code]), d.hours) for d in credential.domains)
    steps = [
        Step(f"{p.label}: {p.done:g} of {p.target:g} hours. Take a module or record a course "
             "in this domain.", "you", "training.index")
        for p in parts if p.done < p.target
    ]  # fmt: skip
    if hours(done) < credential.training_hours:
        steps.append(Step("Complete modules, or record other training you have done.", "you",
                          "certification.training_records"))  # fmt: skip
    if waiting:
        steps.append(Step(f"{_h(waiting)} of other training waiting for a supervisor's "
                          "verification.", "other", "certification.training_records"))  # fmt: skip
    figures = (
        ("E-learning (completed modules)", _h(sum(m.minutes for m in ev.modules))),
        ("Other training, verified", _h(sum(c.minutes for c in verified))),
        ("Other training, awaiting verification", _h(waiting)),
        ("In no domain of this credential (counts to the total)", _h(by_domain[GENERAL])),
    )
    return Requirement("training", "Training hours", hours(done), credential.training_hours,
                       "hours", figures, parts, tuple(steps))  # fmt: skip


def _work(credential: Credential, ev: Evidence, today: date) -> Requirement:
    weeks = ev.weeks
    if credential.work_within_years:
        since = today - timedelta(days=round(365.25 * credential.work_within_years))
        weeks = [w for w in weeks if w.week_starting >= since]
    signed = sum(w.minutes for w in weeks if w.signed)
    confirmed = sum(w.minutes for w in weeks if w.confirmed and not w.signed)
    unconfirmed = sum(w.minutes for w in weeks if not w.confirmed and not w.signed)
    steps = [Step("Log each week's peer work hours.", "you", "certification.work_log")]
    if unconfirmed:
        steps.append(Step(f"{_h(unconfirmed)} logged, waiting for a supervisor's confirmation.",
                          "other", "certification.work_log"))  # fmt: skip
    if confirmed:
        steps.append(Step(f"{_h(confirmed)} confirmed, waiting for a supervisor's signature.",
                          "other", "certification.signoffs"))  # fmt: skip
    figures = (
        ("Signed by a supervisor (counted)", _h(signed)),
        ("Confirmed, not yet signed", _h(confirmed)),
        ("Logged, not yet confirmed", _h(unconfirmed)),
    )
    if credential.work_within_years:
        figures += (("Counted from", f"the last {credential.work_within_years} years"),)
    return Requirement("work", "Work experience", hours(signed), credential.work_hours, "hours",
                       figures, (), tuple(steps))  # fmt: skip


def _supervision(credential: Credential, ev: Evidence) -> Requirement:
    rule = credential.group
    signed = supervision_minutes(rule, [s for s in ev.sessions if s.signed])
    # Unsigned sessions add what they would add once signed (the group cap applies to all).
    pending = supervision_minutes(rule, ev.sessions) - signed
    steps = [Step("Take part in supervision sessions with your supervisor.", "you",
                  "supervision.mine")]  # fmt: skip
    if pending:
        steps.append(Step(f"{_h(pending)} of held supervision waiting for a supervisor's "
                          "signature.", "other", "certification.signoffs"))  # fmt: skip
    group = sum(s.minutes for s in ev.sessions if s.group)
    how = "in full" if rule.counts == "full" else f"at {rule.share:.0%} of each hour"
    if rule.cap_hours is not None:
        how += f", at most {rule.cap_hours:g} hours"
    figures = (
        ("Signed by a supervisor (counted)", _h(signed)),
        ("Held, not yet signed", _h(pending)),
        ("Individual sessions held", _h(sum(s.minutes for s in ev.sessions) - group)),
        (f"Group sessions held (count {how})", _h(group)),
    )
    target = credential.supervision_hours
    return Requirement("supervision", "Supervised hours", hours(signed), target, "hours",
                       figures, (), tuple(steps))  # fmt: skip


def _exam(credential: Credential, ev: Evidence) -> Requirement:
    passed = ev.exam_passed_on is not None
    steps = () if passed else (
        Step(f"Sit the {credential.exam_name} with {credential.awarding_body}.", "you"),
        Step("Once you pass, an administrator records the result here.", "other"),
    )  # fmt: skip
    figures = (("Passed on", short_date(ev.exam_passed_on)),) if passed else ()
    return Requirement("exam", credential.exam_name or "Exam", float(passed), 1.0, "",
                       figures, (), steps)  # fmt: skip


def _categories(ev: Evidence) -> Requirement:
    met = sum(1 for _, ok in ev.categories if ok)
    short = [title for title, ok in ev.categories if not ok]
    steps: tuple[Step, ...] = ()
    if short:
        steps = (
            Step(f"Assess yourself in: {', '.join(short)}.", "you", "competency.my_profile"),
            Step(f"A supervisor's rating at {LEVELS[COMPETENT].lower()} or above in each "
                 "category.", "other", "competency.readiness"),
        )  # fmt: skip
    return Requirement("categories", "Competency categories at competent", float(met),
                       float(len(ev.categories) or 1), "", (), (), steps)  # fmt: skip


def _required_modules(ev: Evidence) -> Requirement:
    missing = list(ev.modules_missing)
    steps = tuple(Step(f"Complete the required module “{t}”.", "you", "training.index")
                  for t in missing)  # fmt: skip
    return Requirement("modules", "Your organisation's required modules", float(not missing),
                       1.0, "", (("Still to complete", str(len(missing))),), (), steps)  # fmt: skip


def progress(credential: Credential, ev: Evidence, today: date) -> Progress:
    """Every requirement of the credential, in the order a board lists them."""
    reqs = [_training(credential, ev), _work(credential, ev, today)]
    if credential.supervision_hours:
        reqs.append(_supervision(credential, ev))
    if credential.exam_required:
        reqs.append(_exam(credential, ev))
    reqs += [_categories(ev), _required_modules(ev)]
    return Progress(credential, tuple(reqs))


@dataclass(frozen=True)
class CeProgress:
    done: float
    target: float
    topics: tuple[Part, ...]

    @property
    def met(self) -> bool:
        return self.done >= self.target and all(t.done >= t.target for t in self.topics)


def ce_progress(
    credential: Credential, courses: Iterable[CourseHours], start: date, end: date
) -> CeProgress:
    """Continuing education in a renewal period [start, end]: verified training that ended in
    it; a topic's hours are those of records tagged with the topic."""
    inside = [c for c in courses if c.verified and c.ended_on and start <= c.ended_on <= end]
    topics = tuple(
        Part(t.title, hours(sum(c.minutes for c in inside if t.topic in c.topics)), t.hours)
        for t in credential.ce_topics
    )
    return CeProgress(hours(sum(c.minutes for c in inside)), credential.ce_hours, topics)
