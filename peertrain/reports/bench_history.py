"""The benchmark organisation's history: two years of sessions, flags, progress and ratings.

Also loads the training catalogue from content/ when the database has none (the benchmark
starts from an empty database), and buffers rows for bulk INSERTs."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

import yaml
from flask import current_app
from sqlalchemy import func, insert, select

from ..extensions import db
from ..models import (
    CancelReason,
    Competency,
    CompetencyCategory,
    CompetencyRating,
    Flag,
    FlagKind,
    Module,
    ModuleProgress,
    PathwayModule,
    SessionParticipant,
    SupervisionAssignment,
    SupervisionSession,
)
from ..rules.first_year import FIRST_YEAR_DAYS

HISTORY_DAYS = 730
FLUSH_ROWS = 20_000
REASONS = [r.value for r in CancelReason]
REASON_WEIGHTS = [30, 20, 30, 15, 5]
KINDS = [k.value for k in FlagKind]
KIND_WEIGHTS = [15, 10, 12, 10, 25, 18, 10]


def at(d: date, hour: int = 10) -> datetime:
    return datetime.combine(d, time(hour))


def ensure_catalogue() -> None:
    """Modules, pathways and competencies from content/ when the database has none yet
    (normally `flask content sync` loads them; the benchmark starts from an empty database)."""
    if db.session.scalar(select(func.count()).select_from(Module)):
        return
    root = Path(current_app.config["CONTENT_DIR"])
    for path in sorted((root / "modules").glob("*.md")):
        meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
        db.session.add(
            Module(
                slug=meta["slug"],
                version=meta["version"],
                title=meta["title"],
                summary=meta.get("summary", ""),
                minutes=meta.get("minutes", 30),
                required=bool(meta.get("required", True)),
                content_hash=path.name,
            )
        )
    for p in yaml.safe_load((root / "pathways.yaml").read_text(encoding="utf-8"))["pathways"]:
        for pos, slug in enumerate(p["modules"], 1):
            db.session.add(
                PathwayModule(
                    pathway=p["code"],
                    slug=slug,
                    position=pos,
                    for_role=p["for_role"],
                    pathway_title=p["title"],
                )
            )
    framework = yaml.safe_load((root / "competencies.yaml").read_text(encoding="utf-8"))
    for c_pos, cat in enumerate(framework["categories"], 1):
        row = CompetencyCategory(code=cat["code"], title=cat["title"], position=c_pos)
        db.session.add(row)
        db.session.flush()
        for pos, comp in enumerate(cat["competencies"], 1):
            db.session.add(
                Competency(
                    code=comp["code"], category_id=row.id, statement=comp["statement"], position=pos
                )
            )
    db.session.commit()


class Buffer:
    """Rows waiting for a bulk INSERT, per model, flushed in chunks to bound memory."""

    def __init__(self):
        self.rows: dict = {}

    def add(self, model, row: dict) -> None:
        self.rows.setdefault(model, []).append(row)

    def flush(self, force: bool = False) -> None:
        for model in (ModuleProgress, CompetencyRating, SupervisionAssignment):
            rows = self.rows.get(model, [])
            if rows and (force or len(rows) >= FLUSH_ROWS):
                db.session.execute(insert(model), rows)
                self.rows[model] = []


def session_row(rng, sup, day, fmt, cancelled) -> dict:
    return {
        "supervisor_id": sup,
        "held_on": day,
        "minutes": 0 if cancelled else rng.choice([45, 60, 60, 90]),
        "format": fmt,
        "setting": rng.choice(["in_person", "remote"]),
        "status": "cancelled" if cancelled else "held",
        "cancel_reason": rng.choices(REASONS, REASON_WEIGHTS)[0] if cancelled else None,
        "cancel_note": "Rearranged." if cancelled else None,
        "topics": ["peer_values"],
        "what_happened": "Talked through the week.",
        "what_it_meant": "",
        "what_next": "",
        "version": 1,
        "created_at": at(day),
        "updated_at": at(day),
    }


def worker_history(rng, buf, now, until, wid, p, sup, path_mods, comps, sessions, members, counts):
    start = p["start_date"]
    first = max(start, now - timedelta(days=HISTORY_DAYS))
    day = first + timedelta(days=rng.randint(3, 12))
    gap = (10, 18) if (now - start).days < FIRST_YEAR_DAYS else (18, 40)  # synthetic, not the rule
    while day <= until:
        sessions.append(session_row(rng, sup, day, "individual", rng.random() < 0.12))
        members.append([wid])
        day += timedelta(days=rng.randint(*gap))
    # Modules: worked through in pathway order; some people stall.
    done_by = start + timedelta(days=rng.randint(5, 20))
    for mid, _ in path_mods:
        if done_by > now or rng.random() < 0.04:
            break
        buf.add(
            ModuleProgress,
            {
                "user_id": wid,
                "module_id": mid,
                "status": "completed",
                "sections_read": [],
                "last_position": 1,
                "started_at": at(done_by),
                "completed_at": at(done_by, 15),
                "score": 90,
            },
        )
        done_by += timedelta(days=rng.randint(3, 16))
    # Ratings: a self-assessment at two weeks, supervisor reviews at 90 days and yearly,
    # and a few observations of practice; levels rise with experience.
    reviews = [(start + timedelta(days=14), "self")]
    reviews += [(start + timedelta(days=90 + 365 * y), "supervisor") for y in range(8)]
    for when, source in reviews:
        if when > now or when < now - timedelta(days=HISTORY_DAYS):
            continue
        years = (when - start).days / 365
        for cid in comps:
            level = max(1, min(4, round(rng.gauss(2.2 + 0.6 * years, 0.8))))
            buf.add(
                CompetencyRating,
                {
                    "subject_id": wid,
                    "rater_id": wid if source == "self" else sup,
                    "competency_id": cid,
                    "source": source,
                    "level": level,
                    "note": "",
                    "rated_at": at(when),
                    "attested": False,
                },
            )
            counts["ratings"] += 1
    for _ in range(rng.randint(0, 4)):
        when = now - timedelta(days=rng.randint(0, min(HISTORY_DAYS, (now - start).days)))
        buf.add(
            CompetencyRating,
            {
                "subject_id": wid,
                "rater_id": sup,
                "competency_id": rng.choice(comps),
                "source": "observation",
                "level": rng.randint(2, 4),
                "note": "",
                "rated_at": at(when),
                "observed_on": when,
                "attested": False,
            },
        )
        counts["ratings"] += 1


def insert_sessions(rng, sessions, members, counts) -> None:
    if not sessions:
        return
    ids = list(
        db.session.scalars(
            insert(SupervisionSession).returning(
                SupervisionSession.id, sort_by_parameter_order=True
            ),
            sessions,
        )
    )
    db.session.execute(
        insert(SessionParticipant),
        [
            {"session_id": sid, "supervisee_id": w}
            for sid, ppl in zip(ids, members, strict=True)
            for w in ppl
        ],
    )
    flags = []
    for sid, row, ppl in zip(ids, sessions, members, strict=True):
        if row["status"] == "held" and rng.random() < 0.07:
            kind = rng.choices(KINDS, KIND_WEIGHTS)[0]
            flags.append(
                {
                    "session_id": sid,
                    "kind": kind,
                    "supervisee_id": ppl[0] if len(ppl) == 1 else None,
                    "manager_summary": "Raised with the team lead; please follow up."
                    if rng.random() < 0.4
                    else None,
                }
            )
    if flags:
        db.session.execute(insert(Flag), flags)
    counts["sessions"] += len(ids)
