"""The managers' count pages of the role-drift log and the peer-values ratings, written once."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, render_template

from .. import audit
from ..extensions import db
from ..reports.tables import to_csv
from ..reports.views import _csv, _filters


def page(template: str, build: Callable, period: Callable):
    """The report filters, then the table and chart `build` makes of the session and filters."""
    form, f = _filters()
    if f is None:
        return render_template(template, form=form, f=None), 400
    table, chart = build(db.session, f)
    return render_template(template, form=form, f=f, table=table, chart=chart, period=period(f))


def csv(build: Callable, name: str):
    """The same table as CSV (formula-neutralised by to_csv); every export is audited."""
    form, f = _filters()
    if f is None:
        abort(400)
    table, _ = build(db.session, f)
    audit.log_now("report_export", "report", name, detail=f.describe())
    return _csv(to_csv(table), name, f)
