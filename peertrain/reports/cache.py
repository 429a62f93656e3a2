"""Report figures computed at most once per REPORT_CACHE_MINUTES per question, for every process.

Computing every finding reads the whole organisation (sixteen figure queries; about 200 ms at
10,000 workers on PostgreSQL, seconds when eight managers ask at once on two cores), and the
self-assessment's live evidence reads most of the same figures. An answer is kept in
`report_cache`, a table, so every gunicorn worker and host shares it:

- keyed by a hash of everything that changes the answer: what is asked, the manager's scope
  (the exact team ids, or "every team"), the filters (team, start, end) and every target. Two
  managers with the same scope share an entry; a manager never reads another scope's entry,
  since its key cannot be produced without that scope;
- never older than the setting: an entry computed more than REPORT_CACHE_MINUTES ago
  (default 10) is recomputed before it is shown, and the page says when it was computed
  ("as of"); 0 computes on every view;
- holding nothing that is not in the records: emptying the table is always safe.

A computation that fails leaves no entry. Two processes computing the same key at once both
answer; the second write is simply dropped.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime, timedelta
from typing import Any, TypeVar

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import clock
from ..memo import commit_keeping_loaded
from ..models import ReportCache
from ..targets import all_targets
from ..upsert import insert_for
from . import gaps
from .filters import Filters
from .queries import Targets

VERSION = 1  # raise when a cached shape or a rule changes, so old entries are never read
T = TypeVar("T")


def cache_key(what: str, f: Filters, **more: Any) -> str:
    material = {
        "v": VERSION,
        "what": what,
        "scope": "all" if f.scope is None else sorted(f.scope),
        "team": f.team_id,
        "start": f.start.isoformat(),
        "end": f.end.isoformat(),
        "targets": all_targets(),
        **more,
    }
    return hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()


def max_age() -> timedelta:
    return timedelta(minutes=current_app.config["REPORT_CACHE_MINUTES"])


def cached(
    session: Session,
    key: str,
    compute: Callable[[], T],
    dump: Callable[[T], Any],
    load: Callable[[Any], T],
) -> tuple[T, datetime]:
    """(the answer, when it was computed): the stored one while younger than max_age()."""
    now = clock.utcnow()
    if max_age() <= timedelta(0):
        return compute(), now
    row = session.execute(
        select(ReportCache.computed_at, ReportCache.payload).where(ReportCache.key == key)
    ).first()
    # A time in the future (a clock set back) is not trusted either.
    if row is not None and now - max_age() <= row.computed_at <= now:
        return load(json.loads(row.payload)), row.computed_at
    answer = compute()
    _store(session, key, now, json.dumps(dump(answer)))
    return answer, now


def _store(session: Session, key: str, computed_at: datetime, payload: str) -> None:
    """Replace the entry in one atomic upsert: dashboards missing the same key at once each
    write theirs, never a unique violation or a lock-order deadlock between them."""
    stmt = insert_for(session)(ReportCache).values(
        key=key, computed_at=computed_at, payload=payload
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=[ReportCache.key],
        set_={"computed_at": stmt.excluded.computed_at, "payload": stmt.excluded.payload},
    )
    session.execute(stmt)
    commit_keeping_loaded(session)


def findings(session: Session, f: Filters, t: Targets) -> tuple[list[gaps.Finding], datetime]:
    """(every finding for the filters, most severe first; when they were computed)."""
    return cached(
        session,
        cache_key("findings", f),
        lambda: gaps.findings(session, f, t),
        lambda found: [asdict(x) for x in found],
        lambda rows: [gaps.Finding(**x) for x in rows],
    )
