"""Training certificates (issue 15): the type is decided by content, not name or declared type;
size-limited; stored under CERTIFICATE_DIR only, with a random name and its sha256; served
only to the worker and their supervisors (former ones for their period), every download
audited; nosniff, PDFs as attachments and images inline."""

from __future__ import annotations

import hashlib
import io
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from peertrain.clock import today
from peertrain.extensions import db
from peertrain.models import TrainingRecord

from .certification_hours_cast import JPEG, PDF, PNG, audited, cast, training_form


@pytest.fixture
def config_overrides(tmp_path):
    return {"CERTIFICATE_DIR": str(tmp_path / "certs"), "CERTIFICATE_MAX_BYTES": 2048}


@pytest.fixture
def people(make):
    return cast(make)


def _post(client, worker, content: bytes, filename: str, mimetype="application/pdf", **over):
    data = training_form(**over) | {"certificate": (io.BytesIO(content), filename, mimetype)}
    return client.post(
        f"/certification/people/{worker.id}/training", data=data, content_type="multipart/form-data"
    )


def _stored(app) -> list[Path]:
    folder = Path(app.config["CERTIFICATE_DIR"])
    return sorted(folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"<html><script>alert(1)</script></html>", "certificate.pdf"),
        (b"MZ\x90\x00\x03\x00\x00\x00", "certificate.pdf"),
        (b"GIF89a......", "photo.png"),
    ],
)
def test_a_file_that_is_not_really_a_pdf_or_image_is_refused(
    app, client, login, people, content, name
):
    login(people.worker)
    response = _post(client, people.worker, content, name)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "is not a PDF, PNG or JPEG file (whatever its name says)" in html
    assert "Trauma-informed practice" in html  # the rest of the form is kept
    assert db.session.scalar(select(TrainingRecord.id)) is None and _stored(app) == []


def test_an_oversize_file_is_refused_with_the_limit(app, client, login, people):
    login(people.worker)
    response = _post(client, people.worker, PDF + b"0" * 4096, "big.pdf")
    assert response.status_code == 400
    assert "larger than 0.00195312 MB" in response.get_data(
        as_text=True
    ) or "larger than" in response.get_data(as_text=True)
    assert _stored(app) == []


def test_past_the_request_limit_the_page_explains_instead_of_failing(app, client, login, people):
    app.config["MAX_CONTENT_LENGTH"] = 4096
    login(people.worker)
    response = _post(client, people.worker, PDF + b"0" * 8192, "huge.pdf")
    assert response.status_code == 413
    assert "too large to receive" in response.get_data(as_text=True)


def test_a_path_trick_in_the_name_never_reaches_the_disk(app, client, login, people):
    login(people.worker)
    assert _post(client, people.worker, PDF, "../../etc/passwd").status_code == 302
    row = db.session.scalar(select(TrainingRecord))
    files = _stored(app)
    assert [f.name for f in files] == [row.file_stored_name]
    assert row.file_stored_name.endswith(".pdf") and len(row.file_stored_name) == 36
    assert "passwd" not in row.file_stored_name and row.file_original_name == "passwd"
    assert files[0].resolve().parent == Path(app.config["CERTIFICATE_DIR"]).resolve()
    assert row.file_sha256 == hashlib.sha256(PDF).hexdigest() and row.file_size == len(PDF)
    assert row.file_content_type == "application/pdf"


@pytest.mark.parametrize(
    ("content", "kind", "inline"),
    [(PDF, "application/pdf", False), (PNG, "image/png", True), (JPEG, "image/jpeg", True)],
)
def test_the_worker_downloads_with_safe_headers_and_it_is_audited(
    client, login, people, content, kind, inline
):
    login(people.worker)
    _post(client, people.worker, content, "scan.bin", mimetype="text/html")
    row = db.session.scalar(select(TrainingRecord))
    response = client.get(f"/certification/people/{people.worker.id}/training/{row.id}/certificate")
    assert response.status_code == 200 and response.data == content
    assert response.mimetype == kind  # from the content, not the declared text/html
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    disposition = response.headers["Content-Disposition"]
    assert (
        disposition.startswith("inline" if inline else "attachment") and "scan.bin" in disposition
    )
    assert len(audited("certification.certificate.download", "success")) == 1


def _record(people, days_ago: int) -> TrainingRecord:
    from peertrain.certification import uploads

    day = today() - timedelta(days=days_ago)
    row = TrainingRecord(
        worker_id=people.worker.id,
        title="Course",
        provider="P",
        started_on=day,
        ended_on=day,
        minutes=60,
        domains=["ADV"],
        file_stored_name=uploads._write(PDF, ".pdf"),
        file_original_name="c.pdf",
        file_content_type="application/pdf",
        file_size=len(PDF),
        file_sha256="0" * 64,
    )
    db.session.add(row)
    db.session.commit()
    return row


@pytest.mark.parametrize(
    ("who", "days_ago", "status"),
    [
        ("worker", 90, 200),
        ("boss", 90, 200),  # current supervisor: any record of the worker
        ("former", 90, 200),  # former supervisor: a record from their period
        ("former", 10, 403),  # ... but not one from after it
        ("stranger", 10, 403),
        ("manager", 10, 403),
        ("admin", 10, 403),
    ],
)
def test_who_may_download(client, login, people, who, days_ago, status):
    row = _record(people, days_ago)
    login(getattr(people, who))
    response = client.get(f"/certification/people/{people.worker.id}/training/{row.id}/certificate")
    assert response.status_code == status
    if status == 403:
        assert audited("certification.certificate.download", "denied")
        assert PDF not in response.data
