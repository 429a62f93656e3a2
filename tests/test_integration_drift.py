"""Role-drift log: the worker logs and lists, the current supervisor reads, managers get
suppressed counts (hand-computed), differencing reveals nothing, the finding and drift_counts."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from peertrain.clock import today
from peertrain.extensions import db
from peertrain.integration import drift_queries, drift_report
from peertrain.models import AuditEvent, DriftEntry, DriftTask, Setting
from peertrain.reports.filters import Filters

from .integration_drift_data import SECRET, entry, last_quarter, two_teams
from .reports_html import csv_rows, html_tables

FORM = {"task": "escorting_as_security", "asked_by": "nurse", "done": "partly"}


def test_worker_logs_an_entry_in_a_few_taps_and_sees_it(make, client, login):
    org = two_teams(make)
    worker = org.north_workers[0]
    login(worker)
    page = client.get("/integration/drift").get_data(as_text=True)
    assert f'value="{today().isoformat()}"' in page  # the day defaults to today
    assert 'type="radio"' in page and "<script" not in page.split("<main", 1)[-1]
    data = FORM | {"happened_on": today().isoformat(), "note": "Asked to sit by the door."}
    response = client.post("/integration/drift", data=data, follow_redirects=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "Logged." in body
    assert "Escorting as security" in body and "Asked to sit by the door." in body
    (row,) = db.session.scalars(select(DriftEntry)).all()
    assert (row.worker_id, row.task, row.done.value) == (worker.id, DriftTask.SECURITY, "partly")
    # The audit names the record, never the note.
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "drift_entry_create"))
    assert all("door" not in (e.detail or "") for e in event)


def test_bad_entry_is_refused_next_to_the_field_and_keeps_the_note(make, client, login):
    org = two_teams(make)
    login(org.north_workers[0])
    future = (today() + timedelta(days=2)).isoformat()
    data = {"task": "escorting_as_security", "happened_on": future, "note": "Kept words here."}
    response = client.post("/integration/drift", data=data)
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Choose who asked (their role, not their name)." in body
    assert "Choose yes, no or partly." in body
    assert "The day cannot be in the future." in body
    assert "Kept words here." in body and 'checked id="task-2"' in body
    assert db.session.scalars(select(DriftEntry)).all() == []


def test_worker_removes_only_their_own_entry(make, client, login):
    org = two_teams(make)
    mine = entry(org.north_workers[0], today())
    theirs = entry(org.north_workers[1], today())
    login(org.north_workers[0])
    assert client.post(f"/integration/drift/{theirs.id}/delete").status_code == 404
    assert client.post(f"/integration/drift/{mine.id}/delete").status_code == 302
    assert [e.id for e in db.session.scalars(select(DriftEntry))] == [theirs.id]


def test_current_supervisor_reads_the_log_with_notes(make, client, login):
    org = two_teams(make)
    worker = org.north_workers[0]
    entry(worker, today(), note="Covering the med round again.")
    login(org.sup)
    # In supervision: each current supervisee's row links to their log.
    overview = client.get("/supervision/").get_data(as_text=True)
    assert f'href="/integration/drift/supervisees/{worker.id}"' in overview
    listing = html_tables(client.get("/integration/drift/supervisees").get_data(as_text=True))
    (table,) = listing.values()
    assert [r[0] for r in table[1:]] == [w.name for w in org.north_workers]
    assert table[1][1] == "1"
    page = client.get(f"/integration/drift/supervisees/{worker.id}").get_data(as_text=True)
    assert "Covering the med round again." in page and "Escorting as security" in page
    read = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "drift_log_view"))
    assert [(e.actor_id, e.record_id, e.outcome) for e in read] == [
        (org.sup.id, str(worker.id), "success")
    ]


def _quarter_filters(org, team=None) -> Filters:
    start, end = last_quarter()
    return Filters(start=start, end=end, team_id=team, scope=None)


def _fixture(make):
    """North: 5 workers, each 2 escorting entries last quarter (10 entries, 5 workers behind
    the cell) and one worker 1 paperwork entry (1 worker behind). South: 1 worker, 3 entries."""
    org = two_teams(make, north_size=5, south_size=1)
    start, _ = last_quarter()
    for i, w in enumerate(org.north_workers):
        entry(w, start + timedelta(days=3), note=f"{SECRET}north-{i}")
        entry(w, start + timedelta(days=40))
    entry(org.north_workers[0], start + timedelta(days=10), task=DriftTask.PAPERWORK,
          note=f"{SECRET}paper")  # fmt: skip
    for d in (5, 6, 7):
        entry(org.south_workers[0], start + timedelta(days=d), note=f"{SECRET}south-{d}")
    return org


def test_counts_by_team_and_kind_against_hand_computed_figures(make):
    org = _fixture(make)
    data = drift_queries.cells(db.session, _quarter_filters(org))
    n, s = org.north.id, org.south.id
    assert data["cells"][(n, 0, DriftTask.SECURITY)] == 10
    assert data["cells"][(n, 0, DriftTask.PAPERWORK)] == "fewer than 5"  # 1 worker behind
    assert data["cells"][(n, 0, DriftTask.MEDICATION)] == "fewer than 5"  # none behind
    assert all(data["cells"][(s, 0, t)] == "fewer than 5" for t in DriftTask)
    rows = {r["team"]: r for r in drift_queries.drift_counts(db.session, _quarter_filters(org))}
    start, end = last_quarter()
    quarters = ((end - start).days + 1) / (365.25 / 4)
    # 10 shown entries / 5 workers / one whole quarter; the hidden paperwork entry not added.
    assert rows["North"]["entries"] == 10 and rows["North"]["workers"] == 5
    assert rows["North"]["rate"] == round(10 / 5 / quarters, 2)
    assert rows["South"] == rows["South"] | {"entries": "fewer than 5", "rate": None}


def test_differencing_team_and_dates_reveals_no_hidden_cell(make, client, login):
    org = _fixture(make)
    start, end = last_quarter()
    login(org.manager)
    views = {}
    for team in ("", str(org.north.id), str(org.south.id)):
        for a, b in ((start, end), (start + timedelta(days=4), start + timedelta(days=6))):
            url = f"/integration/drift/report.csv?team={team}&start={a}&end={b}"
            views[(team, a)] = csv_rows(client.get(url).get_data(as_text=True))
    # Dates inside the same quarter change nothing: whole quarters are always used.
    assert views[("", start)] == views[("", start + timedelta(days=4))]
    everyone = views[("", start)]
    north = views[(str(org.north.id), start)]
    south = views[(str(org.south.id), start)]
    # All teams minus North leaves South's row, which is suppressed in every view.
    assert [r for r in everyone if r[0] == "North"] == north[1:]
    assert [r for r in everyone if r[0] == "South"] == south[1:]
    assert south[1][2:] == ["fewer than 5"] * 7
    header = everyone[0]
    # North's total is only its shown cell: the one hidden paperwork entry is not in it.
    assert dict(zip(header, north[1], strict=True))["Total of shown cells"] == "10"


def test_no_manager_page_or_csv_carries_an_entry(make, client, login):
    org = _fixture(make)
    start, end = last_quarter()
    login(org.manager)
    qs = f"start={start}&end={end}"
    urls = [
        "/integration/drift/report", "/integration/drift/report.csv", "/reports/",
        "/reports/findings.csv", "/reports/evidence/role-drift-log",
        "/reports/evidence/role-drift-log.csv", "/integration/values/report",
        "/integration/values/report.csv", "/manager",
    ]  # fmt: skip
    # And every other page a manager can open without naming a record.
    for rule in client.application.url_map.iter_rules():
        if (
            "GET" in rule.methods
            and not rule.arguments
            and rule.rule.startswith(("/reports", "/integration", "/manager"))
        ):
            urls.append(rule.rule)
    checked = 0
    for url in sorted(set(urls)):
        response = client.get(f"{url}?{qs}")
        if response.status_code != 200:
            continue
        body = response.get_data(as_text=True)
        assert SECRET not in body, url
        assert "North Worker" not in body and "South Worker" not in body, url
        checked += 1
    assert checked >= 9
    # The planted notes really are stored.
    assert db.session.scalar(select(DriftEntry.id).where(DriftEntry.note.like(f"{SECRET}%")))


def test_report_page_table_chart_and_neutralised_csv(make, client, login):
    org = _fixture(make)
    org.north.name = "=HYPERLINK(1)"
    db.session.commit()
    start, end = last_quarter()
    login(org.manager)
    page = client.get(f"/integration/drift/report?start={start}&end={end}").get_data(as_text=True)
    assert "<svg" in page and "Role-drift log entries by quarter and task" in page
    table = html_tables(page)["table-drift"]
    assert table[1][:3] == ["=HYPERLINK(1)", table[1][1], "fewer than 5"]
    text = client.get(f"/integration/drift/report.csv?start={start}&end={end}").get_data(
        as_text=True
    )
    assert "\r\n'=HYPERLINK(1)," in text
    assert db.session.scalar(
        select(AuditEvent.id).where(
            AuditEvent.action == "report_export", AuditEvent.record_id == "role-drift"
        )  # fmt: skip
    )


def test_finding_when_rate_passes_the_target(make, client, login):
    org = _fixture(make)
    start, end = last_quarter()
    f = _quarter_filters(org)
    (x,) = drift_report.findings(db.session, f)  # rate ~2 > default 1; South hidden
    quarters = ((end - start).days + 1) / (365.25 / 4)
    rate = round(10 / 5 / quarters, 2)  # about 2: a 90-day quarter passes twice the target
    assert x.team == "North" and x.evidence == "role-drift-log"
    assert x.severity == ("high" if rate >= 2 else "medium")
    assert f"{rate:g} per worker per quarter (at most 1)" in x.sentence
    assert "logged 10 tasks" in x.sentence and "among 5 workers" in x.sentence
    db.session.add(Setting(key="drift_rate_max", value="3"))
    db.session.commit()
    assert drift_report.findings(db.session, f) == []
    login(org.manager)
    page = client.get(f"/reports/?start={start}&end={end}").get_data(as_text=True)
    assert "Role-drift log" not in page  # under the raised target
