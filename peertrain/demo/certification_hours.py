"""Demo hours (issue 15): Pia halfway (some weeks signed, some waiting on Sam), Kemi ready
(500+ signed hours of work, her supervision and training signed by Jo), Grace renewing
(continuing education since her last certification, ethics short). Runs after supervision."""

from __future__ import annotations

from datetime import date, timedelta

from ..certification.services_signoff import batch, record
from ..clock import today, utcnow
from ..extensions import db
from ..models import (
    CredentialExam,
    ServiceSetting,
    SessionFormat,
    SessionParticipant,
    SessionSetting,
    SessionStatus,
    SignoffMethod,
    SupervisionSession,
    TrainingKind,
    TrainingRecord,
    User,
    WorkLog,
)
from .people import DemoOrg

# title, provider, kind, days ago it ended, hours, categories, topics
COURSES = {
    "pia": [
        (
            "Intentional Peer Support core training",
            "IPS Regional Hub",
            TrainingKind.CLASSROOM,
            80,
            14,
            ("LIV", "ENG", "LEA"),
            (),
        ),
        (
            "Ethics and boundaries in peer work",
            "Peer Network",
            TrainingKind.WORKSHOP,
            40,
            6,
            ("COM", "TEA"),
            ("ethics",),
        ),
    ],
    "kemi": [
        (
            "Advocacy and systems navigation",
            "State Peer Alliance",
            TrainingKind.CLASSROOM,
            400,
            12,
            ("LEA", "LNK"),
            (),
        ),
        (
            "WRAP facilitator training",
            "Copeland Center",
            TrainingKind.CLASSROOM,
            330,
            16,
            ("PLN", "SUP", "PER"),
            (),
        ),
        (
            "Peer ethics intensive",
            "Peer Network",
            TrainingKind.WORKSHOP,
            250,
            16,
            ("COM", "TEA", "GRO"),
            ("ethics",),
        ),
        ("Crisis support refresher", "Harbour Trust", TrainingKind.ONLINE, 120, 4, ("CRI",), ()),
        (
            "Sharing your recovery story with purpose",
            "Peer Network",
            TrainingKind.WORKSHOP,
            300,
            7,
            ("LIV", "INF"),
            (),
        ),
    ],
    "grace": [
        (
            "Trauma-informed supervision conference",
            "National Peer Conference",
            TrainingKind.CONFERENCE,
            200,
            8,
            ("SUP", "TEA"),
            (),
        ),
        (
            "Ethics update for peer specialists",
            "Peer Network",
            TrainingKind.ONLINE,
            90,
            4,
            ("COM",),
            ("ethics",),
        ),
        (
            "Harm reduction in practice",
            "Willow Trust",
            TrainingKind.WORKSHOP,
            20,
            3,
            ("CRI", "PER"),
            (),
        ),
    ],
}


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _weeks(
    worker: User,
    supervisor: User,
    first: date,
    last: date,
    hours: float,
    setting,
    confirm_before: date,
):
    """One entry a week from first to last; confirmed up to confirm_before (later ones wait)."""
    week, n = _monday(first), 0
    while week <= last:
        n += 1
        minutes = round((hours + (n % 3 - 1) * 1.5) * 60)  # a little variation, as real weeks have
        confirmed = week < confirm_before
        db.session.add(
            WorkLog(
                worker_id=worker.id,
                week_starting=week,
                minutes=minutes,
                setting=setting,
                entered_by_id=worker.id,
                confirmed_by_id=supervisor.id if confirmed else None,
                confirmed_at=utcnow() if confirmed else None,
            )
        )
        week += timedelta(days=7)


def _courses(worker: User, supervisor: User, key: str, verify: bool = True) -> None:
    for title, provider, kind, ago, hours, cats, topics in COURSES[key]:
        ended = today() - timedelta(days=ago)
        db.session.add(
            TrainingRecord(
                worker_id=worker.id,
                title=title,
                provider=provider,
                kind=kind,
                minutes=round(hours * 60),
                started_on=ended - timedelta(days=max(int(hours // 7) - 1, 0)),
                ended_on=ended,
                domains=list(cats),
                topics=list(topics),
                entered_by_id=worker.id,
                verified_by_id=supervisor.id if verify else None,
                verified_at=utcnow() if verify else None,
            )
        )


def _earlier_supervision(supervisor: User, worker: User) -> None:
    """Kemi's first year, before the supervision demo's year: fortnightly hour-long sessions."""
    for n in range(14):
        held = today() - timedelta(days=380 + 14 * n)
        db.session.add(
            SupervisionSession(
                supervisor_id=supervisor.id,
                held_on=held,
                minutes=60,
                format=SessionFormat.INDIVIDUAL,
                setting=SessionSetting.IN_PERSON,
                status=SessionStatus.HELD,
                topics=["boundaries"],
                what_happened="Reviewed the week's shifts on the crisis line.",
                what_it_meant="",
                what_next="",
                participants=[SessionParticipant(supervisee_id=worker.id)],
            )
        )


def _sign(supervisor: User, worker: User, start: date, end: date) -> None:
    db.session.flush()
    b = batch(supervisor.id, worker.id, start, end)
    if b.rows:
        record(supervisor, worker, start, end, b, SignoffMethod.PASSWORD)


def seed(org: DemoOrg) -> None:
    p, now = org.people, today()
    sam, jo, priya = p["sam"], p["jo"], p["priya"]
    # Pia, halfway (cert-core's demo gives Chloe her hours): 13 weeks at 9 h; Sam signed the
    # first weeks, later ones wait on him.
    pia = p["pia"]
    _weeks(
        pia,
        sam,
        now - timedelta(days=95),
        now - timedelta(days=7),
        9,
        ServiceSetting.COMMUNITY,
        now - timedelta(days=42),
    )
    _courses(pia, sam, "pia")
    _sign(sam, pia, now - timedelta(days=100), now - timedelta(days=60))
    db.session.add(
        TrainingRecord(
            worker_id=pia.id,
            title="Suicide prevention (safeTALK)",
            provider="LivingWorks",
            kind=TrainingKind.WORKSHOP,
            started_on=now - timedelta(days=12),
            ended_on=now - timedelta(days=12),
            minutes=240,
            domains=["CRI"],
            entered_by_id=pia.id,
        )
    )
    # Kemi, ready: 60 weeks at 9.5 h (570 h), training and supervision all signed by Jo.
    kemi = p["kemi"]
    _weeks(
        kemi,
        jo,
        now - timedelta(days=440),
        now - timedelta(days=21),
        9.5,
        ServiceSetting.CRISIS,
        now,
    )
    _courses(kemi, jo, "kemi")
    _earlier_supervision(jo, kemi)
    db.session.add(
        CredentialExam(
            worker_id=kemi.id,
            credential_slug="icrc-peer-recovery",
            passed_on=now - timedelta(days=30),
            note="IC&RC PR exam (demo)",
        )
    )
    _sign(jo, kemi, now - timedelta(days=650), now - timedelta(days=1))
    # Grace, renewing: continuing education since her certification, 4 of 6 ethics hours; her
    # latest course waits on Priya.
    grace = p["grace"]
    _courses(grace, priya, "grace")
    db.session.add(
        TrainingRecord(
            worker_id=grace.id,
            title="Peer supervision skills",
            provider="Peer Network",
            kind=TrainingKind.ONLINE,
            started_on=now - timedelta(days=5),
            ended_on=now - timedelta(days=5),
            minutes=150,
            domains=["SUP"],
            entered_by_id=grace.id,
        )
    )
    _sign(priya, grace, now - timedelta(days=400), now - timedelta(days=1))
