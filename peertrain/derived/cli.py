"""`flask derived rebuild`: recompute the derived report tables from the records."""

from __future__ import annotations

import time

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from .. import audit
from ..extensions import db
from . import check, competency, supervision

derived_cli = AppGroup("derived", help="Tables the reports read, derived from the records.")


@derived_cli.command("check")
def check_command() -> None:
    """Compare every derived table with a rebuild from the records; exit 1 on a difference.

    Read-only: the rebuild runs in a transaction that is rolled back."""
    found = check.differences(db.engine)
    for difference in found:
        click.echo(str(difference), err=True)
    if found:
        click.echo("The derived tables are stale: run `flask derived rebuild`.", err=True)
        raise SystemExit(1)
    click.echo("The derived tables match the records.")


@derived_cli.command("rebuild")
def rebuild_command() -> None:
    """Recompute every derived table from the ratings and sessions, in one transaction.

    They are kept in step on every write, so this is for after a repair made in SQL by hand,
    or a deployment that let writes in between the migrations and the new code. Safe while
    people work: it locks every worker's row until it commits, so their saves wait for it
    (seconds, at 10,000 workers), and reports see the old rows until then."""
    started = time.perf_counter()
    conn = db.session.connection()
    competency.rebuild(conn)
    supervision.rebuild(conn)
    count = select(func.count())
    counts = {m.__tablename__: db.session.scalar(count.select_from(m)) for m in check.TABLES}
    audit.log(
        "derived.rebuild", "derived", None, detail=", ".join(f"{k}={v}" for k, v in counts.items())
    )
    db.session.commit()
    for table, n in counts.items():
        click.echo(f"{table}: {n:,} rows")
    click.echo(f"Rebuilt in {time.perf_counter() - started:.1f}s.")
