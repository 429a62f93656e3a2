"""My data for the people the access table cannot stand for: a former supervisor and another
team's people reach their own pages only, never someone else's reads or archive."""

from __future__ import annotations

from datetime import timedelta

import pytest

from peertrain.clock import today
from peertrain.extensions import db
from peertrain.models import AuditEvent, ExportRequest, Role, SupervisionAssignment
from peertrain.privacy import export_services

from . import privacy_me_cast


@pytest.fixture(autouse=True)
def _own_export_dir(app, tmp_path):
    app.config["EXPORT_DIR"] = str(tmp_path / "exports")


@pytest.fixture
def cast(make):
    cast = privacy_me_cast.build(make)
    cast.other_manager = make.user(Role.MANAGER, team=make.team(), name="Olu Other-Manager")
    make.scope(cast.other_manager, cast.stranger.team)
    req = ExportRequest(user_id=cast.worker.id)
    db.session.add(req)
    db.session.commit()
    export_services.build(req.id)
    cast.export_id = req.id
    return cast


def _end_supervision(cast) -> None:
    row = db.session.scalars(
        db.select(SupervisionAssignment).where(
            SupervisionAssignment.supervisee_id == cast.worker.id
        )
    ).one()
    row.start_date, row.end_date = today() - timedelta(days=90), today() - timedelta(days=2)
    db.session.commit()


def test_a_former_supervisors_reads_stay_in_the_history_and_their_new_tries_show(
    app, cast, client, login
):
    login(cast.sup)
    assert client.get(f"/training/supervisees/{cast.worker.id}").status_code == 200
    _end_supervision(cast)
    # The record they wrote stays readable to its author; the training record does not.
    assert client.get(f"/supervision/sessions/{cast.group.id}").status_code == 200
    assert client.get(f"/training/supervisees/{cast.worker.id}").status_code == 403
    assert client.post(f"/my-data/export/{cast.export_id}/download").status_code == 404
    own = client.get("/my-data/reads").get_data(as_text=True)
    assert "Nobody else has opened your records." in own
    client.post("/auth/logout")
    login(cast.worker)
    html = client.get("/my-data/reads").get_data(as_text=True)
    assert "your training record and reflections" in html
    assert "Refused</strong> tried to open your training record" in html
    assert "Opened <a" in html  # the session read, linked to the session
    assert html.count("<td>Sasha Supervisor</td>") >= 4


@pytest.mark.parametrize("who", ["stranger", "other_manager"])
def test_another_teams_people_see_only_their_own(app, cast, client, login, who):
    person = getattr(cast, who)
    login(person)
    assert client.post(f"/my-data/export/{cast.export_id}/download").status_code == 404
    denied = db.session.scalars(
        db.select(AuditEvent).where(
            AuditEvent.action == "export_download", AuditEvent.outcome == "denied"
        )
    ).one()
    assert denied.actor_id == person.id and denied.record_id == str(cast.export_id)
    page = client.get("/my-data/export").get_data(as_text=True)
    assert "My exports" not in page and "Prepare my data" in page
    assert "Nobody else has opened" in client.get("/my-data/reads").get_data(as_text=True)
    assert client.post("/my-data/export").status_code == 302
    mine = db.session.scalars(db.select(ExportRequest).where(ExportRequest.user_id == person.id))
    assert len(list(mine)) == 1


@pytest.mark.parametrize(
    "url", ["/my-data/", "/my-data/reads", "/my-data/export"], ids=["index", "reads", "export"]
)
def test_anonymous_visitors_are_sent_to_sign_in(app, client, url):
    response = client.get(url)
    assert response.status_code == 302 and response.headers["Location"].startswith("/auth/login")
