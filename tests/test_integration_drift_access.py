"""Who reaches the role-drift log and the peer-values pages beyond the access table: another
team's supervisor and manager, a former supervisor, and the audit of every refusal."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from peertrain.clock import today
from peertrain.extensions import db
from peertrain.models import AuditEvent, Role

from .integration_drift_data import entry, two_teams


def _denied(action: str) -> list[tuple[int, str]]:
    rows = db.session.execute(
        select(AuditEvent.actor_id, AuditEvent.record_id).where(
            AuditEvent.action == action, AuditEvent.outcome == "denied"
        )
    )
    return [tuple(r) for r in rows]


def test_former_supervisor_no_longer_reads_the_log(make, client, login):
    org = two_teams(make)
    worker = org.north_workers[0]
    entry(worker, today(), note="Private words.")
    former = make.user(Role.SUPERVISOR, team=org.north, name="Fran Former")
    make.assign(former, worker, start=today() - timedelta(days=200),
                end=today() - timedelta(days=1))  # fmt: skip
    login(former)
    response = client.get(f"/integration/drift/supervisees/{worker.id}")
    assert response.status_code == 403 and "Private words." not in response.get_data(as_text=True)
    assert worker.name not in client.get("/integration/drift/supervisees").get_data(as_text=True)
    assert _denied("drift_log_view") == [(former.id, str(worker.id))]


def test_another_teams_supervisor_and_people_are_refused(make, client, login):
    org = two_teams(make)
    worker = org.north_workers[0]
    entry(worker, today(), note="Private words.")
    login(org.south_sup)
    response = client.get(f"/integration/drift/supervisees/{worker.id}")
    assert response.status_code == 403
    sess = make.session(org.sup, worker)
    assert client.get(f"/integration/values/sessions/{sess.id}").status_code == 403
    assert _denied("drift_log_view") == [(org.south_sup.id, str(worker.id))]
    assert _denied("values_rating_view") == [(org.south_sup.id, str(sess.id))]


def test_a_worker_supervising_too_reads_only_current_supervisees(make, client, login):
    """A peer supervisor who is also a peer worker: their own log, and their supervisees'."""
    org = two_teams(make)
    both = make.user(Role.SUPERVISOR, Role.TRAINEE, team=org.north, name="Bo Both")
    make.assign(both, org.north_workers[1])
    entry(org.north_workers[0], today(), note="Not for Bo.")
    entry(org.north_workers[1], today(), note="For Bo to read.")
    login(both)
    assert client.get("/integration/drift").status_code == 200
    mine = client.get(f"/integration/drift/supervisees/{org.north_workers[1].id}")
    assert "For Bo to read." in mine.get_data(as_text=True)
    other = client.get(f"/integration/drift/supervisees/{org.north_workers[0].id}")
    assert other.status_code == 403


def test_another_teams_manager_is_refused_that_team_and_audited(make, client, login):
    org = two_teams(make)
    login(org.north_manager)
    for url in ("/integration/drift/report", "/integration/values/report.csv"):
        assert client.get(f"{url}?team={org.south.id}").status_code == 403
        assert client.get(f"{url}?team={org.north.id}").status_code == 200
    rows = db.session.scalars(
        select(AuditEvent.record_id).where(
            AuditEvent.action == "report_view", AuditEvent.outcome == "denied"
        )
    ).all()
    assert rows == [str(org.south.id)] * 2
    # A manager never reaches a person's log, whatever their scope.
    assert (
        client.get(f"/integration/drift/supervisees/{org.north_workers[0].id}").status_code == 403
    )
