"""`flask users import FILE [--dry-run]`: the admin page's checks and report, from a terminal."""

from __future__ import annotations

import click

from ..cli import users_cli
from . import importing


@users_cli.command("import")
@click.argument("file", type=click.File("rb"))
@click.option("--dry-run", is_flag=True, help="Check and report every row; import nothing.")
@click.option("--valid-only", is_flag=True, help="Import the valid rows even if others fail.")
def import_users(file, dry_run: bool, valid_only: bool) -> None:
    """Create people from a CSV (columns as on the admin import page); each gets an invitation."""
    report = importing.check(file.read())
    for problem in report.problems():
        click.echo(str(problem), err=True)
    valid = len(report.valid_rows)
    click.echo(f"{len(report.rows)} rows: {valid} valid, {len(report.rows) - valid} with problems.")
    if dry_run:
        click.echo("Dry run: nothing imported.")
        if not report.all_valid:
            raise SystemExit(1)
        return
    try:
        done = importing.apply(report, valid_only=valid_only, by_id=None)
    except importing.ImportRefused as why:
        raise click.ClickException(f"Nothing imported. {why}") from None
    click.echo(
        f"Imported {done.people} people (each invited by email) and "
        f"{done.assignments} supervision assignments."
    )
