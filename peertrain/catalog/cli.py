"""`flask content check` and `flask content sync`."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import AppGroup

content_cli = AppGroup("content", help="Validate and load the training content in content/.")


def _content_dir(given: str | None) -> str:
    return given or current_app.config["CONTENT_DIR"]


def _print_problems(problems) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)
    click.echo(f"{len(problems)} problem(s) found.", err=True)


@content_cli.command("check")
@click.option("--dir", "content_dir", default=None, help="Defaults to the app's CONTENT_DIR.")
def check(content_dir: str | None) -> None:
    """Validate every content file; print `file: field: what is wrong`; exit 1 if any."""
    from .validator import check_content

    catalog = check_content(_content_dir(content_dir))
    if catalog.problems:
        _print_problems(catalog.problems)
        sys.exit(1)
    click.echo(
        f"Content is valid: {len(catalog.modules)} modules, "
        f"{len(catalog.pathways)} pathways, "
        f"{sum(len(c['competencies']) for c in catalog.competencies['categories'])} competencies."
    )


@content_cli.command("stats")
@click.option("--dir", "content_dir", default=None, help="Defaults to the app's CONTENT_DIR.")
def stats(content_dir: str | None) -> None:
    """Modules, questions, minutes and hours per pathway, statements per module, coverage."""
    from .stats import curriculum_stats
    from .validator import check_content

    catalog = check_content(_content_dir(content_dir))
    for line in curriculum_stats(catalog).lines():
        click.echo(line)
    if catalog.problems:
        click.echo(f"({len(catalog.problems)} problem(s): see flask content check)", err=True)


@content_cli.command("sync")
@click.option("--dir", "content_dir", default=None, help="Defaults to the app's CONTENT_DIR.")
def sync(content_dir: str | None) -> None:
    """Check the content, then load it into the database (safe to run again)."""
    from .sync import ContentInvalid, sync_all

    try:
        report = sync_all(_content_dir(content_dir))
    except ContentInvalid as invalid:
        _print_problems(invalid.problems)
        click.echo("Nothing was loaded: fix the problems above and run it again.", err=True)
        sys.exit(1)
    for line in report.lines():
        click.echo(line)
