"""Erasure on request: the preview, the typed confirmation, and anonymisation that keeps
other people's records whole and every report figure as it was."""

from __future__ import annotations

from sqlalchemy import select

from peertrain.extensions import db
from peertrain.models import (
    AuditEvent,
    CompetencyRating,
    ExportRequest,
    ExportStatus,
    Flag,
    NoteDraft,
    Role,
    SupervisionSession,
    User,
    UserSession,
)
from peertrain.privacy import erasure

from .factories import PASSWORD
from .privacy_admin_helpers import outputs, report_urls
from .reports_data import d, small_org

PAGE = "/admin/admin_privacy/person/{}"


def _org(make):
    org = small_org(make)
    org.manager = make.user(Role.MANAGER, name="Mina Manager")
    make.scope(org.manager)
    org.admin = make.user(Role.ADMIN, name="Ada Admin")
    return org


def _group_session(org) -> SupervisionSession:
    return db.session.scalar(select(SupervisionSession).where(SupervisionSession.held_on == d(25)))


def _write_private_text(org) -> None:
    """Ben's own words, and Chloe's in the group session they shared."""
    group = _group_session(org)
    group.what_happened = "Group notes"
    for p in group.participants:
        p.reflection = f"Reflection by {p.supervisee.name}"
    solo = db.session.scalar(select(SupervisionSession).where(SupervisionSession.held_on == d(20)))
    solo.what_happened = "Ben's own session notes"
    db.session.add(NoteDraft(user_id=org.ben.id, key="session:1", payload={"t": "draft"}))
    rating = db.session.scalar(
        select(CompetencyRating).where(CompetencyRating.subject_id == org.ben.id).limit(1)
    )
    rating.note = "A note about Ben"
    flag = db.session.scalar(select(Flag).where(Flag.supervisee_id == org.ben.id).limit(1))
    flag.manager_summary = "Summary naming Ben"
    db.session.add(AuditEvent(action="login", outcome="denied", detail=f"email={org.ben.email}"))
    db.session.commit()


def _figures(client, org) -> dict[str, str]:
    """Every report table and the findings, as CSV (the evidence lists name people)."""
    client.post("/auth/logout")
    client.post("/auth/login", data={"email": org.manager.email, "password": PASSWORD})
    urls = [u for u in report_urls(csv_only=True) if "/evidence/" not in u]
    found = outputs(client, urls)
    client.post("/auth/logout")
    return found


def test_preview_lists_what_goes_and_what_stays(app, make, client, login):
    org = _org(make)
    _write_private_text(org)
    login(org.admin)
    html = client.get(PAGE.format(org.ben.id)).get_data(as_text=True)
    p = erasure.preview(db.session, org.ben)
    goes = p.counts
    # d(20), d(50) and the one cancelled on d(60); the group session on d(25) is shared.
    assert goes["notes of their individual sessions"] == 3
    assert goes["supervision reflections"] == 1
    assert goes["drafts"] == 1 and goes["rating notes about them"] == 1
    assert goes["audit details naming their email"] == 1
    stays = {line.what: line.count for line in p.stays}
    assert stays["group sessions they attended"] == 1
    assert "Also the record of the other supervisees" in html and "What stays, and why" in html
    assert f"Former worker #{org.ben.id}" in html
    assert db.session.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "erasure_preview", AuditEvent.record_id == str(org.ben.id)
        )
    )


def test_a_wrong_confirmation_erases_nothing_and_keeps_what_was_typed(app, make, client, login):
    org = _org(make)
    login(org.admin)
    response = client.post(PAGE.format(org.ben.id) + "/erase", data={"typed_email": "ben@wrong"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Type the person&#39;s email exactly as shown to confirm." in html
    assert 'value="ben@wrong"' in html
    assert db.session.get(User, org.ben.id).name == "Ben"


def test_erasure_keeps_other_peoples_records_and_every_report_figure(app, make, client, login):
    org = _org(make)
    _write_private_text(org)
    before = _figures(client, org)
    sessions_before = db.session.scalar(select(db.func.count()).select_from(SupervisionSession))
    login(org.admin)
    response = client.post(PAGE.format(org.ben.id) + "/erase", data={"typed_email": org.ben.email})
    assert response.status_code == 302
    db.session.expire_all()
    ben = db.session.get(User, org.ben.id)
    assert ben.name == f"Former worker #{ben.id}" and ben.password_hash is None
    assert ben.anonymised_at is not None and "@erased.invalid" in ben.email
    # Ben's words are gone...
    solo = db.session.scalar(select(SupervisionSession).where(SupervisionSession.held_on == d(20)))
    assert solo.what_happened == "" and solo.supervisor_id == org.sam.id
    group = _group_session(org)
    reflections = {p.supervisee_id: p.reflection for p in group.participants}
    assert reflections[org.ben.id] == ""
    assert db.session.scalar(select(NoteDraft).where(NoteDraft.user_id == org.ben.id)) is None
    assert not db.session.scalar(select(UserSession).where(UserSession.user_id == org.ben.id))
    notes = db.session.scalars(
        select(CompetencyRating.note).where(CompetencyRating.subject_id == org.ben.id)
    )
    assert set(notes) == {""}
    assert not db.session.scalar(select(Flag.manager_summary).where(Flag.supervisee_id == ben.id))
    details = " ".join(filter(None, db.session.scalars(select(AuditEvent.detail))))
    assert org.ben.email not in details and f"email=user {ben.id}" in details
    # ...the group session's notes and Chloe's reflection stay whole, as do Sam's sessions.
    assert group.what_happened == "Group notes"
    assert reflections[org.chloe.id] == "Reflection by Chloe"
    count = db.session.scalar(select(db.func.count()).select_from(SupervisionSession))
    assert count == sessions_before
    # Every report figure is what it was: Ben still counts, under his new name.
    assert _figures(client, org) == before
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "erasure"))
    assert event.record_id == str(ben.id) and event.actor_id == org.admin.id
    assert "supervision reflections: 1" in event.detail
    # And the erased person cannot sign in any more.
    client.post("/auth/logout")
    assert login(ben).status_code == 400  # refused, the sign-in form shown again
    assert client.get("/trainee").status_code == 302


def test_legal_hold_blocks_erasure_and_is_audited(app, make, client, login):
    org = _org(make)
    login(org.admin)
    assert client.post(PAGE.format(org.ben.id) + "/hold", data={"hold": "y"}).status_code == 302
    assert db.session.get(User, org.ben.id).legal_hold is True
    html = client.get(PAGE.format(org.ben.id)).get_data(as_text=True)
    assert "Under legal hold" in html and "Erase Ben" not in html
    response = client.post(PAGE.format(org.ben.id) + "/erase", data={"typed_email": org.ben.email})
    assert response.status_code == 400
    assert db.session.get(User, org.ben.id).name == "Ben"
    actions = list(
        db.session.execute(
            select(AuditEvent.action, AuditEvent.outcome).where(
                AuditEvent.record_id == str(org.ben.id)
            )
        )
    )
    assert ("legal_hold_set", "success") in actions and ("erasure", "denied") in actions
    client.post(PAGE.format(org.ben.id) + "/hold", data={})
    assert db.session.get(User, org.ben.id).legal_hold is False
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "legal_hold_lifted"))


def test_leaving_date_is_saved_audited_and_a_bad_one_explained(app, make, client, login):
    org = _org(make)
    login(org.admin)
    bad = client.post(PAGE.format(org.ben.id) + "/left", data={"left_on": "31/31/2020"})
    assert bad.status_code == 400
    assert 'value="31/31/2020"' in bad.get_data(as_text=True)
    assert "Not a valid date value." in bad.get_data(as_text=True)
    ok = client.post(PAGE.format(org.ben.id) + "/left", data={"left_on": "2020-03-31"})
    assert ok.status_code == 302
    assert str(db.session.get(User, org.ben.id).left_on) == "2020-03-31"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "leaving_date_set"))
    assert event.detail == "2020-03-31"


def test_search_finds_people_by_name_or_email(app, make, client, login):
    org = _org(make)
    login(org.admin)
    html = client.get("/admin/admin_privacy/?q=chlo").get_data(as_text=True)
    assert "Chloe" in html and PAGE.format(org.chloe.id) in html and "Amara" not in html


def test_a_ready_data_export_is_deleted_with_the_person(app, make, client, login, tmp_path):
    org = _org(make)
    app.config["EXPORT_DIR"] = str(tmp_path)
    archive = tmp_path / "random-name.zip"
    archive.write_bytes(b"everything about Ben")
    req = ExportRequest(user_id=org.ben.id, status=ExportStatus.READY, file_name=archive.name)
    db.session.add(req)
    db.session.commit()
    assert erasure.preview(db.session, org.ben).counts["data exports waiting or ready"] == 1
    login(org.admin)
    client.post(PAGE.format(org.ben.id) + "/erase", data={"typed_email": org.ben.email})
    db.session.expire_all()
    assert not archive.exists()
    req = db.session.get(ExportRequest, req.id)
    assert (req.status, req.file_name) == (ExportStatus.EXPIRED, None)


def test_an_admin_cannot_erase_themselves(app, make, client, login):
    org = _org(make)
    login(org.admin)
    response = client.post(
        PAGE.format(org.admin.id) + "/erase", data={"typed_email": org.admin.email}
    )
    assert response.status_code == 400
    assert "Another administrator must erase your own account." in response.get_data(as_text=True)
    assert db.session.get(User, org.admin.id).anonymised_at is None
