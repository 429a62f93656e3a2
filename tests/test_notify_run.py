"""flask reminders send: idempotent across runs and days, --dry-run equal to the real run, and
no private text in any message or notification."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

import peertrain.clock
from peertrain.clock import today
from peertrain.extensions import db
from peertrain.models import Notification, OutboxMessage, Preference, Role, Setting
from peertrain.targets import get_target

from .conftest import IS_POSTGRES


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def org(make):
    """Something of every reminder kind due today, and a digest to send."""
    team = make.team("Harbour")
    sup = make.user(Role.SUPERVISOR, team=team, name="Sam Supervisor")
    a = make.user(Role.TRAINEE, team=team, name="Amara")
    b = make.user(Role.TRAINEE, team=team, name="Ben")
    for p in (a, b):
        make.assign(sup, p)
    boss = make.user(Role.MANAGER, name="Mo Manager")
    make.scope(boss, team)
    on = today()
    sess = make.session(sup, a, held_on=on - timedelta(days=12))  # Amara: due in 2 days
    make.session(sup, b, held_on=on - timedelta(days=20))  # Ben: overdue
    make.action(sess, a, due_on=on + timedelta(days=2))
    make.action(sess, a, due_on=on + timedelta(days=5))  # comes into the window later
    make.action(sess, b, due_on=on - timedelta(days=2))
    module = make.module("run-module")
    make.pathway(module)
    a.start_date = on - timedelta(days=int(get_target("required_modules_due_days")) - 7)
    # The module is due at the end of the whole period, not one spacing after the start.
    db.session.add(Setting(key="module_due_spacing_days", value="365"))
    db.session.add(Preference(user_id=sup.id, kind="supervision_overdue", delivery="digest"))
    db.session.commit()
    return {"sup": sup, "a": a, "b": b, "boss": boss, "on": on}


def run(app, monkeypatch, day, *args) -> list[str]:
    monkeypatch.setattr(peertrain.clock, "today", lambda: day)
    result = app.test_cli_runner().invoke(args=["reminders", "send", *args])
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def test_dry_run_lists_exactly_what_the_real_run_sends_and_writes_nothing(app, org, monkeypatch):
    on = org["on"]
    planned = run(app, monkeypatch, on, "--dry-run")
    assert count(Notification) == 0 and count(OutboxMessage) == 0
    sent = run(app, monkeypatch, on)
    assert [line.replace("would send", "sent", 1) for line in planned[:-1]] == sent[:-1]
    kinds = {line.split()[2] for line in planned[:-1]}
    assert kinds == {
        "action_due",
        "action_overdue",
        "modules_due",
        "supervision_due",
        "supervision_overdue",
        "findings_digest",
        "digest",
    }
    assert planned[-1].startswith("Would send ") and sent[-1].startswith("Sent ")
    n = len([line for line in sent if " digest to " not in line]) - 1
    assert sent[-1] == f"Sent {n} reminders and 1 digest for {on.isoformat()}."
    assert count(Notification) == n


def test_running_again_the_same_day_sends_nothing(app, org, monkeypatch):
    on = org["on"]
    run(app, monkeypatch, on)
    before = (count(Notification), count(OutboxMessage))
    for _ in range(3):
        assert run(app, monkeypatch, on) == [f"Sent 0 reminders and 0 digests for {on}."]
        assert run(app, monkeypatch, on, "--dry-run") == [
            f"Would send 0 reminders and 0 digests for {on}."
        ]
    assert (count(Notification), count(OutboxMessage)) == before


def test_later_days_send_only_what_is_new(app, org, monkeypatch):
    from peertrain.notify.findings import week_of

    on = org["on"]
    weeks = {week_of(on)}

    def findings_expected(day) -> int:
        new = week_of(day) not in weeks
        weeks.add(week_of(day))
        return int(new)  # one manager: a digest only on the first run of a new ISO week

    run(app, monkeypatch, on)
    keys = set(db.session.scalars(select(Notification.dedupe_key)))
    # Next day: nothing repeats; nothing new is due yet (bar a new week's findings).
    day = on + timedelta(days=1)
    lines = run(app, monkeypatch, day)
    assert lines[-1].startswith(f"Sent {findings_expected(day)} reminder")
    # Three days on: the later action enters its 3-day window, and Amara's supervision and
    # first action are now overdue: new subjects and periods, each once.
    day = on + timedelta(days=3)
    lines = run(app, monkeypatch, day)
    new = set(db.session.scalars(select(Notification.dedupe_key))) - keys
    assert {k.split(":")[0] for k in new} - {"findings"} == {
        "action_due",
        "action_overdue",
        "supervision_overdue",
    }
    assert run(app, monkeypatch, day)[-1].startswith("Sent 0 reminders")
    # Two weeks on is always an ISO week not yet run: one new findings digest for the manager.
    day = on + timedelta(days=14)
    assert sum("findings_digest to" in line for line in run(app, monkeypatch, day)) == 1
    assert run(app, monkeypatch, day)[-1].startswith("Sent 0 reminders")
    assert count(Notification) == len(set(db.session.scalars(select(Notification.dedupe_key))))


def test_two_hosts_at_once_send_each_reminder_once(org):
    """Both computed the same list before either wrote: the constraint lets one row through."""
    from peertrain.notify import reminders
    from peertrain.notify import run as runner

    first = reminders.pending(org["on"])
    assert len(runner.send(org["on"], first).reminders) == len(first)
    assert runner.send(org["on"], first).reminders == []
    assert count(Notification) == len(first)


PLANTED = {
    "what_happened": "PLANT-WHAT-HAPPENED-7731",
    "what_it_meant": "PLANT-WHAT-IT-MEANT-7732",
    "what_next": "PLANT-WHAT-NEXT-7733",
    "action": "PLANT-ACTION-DESCRIPTION-7734",
    "flag": "PLANT-FLAG-SUMMARY-7735",
    "cancel": "PLANT-CANCEL-NOTE-7736",
    "session_reflection": "PLANT-SESSION-REFLECTION-7737",
    "module_reflection": "PLANT-MODULE-REFLECTION-7738",
    "rating": "PLANT-RATING-NOTE-7739",
}


def test_no_private_text_reaches_any_message_or_notification(
    app, client, login, make, org, monkeypatch
):
    sup, a, b, on = org["sup"], org["a"], org["b"], org["on"]
    login(sup)
    data = {
        "supervisees": [a.id, b.id],
        "format": "group",
        "held_on": (on - timedelta(days=1)).isoformat(),
        "minutes": "60",
        "setting": "in_person",
        "topics": ["boundaries"],
        "what_happened": PLANTED["what_happened"],
        "what_it_meant": PLANTED["what_it_meant"],
        "what_next": PLANTED["what_next"],
        "actions-0-description": PLANTED["action"],
        "actions-0-owner": str(a.id),
        "actions-0-due_on": (on + timedelta(days=1)).isoformat(),
        "flags-0-kind": "workload",
        "flags-0-supervisee": str(b.id),
        "flags-0-manager_summary": PLANTED["flag"],
    }
    assert client.post("/supervision/sessions/new", data=data).status_code == 302
    cancel = {
        "supervisees": [b.id],
        "held_on": on.isoformat(),
        "setting": "remote",
        "reason": "other",
        "cancel_note": PLANTED["cancel"],
    }
    assert client.post("/supervision/sessions/cancel", data=cancel).status_code == 302
    sid = db.session.scalar(select(Notification.link).where(Notification.user_id == a.id))
    client.post("/auth/logout")
    login(a)
    form = {"reflection": PLANTED["session_reflection"]}
    assert client.post(f"{sid}/reflection", data=form).status_code == 302
    url = "/training/run-module/reflections/r1"
    form = {"p0-text": PLANTED["module_reflection"], "p0-submit": "Submit"}
    assert client.post(url, data=form).status_code == 302
    framework = make.competency_framework()
    make.competency_rating(
        a, next(iter(framework.values())), 2, "supervisor", rater=sup, note=PLANTED["rating"]
    )
    for day in (on, on + timedelta(days=1), on + timedelta(days=8)):
        run(app, monkeypatch, day)
    texts = [
        t
        for m in db.session.scalars(select(OutboxMessage))
        for t in (m.subject, m.body_text, m.body_html)
    ] + [n.title + " " + n.link for n in db.session.scalars(select(Notification))]
    kinds = set(db.session.scalars(select(OutboxMessage.kind)))
    assert {"record_to_acknowledge", "action_due", "findings_digest", "digest"} <= kinds
    assert "reflection_submitted" in set(db.session.scalars(select(Notification.kind)))
    for planted in PLANTED.values():
        assert not [t for t in texts if planted in t], planted


@pytest.mark.skipif(not IS_POSTGRES, reason="two real connections racing need PostgreSQL")
def test_two_hosts_racing_on_postgresql_send_each_reminder_and_digest_once(app, org):
    """Two runs at the same moment, each on its own connection: every row passes the
    existence check in both, and the unique constraints let exactly one through."""
    import threading

    from peertrain.notify import reminders
    from peertrain.notify import run as runner

    on = org["on"]
    expected = len(reminders.pending(on))
    db.session.rollback()
    start = threading.Barrier(2)
    results, errors = [], []

    def host():
        try:
            with app.app_context():
                planned = reminders.pending(on)  # both plan everything before either writes
                start.wait(timeout=30)
                results.append(runner.send(on, planned))
                db.session.remove()
        except Exception as error:  # surfaced below, not lost in the thread
            errors.append(error)

    threads = [threading.Thread(target=host) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    assert sum(len(r.reminders) for r in results) == expected == count(Notification)
    assert sum(len(r.digests) for r in results) == 1
    digests = db.session.scalar(
        select(func.count()).select_from(OutboxMessage).where(OutboxMessage.kind == "digest")
    )
    assert digests == 1
