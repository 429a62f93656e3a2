"""`flask exports build`: build waiting "My data" exports and expire old ones (cron or a timer)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

exports_cli = AppGroup("exports", help="People's own data exports (My data).")


@exports_cli.command("build")
@click.option("--limit", default=50, show_default=True, help="Most requests to build this run.")
def build_command(limit: int) -> None:
    """Expire archives past their 7 days, then build the oldest waiting requests."""
    from .export_services import run_pending

    counts = run_pending(limit=limit)
    click.echo(
        f"Exports: {counts['built']} built, {counts['expired']} expired, "
        f"{counts['restarted']} stale builds put back in the queue."
    )
