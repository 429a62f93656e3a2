"""Bulk import from CSV: every bad-input class by line and column, all-or-nothing, valid-only."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select

from peertrain.accounts import csvcheck, importing
from peertrain.auth.services import find_user_by_email
from peertrain.extensions import db
from peertrain.models import (
    AuditEvent,
    CertificationStage,
    Role,
    StagedImport,
    SupervisionAssignment,
    User,
)

from .accounts_helpers import messages

HEADER = "email,name,roles,team,FTE,start date,stage,lived experience,supervisor's email\n"


@pytest.fixture
def org(make):
    team = make.team("Riverside")
    sup = make.user(Role.SUPERVISOR, team=team, email="sol@example.org", name="Sol Sup")
    make.user(Role.TRAINEE, email="taken@example.org")
    make.user(Role.TRAINEE, email="plain@example.org")  # exists, but holds no supervisor role
    return {"team": team, "sup": sup}


def _check(text: str | bytes) -> csvcheck.Report:
    return importing.check(text.encode() if isinstance(text, str) else text)


def _problems(report) -> list[tuple[int | None, str | None, str]]:
    return [(p.line, p.column, p.message) for p in report.problems()]


def _count_users() -> int:
    return db.session.scalar(select(func.count(User.id)))


GOOD = (
    HEADER
    + "amy@example.org,Amy Able,trainee,Riverside,0.8,2026-03-01,in_training,yes,sol@example.org\n"
    + "ben@example.org,Ben Boss,supervisor;trainee,riverside,1,,Certified,no,\n"
    + "cat@example.org,Cat Case,trainee,,,,,,ben@example.org\n"
)


def test_valid_file_imports_everyone_with_supervision_and_invitations(org):
    report = _check(GOOD)
    assert report.all_valid, _problems(report)
    done = importing.apply(report, valid_only=False, by_id=None)
    assert (done.people, done.assignments) == (3, 2)
    amy = find_user_by_email("amy@example.org")
    assert (amy.fte, amy.is_peer, amy.team.name) == (0.8, True, "Riverside")
    assert str(amy.start_date) == "2026-03-01"
    ben = find_user_by_email("ben@example.org")
    assert ben.roles == {Role.SUPERVISOR, Role.TRAINEE}
    assert ben.certification_stage is CertificationStage.CERTIFIED
    pairs = {
        (a.supervisor.email, a.supervisee.email)
        for a in db.session.scalars(select(SupervisionAssignment))
    }
    assert pairs == {("sol@example.org", "amy@example.org"), ("ben@example.org", "cat@example.org")}
    for email in ("amy@example.org", "ben@example.org", "cat@example.org"):
        assert len(messages(email, "invitation")) == 1
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user_import")).detail
    assert _count_users() == 6


def test_excel_bom_and_semicolons_accepted(org):
    excel = "\ufeff" + GOOD.replace(",", ";").replace("supervisor;trainee", '"supervisor;trainee"')
    report = _check(excel.encode("utf-8"))
    assert report.all_valid, _problems(report)


def test_not_utf8_reported_with_its_line(org):
    latin = (HEADER + "jose@example.org,José Pérez,trainee,,,,,,\n").encode("latin-1")
    report = _check(latin)
    assert report.rows == [] and not report.all_valid
    (line, column, message) = _problems(report)[0]
    assert line == 2 and column is None and "not UTF-8" in message and "CSV UTF-8" in message


def test_missing_and_unknown_columns(org):
    report = _check("email,name,team,colour\nx@example.org,X,,blue\n")
    messages_ = [m for _, _, m in _problems(report)]
    assert any(
        "missing columns: roles, fte, start_date, stage, lived_experience, supervisor_email" in m
        for m in messages_
    )
    assert any("unknown columns: colour" in m for m in messages_)
    assert report.valid_rows == []  # a broken file imports nothing, even in valid-only mode
    with pytest.raises(importing.ImportRefused):
        importing.apply(report, valid_only=True, by_id=None)


def test_every_bad_value_reported_by_line_and_column(org):
    bad = (
        HEADER
        + "amy@example.org,Amy,trainee,,,,,,\n"  # line 2: fine
        + "AMY@example.org,Amy Again,trainee,,,,,,\n"  # 3: duplicate in the file
        + "taken@example.org,Taken,trainee,,,,,,\n"  # 4: an existing account
        + "not-an-email,Nobody,trainee,,,,,,\n"  # 5
        + "d@example.org,,wizard,Nowhere,lots,1/3/2026,guru,maybe,ghost@example.org\n"  # 6
        + "e@example.org,Eve,trainee,,2.5,2026-02-30,,,plain@example.org\n"  # 7
        + "f@example.org,Fay,,,0,,,,f@example.org\n"  # 8
    )
    found = {(line, column) for line, column, _ in _problems(_check(bad))}
    assert found == {
        (3, "email"),
        (4, "email"),
        (5, "email"),
        (6, "name"),
        (6, "roles"),
        (6, "team"),
        (6, "fte"),
        (6, "start_date"),
        (6, "stage"),
        (6, "lived_experience"),
        (6, "supervisor_email"),
        (7, "fte"),
        (7, "start_date"),
        (7, "supervisor_email"),
        (8, "roles"),
        (8, "fte"),
        (8, "supervisor_email"),
    }
    text = {(line, column): m for line, column, m in _problems(_check(bad))}
    assert text[(3, "email")] == "also on line 2."
    assert "already exists" in text[(4, "email")]
    assert "no team called 'Nowhere'" in text[(6, "team")]
    assert "YYYY-MM-DD" in text[(6, "start_date")] and "YYYY-MM-DD" in text[(7, "start_date")]
    assert "no account or row for ghost@example.org" in text[(6, "supervisor_email")]
    assert "not an active supervisor" in text[(7, "supervisor_email")]
    assert "cannot supervise themselves" in text[(8, "supervisor_email")]
    assert "unknown role 'wizard'" in text[(6, "roles")]


def test_all_or_nothing_by_default_and_valid_only_on_request(org):
    mixed = GOOD + "taken@example.org,Taken,trainee,,,,,,\n"
    before = _count_users()
    report = _check(mixed)
    with pytest.raises(importing.ImportRefused, match="import only the valid rows"):
        importing.apply(report, valid_only=False, by_id=None)
    db.session.rollback()
    assert _count_users() == before and messages("amy@example.org") == []
    done = importing.apply(_check(mixed), valid_only=True, by_id=None)
    assert done.people == 3 and _count_users() == before + 3


def test_valid_only_leaves_out_rows_whose_supervisor_row_is_bad(org):
    text = (
        HEADER
        + "ben@example.org,Ben,supervisor,Nowhere,,,,,\n"  # bad team
        + "cat@example.org,Cat,trainee,,,,,,ben@example.org\n"
    )
    report = _check(text)
    cat = report.rows[1]
    assert not cat.valid and "own row (line 2) has problems" in cat.problems[0].message


def test_admin_upload_preview_confirm(client, make, org, login):
    admin = make.user(Role.ADMIN, email="boss@example.org")
    login(admin)
    upload = client.post(
        "/admin/admin_import/",
        data={"file": (io.BytesIO(GOOD.encode()), "people.csv")},
        content_type="multipart/form-data",
    )
    assert upload.status_code == 302
    staged_url = upload.headers["Location"]
    staged_id = re.search(r"/admin/admin_import/([^/]+)/", staged_url).group(1)
    row = db.session.get(StagedImport, staged_id)
    assert row.content == GOOD.encode()  # on the server, not in the cookie
    assert staged_id not in client.get_cookie("peertrain_session").value
    preview = client.get(staged_url).get_data(as_text=True)
    assert "3 rows: 3 ready to import, 0 with problems." in preview
    assert "Import all 3 people" in preview and _count_users() == 4
    done = client.post(staged_url, data={"mode": "all"})
    assert done.status_code == 302 and done.headers["Location"].endswith(
        "/admin/admin_invitations/"
    )
    assert _count_users() == 7
    assert db.session.get(StagedImport, staged_id) is None
    assert client.post(staged_url, data={"mode": "all"}).status_code == 404  # used up
    listing = client.get("/admin/admin_invitations/").get_data(as_text=True)
    assert "Amy Able" in listing and "pending" in listing


def test_admin_preview_with_problems_offers_only_valid_rows(client, make, org, login):
    login(make.user(Role.ADMIN, email="boss@example.org"))
    mixed = GOOD + "taken@example.org,Taken,trainee,,,,,,\n"
    upload = client.post(
        "/admin/admin_import/",
        data={"file": (io.BytesIO(mixed.encode()), "people.csv")},
        content_type="multipart/form-data",
    )
    url = upload.headers["Location"]
    preview = client.get(url).get_data(as_text=True)
    assert "4 rows: 3 ready to import, 1 with problems." in preview
    assert "Import only the 3 valid rows" in preview and "Import all" not in preview
    assert "an account with this email already exists." in preview
    refused = client.post(url, data={"mode": "all"})
    assert refused.status_code == 400 and "Nothing is imported" in refused.get_data(as_text=True)
    assert find_user_by_email("amy@example.org") is None
    assert client.post(url, data={"mode": "valid"}).status_code == 302
    assert find_user_by_email("amy@example.org") is not None


def test_admin_upload_without_file_and_another_admins_upload(app, client, make, org, login):
    admin = make.user(Role.ADMIN, email="boss@example.org")
    other = make.user(Role.ADMIN, email="other@example.org")
    login(admin)
    empty = client.post("/admin/admin_import/", data={}, content_type="multipart/form-data")
    assert empty.status_code == 400
    assert "Choose a CSV file to upload." in empty.get_data(as_text=True)
    staged_id = importing.stage(GOOD.encode(), "theirs.csv", other.id)
    assert client.get(f"/admin/admin_import/{staged_id}/").status_code == 404
    assert client.post(f"/admin/admin_import/{staged_id}/", data={"mode": "all"}).status_code == 404
    assert _count_users() == 5
    refusals = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "import_preview")
    ).all()
    assert [r.outcome for r in refusals] == ["refused", "refused"]


def test_admin_may_not_make_themselves_a_supervisor_by_import(client, make, org, login):
    admin = make.user(Role.ADMIN, Role.SUPERVISOR, email="boss@example.org")
    report = importing.check(
        (HEADER + "z@example.org,Zed,trainee,,,,,,boss@example.org\n").encode(),
        actor_email=admin.email,
    )
    assert "another administrator" in report.rows[0].problems[0].message


def test_cli_import_dry_run_then_import(app, org, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text(GOOD + "taken@example.org,Taken,trainee,,,,,,\n", encoding="utf-8")
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["users", "import", str(path), "--dry-run"])
    assert dry.exit_code == 1
    assert "line 5, email: an account with this email already exists." in dry.output
    assert "4 rows: 3 valid, 1 with problems." in dry.output and "nothing imported" in dry.output
    assert find_user_by_email("amy@example.org") is None
    refused = runner.invoke(args=["users", "import", str(path)])
    assert refused.exit_code != 0 and "Nothing imported" in refused.output
    done = runner.invoke(args=["users", "import", str(path), "--valid-only"])
    assert done.exit_code == 0, done.output
    assert "Imported 3 people" in done.output and "2 supervision assignments" in done.output
    fresh = GOOD.replace("amy@", "amy2@").replace("ben@", "ben2@").replace("cat@", "cat2@")
    path.write_text(fresh, encoding="utf-8")
    clean = runner.invoke(args=["users", "import", str(path), "--dry-run"])
    assert clean.exit_code == 0 and "3 rows: 3 valid, 0 with problems." in clean.output
