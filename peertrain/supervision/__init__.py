"""Reflective supervision: sessions, cancellations, flags, action items, the supervisee's side."""

from flask import Blueprint

bp = Blueprint("supervision", __name__, url_prefix="/supervision")

from . import views  # noqa: E402,F401  (routes register on import)
