"""Access-table rows for the training feature's routes, and the records their URLs need."""

from __future__ import annotations

from .access import LOGIN, everyone, only, signed_in  # noqa: F401

ROWS: dict = {}


def setup(world: dict, make) -> dict:
    """Create the records this feature's URLs point at; return URL parameters by name."""
    return {}
