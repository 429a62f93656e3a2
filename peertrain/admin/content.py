"""Admin page for training content: what is loaded, and a button to sync content/ again."""

from __future__ import annotations

from flask import current_app, request
from flask_admin import expose
from sqlalchemy import select

from ..catalog.sync import ContentInvalid, sync_all
from ..extensions import db
from ..models import Module
from .security import SecureBaseView


def _modules() -> list[Module]:
    return list(db.session.scalars(select(Module).order_by(Module.slug, Module.version.desc())))


class ContentView(SecureBaseView):
    """Sync runs the same check as `flask content sync` and loads nothing if it fails."""

    @expose("/", methods=["GET", "POST"])
    def index(self):
        lines: list[str] = []
        problems: list[str] = []
        status = 200
        if request.method == "POST":
            try:
                report = sync_all(current_app.config["CONTENT_DIR"])
            except ContentInvalid as invalid:
                problems = [str(p) for p in invalid.problems]
                status = 400
            else:
                lines = report.lines()
        page = self.render("admin/content.html", modules=_modules(), lines=lines, problems=problems)
        return page, status
