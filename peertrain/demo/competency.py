"""Demo competency records for the demo organisation."""

from __future__ import annotations

from .people import DemoOrg


def seed(org: DemoOrg) -> None:
    """Filled in by the competency feature."""
