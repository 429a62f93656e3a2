"""My data exports over their life: asked for, built (at once or by `flask exports build`),
downloaded once by the person alone, expired after 7 days; every step audited."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from flask import current_app
from sqlalchemy import select

from peertrain.clock import utcnow
from peertrain.extensions import db
from peertrain.models import AuditEvent, ExportRequest, ExportStatus
from peertrain.privacy import export_data, export_services

from . import privacy_me_cast
from .privacy_me_cast import MINE


@pytest.fixture(autouse=True)
def _own_export_dir(app, tmp_path):
    """Each test's archives in a folder of its own, so what is left behind can be counted."""
    app.config["EXPORT_DIR"] = str(tmp_path / "exports")


def _files() -> set[str]:
    folder = Path(current_app.config["EXPORT_DIR"])
    return {p.name for p in folder.iterdir()} if folder.exists() else set()


def _actions(request_id: int) -> list[tuple[str, str, int | None]]:
    rows = db.session.execute(
        select(AuditEvent.action, AuditEvent.outcome, AuditEvent.actor_id)
        .where(AuditEvent.record_type == "export_request", AuditEvent.record_id == str(request_id))
        .order_by(AuditEvent.id)
    )
    return [tuple(r) for r in rows]


def _latest(user) -> ExportRequest:
    db.session.expire_all()
    stmt = select(ExportRequest).where(ExportRequest.user_id == user.id)
    return db.session.scalars(stmt.order_by(ExportRequest.id.desc())).first()


def test_a_small_export_is_built_at_once_and_downloads_once(app, make, client, login):
    cast = privacy_me_cast.build(make)
    login(cast.worker)
    response = client.post("/my-data/export", follow_redirects=True)
    assert "Your export is ready to download." in response.get_data(as_text=True)
    req = _latest(cast.worker)
    assert req.status == ExportStatus.READY and req.file_name in _files()
    assert req.expires_at == req.ready_at + timedelta(days=7)
    assert (Path(current_app.config["EXPORT_DIR"]) / req.file_name).stat().st_mode & 0o077 == 0

    got = client.post(f"/my-data/export/{req.id}/download")
    assert got.status_code == 200 and got.mimetype == "application/zip"
    assert "attachment" in got.headers["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(got.data)) as zf:
        data = json.loads(zf.read("export.json"))
    assert data["reflections"][0]["text"] == MINE["module_reflection"]
    assert _latest(cast.worker).status == ExportStatus.DOWNLOADED
    assert _files() == set()  # deleted once downloaded

    again = client.post(f"/my-data/export/{req.id}/download")
    assert again.status_code == 410
    assert "That export is downloaded: ask for a new one." in again.get_data(as_text=True)
    me = cast.worker.id
    assert _actions(req.id) == [
        ("export_request", "success", me),
        ("export_build", "success", me),
        ("export_download", "success", me),
        ("export_download", "gone", me),
    ]


@pytest.mark.parametrize("who", ["sup", "co", "stranger"])
def test_nobody_else_downloads_it_and_the_attempt_is_audited(app, make, client, login, who):
    cast = privacy_me_cast.build(make)
    req = ExportRequest(user_id=cast.worker.id)
    db.session.add(req)
    db.session.commit()
    export_services.build(req.id)
    login(getattr(cast, who))
    assert client.post(f"/my-data/export/{req.id}/download").status_code == 404
    assert _latest(cast.worker).status == ExportStatus.READY and len(_files()) == 1
    assert _actions(req.id)[-1] == ("export_download", "denied", getattr(cast, who).id)
    page = client.get("/my-data/export").get_data(as_text=True)
    assert f"/my-data/export/{req.id}/download" not in page


@pytest.mark.parametrize("config_overrides", [{"EXPORT_INLINE_MAX_ROWS": 0}])
def test_a_large_export_waits_for_the_command(app, make, client, login):
    cast = privacy_me_cast.build(make)
    login(cast.worker)
    page = client.post("/my-data/export", follow_redirects=True).get_data(as_text=True)
    assert "Your export is being prepared." in page and "Waiting to be built" in page
    assert "Prepare my data" not in page  # one open request at a time
    refused = client.post("/my-data/export")
    assert refused.status_code == 409
    assert "Your export is already waiting to be built." in refused.get_data(as_text=True)
    assert _files() == set()

    result = app.test_cli_runner().invoke(args=["exports", "build"])
    assert result.exit_code == 0, result.output
    assert "Exports: 1 built, 0 expired, 0 stale builds put back in the queue." in result.output
    assert _latest(cast.worker).status == ExportStatus.READY
    again = app.test_cli_runner().invoke(args=["exports", "build"])
    assert "Exports: 0 built" in again.output  # idempotent: nothing left waiting
    assert "Download (once)" in client.get("/my-data/export").get_data(as_text=True)


def test_an_archive_not_downloaded_expires_and_is_deleted(app, make, client, login):
    cast = privacy_me_cast.build(make)
    login(cast.worker)
    client.post("/my-data/export")
    req = _latest(cast.worker)
    req.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    counts = export_services.run_pending()
    assert counts["expired"] == 1 and _files() == set()
    assert _latest(cast.worker).status == ExportStatus.EXPIRED
    assert [a for a, _, _ in _actions(req.id)] == [
        "export_request",
        "export_build",
        "export_expired",
    ]
    gone = client.post(f"/my-data/export/{req.id}/download")
    assert gone.status_code == 410 and "That export is expired" in gone.get_data(as_text=True)
    # Expired, so no longer open: a new one may be asked for.
    assert client.post("/my-data/export").status_code == 302


def test_an_expiry_passed_before_the_command_ran_still_refuses_the_download(
    app, make, client, login
):
    cast = privacy_me_cast.build(make)
    login(cast.worker)
    client.post("/my-data/export")
    req = _latest(cast.worker)
    req.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert client.post(f"/my-data/export/{req.id}/download").status_code == 410
    assert _files() == set() and _latest(cast.worker).status == ExportStatus.EXPIRED


def test_a_failed_build_is_recorded_and_leaves_no_file(app, make, client, login, monkeypatch):
    cast = privacy_me_cast.build(make)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(export_data, "collect", broken)
    login(cast.worker)
    page = client.post("/my-data/export", follow_redirects=True).get_data(as_text=True)
    assert "Could not be built" in page and "Prepare my data" in page
    req = _latest(cast.worker)
    assert req.status == ExportStatus.FAILED and _files() == set()
    assert _actions(req.id)[-1] == ("export_build", "failed", cast.worker.id)


def test_a_build_that_died_is_put_back_and_built_again(app, make):
    cast = privacy_me_cast.build(make)
    req = ExportRequest(
        user_id=cast.worker.id,
        status=ExportStatus.BUILDING,
        started_at=utcnow() - timedelta(hours=2),
    )
    db.session.add(req)
    db.session.commit()
    assert export_services.run_pending() == {"expired": 0, "restarted": 1, "built": 1}
    assert _latest(cast.worker).status == ExportStatus.READY


def test_two_builders_never_build_the_same_request(app, make):
    cast = privacy_me_cast.build(make)
    req = ExportRequest(user_id=cast.worker.id)
    db.session.add(req)
    db.session.commit()
    assert export_services.build(req.id) is True
    assert export_services.build(req.id) is False
    assert len(_files()) == 1
