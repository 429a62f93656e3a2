"""The "My data" archive: export.json (docs/export-schema.md) and the same as a readable page."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, datetime

from flask import render_template

from ..formatting import NONE, date_time, short_date


def when(value: str | None) -> str:
    """An ISO date or date-time from export.json, as every PeerTrain page shows it."""
    if not value:
        return NONE
    if len(value) == 10:
        return short_date(date.fromisoformat(value))
    return date_time(datetime.fromisoformat(value))


def archive_bytes(data: dict) -> bytes:
    """A zip of export.json and index.html. Needs an app context (for the template)."""
    as_json = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False)
    page = render_template("privacy/export_archive.html", d=data, when=when)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("export.json", as_json)
        zf.writestr("index.html", page)
    return buffer.getvalue()
