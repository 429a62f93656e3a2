"""Report pages: who may see them, scope, filters, CSV = table, audit of exports."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from peertrain.clock import today
from peertrain.extensions import db
from peertrain.models import AuditEvent, Role
from peertrain.reports.catalogue import REPORTS
from peertrain.reports.evidence_lists import EVIDENCE

from .reports_data import END, START, csv_rows, html_tables, small_org

PERIOD = {"start": START.isoformat(), "end": END.isoformat()}


@pytest.fixture
def org(app, make):
    org = small_org(make)
    org.morgan = make.user(Role.MANAGER, name="Morgan Orgwide")
    make.scope(org.morgan)
    org.rita = make.user(Role.MANAGER, name="Rita Willow")
    make.scope(org.rita, org.willow)
    return org


def page(client, url, **args):
    return client.get(url, query_string=args)


def test_only_managers(client, login, make):
    url = "/reports/"
    assert client.get(url).headers["Location"].startswith("/auth/login")
    for role in (Role.TRAINEE, Role.SUPERVISOR, Role.ADMIN):
        user = make.user(role)
        login(user)
        assert client.get(url).status_code == 403
        assert client.get("/reports/coverage.csv").status_code == 403
        client.post("/auth/logout")
    manager = make.user(Role.MANAGER)
    login(manager)
    assert client.get(url).status_code == 200


def test_dashboard_lists_findings_most_severe_first_with_evidence_links(org, client, login):
    login(org.morgan)
    html = page(client, "/reports/", **PERIOD).get_data(as_text=True)
    titles = re.findall(r'<li class="finding severity-(\w+)">', html)
    assert titles == ["high"] * 7 + ["medium"] * 6 + ["low"] * 2
    assert "2 of 4 workers (50.0%) had no held supervision" in html
    link = re.search(r'href="(/reports/evidence/load\?[^"]+)"', html).group(1).replace("&amp;", "&")
    evidence = client.get(link).get_data(as_text=True)
    assert [r[2] for r in html_tables(evidence)["table-load"][1:]] == [
        "Erin",
        "Femi",
        "Grace",
        "Hamza",
    ]


def test_willow_manager_sees_only_willow(org, client, login):
    login(org.rita)
    html = page(client, "/reports/", **PERIOD).get_data(as_text=True)
    teams = set(re.findall(r'<span class="finding-team">([^<]+)</span>', html))
    assert teams == {"Willow Ward"}
    for name in REPORTS:
        text = page(client, f"/reports/{name}", **PERIOD).get_data(as_text=True)
        for other in ("Amara", "Ben", "Chloe", "Dev", "Isla", "Jack", "Riverside"):
            assert other not in text, (name, other)
    for kind in EVIDENCE:
        text = page(client, f"/reports/evidence/{kind}", **PERIOD).get_data(as_text=True)
        assert "Riverside" not in text and "Ben" not in text, kind


def test_team_outside_scope_is_refused_and_audited(org, client, login):
    login(org.rita)
    for url in (
        "/reports/",
        "/reports/coverage",
        "/reports/coverage.csv",
        "/reports/evidence/overdue",
    ):
        assert page(client, url, team=org.riverside.id).status_code == 403
    denied = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "report_view", AuditEvent.outcome == "denied")
    ).all()
    assert len(denied) == 4 and {e.actor_id for e in denied} == {org.rita.id}
    assert page(client, "/reports/coverage", team=org.willow.id).status_code == 200


def test_org_wide_manager_can_pick_any_team(org, client, login):
    login(org.morgan)
    html = page(client, "/reports/coverage", team=org.harbour.id, **PERIOD).get_data(as_text=True)
    rows = html_tables(html)["table-teams"]
    assert [r[0] for r in rows[1:]] == ["Harbour"]


@pytest.mark.parametrize(
    ("args", "field", "message"),
    [
        ({"start": "2025-13-40"}, "start", "Not a valid date value"),
        ({"start": "2025-06-30", "end": "2025-04-01"}, "end", "on or after the first day"),
        ({"end": "2999-01-01"}, "end", "cannot end in the future"),
        ({"start": "2019-01-01", "end": "2025-01-01"}, "start", "at most three years"),
        ({"team": "abc"}, "team", "Choose one of your teams from the list."),
        ({"team": "999999"}, "team", "Choose one of your teams from the list."),
    ],
)
def test_bad_filters_are_400_with_message_next_to_field_and_input_kept(
    org, client, login, args, field, message
):
    login(org.morgan)
    response = page(client, "/reports/coverage", **args)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    error = re.search(rf'<p class="error" id="{field}-error">([^<]*)</p>', html)
    assert error and message in error.group(1)
    for name, value in args.items():
        if name != "team":
            assert f'value="{value}"' in html
    assert page(client, "/reports/coverage.csv", **args).status_code == 400


def test_default_period_is_the_last_90_days_to_today(org, client, login):
    login(org.morgan)
    html = client.get("/reports/flags").get_data(as_text=True)
    assert f'value="{today().isoformat()}"' in html and "(90 days)" in html


def _csv_matches_table(client, html_url, csv_url, table_id):
    table = html_tables(client.get(html_url).get_data(as_text=True))[table_id]
    response = client.get(csv_url)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert csv_rows(response.get_data(as_text=True)) == table
    return table


def test_every_report_csv_matches_its_table(org, client, login):
    login(org.morgan)
    qs = "start=2025-03-01&end=2025-06-30"
    seen = 0
    for name in REPORTS:
        html = client.get(f"/reports/{name}?{qs}").get_data(as_text=True)
        keys = re.findall(r'<table class="table" id="table-([a-z_]+)">', html)
        assert keys, name
        for key in keys:
            table = _csv_matches_table(
                client,
                f"/reports/{name}?{qs}",
                f"/reports/{name}.csv?{qs}&table={key}",
                f"table-{key}",
            )
            seen += len(table) > 1
    assert seen >= 8  # the tables have rows, so the comparison means something
    assert client.get(f"/reports/coverage.csv?{qs}&table=nope").status_code == 404


def test_every_evidence_csv_matches_its_table(org, client, login):
    login(org.morgan)
    for kind in EVIDENCE:
        qs = f"start={START}&end={END}"
        table = _csv_matches_table(
            client,
            f"/reports/evidence/{kind}?{qs}",
            f"/reports/evidence/{kind}.csv?{qs}",
            f"table-{kind}",
        )
        assert len(table) > 1, kind


def test_coverage_table_numbers(org, client, login):
    login(org.morgan)
    rows = html_tables(page(client, "/reports/coverage", **PERIOD).get_data(as_text=True))[
        "table-teams"
    ]
    assert rows[0][:6] == ["Team", "Workers", "FTE", "Seen within target", "Seen %", "Overdue"]
    assert rows[2] == [
        "Riverside",
        "4",
        "3.6",
        "2",
        "50.0",
        "2",
        "1",
        "3",
        "0",
        "100.0",
        "8.5",
        "0.79",
    ]


def test_findings_csv_and_audit_of_exports(org, client, login):
    login(org.morgan)
    response = page(client, "/reports/findings.csv", **PERIOD)
    rows = csv_rows(response.get_data(as_text=True))
    assert rows[0] == ["Severity", "Kind", "Team", "Finding", "The numbers"]
    assert len(rows) == 16 and rows[1][:3] == ["high", "competency", "Riverside"]
    page(client, "/reports/load.csv", **PERIOD)
    page(client, "/reports/evidence/overdue.csv", **PERIOD)
    page(client, "/reports/evidence/overdue", **PERIOD)
    events = db.session.execute(
        select(AuditEvent.action, AuditEvent.record_id, AuditEvent.detail, AuditEvent.actor_id)
        .where(AuditEvent.action.like("report_%"))
        .order_by(AuditEvent.id)
    ).all()
    detail = f"team=all;start={START};end={END}"
    assert events == [
        ("report_export", "findings", detail, org.morgan.id),
        ("report_export", "load:load", detail, org.morgan.id),
        ("report_export", "evidence:overdue", detail, org.morgan.id),
        ("report_evidence_view", "overdue", detail, org.morgan.id),
    ]


def test_evidence_arguments_checked(org, client, login):
    login(org.morgan)
    assert page(client, "/reports/evidence/nope").status_code == 404
    assert page(client, "/reports/evidence/flags", kind="not-a-kind").status_code == 400
    assert page(client, "/reports/evidence/load", supervisor="x").status_code == 400
    assert page(client, "/reports/evidence/modules", module="../etc").status_code == 400
    ok = page(client, "/reports/evidence/flags", kind="workload", **PERIOD)
    assert ok.status_code == 200 and 'name="kind" value="workload"' in ok.get_data(as_text=True)


def test_charts_are_inline_svg_without_style_or_script(org, client, login):
    login(org.morgan)
    for name in REPORTS:
        html = page(client, f"/reports/{name}", **PERIOD).get_data(as_text=True)
        assert '<svg class="chart-svg"' in html and 'role="img"' in html, name
        assert "style=" not in html and "<script" not in html and "<style" not in html, name
        assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', ""), name


def test_reports_are_on_the_manager_home(org, client, login):
    login(org.morgan)
    html = client.get("/manager").get_data(as_text=True)
    assert 'href="/reports/"' in html


def test_long_tables_are_paged_and_the_csv_has_every_row(org, client, login, monkeypatch):
    from peertrain.reports import views

    monkeypatch.setattr(views, "TABLE_PAGE", 2)
    login(org.morgan)
    qs = f"start={START}&end={END}"
    first = client.get(f"/reports/coverage?{qs}").get_data(as_text=True)
    assert "Rows 1–2 of 3" in first
    second = client.get(f"/reports/coverage?{qs}&teams_page=2").get_data(as_text=True)
    assert "Rows 3–3 of 3" in second
    shown = html_tables(first)["table-teams"] + html_tables(second)["table-teams"][1:]
    csv_text = client.get(f"/reports/coverage.csv?{qs}&table=teams").get_data(as_text=True)
    assert csv_rows(csv_text) == shown
    assert [r[0] for r in shown[1:]] == ["Harbour", "Riverside", "Willow Ward"]
