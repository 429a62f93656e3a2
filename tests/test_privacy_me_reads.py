"""Who has read my records: other people's reads of my sessions, reflections and ratings are
listed with their names, roles and dates; my own reads and other people's records are not."""

from __future__ import annotations

from datetime import datetime

from peertrain import audit
from peertrain.extensions import db
from peertrain.formatting import date_time
from peertrain.models import AuditEvent
from peertrain.privacy import access_history

from . import privacy_me_cast


def _page(client, page: int = 1) -> str:
    response = client.get(f"/my-data/reads?page={page}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_supervisors_reads_are_listed_with_role_name_and_date(app, make, client, login):
    cast = privacy_me_cast.build(make)
    login(cast.sup)
    assert client.get(f"/supervision/sessions/{cast.group.id}").status_code == 200
    assert client.get(f"/training/supervisees/{cast.worker.id}").status_code == 200
    assert client.get(f"/competency/people/{cast.worker.id}").status_code == 200
    client.post("/auth/logout")
    login(cast.worker)
    html = _page(client)
    read = db.session.scalars(
        db.select(AuditEvent).where(AuditEvent.action == "view", AuditEvent.actor_id == cast.sup.id)
    ).first()
    assert date_time(read.at) in html
    # The session, the training record, the reflection on it and the ratings.
    assert html.count("<td>Sasha Supervisor</td>") >= 4
    assert "Supervisor</td>" in html
    assert "your supervision record of" in html
    assert f"your reflection in {cast.module.title}" in html
    assert "your competency ratings, with notes" in html
    assert "your training record and reflections" in html


def test_my_own_reads_and_other_peoples_records_are_left_out(app, make, client, login):
    cast = privacy_me_cast.build(make)
    login(cast.worker)
    client.get(f"/supervision/sessions/{cast.group.id}")  # my own read
    client.get(f"/competency/people/{cast.worker.id}")
    client.post("/auth/logout")
    login(cast.sup)
    client.get(f"/competency/people/{cast.co.id}")  # someone else's record
    client.post("/auth/logout")
    login(cast.worker)
    html = _page(client)
    assert "Nobody else has opened your records." in html
    assert "<td>Sasha Supervisor</td>" not in html and "<td>Wren Worker</td>" not in html
    # The group session is Cory's too: the supervisor's later read shows on both pages.
    login(cast.sup)
    client.get(f"/supervision/sessions/{cast.group.id}")
    client.post("/auth/logout")
    login(cast.co)
    assert "<td>Sasha Supervisor</td>" in _page(client)
    client.post("/auth/logout")
    login(cast.stranger)
    assert "Nobody else has opened your records." in _page(client)


def test_refused_attempts_are_shown_as_refused(app, make, client, login):
    cast = privacy_me_cast.build(make)
    login(cast.stranger)
    assert client.get(f"/supervision/sessions/{cast.group.id}").status_code == 403
    client.post("/auth/logout")
    login(cast.worker)
    html = _page(client)
    assert "<td>Sol Stranger</td>" in html and "Refused</strong> tried to open" in html


def test_the_list_is_paginated_newest_first(app, make, client, login):
    cast = privacy_me_cast.build(make)
    for n in range(55):
        event = audit.log("view", "supervision_session", cast.group.id, actor_id=cast.sup.id)
        event.at = datetime(2026, 1, 1, 9, n)
    db.session.commit()
    found = access_history.reads_page(db.session, cast.worker.id, page=1, per_page=50)
    assert (found.total, found.pages, len(found.reads)) == (55, 2, 50)
    assert found.reads[0].at > found.reads[-1].at
    last = access_history.reads_page(db.session, cast.worker.id, page=2, per_page=50)
    assert len(last.reads) == 5 and last.reads[-1].at == datetime(2026, 1, 1, 9, 0)
    login(cast.worker)
    html = _page(client, 2)
    assert "Page 2 of 2" in html and "1 Jan 2026, 09:00 UTC" in html
    assert "Page 2 of 2" in _page(client, 99)  # past the end: the last page
