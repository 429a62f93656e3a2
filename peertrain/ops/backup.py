"""Backups: pg_dump/pg_restore (custom format) on PostgreSQL, the online backup API on SQLite."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess  # noqa: S404 - runs PostgreSQL's own tools with an argument list, no shell
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(Exception):
    pass


def _libpq_url(url: str) -> str:
    """pg_dump speaks libpq URLs: no SQLAlchemy driver suffix."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str) -> Path:
    return Path(make_url(url).database or "")


def default_path(url: str, folder: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return folder / f"peertrain-{stamp}.{'sqlite3' if is_sqlite(url) else 'dump'}"


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client)")
    return found


def create(url: str, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    if is_sqlite(url):
        # The online backup API copies a consistent snapshot while the app keeps writing.
        with sqlite3.connect(sqlite_path(url)) as src, sqlite3.connect(target) as dst:
            src.backup(dst)
        return target
    _run([_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={target}", _libpq_url(url)])
    return target


def restore(url: str, source: Path) -> None:
    """Into an empty database (the caller checks): a restore never merges with live data."""
    if not source.is_file():
        raise BackupError(f"no backup file at {source}")
    if is_sqlite(url):
        with sqlite3.connect(source) as src, sqlite3.connect(sqlite_path(url)) as dst:
            src.backup(dst)
        return
    _run(
        [
            _tool("pg_restore"),
            "--no-owner",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={_libpq_url(url)}",
            str(source),
        ]
    )


def _run(argv: list[str]) -> None:
    done = subprocess.run(argv, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{Path(argv[0]).name} failed: {done.stderr.strip()[-2000:]}")
