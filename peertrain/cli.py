"""Command-line operations: users, demo data (and, from features, content and benchmarks)."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select

from .extensions import db
from .models import Role, Team, User
from .passwords import password_problem

users_cli = AppGroup("users", help="Manage user accounts.")
demo_cli = AppGroup("demo", help="Demo data for trying PeerTrain out.")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option(
    "--role",
    "roles",
    multiple=True,
    required=True,
    type=click.Choice([r.value for r in Role]),
    help="Repeat for several roles.",
)
@click.option("--team", "team_name", default=None, help="Name of an existing team.")
@click.option("--invite", is_flag=True, help="Email a link to choose a password instead.")
@click.option("--password", default=None, help="Prompted for (hidden, twice) unless --invite.")
def create_user(
    email: str,
    name: str,
    roles: tuple[str, ...],
    team_name: str | None,
    invite: bool,
    password: str | None,
) -> None:
    """Create an account, e.g. the first admin: flask users create --role admin ..."""
    from .accounts.invitations import invite as send_invitation
    from .auth.services import find_user_by_email, set_password

    if find_user_by_email(email):
        raise click.ClickException(f"A user with email {email} already exists.")
    if invite and password:
        raise click.ClickException("Give --invite or --password, not both.")
    if not invite and password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if password is not None and (problem := password_problem(password, email=email, name=name)):
        raise click.ClickException(problem)
    team = None
    if team_name:
        team = db.session.scalar(select(Team).where(Team.name == team_name))
        if team is None:
            raise click.ClickException(f"No team called {team_name!r}.")
    user = User(email=email.strip().lower(), name=name, team=team)
    user.roles = roles
    db.session.add(user)
    if password is not None:
        set_password(user, password)
    else:
        send_invitation(user)  # in the same transaction: no account without its invitation
    db.session.commit()
    click.echo(f"Created {user.email} with roles: {', '.join(sorted(user.roles))}.")
    if invite:
        click.echo(f"An invitation to choose a password is queued for {user.email}.")


@demo_cli.command("seed")
def demo_seed() -> None:
    """Load a believable demo organisation, only into an empty database."""
    from .demo import DEMO_LOGINS, DEMO_PASSWORD, seed_demo

    if db.session.scalar(select(User.id).limit(1)) is not None:
        click.echo("The database already has users; demo data not loaded again.")
        emails = [email for _, email in DEMO_LOGINS]
        if db.session.scalar(select(User.id).where(User.email.in_(emails)).limit(1)) is None:
            return
    else:
        seed_demo()
        click.echo("Demo data loaded.")
    click.echo(f"Demo logins (password for each: {DEMO_PASSWORD}):")
    for role, email in DEMO_LOGINS:
        click.echo(f"  {role:<11} {email}")


def register(app: Flask) -> None:
    from .catalog.cli import content_cli
    from .derived.cli import derived_cli
    from .mail.cli import mail_cli
    from .notify.cli import reminders_cli
    from .ops.cli import backup_cli, prune_cli
    from .privacy.cli import retention_cli
    from .privacy.export_cli import exports_cli
    from .reports.bench import bench_cli

    groups = [users_cli, content_cli, derived_cli, backup_cli, prune_cli, retention_cli]
    groups.append(exports_cli)
    groups.append(reminders_cli)
    # Demo data and the benchmark seed create people with known passwords (the bench seed an
    # organisation-wide manager): never offered where real people's records live.
    if app.config.get("ENV_NAME") != "production":
        groups += [demo_cli, bench_cli]
    groups.append(mail_cli)
    for group in groups:
        app.cli.add_command(group)
