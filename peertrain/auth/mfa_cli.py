"""`flask users mfa-reset`: for someone who lost both their phone and their recovery codes."""

from __future__ import annotations

import click

from ..cli import users_cli
from ..extensions import db
from . import mfa, mfa_services
from .services import find_user_by_email, revoke_all_sessions


@users_cli.command("mfa-reset")
@click.option("--email", required=True)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def mfa_reset(email: str, yes: bool) -> None:
    """Remove a person's authenticator and recovery codes; they sign in with the password and
    (if their role needs it) enrol again. Check who is asking first: this removes a factor."""
    user = find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"No account with the email {email}.")
    if not mfa.is_enrolled(user):
        raise click.ClickException(f"{user.email} has no two-step sign-in to reset.")
    if not yes:
        click.confirm(f"Remove two-step sign-in from {user.email}?", abort=True)
    revoke_all_sessions(user.id)  # whoever holds the lost phone's sessions is signed out
    mfa_services.disable(user, by_operator=True)
    db.session.commit()
    click.echo(f"Two-step sign-in removed from {user.email}; they have been emailed.")
