"""`flask reminders send [--dry-run]`: for cron or a systemd timer, as often as you like."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from .. import clock

reminders_cli = AppGroup("reminders", help="Due and overdue reminders and daily digests.")


@reminders_cli.command("send")
@click.option("--dry-run", is_flag=True, help="List what would be sent; send nothing.")
def send_command(dry_run: bool) -> None:
    """Send today's reminders and digests. Safe to run often and on several hosts at once:
    each reminder goes once per person, subject and period."""
    from .run import dry_run as plan
    from .run import send

    on = clock.today()
    outcome = plan(on) if dry_run else send(on)
    lines = outcome.lines("would send" if dry_run else "sent")
    for line in lines:
        click.echo(line)
    n, d = len(outcome.reminders), len(outcome.digests)
    click.echo(
        f"{'Would send' if dry_run else 'Sent'} {n} reminder{'s' if n != 1 else ''} and "
        f"{d} digest{'s' if d != 1 else ''} for {on.isoformat()}."
    )
