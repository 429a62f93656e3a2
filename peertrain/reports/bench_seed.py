"""A large, realistic synthetic organisation for benchmarks, inserted in bulk.

Teams of 12–20 peer workers; supervisors at roughly the 7-FTE ratio (some teams short of
supervisors); two years of individual and monthly group supervision with cancellations and
flags; module progress; self, supervisor and observation ratings. Deterministic per seed."""

from __future__ import annotations

import math
import random
from datetime import timedelta

from sqlalchemy import func, insert, select

from ..clock import today
from ..derived import bulk_load
from ..extensions import db
from ..models import (
    CertificationStage,
    Competency,
    ManagerScope,
    Module,
    PathwayModule,
    SupervisionAssignment,
    Team,
    User,
    UserRole,
)
from .bench_history import (
    Buffer,
    at,
    ensure_catalogue,
    insert_sessions,
    session_row,
    worker_history,
)

SETTINGS = ["community", "inpatient", "crisis", "forensic", "other"]


def _stage(days: int) -> str:
    if days < 180:
        return CertificationStage.IN_TRAINING.value
    if days < 540:
        return CertificationStage.PROVISIONAL.value
    return CertificationStage.CERTIFIED.value if days < 1500 else CertificationStage.SENIOR.value


def _person(rng, key, name, team_id, now, days, **kw) -> dict:
    return {
        "email": f"{key}@bench.peertrain.org",
        "name": name,
        "team_id": team_id,
        "fte": kw.pop("fte", rng.choice([0.5, 0.6, 0.8, 1.0, 1.0, 1.0])),
        "start_date": now - timedelta(days=days),
        "certification_stage": _stage(days),
        "is_peer": kw.pop("is_peer", True),
        "active": kw.pop("active", True),
        "created_at": at(now),
        **kw,
    }


def seed(workers: int, seed_value: int = 20260101) -> dict:
    """Insert an organisation of about `workers` peer workers; returns what was made.

    Ratings and sessions go in by bulk INSERT, declared with bulk_load: the commit rebuilds
    the derived tables (peertrain/derived/) once, rather than per row."""
    with bulk_load(db.session):
        return _seed(workers, seed_value)


def _seed(workers: int, seed_value: int) -> dict:
    rng = random.Random(seed_value)
    now = today()
    ensure_catalogue()
    mods = db.session.execute(
        select(Module.id, Module.slug).where(Module.is_current.is_(True))
    ).all()
    trainee_slugs = set(
        db.session.scalars(select(PathwayModule.slug).where(PathwayModule.for_role == "trainee"))
    )
    path_mods = [(mid, slug) for mid, slug in mods if slug in trainee_slugs]
    comps = list(db.session.scalars(select(Competency.id).order_by(Competency.id)))
    base = db.session.scalar(select(func.count()).select_from(Team)) or 0
    sizes = []
    while sum(sizes) < workers:
        sizes.append(min(rng.randint(12, 20), workers - sum(sizes)))
    team_ids = list(
        db.session.scalars(
            insert(Team).returning(Team.id, sort_by_parameter_order=True),
            [
                {"name": f"Bench team {base + i + 1}", "setting": SETTINGS[i % 5]}
                for i in range(len(sizes))
            ],
        )
    )
    counts = {"teams": len(team_ids), "workers": 0, "supervisors": 0, "sessions": 0, "ratings": 0}
    buf = Buffer()
    for t_i, (team_id, size) in enumerate(zip(team_ids, sizes, strict=True)):
        _seed_team(rng, buf, now, base + t_i, team_id, size, path_mods, comps, counts)
        buf.flush()
    buf.flush(force=True)
    managers = [
        _person(rng, f"bench-manager-{base}-{i}", f"Manager {i + 1}", None, now, 2000)
        for i in range(math.ceil(len(team_ids) / 4))
    ]
    ids = list(
        db.session.scalars(insert(User).returning(User.id, sort_by_parameter_order=True), managers)
    )
    db.session.execute(insert(UserRole), [{"user_id": i, "role": "manager"} for i in ids])
    db.session.execute(
        insert(ManagerScope),
        [
            {"manager_id": ids[i // 4], "team_id": tid, "org_wide": False}
            for i, tid in enumerate(team_ids)
        ],
    )
    db.session.commit()
    return counts


def _seed_team(rng, buf, now, t_n, team_id, size, path_mods, comps, counts) -> None:
    people = [
        _person(
            rng,
            f"bench-{t_n}-{k}",
            f"Worker {t_n}-{k}",
            team_id,
            now,
            rng.choice([rng.randint(5, 365), rng.randint(30, 2400), rng.randint(200, 3000)]),
            active=rng.random() > 0.03,
        )
        for k in range(size)
    ]
    team_fte = sum(p["fte"] for p in people)
    # Most teams have supervisors for ~85% of the ratio; one in eight is short of them.
    utilisation = 1.35 if rng.random() < 0.125 else 0.85
    sups = []
    while sum(s["fte"] for s in sups) * 7 * utilisation < team_fte:
        sups.append(
            _person(
                rng,
                f"bench-{t_n}-sup{len(sups)}",
                f"Supervisor {t_n}-{len(sups)}",
                team_id,
                now,
                rng.randint(900, 4000),
                fte=rng.choice([0.6, 0.8, 1.0, 1.0]),
                is_peer=rng.random() < 0.55,
            )
        )
    ids = list(
        db.session.scalars(
            insert(User).returning(User.id, sort_by_parameter_order=True), sups + people
        )
    )
    sup_ids, worker_ids = ids[: len(sups)], ids[len(sups) :]
    roles = [{"user_id": i, "role": "supervisor"} for i in sup_ids]
    roles += [{"user_id": i, "role": "trainee"} for i in worker_ids]
    db.session.execute(insert(UserRole), roles)
    counts["workers"] += size
    counts["supervisors"] += len(sups)
    sessions, members = [], []  # (row, [worker ids]) pairs, to link participants after insert
    by_sup: dict[int, list[int]] = {s: [] for s in sup_ids}
    for k, (wid, p) in enumerate(zip(worker_ids, people, strict=True)):
        start = since = p["start_date"]
        sup, until = sup_ids[k % len(sup_ids)], now
        if rng.random() < 0.03:
            sup, until = None, now - timedelta(days=60)  # a vacancy: supervision stopped
        elif rng.random() < 0.2 and len(sup_ids) > 1 and (now - start).days > 200:
            since = start + timedelta(days=rng.randint(60, (now - start).days - 30))
            old = {"supervisor_id": sup_ids[(k + 1) % len(sup_ids)], "supervisee_id": wid}
            buf.add(
                SupervisionAssignment,
                old | {"start_date": start, "end_date": since - timedelta(days=1)},
            )
        if sup is not None:
            by_sup[sup].append(wid)
            buf.add(
                SupervisionAssignment,
                {"supervisor_id": sup, "supervisee_id": wid, "start_date": since},
            )
        history = (rng, buf, now, until, wid, p, sup or sup_ids[0])
        worker_history(*history, path_mods, comps, sessions, members, counts)
    for sup, team in by_sup.items():  # a monthly group session per supervisor
        for m in range(24):
            day = now - timedelta(days=30 * m + rng.randint(0, 20))
            ppl = [
                w
                for w, p in zip(worker_ids, people, strict=True)
                if w in team and p["start_date"] <= day
            ]
            if ppl:
                sessions.append(session_row(rng, sup, day, "group", rng.random() < 0.12))
                members.append(ppl)
    insert_sessions(rng, sessions, members, counts)
