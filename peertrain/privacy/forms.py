"""The "My data" forms: buttons only, so that every post carries the CSRF token."""

from __future__ import annotations

from ..forms import AppForm


class ExportForm(AppForm):
    """Ask for an export, or download one (the request id is in the URL)."""
