"""Test data for the reports, made directly with the models (no other feature's services)."""

from __future__ import annotations

import itertools
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from peertrain.extensions import db
from peertrain.models import (
    CancelReason,
    Certification,
    CertificationStage,
    Competency,
    CompetencyCategory,
    CompetencyRating,
    Flag,
    FlagKind,
    Module,
    ModuleProgress,
    PathwayModule,
    ProgressStatus,
    RatingSource,
    Role,
    SessionFormat,
    SessionParticipant,
    SessionSetting,
    SessionStatus,
    SupervisionSession,
    Team,
    User,
)

_seq = itertools.count(1)


def at(d: date, hour: int = 12) -> datetime:
    return datetime.combine(d, time(hour))


def held(
    supervisor: User,
    on: date,
    *participants: User,
    minutes: int = 60,
    fmt: SessionFormat = SessionFormat.INDIVIDUAL,
) -> SupervisionSession:
    s = SupervisionSession(
        supervisor_id=supervisor.id,
        held_on=on,
        minutes=minutes,
        format=fmt if len(participants) < 2 else SessionFormat.GROUP,
        setting=SessionSetting.IN_PERSON,
        status=SessionStatus.HELD,
        topics=[],
    )
    s.participants = [SessionParticipant(supervisee_id=p.id) for p in participants]
    db.session.add(s)
    db.session.commit()
    return s


def cancelled(
    supervisor: User, on: date, *participants: User, reason: CancelReason, note: str | None = None
) -> SupervisionSession:
    s = SupervisionSession(
        supervisor_id=supervisor.id,
        held_on=on,
        minutes=0,
        format=SessionFormat.INDIVIDUAL if len(participants) < 2 else SessionFormat.GROUP,
        setting=SessionSetting.REMOTE,
        status=SessionStatus.CANCELLED,
        cancel_reason=reason,
        cancel_note=note,
        topics=[],
    )
    s.participants = [SessionParticipant(supervisee_id=p.id) for p in participants]
    db.session.add(s)
    db.session.commit()
    return s


def flag(
    session: SupervisionSession,
    kind: FlagKind,
    worker: User | None = None,
    summary: str | None = None,
) -> Flag:
    row = Flag(
        session_id=session.id,
        kind=kind,
        supervisee_id=worker.id if worker else None,
        manager_summary=summary,
    )
    db.session.add(row)
    db.session.commit()
    return row


def module(
    slug: str,
    title: str | None = None,
    *,
    required: bool = True,
    version: int = 1,
    current: bool = True,
    position: int | None = None,
    for_role: str = "trainee",
    pathway: str = "peer-worker",
) -> Module:
    m = Module(
        slug=slug,
        version=version,
        is_current=current,
        title=title or slug.replace("-", " ").capitalize(),
        summary="",
        minutes=30,
        required=required,
        content_hash=f"{slug}-{version}",
    )
    db.session.add(m)
    exists = db.session.scalar(
        select(PathwayModule).where(PathwayModule.pathway == pathway, PathwayModule.slug == slug)
    )
    if exists is None:
        db.session.add(
            PathwayModule(
                pathway=pathway,
                slug=slug,
                position=position if position is not None else next(_seq),
                for_role=for_role,
                pathway_title=pathway,
            )
        )
    db.session.commit()
    return m


def progress(user: User, m: Module, completed_on: date | None = None) -> ModuleProgress:
    row = ModuleProgress(
        user_id=user.id,
        module_id=m.id,
        status=ProgressStatus.COMPLETED if completed_on else ProgressStatus.IN_PROGRESS,
        started_at=at((completed_on or date(2020, 1, 1)) - timedelta(days=3)),
        completed_at=at(completed_on) if completed_on else None,
        score=90 if completed_on else None,
    )
    db.session.add(row)
    db.session.commit()
    return row


def category(code: str, title: str | None = None, position: int | None = None):
    row = CompetencyCategory(
        code=code, title=title or f"Category {code}", position=position or next(_seq)
    )
    db.session.add(row)
    db.session.commit()
    return row


def competency(cat: CompetencyCategory, code: str) -> Competency:
    row = Competency(code=code, category_id=cat.id, statement=f"Does {code}.", position=next(_seq))
    db.session.add(row)
    db.session.commit()
    return row


def rating(
    subject: User,
    rater: User,
    comp: Competency,
    level: int,
    on: date,
    source: RatingSource = RatingSource.SUPERVISOR,
    note: str = "",
    observation_text: str | None = None,
) -> CompetencyRating:
    row = CompetencyRating(
        subject_id=subject.id,
        rater_id=rater.id,
        competency_id=comp.id,
        source=source,
        level=level,
        note=note,
        rated_at=at(on),
        observed_on=on if source == RatingSource.OBSERVATION else None,
        observation_text=observation_text,
    )
    db.session.add(row)
    db.session.commit()
    return row


# ---------------------------------------------------------------------------------------------
# The small organisation every figure test computes by hand. All dates hang off END.
END = date(2025, 6, 30)
START = date(2025, 4, 1)  # a 91-day period; the previous period is 2024-12-31..2025-03-31


def d(days_before_end: int) -> date:
    return END - timedelta(days=days_before_end)


class Org:
    """Names → records, so tests read like the hand calculation in their comments."""

    def __init__(self, **kw):
        self.__dict__.update(kw)


def small_org(make) -> Org:
    """Three teams, three supervisors, ten workers (plus one who left and one not yet
    started), sessions, cancellations, flags, module progress and ratings. The expected
    figures are worked out by hand in tests/test_reports_figures.py."""
    from peertrain.models import ServiceSetting

    S = CertificationStage
    riverside = make.team("Riverside", ServiceSetting.COMMUNITY)
    willow = make.team("Willow Ward", ServiceSetting.INPATIENT)
    harbour = make.team("Harbour", ServiceSetting.CRISIS)

    def sup(name, team, fte, peer):
        return make.user(
            Role.SUPERVISOR,
            team=team,
            name=name,
            fte=fte,
            is_peer=peer,
            certification_stage=S.SENIOR,
            start_date=d(3000),
        )

    sam = sup("Sam Supervisor", riverside, 1.0, True)
    priya = sup("Priya Supervisor", willow, 0.4, False)
    jo = sup("Jo Supervisor", harbour, 0.6, True)

    def worker(name, team, days, stage, fte=1.0, **kw):
        return make.user(
            Role.TRAINEE,
            team=team,
            name=name,
            fte=fte,
            is_peer=True,
            certification_stage=stage,
            start_date=d(days),
            **kw,
        )

    amara = worker("Amara", riverside, 20, S.IN_TRAINING)
    ben = worker("Ben", riverside, 200, S.PROVISIONAL, 0.6)
    chloe = worker("Chloe", riverside, 800, S.CERTIFIED)
    dev = worker("Dev", riverside, 500, S.CERTIFIED)
    erin = worker("Erin", willow, 100, S.IN_TRAINING)
    femi = worker("Femi", willow, 400, S.CERTIFIED, 0.8)
    grace = worker("Grace", willow, 1000, S.SENIOR)
    hamza = worker("Hamza", willow, 1200, S.CERTIFIED, 0.5)
    isla = worker("Isla", harbour, 60, S.IN_TRAINING)
    jack = worker("Jack", harbour, 900, S.CERTIFIED)
    lola = worker("Lola Left", riverside, 700, S.CERTIFIED, active=False)
    zed = worker("Zed Later", riverside, -5, S.IN_TRAINING)

    for w in (amara, ben, chloe, lola):
        make.assign(sam, w, start=w.start_date)
    make.assign(sam, dev, start=dev.start_date, end=d(40))
    make.assign(sam, erin, start=d(-10))  # starts after END: not in force
    for w in (erin, femi, grace, hamza):
        make.assign(priya, w, start=w.start_date)
    for w in (isla, jack):
        make.assign(jo, w, start=w.start_date)
    make.assign(jo, grace, start=d(300))

    CR = CancelReason
    s_amara = held(sam, d(5), amara, minutes=90)
    s_ben20 = held(sam, d(20), ben)
    s_ben50 = held(sam, d(50), ben)
    s_group = held(sam, d(25), ben, chloe, minutes=120)
    held(sam, d(45), dev)
    held(priya, d(10), femi)
    held(priya, d(29), grace)
    s_hamza = held(priya, d(31), hamza)
    held(jo, d(14), isla)
    s_lola = held(sam, d(3), lola)
    s_chloe_before = held(sam, d(120), chloe)
    cancelled(sam, d(12), amara, reason=CR.SERVICE_DEMANDS)
    cancelled(sam, d(40), chloe, reason=CR.SERVICE_DEMANDS)
    cancelled(sam, d(60), ben, reason=CR.SUPERVISOR_UNAVAILABLE)
    cancelled(priya, d(70), femi, reason=CR.NO_TIME_OR_ROOM)
    cancelled(sam, d(100), chloe, reason=CR.OTHER)

    K = FlagKind
    flag(s_ben20, K.WORKLOAD, ben, summary="Caseload doubled; asked the team lead for a review")
    flag(s_ben50, K.WORKLOAD, ben)
    flag(s_amara, K.WORKLOAD, amara)
    flag(s_group, K.ROLE_DRIFT)  # about the group: counts once for Riverside
    flag(
        db.session.scalar(select(SupervisionSession).where(SupervisionSession.held_on == d(10))),
        K.EXCLUDED_FROM_TEAM,
        femi,
    )
    flag(s_hamza, K.WORKLOAD, hamza)
    flag(s_lola, K.WORKLOAD, lola, summary="Left the service")
    flag(s_chloe_before, K.WORKLOAD, chloe)

    what = module("what-is", "What peer support is", position=1)
    values_v1 = module("values", "Peer values", version=1, current=False, position=2)
    values = module("values", "Peer values", version=2, position=2)
    optional = module("recovery", "Recovery language", required=False, position=3)
    module("sup-mod", "Supervising", position=1, for_role="supervisor", pathway="peer-supervisor")
    progress(amara, what, d(10))
    progress(ben, what, d(150))
    progress(ben, values_v1, d(120))
    progress(chloe, what, d(700))
    progress(chloe, values)
    progress(chloe, optional, d(600))
    progress(erin, what, d(-5))  # completed after END: not yet, as of END
    for w in (femi, grace, jack):
        progress(w, what, d(300))
        progress(w, values, d(250))
    progress(hamza, what, d(900))

    eng, sup_cat = category("ENG", "Engages peers", 1), category("SUP", "Provides support", 2)
    eng1, eng2, sup1 = (
        competency(eng, "ENG-1"),
        competency(eng, "ENG-2"),
        competency(sup_cat, "SUP-1"),
    )
    OBS, SELF = RatingSource.OBSERVATION, RatingSource.SELF
    rating(amara, sam, eng1, 2, d(10))
    rating(amara, amara, eng1, 4, d(5), source=SELF)
    rating(ben, sam, eng1, 2, d(100))
    rating(ben, sam, eng1, 3, d(30))
    rating(ben, sam, eng2, 4, d(20), source=OBS)
    rating(ben, sam, sup1, 1, d(15))
    rating(chloe, sam, eng1, 4, d(200))
    rating(chloe, sam, eng1, 2, d(10))
    rating(chloe, sam, eng2, 3, d(-3))  # after END
    rating(femi, priya, eng1, 3, d(40))
    rating(femi, priya, eng2, 3, d(40))
    rating(grace, priya, sup1, 3, d(40))
    rating(hamza, priya, eng1, 2, d(7))
    rating(hamza, priya, eng1, 3, d(7))  # same moment: the higher counts
    rating(lola, sam, eng1, 1, d(10))
    # Certifications expiring after END (issue 15): Chloe's and Hamza's.
    for who, expires_in in ((chloe, 30), (hamza, 60)):
        db.session.add(Certification(worker_id=who.id, credential_slug="icrc-peer-recovery",
                                     certificate_number=f"PR-{who.id}", certified_on=d(700),
                                     expires_on=d(-expires_in)))  # fmt: skip
    db.session.commit()

    return Org(**{k: v for k, v in locals().items() if isinstance(v, (User, Team))})


# ---------------------------------------------------------------------------------------------
# Reading the pages back: tables as lists of cell texts, CSV as the same.


# Re-exported so the report tests can keep importing everything from here.
from .reports_bulk import bulk_org  # noqa: E402
from .reports_html import csv_rows, html_tables  # noqa: E402

__all__ = ["bulk_org", "csv_rows", "html_tables"]
