"""Login (with two-step sign-in), logout and password change."""

from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/auth")

from . import mfa_cli, views, views_mfa  # noqa: E402,F401  (routes and commands register)
