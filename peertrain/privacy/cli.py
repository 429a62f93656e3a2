"""`flask retention apply [--dry-run]`: the retention rules, meant for a nightly cron."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from . import retention

retention_cli = AppGroup("retention", help="Apply the retention rules (README: Retention).")


@retention_cli.command("apply")
@click.option("--dry-run", is_flag=True, help="Only count what is due; change nothing.")
def retention_apply(dry_run: bool) -> None:
    """Anonymise leavers past retention and prune the operational tables, in batches."""
    try:
        found = retention.apply(current_app.config, dry_run=dry_run)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    # The same lines either way, so a dry run's output can be compared with the real run's.
    click.echo("Dry run: nothing changed." if dry_run else "Applied.")
    for name, n in found.items():
        click.echo(f"{name}: {n:,}")
