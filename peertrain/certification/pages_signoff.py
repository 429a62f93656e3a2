"""What the sign-off page shows: the signatures (each checked against the rows as they are
now), and for a supervisor the period's rows, their totals and the statement to sign."""

from __future__ import annotations

from datetime import date

from flask import render_template
from sqlalchemy import select

from ..auth import mfa
from ..authz import assignments_between, may_sign_hours
from ..clock import today
from ..extensions import db
from ..formatting import short_date
from ..models import Role, Signoff, SupervisionAssignment, User
from . import services_signoff as sign
from . import signing
from .forms_hours import PeriodForm, SignForm
from .pages_hours import viewer

NOT_YOURS = "You can sign only a period you supervised {name}: {periods}."


def suggested_period(rows: tuple[SupervisionAssignment, ...]) -> tuple[date, date] | None:
    """The viewer's latest assignment to the worker, up to today."""
    if not rows:
        return None
    last = rows[-1]
    return last.start_date, min(last.end_date or today(), today())


def _visible(me: User, worker: User, current: bool) -> list[tuple[Signoff, bool, str]]:
    """The worker and a current supervisor see every signature; a former supervisor their own."""
    everything = me.id == worker.id or current
    rows = [s for s in sign.signoffs(worker.id) if everything or s.supervisor_id == me.id]
    ids = {s.supervisor_id for s in rows}
    name = (
        {u.id: u.name for u in db.session.scalars(select(User).where(User.id.in_(ids)))}
        if ids
        else {}
    )
    return [(s, signing.verify(s), name.get(s.supervisor_id, "a supervisor")) for s in rows]


def render(worker: User, args=None, sign_form: SignForm | None = None, status: int = 200):
    me = viewer()
    period = PeriodForm(formdata=args if args and "start" in args else None)
    mine = assignments_between(me.id, worker.id) if me.has_role(Role.SUPERVISOR) else ()
    suggested = suggested_period(mine)
    # Whether the viewer supervises the worker today (is_supervisor_of's rule, on rows in hand).
    current = any(a.is_current(today()) for a in mine)
    if suggested and not period.start.data and not period.end.data:
        period.start.data, period.end.data = suggested
    ctx = {
        "worker": worker,
        "own": me.id == worker.id,
        "signoffs": _visible(me, worker, current),
        "period": period if suggested else None,
    }
    if suggested and (args is None or "start" not in args or period.validate()):
        start, end = period.start.data, period.end.data
        if not may_sign_hours(me, worker, start, end):
            spans = ", ".join(
                f"{short_date(a.start_date)} to {short_date(a.end_date or today())}" for a in mine
            )
            period.end.errors = [
                *period.end.errors,
                NOT_YOURS.format(name=worker.name, periods=spans),
            ]
        else:
            b = sign.batch(me.id, worker.id, start, end)
            ctx["mfa"] = mfa.is_enrolled(me)
            form = sign_form or SignForm(
                formdata=None, start=start.isoformat(), end=end.isoformat(), shown=b.rows_hash
            )
            ctx |= {
                "batch": b,
                "start": start,
                "end": end,
                "form": form,
                "statement": sign.statement(me, worker, start, end, b),
                "labels": sign.KIND_LABELS,
            }
    return render_template("certification/signoffs.html", **ctx), status
