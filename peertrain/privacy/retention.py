"""`flask retention apply`: leavers' records anonymised after the retention period, in batches."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import select

from .. import audit
from ..clock import utcnow
from ..extensions import db
from ..models import User
from ..ops import prune
from . import erasure

USER_BATCH = 200  # people anonymised per transaction: each is a handful of small statements


def cutoff(config: dict, today: date | None = None) -> date:
    """People who left on or before this day are due."""
    today = today or utcnow().date()
    years = config["RECORD_RETENTION_YEARS"]
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def due(config: dict, today: date | None = None):
    """Leavers past retention, not held, not yet anonymised: the same predicate for the dry
    run and the real one, so their figures agree."""
    return (
        select(User.id)
        .where(
            User.left_on.is_not(None),
            User.left_on <= cutoff(config, today),
            User.legal_hold.is_(False),
            User.anonymised_at.is_(None),
        )
        .order_by(User.id)
    )


def _records(config: dict, *, dry_run: bool, today: date | None) -> Counter:
    # The prune rules run first; rows they remove are not counted again as erased, so the
    # dry run (which removes nothing) counts what the real run does.
    skip = {rule.model: rule.where for rule in prune.rules(config)}
    found: Counter = Counter()
    after = 0
    while True:
        ids = list(db.session.scalars(due(config, today).where(User.id > after).limit(USER_BATCH)))
        if not ids:
            return found
        for user in db.session.scalars(select(User).where(User.id.in_(ids))):
            found["people anonymised"] += 1
            if dry_run:
                found.update(erasure.preview(db.session, user, skip).counts)
            else:
                found.update(erasure.anonymise(db.session, user, skip))
        if not dry_run:
            db.session.commit()
        after = ids[-1]


def apply(config: dict, *, dry_run: bool, today: date | None = None) -> dict[str, int]:
    """The operational tables `flask prune` keeps (its rules, reused as they are), then
    leavers' records. Running it again finds nothing more."""
    pruned = prune.prune(config, dry_run=True) if dry_run else _prune(config)
    records = _records(config, dry_run=dry_run, today=today)
    found = {k: records.get(k, 0) for k in ("people anonymised", *erasure.GOES_KINDS)}
    found |= pruned
    if not dry_run:
        detail = ", ".join(f"{k}: {n}" for k, n in found.items() if n) or "nothing due"
        audit.log("retention_apply", "retention", None, detail=detail[:300])
        db.session.commit()
    return found


def _prune(config: dict) -> dict[str, int]:
    return {rule.name: prune.apply(rule) for rule in prune.rules(config)}
