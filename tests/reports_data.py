"""Test data for the reports, made directly with the models (no other feature's services)."""

from __future__ import annotations

import csv
import io
import itertools
from datetime import date, datetime, time, timedelta
from html.parser import HTMLParser

from sqlalchemy import insert, select

from peertrain.extensions import db
from peertrain.models import (
    CancelReason,
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
    SupervisionAssignment,
    SupervisionSession,
    Team,
    User,
    UserRole,
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


def bulk_org(
    teams: int,
    workers_per_team: int,
    today: date,
    *,
    sessions_per_worker: int = 4,
    prefix: str = "bulk",
) -> dict:
    """A larger organisation inserted in bulk (no passwords: nobody in it signs in). Each team
    has one supervisor; workers get sessions (some cancelled, some flagged), module progress
    and ratings, so every report query has rows to read. Returns counts for sanity checks."""
    cats = list(db.session.scalars(select(Competency.id)))
    mods = list(db.session.scalars(select(Module.id).where(Module.is_current.is_(True))))
    n = next(_seq)
    team_ids = list(
        db.session.scalars(
            insert(Team).returning(Team.id, sort_by_parameter_order=True),
            [{"name": f"{prefix} team {n}-{i}", "setting": "community"} for i in range(teams)],
        )
    )
    users, roles, assigns = [], [], []
    for t_i, team_id in enumerate(team_ids):
        users.append(
            _bulk_user(f"{prefix}-{n}-{t_i}-sup", team_id, today, 1500, is_peer=t_i % 2 == 0)
        )
        for k in range(workers_per_team):
            users.append(_bulk_user(f"{prefix}-{n}-{t_i}-{k}", team_id, today, 30 + 90 * k))
    ids = list(
        db.session.scalars(insert(User).returning(User.id, sort_by_parameter_order=True), users)
    )
    per = workers_per_team + 1
    sessions, flags_, progress_, ratings = [], [], [], []
    for t_i in range(teams):
        sup_id, worker_ids = ids[t_i * per], ids[t_i * per + 1 : (t_i + 1) * per]
        roles.append({"user_id": sup_id, "role": Role.SUPERVISOR.value})
        for k, wid in enumerate(worker_ids):
            roles.append({"user_id": wid, "role": Role.TRAINEE.value})
            if k % 5 != 4:
                assigns.append(
                    {
                        "supervisor_id": sup_id,
                        "supervisee_id": wid,
                        "start_date": today - timedelta(days=400),
                    }
                )
            for j in range(sessions_per_worker):
                sessions.append((sup_id, wid, today - timedelta(days=7 + 20 * j + k), j % 4 == 3))
            for m_i, mid in enumerate(mods):
                if (k + m_i) % 3:
                    progress_.append(
                        {
                            "user_id": wid,
                            "module_id": mid,
                            "status": "completed",
                            "sections_read": [],
                            "last_position": 1,
                            "started_at": at(today - timedelta(days=40)),
                            "completed_at": at(today - timedelta(days=35 - m_i)),
                        }
                    )
            for c_i, cid in enumerate(cats):
                for r_i in range(2):
                    ratings.append(
                        {
                            "subject_id": wid,
                            "rater_id": sup_id,
                            "competency_id": cid,
                            "source": "supervisor",
                            "level": 1 + (k + c_i + r_i) % 4,
                            "note": "",
                            "attested": False,
                            "rated_at": at(today - timedelta(days=200 - 90 * r_i)),
                        }
                    )
    db.session.execute(insert(UserRole), roles)
    if assigns:
        db.session.execute(insert(SupervisionAssignment), assigns)
    session_ids = list(
        db.session.scalars(
            insert(SupervisionSession).returning(
                SupervisionSession.id, sort_by_parameter_order=True
            ),
            [
                {
                    "supervisor_id": s,
                    "held_on": d,
                    "minutes": 0 if c else 60,
                    "format": "individual",
                    "setting": "in_person",
                    "status": "cancelled" if c else "held",
                    "cancel_reason": "service_demands" if c else None,
                    "topics": [],
                    "what_happened": "",
                    "what_it_meant": "",
                    "what_next": "",
                    "version": 1,
                }
                for s, _, d, c in sessions
            ],
        )
    )
    db.session.execute(
        insert(SessionParticipant),
        [
            {"session_id": sid, "supervisee_id": wid}
            for sid, (_, wid, _, _) in zip(session_ids, sessions, strict=True)
        ],
    )
    for i, sid in enumerate(session_ids):
        if i % 3 == 0:
            flags_.append(
                {
                    "session_id": sid,
                    "kind": list(FlagKind)[i % 7].value,
                    "supervisee_id": sessions[i][1],
                    "manager_summary": f"summary {i}",
                }
            )
    if flags_:
        db.session.execute(insert(Flag), flags_)
    if progress_:
        db.session.execute(insert(ModuleProgress), progress_)
    if ratings:
        db.session.execute(insert(CompetencyRating), ratings)
    db.session.commit()
    return {"teams": teams, "workers": teams * workers_per_team, "sessions": len(sessions)}


def _bulk_user(key: str, team_id: int, today: date, days: int, is_peer: bool = True) -> dict:
    return {
        "email": f"{key}@bulk.example.org",
        "name": key,
        "team_id": team_id,
        "fte": 1.0,
        "start_date": today - timedelta(days=days),
        "certification_stage": CertificationStage.CERTIFIED.value,
        "is_peer": is_peer,
        "active": True,
        "created_at": at(today),
    }


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

    return Org(**{k: v for k, v in locals().items() if isinstance(v, (User, Team))})


# ---------------------------------------------------------------------------------------------
# Reading the pages back: tables as lists of cell texts, CSV as the same.
class _Tables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table = self._row = self._cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self._table = self.tables.setdefault(attrs.get("id", f"t{len(self.tables)}"), [])
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self._table.append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def html_tables(html: str) -> dict[str, list[list[str]]]:
    """Every <table> on a page by id: header row first, then each row's cell texts."""
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def csv_rows(text: str) -> list[list[str]]:
    """CSV as the page would show it: a spreadsheet-safety apostrophe is not page text."""
    rows = list(csv.reader(io.StringIO(text)))
    formula = ("=", "+", "-", "@")
    return [[c[1:] if c[:1] == "'" and c[1:2] in formula else c for c in r] for r in rows]
