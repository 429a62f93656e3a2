"""The instrument as the pages use it: read from content/instruments/, checked by the same
rules as `flask content check`, kept until its file changes."""

from __future__ import annotations

from pathlib import Path

from flask import current_app

from ..catalog.instruments import INSTRUMENTS_DIR, Instrument, check_instruments
from ..catalog.problems import Catalog
from .selfassessment_measures import MEASURES

INSTRUMENT_ID = "organisational-readiness"
_cache: dict[tuple[str, float], Instrument | None] = {}


def current(instrument_id: str = INSTRUMENT_ID) -> Instrument | None:
    """The sound instrument, or None when its file is missing or has problems (the check
    command names them; the pages say the instrument is unavailable)."""
    content = Path(current_app.config["CONTENT_DIR"])
    path = content / INSTRUMENTS_DIR / f"{instrument_id}.yaml"
    if not path.exists():
        return None
    key = (str(path), path.stat().st_mtime)
    if key not in _cache:
        found = check_instruments(content, Catalog(), set(MEASURES))
        _cache.clear()
        _cache[key] = next((i for i in found if i.id == instrument_id), None)
    return _cache[key]
