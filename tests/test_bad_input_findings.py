"""Each bad input named in issue 17, as a regression test: refused plainly, text kept, no 500."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from peertrain.clock import today
from peertrain.extensions import db
from peertrain.models import (
    AuditEvent,
    LoginThrottle,
    NoteDraft,
    Role,
    SupervisionSession,
)

CONTROL = "invisible control character"
NOTE = "What we talked about ZQ-NUL"


@pytest.fixture
def people(make):
    team = make.team()
    sup = make.user(Role.SUPERVISOR, team=team)
    worker = make.user(Role.TRAINEE, team=team, name="Kemi")
    make.assign(sup, worker)
    manager = make.user(Role.MANAGER)
    make.scope(manager, team)
    return {"sup": sup, "worker": worker, "manager": manager, "admin": make.user(Role.ADMIN)}


def session_form(worker, **over) -> dict:
    return {
        "supervisees": [str(worker.id)],
        "format": "individual",
        "held_on": (today() - timedelta(days=1)).isoformat(),
        "minutes": "60",
        "setting": "remote",
        "what_happened": NOTE,
        **over,
    }


def sessions() -> int:
    return db.session.scalar(select(func.count()).select_from(SupervisionSession))


def test_a_nul_in_a_note_is_refused_next_to_the_field_and_the_text_kept(client, login, people):
    """On PostgreSQL a NUL was a DataError: the note lost and a 500."""
    login(people["sup"])
    data = session_form(people["worker"], what_happened="Before\x00 after ZQ-KEPT\x07")
    response = client.post("/supervision/sessions/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and CONTROL in page
    assert "Before after ZQ-KEPT" in page and "\x00" not in page  # kept, and clean
    assert sessions() == 0
    # Sent again as shown, it is saved.
    data["what_happened"] = "Before after ZQ-KEPT"
    assert client.post("/supervision/sessions/new", data=data).status_code == 302
    assert sessions() == 1


def test_tabs_and_new_lines_in_notes_are_text_not_controls(client, login, people):
    login(people["sup"])
    data = session_form(people["worker"], what_happened="One\tline\r\nand another")
    assert client.post("/supervision/sessions/new", data=data).status_code == 302
    assert db.session.scalar(select(SupervisionSession.what_happened)) == "One\tline\r\nand another"


def test_a_draft_with_a_nul_is_kept_without_it(client, login, people):
    login(people["sup"])
    data = session_form(people["worker"], what_happened="Draft\x00 ZQ-DRAFT")
    response = client.post(
        "/supervision/drafts/new", data=data, headers={"Accept": "application/json"}
    )
    assert response.status_code == 200 and response.json["saved"]
    (draft,) = db.session.scalars(select(NoteDraft)).all()
    assert "Draft ZQ-DRAFT" in str(draft.payload) and "\x00" not in str(draft.payload)


def test_a_nul_in_the_login_email_is_refused_before_throttling_and_audit(client, people):
    response = client.post(
        "/auth/login", data={"email": people["sup"].email + "\x00", "password": "wrong"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and CONTROL in page
    assert people["sup"].email in page  # what they typed, without the NUL
    assert db.session.scalar(select(func.count()).select_from(LoginThrottle)) == 0
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == 0


def test_a_nul_in_the_resume_email_is_no_server_error(client, people):
    data = {"_resume_email": "a\x00@example.org", "_resume_password": "x", "what_happened": "t"}
    assert client.post("/auth/resume", data=data).status_code == 400


@pytest.mark.parametrize("query", ["team=%C2%B2", "team=2147483648", "team=-1"])
def test_a_team_that_is_not_an_id_is_a_message_not_a_500(client, login, people, query):
    login(people["manager"])
    response = client.get(f"/reports/?{query}")
    assert response.status_code == 400
    assert "Choose one of your teams from the list." in response.get_data(as_text=True)


@pytest.mark.parametrize("end", ["0001-01-01", "9999-12-31", "1899-12-31"])
def test_dates_outside_the_window_are_refused_with_a_message(client, login, people, end):
    """Year 1 was an OverflowError in reports/filters.py and reports/queries/base.py."""
    login(people["manager"])
    response = client.get(f"/reports/?start={end}&end={end}")
    assert response.status_code == 400
    assert "Enter a date between 1900 and 2100." in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "url",
    [
        "/reports/evidence/overdue?page=%C2%B2",
        "/reports/evidence/overdue?page=99999999999999999999",
        "/reports/evidence/overdue?page=-5",
    ],
)
def test_a_page_that_is_not_a_page_number_is_the_first_page(client, login, people, url):
    login(people["manager"])
    response = client.get(url)
    assert response.status_code == 200
    assert "Workers overdue for supervision" in response.get_data(as_text=True)


@pytest.mark.parametrize("query", ["page=%C2%B2", "page=-5", "supervisee=99999999999"])
def test_the_session_list_reads_only_ascii_ids(client, login, people, make, query):
    make.session(people["sup"], people["worker"])
    login(people["sup"])
    response = client.get(f"/supervision/sessions?{query}")
    assert response.status_code == 200 and "Kemi" in response.get_data(as_text=True)


@pytest.mark.parametrize("owner", ["²", "2147483648", "-1", "٣"])
def test_an_action_owner_that_is_not_an_id_is_refused_next_to_the_field(
    client, login, people, make, owner
):
    sess = make.session(people["sup"], people["worker"])
    login(people["sup"])
    data = {"action-description": "Book the away day ZQ-OWNER", "action-owner": owner}
    response = client.post(f"/supervision/sessions/{sess.id}/actions", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "The owner must be the supervisor or someone in the session." in page
    assert "ZQ-OWNER" in page


@pytest.mark.parametrize(
    "sid", ["2147483648", str(2**63), "99999999999999999999", "0", "%C2%B2", "%D9%A3"]
)
def test_a_session_id_out_of_range_is_not_found(client, login, people, sid):
    login(people["sup"])
    assert client.get(f"/supervision/sessions/{sid}").status_code == 404
    assert (
        client.post(f"/supervision/sessions/{sid}/addenda", data={"text": "x"}).status_code == 404
    )


@pytest.mark.parametrize("key", ["edit-9999999999", "addendum-2147483648", "reflection-0"])
def test_a_draft_key_naming_no_possible_session_is_not_found(client, login, people, key):
    login(people["sup"])
    assert client.post(f"/supervision/drafts/{key}", data={"text": "x"}).status_code == 404
    assert client.post(f"/supervision/drafts/{key}/discard").status_code == 404


@pytest.mark.parametrize("view", ["admin_users", "admin_teams", "admin_audit"])
@pytest.mark.parametrize("record", ["abc", "2147483648", "-1", "%C2%B2", "99999999999999999999"])
def test_flask_admin_record_pages_with_a_bad_id_go_back_to_the_list(
    client, login, people, view, record
):
    login(people["admin"])
    for page in ("details", "edit"):
        response = client.get(f"/admin/{view}/{page}/?id={record}")
        assert response.status_code == 302, (page, response.status_code)
        assert response.headers["Location"].startswith(f"/admin/{view}/")


@pytest.mark.parametrize("page", ["-5", "abc", "99999999999999999999", "%C2%B2"])
def test_flask_admin_lists_with_a_bad_page_show_the_first_page(client, login, people, page):
    login(people["admin"])
    response = client.get(f"/admin/admin_audit/?page={page}")
    assert response.status_code == 200 and "Audit log" in response.get_data(as_text=True)
    response = client.get(f"/admin/admin_users/?page={page}&search={'x' * 5000}")
    assert response.status_code == 200


def test_a_nul_in_a_flask_admin_form_is_refused_with_the_text_kept(client, login, people):
    login(people["admin"])
    team = people["sup"].team
    response = client.post(f"/admin/admin_teams/edit/?id={team.id}", data={"name": "Ward\x00 ZQ"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and CONTROL in page and "Ward ZQ" in page
    db.session.expire_all()
    assert "\x00" not in db.session.get(type(team), team.id).name


def test_an_oversized_body_gets_the_site_error_page(app, client, login, people):
    login(people["sup"])
    body = "what_happened=" + "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post(
        "/supervision/sessions/new", data=body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413
    assert "That was too large to send" in response.get_data(as_text=True)


def test_malformed_utf8_and_duplicate_fields_are_no_server_error(client, login, people):
    login(people["sup"])
    body = b"what_happened=%ff%fe\xff&what_happened=two&supervisees=%C2%B2&supervisees=1"
    response = client.post(
        "/supervision/sessions/new", data=body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert client.get("/supervision/sessions?page=%ff%fe&page=2").status_code == 200


def test_every_form_in_the_app_derives_from_the_checking_base():
    """A new form that skipped the base would skip the control-character and range checks."""
    import importlib
    import pkgutil

    from flask_wtf import FlaskForm

    import peertrain
    from peertrain.forms import AppForm

    for module in pkgutil.walk_packages(peertrain.__path__, "peertrain."):
        if ".demo" not in module.name and "loadtest" not in module.name:
            importlib.import_module(module.name)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    strays = [
        f"{c.__module__}.{c.__qualname__}"
        for c in subclasses(FlaskForm)
        if c.__module__.startswith("peertrain") and not issubclass(c, AppForm)
    ]
    assert not strays, f"derive these from peertrain.forms.AppForm: {strays}"


@pytest.mark.parametrize("person", ["99999999999999999999", "2147483648", "%C2%B2", "%00"])
def test_an_audit_person_filter_beyond_the_column_matches_nobody(client, login, people, person):
    login(people["admin"])
    response = client.get(f"/admin/admin_audit/?flt0_0={person}")
    assert response.status_code == 200 and "Audit log" in response.get_data(as_text=True)
