"""Probes for a load balancer: /healthz (the process answers), /readyz (database and schema)."""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config as AlembicConfig
from alembic.script import ScriptDirectory
from flask import Blueprint, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db

# The repository's migrations folder (the app runs from a checkout: `pip install -e .`).
MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"

bp = Blueprint("ops", __name__)


def migration_heads() -> set[str]:
    """The head revision(s) this code expects, read from the migrations folder."""
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return set(ScriptDirectory.from_config(config).get_heads())


@bp.get("/healthz")
def healthz():
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz():
    """Ready when the database answers and its schema is at the code's migration head. No
    personal data and no error text: the probe is unauthenticated."""
    try:
        rows = db.session.execute(text("SELECT version_num FROM alembic_version")).scalars()
        current = set(rows)
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="unavailable", database="unreachable"), 503
    if current != migration_heads():
        return jsonify(status="unavailable", database="ok", migrations="behind"), 503
    return jsonify(status="ok", database="ok", migrations="head")
