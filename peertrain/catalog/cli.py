"""`flask content check` and `flask content sync`."""

from __future__ import annotations

from flask.cli import AppGroup

content_cli = AppGroup("content", help="Validate and load the training content in content/.")
