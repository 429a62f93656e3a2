"""Admin page "Mail outbox": who was mailed what kind of message and how delivery went."""

from __future__ import annotations

from flask import request
from flask_admin import expose
from flask_login import current_user

from .. import audit
from ..admin.security import SecureBaseView
from ..extensions import db
from ..inputs import choice, page_number
from ..models.mail import OutboxStatus
from .queries import PAGE_SIZE, counts, outbox_page


class OutboxView(SecureBaseView):
    """Read-only: statuses, kinds, recipients, attempts and times; never subjects or bodies."""

    def inaccessible_callback(self, name, **kwargs):
        # Recipients' addresses are personal data: a signed-in non-admin's try is recorded.
        if current_user.is_authenticated:
            audit.log_now("mail_outbox_read", "outbox_message", None, outcome="denied")
        return super().inaccessible_callback(name, **kwargs)

    @expose("/")
    def index(self):
        raw = request.args.get("status", "")
        status = OutboxStatus(raw) if choice(raw, (s.value for s in OutboxStatus)) else None
        page = page_number()
        rows, total = outbox_page(db.session, status=status, page=page)
        return self.render(
            "admin/mail_outbox.html",
            rows=rows,
            total=total,
            counts=counts(db.session),
            status=status.value if status else "",
            page=page,
            pages=max(1, -(-total // PAGE_SIZE)),
            unknown_status=bool(raw) and status is None,
        )
