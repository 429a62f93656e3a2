"""`flask backup` and `flask prune`: the operator's commands, meant for cron."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import inspect

from ..config import INSTANCE_DIR
from ..extensions import db
from . import backup, prune

backup_cli = AppGroup("backup", help="Back up and restore the database.")


def _url() -> str:
    return current_app.config["SQLALCHEMY_DATABASE_URI"]


def _or_fail(operation, *args):
    """A backup tool's failure as a one-line message and exit status 1, not a traceback."""
    try:
        return operation(*args)
    except backup.BackupError as exc:
        raise click.ClickException(str(exc)) from exc


@backup_cli.command("create")
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path))
def backup_create(path: Path | None) -> None:
    """Write a backup to PATH (default: instance/backups/peertrain-<UTC time>)."""
    target = path or backup.default_path(_url(), INSTANCE_DIR / "backups")
    _or_fail(backup.create, _url(), target)
    click.echo(f"Backup written to {target} ({target.stat().st_size:,} bytes).")


@backup_cli.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, exists=True, path_type=Path))
def backup_restore(path: Path) -> None:
    """Restore PATH into the configured database, which must be empty."""
    db.engine.dispose()
    tables = inspect(db.engine).get_table_names()
    if tables:
        raise click.ClickException(
            f"The database already has {len(tables)} tables. Restore into an empty database "
            "(create a new one and point DATABASE_URL at it), then switch over."
        )
    _or_fail(backup.restore, _url(), path)
    click.echo(f"Restored {path}. Run `flask db upgrade` if the backup is from an older version.")


@click.command("prune")
@click.option("--dry-run", is_flag=True, help="Only count what would be deleted.")
@with_appcontext
def prune_cli(dry_run: bool) -> None:
    """Delete ended logins, stale drafts, old throttle rows and audit events past retention."""
    try:
        found = prune.prune(current_app.config, dry_run=dry_run)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    verb = "would delete" if dry_run else "deleted"
    for name, n in found.items():
        click.echo(f"{name}: {verb} {n:,}")
