"""Routes of the reports blueprint: thin wrappers over gaps, catalogue and queries."""

from __future__ import annotations

from collections import Counter
from datetime import UTC

from flask import Response, abort, current_app, render_template, request
from flask_login import current_user

from .. import audit
from ..authz import managed_team_ids, may_view_team_reports, refuse, role_required, scope_covers
from ..extensions import db
from ..inputs import page_number
from ..models import Role
from . import bp, cache, gaps, queries
from .catalogue import REPORTS
from .evidence_lists import EVIDENCE
from .filters import FilterForm, FindingFilterForm, build_form, filters_from, requested_team
from .queries import Targets
from .tables import Column, Table, to_csv

FINDINGS_SHOWN = 100  # more than this and the page stops being a summary; ?all=1 shows all
PAGE_SIZE = 100  # rows of a drill-down list per page
TABLE_PAGE = 100  # rows of a report table per page (the CSV has every row)


def _filters(form_class=FilterForm):
    """(form, filters): filters is None when the form has errors (shown next to the fields).
    A team outside the manager's scope is refused (403) and the refusal audited."""
    manager = current_user._get_current_object()
    scope = managed_team_ids(manager)
    scope = None if scope is None else frozenset(scope)
    team = requested_team(request.args.get("team"))
    # Refused outright rather than ignored, so a shared link never quietly shows other figures.
    if team is not None and not may_view_team_reports(manager, team):
        refuse("report_view", "team", team, detail=request.path[:200])
    form = build_form(request.args, queries.teams_for_filter(db.session, scope), form_class)
    if isinstance(form, FindingFilterForm):  # choices from the rules themselves (gaps.py)
        form.severity.choices = [("", "Every severity")] + [
            (s, s.capitalize()) for s in gaps.SEVERITY_ORDER
        ]
        form.kind.choices = [("", "Every kind")] + [(k, k.capitalize()) for k in gaps.KINDS]
    if request.args and not form.validate():
        return form, None
    return form, filters_from(form, scope)


def _csv(text: str, name: str, f) -> Response:
    filename = f"peertrain-{name}-{f.start}-{f.end}.csv"
    return Response(
        text,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.get("/")
@role_required(Role.MANAGER)
def dashboard():
    form, f = _filters(FindingFilterForm)
    if f is None:
        return render_template("reports/dashboard.html", form=form, f=None, reports=REPORTS), 400
    t = Targets.load()
    found, as_of = cache.findings(db.session, f, t)
    sev, kind = form.severity.data or None, form.kind.data or None
    # Each set of counts within the other filter, so a count always says what its link shows.
    by_severity = Counter(x.severity for x in found if kind in (None, x.kind))
    by_kind = Counter(x.kind for x in found if sev in (None, x.severity))
    found = [x for x in found if sev in (None, x.severity) and kind in (None, x.kind)]
    shown = found if request.args.get("all") == "1" else found[:FINDINGS_SHOWN]
    from ..findings.read import work_for  # (issue 18) the findings package imports gaps
    from ..integration.selfassessment_read import open_actions  # (issue 16) import cycle

    return render_template(
        "reports/dashboard.html",
        form=form,
        f=f,
        t=t,
        findings=shown,
        work=work_for(db.session, shown, f.end),
        may_work=lambda team_id: scope_covers(f.scope, team_id),  # authz.may_work_on_finding
        chosen={"severity": sev, "kind": kind},
        total=len(found),
        by_severity=by_severity,
        by_kind=by_kind,
        kinds=gaps.KINDS,
        reports=REPORTS,
        evidence=EVIDENCE,
        plan_actions=open_actions(db.session, current_user),
        as_of=as_of,
        cache_minutes=current_app.config["REPORT_CACHE_MINUTES"],
    )


FINDING_COLUMNS = [
    Column("severity", "Severity"),
    Column("kind", "Kind"),
    Column("team", "Team"),
    Column("title", "Finding"),
    Column("sentence", "The numbers"),
]


@bp.get("/findings.csv")
@role_required(Role.MANAGER)
def findings_csv():
    form, f = _filters(FindingFilterForm)
    if f is None:
        abort(400)
    sev, kind = form.severity.data or None, form.kind.data or None
    found, as_of = cache.findings(db.session, f, Targets.load())
    found = [x for x in found if sev in (None, x.severity) and kind in (None, x.kind)]
    rows = [{c.key: getattr(x, c.key) for c in FINDING_COLUMNS} for x in found]
    audit.log_now("report_export", "report", "findings", detail=f.describe())
    response = _csv(to_csv(Table("findings", "Findings", FINDING_COLUMNS, rows)), "findings", f)
    response.last_modified = as_of.replace(tzinfo=UTC)  # when the figures were computed
    return response


def _report_view(name: str):
    report = REPORTS[name]
    form, f = _filters()
    if f is None:
        return render_template(
            "reports/report.html",
            report=report,
            reports_list=REPORTS.values(),
            form=form,
            f=None,
        ), 400
    t = Targets.load()
    data = report.build(db.session, f, t)
    for table in data.tables:
        table.page_size = TABLE_PAGE
        table.page = page_number(f"{table.key}_page")
    return render_template(
        "reports/report.html",
        report=report,
        reports_list=REPORTS.values(),
        form=form,
        f=f,
        t=t,
        data=data,
        definitions=report.definitions(t, f),
    )


def _report_csv(name: str):
    report = REPORTS[name]
    form, f = _filters()
    if f is None:
        abort(400)
    data = report.build(db.session, f, Targets.load())
    tables = {t.key: t for t in data.tables}
    table = tables.get(request.args.get("table") or data.tables[0].key) or abort(404)
    audit.log_now("report_export", "report", f"{name}:{table.key}", detail=f.describe())
    return _csv(to_csv(table), f"{name}-{table.key}", f)


for _name in REPORTS:
    bp.add_url_rule(
        f"/{_name}",
        _name,
        role_required(Role.MANAGER)(lambda _n=_name: _report_view(_n)),
        methods=["GET"],
    )
    bp.add_url_rule(
        f"/{_name}.csv",
        f"{_name}_csv",
        role_required(Role.MANAGER)(lambda _n=_name: _report_csv(_n)),
        methods=["GET"],
    )


def _evidence(evidence_kind: str, limit: int | None):
    spec = EVIDENCE.get(evidence_kind) or abort(404)
    form, f = _filters()
    if f is None:
        return spec, form, None, None, {}
    extra = {}
    raw = request.args.get(spec.param) if spec.param else None
    if raw:
        try:
            extra[spec.param] = spec.parse(raw)
        except ValueError:
            abort(400)
    page = page_number("page")
    t = Targets.load()
    offset = 0 if limit is None else (page - 1) * limit
    rows, total = spec.query(db.session, f, t, limit, offset, **extra)
    table = Table(evidence_kind, spec.title, spec.columns, rows, total=total)
    table.extra = {
        "page": page,
        "explain": spec.explain(t, f),
        "raw": {spec.param: raw} if raw else {},
    }
    return spec, form, f, table, extra


@bp.get("/evidence/<evidence_kind>")
@role_required(Role.MANAGER)
def evidence(evidence_kind: str):
    spec, form, f, table, _ = _evidence(evidence_kind, PAGE_SIZE)
    if f is None:
        return render_template(
            "reports/evidence.html", spec=spec, kind=evidence_kind, form=form, f=None
        ), 400
    # Named people: who looked at which list is kept, like every read of personal records.
    audit.log_now("report_evidence_view", "report", evidence_kind, detail=f.describe())
    return render_template(
        "reports/evidence.html",
        spec=spec,
        kind=evidence_kind,
        form=form,
        f=f,
        table=table,
        page_size=PAGE_SIZE,
    )


@bp.get("/evidence/<evidence_kind>.csv")
@role_required(Role.MANAGER)
def evidence_csv(evidence_kind: str):
    spec, form, f, table, _ = _evidence(evidence_kind, None)
    if f is None:
        abort(400)
    audit.log_now("report_export", "report", f"evidence:{evidence_kind}", detail=f.describe())
    return _csv(to_csv(table), f"evidence-{evidence_kind}", f)
