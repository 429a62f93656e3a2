"""`flask mail ...`: run the delivery worker, show the outbox, requeue, send a test message."""

from __future__ import annotations

import signal
import threading

import click
from flask import current_app
from flask.cli import AppGroup

from ..extensions import db
from .transport import transport_for
from .worker import PassResult, counts_by_status, deliver_due, prune, requeue, run_forever

mail_cli = AppGroup("mail", help="The mail outbox and its delivery worker.")


def _echo(result: PassResult) -> None:
    if result.recovered:
        click.echo(f"Recovered {result.recovered} message(s) left by a stopped worker.")
    click.echo(f"Sent {result.sent}, retrying {result.retrying}, failed {result.failed}.")
    if result.stopped:
        click.echo(f"Stopped early, the mail server is unavailable: {result.stopped}", err=True)


@mail_cli.command("deliver")
@click.option("--forever", is_flag=True, help="Keep running, one pass every --interval.")
@click.option("--interval", default=10.0, show_default=True, help="Seconds between passes.")
@click.option("--limit", type=int, default=None, help="Send at most this many in one pass.")
def deliver(forever: bool, interval: float, limit: int | None) -> None:
    """Send every due message once (or keep doing so with --forever)."""
    try:
        target = transport_for(current_app.config).describe()
    except ValueError as exc:  # a mistyped MAIL_SMTP_SECURITY: say so, send nothing
        raise click.ClickException(str(exc)) from exc
    if current_app.config.get("ENV_NAME") == "production" and target.startswith(".eml"):
        click.echo("MAIL_SMTP_HOST is not set: nobody receives these messages.", err=True)
    click.echo(f"Delivering to {target}.")
    if not forever:
        result = deliver_due(limit)
        _echo(result)
        if result.stopped:
            raise SystemExit(75)  # EX_TEMPFAIL: cron mails it, systemd shows it; mail stays queued
        return
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        # Finish the message in hand, then exit: never stop between DATA and marking it sent.
        signal.signal(sig, lambda *_: stop.set())
    run_forever(interval, stop, on_pass=lambda r: _echo(r) if r.sent or r.failed else None)
    click.echo("Mail worker stopped.")


@mail_cli.command("status")
def status() -> None:
    """Count outbox messages by status."""
    for name, count in counts_by_status().items():
        click.echo(f"{name:8} {count}")


@mail_cli.command("requeue")
@click.argument("message_id", type=int)
def requeue_cmd(message_id: int) -> None:
    """Send a failed message again (it may arrive twice if its outcome was unknown)."""
    if not requeue(message_id):
        raise click.ClickException(f"No failed message with id {message_id}.")
    click.echo(f"Message {message_id} is queued again.")


@mail_cli.command("prune")
@click.option("--days", type=int, default=None, help="Default: MAIL_RETENTION_DAYS.")
def prune_cmd(days: int | None) -> None:
    """Delete sent and failed messages older than MAIL_RETENTION_DAYS (queued ones stay)."""
    days = days if days is not None else int(current_app.config.get("MAIL_RETENTION_DAYS", 30))
    click.echo(f"Deleted {prune(days)} sent or failed message(s) older than {days} days.")


@mail_cli.command("send-test")
@click.option("--to", "to", required=True, help="Address to send the test message to.")
def send_test(to: str) -> None:
    """Queue a test message (then run `flask mail deliver`) to check the mail settings."""
    from .outbox import enqueue

    base = current_app.config.get("PUBLIC_BASE_URL", "")
    msg = enqueue(to=to, template="test_message", context={"name": to, "link": base}, kind="test")
    db.session.commit()
    click.echo(f"Queued test message {msg.id} to {to}.")
