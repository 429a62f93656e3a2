"""Development .eml delivery and the `flask mail` commands."""

from __future__ import annotations

from email import message_from_bytes, policy

import pytest

from peertrain.models.mail import OutboxStatus

from .mail_helpers import outbox, queue


@pytest.fixture
def config_overrides(tmp_path):
    return {"MAIL_SMTP_HOST": "", "MAIL_OUTBOX_DIR": str(tmp_path / "outbox")}


def test_without_an_smtp_host_messages_become_eml_files_through_the_worker(app, tmp_path):
    msg = queue("dev@example.org")
    folder = tmp_path / "outbox"
    assert (
        not folder.exists()
    )  # nothing written until the worker runs: it still goes via the outbox
    result = app.test_cli_runner().invoke(args=["mail", "deliver"])
    assert result.exit_code == 0, result.output
    assert f".eml files in {folder}" in result.output
    assert "Sent 1, retrying 0, failed 0." in result.output
    files = sorted(p.name for p in folder.iterdir())
    assert files == [f"{msg.id}.eml"]
    parsed = message_from_bytes((folder / files[0]).read_bytes(), policy=policy.default)
    assert parsed["To"] == "dev@example.org" and parsed["Message-ID"] == msg.message_id
    assert parsed.get_content_type() == "multipart/alternative"
    [row] = outbox()
    assert row.status == OutboxStatus.SENT


def test_mail_status_counts_by_status(app):
    queue("a@example.org")
    queue("b@example.org")
    runner = app.test_cli_runner()
    runner.invoke(args=["mail", "deliver", "--limit", "1"])
    result = runner.invoke(args=["mail", "status"])
    assert result.exit_code == 0
    lines = dict(line.split() for line in result.output.splitlines())
    assert lines == {"queued": "1", "sending": "0", "sent": "1", "failed": "0"}


def test_send_test_queues_a_message_and_requeue_refuses_what_has_not_failed(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["mail", "send-test", "--to", "ops@example.org"])
    assert result.exit_code == 0 and "Queued test message" in result.output
    [row] = outbox()
    assert (row.recipient, row.kind, row.status) == ("ops@example.org", "test", "queued")
    result = runner.invoke(args=["mail", "requeue", str(row.id)])
    assert result.exit_code != 0 and f"No failed message with id {row.id}" in result.output


def test_a_server_that_is_down_exits_with_tempfail(app):
    app.config.update(MAIL_SMTP_HOST="127.0.0.1", MAIL_SMTP_PORT=1, MAIL_SMTP_SECURITY="none")
    queue()
    result = app.test_cli_runner().invoke(args=["mail", "deliver"])
    assert result.exit_code == 75
    assert "mail server is unavailable" in result.output
    [row] = outbox()
    assert row.status == OutboxStatus.QUEUED


def test_run_forever_keeps_passing_until_stopped(app, tmp_path):
    import threading

    from peertrain.mail.worker import run_forever

    queue("a@example.org")
    stop, seen = threading.Event(), []

    def on_pass(result):
        seen.append(result.sent)
        if len(seen) == 1:
            queue("b@example.org")  # arrives while the worker runs: the next pass sends it
        else:
            stop.set()

    run_forever(0.01, stop, on_pass=on_pass)
    assert seen == [1, 1]
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == 2


def test_a_mistyped_security_setting_is_refused_plainly(app):
    app.config.update(MAIL_SMTP_HOST="smtp.example.org", MAIL_SMTP_SECURITY="ssl")
    queue()
    result = app.test_cli_runner().invoke(args=["mail", "deliver"])
    assert result.exit_code == 1
    assert "MAIL_SMTP_SECURITY must be one of none, starttls, tls" in result.output
    [row] = outbox()
    assert (row.status, row.attempts) == (OutboxStatus.QUEUED, 0)


def test_prune_deletes_old_sent_and_failed_but_never_queued(app, monkeypatch):
    from datetime import timedelta

    from peertrain import clock
    from peertrain.extensions import db

    old_sent, old_failed, old_queued = queue("a@x.org"), queue("b@x.org"), queue("c@x.org")
    recent = queue("d@x.org")
    old_sent.status, old_failed.status = OutboxStatus.SENT, OutboxStatus.FAILED
    recent.status = OutboxStatus.SENT
    later = recent.created_at + timedelta(days=31)
    for row in (old_sent, old_failed, old_queued):
        row.created_at -= timedelta(days=5)
    recent.created_at = later - timedelta(days=2)
    db.session.commit()
    monkeypatch.setattr(clock, "utcnow", lambda: later)
    result = app.test_cli_runner().invoke(args=["mail", "prune"])
    assert "Deleted 2 sent or failed message(s) older than 30 days." in result.output
    assert [r.recipient for r in outbox()] == ["c@x.org", "d@x.org"]


def test_a_stop_request_is_honoured_before_the_next_message(app, tmp_path):
    import threading

    from peertrain.mail.worker import deliver_due

    for i in range(3):
        queue(f"s{i}@example.org")
    stop = threading.Event()
    stop.set()
    assert deliver_due(stop=stop).sent == 0
    assert [r.status for r in outbox()] == [OutboxStatus.QUEUED] * 3
