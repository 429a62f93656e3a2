"""Who hears about what: each event's and reminder's recipients, and preferences respected."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from peertrain.clock import today
from peertrain.extensions import db
from peertrain.models import (
    Notification,
    OutboxMessage,
    Preference,
    Role,
    Setting,
)
from peertrain.notify.run import send
from peertrain.targets import get_target


def notes(user=None) -> list[tuple[str, str, str]]:
    """(person's name, kind, dedupe key) of every notification, in order."""
    stmt = select(Notification).order_by(Notification.id)
    if user is not None:
        stmt = stmt.where(Notification.user_id == user.id)
    from peertrain.models import User

    return [
        (db.session.get(User, n.user_id).name, n.kind, n.dedupe_key)
        for n in db.session.scalars(stmt)
    ]


def mails() -> list[tuple[str, str]]:
    return [
        (m.recipient, m.kind)
        for m in db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
    ]


def of_kind(result, prefix: str) -> list:
    return [r for r in result.reminders if r.kind.startswith(prefix)]


@pytest.fixture
def cast(make):
    team = make.team("Riverside")
    sup = make.user(Role.SUPERVISOR, team=team, name="Sam Supervisor")
    a = make.user(Role.TRAINEE, team=team, name="Amara")
    b = make.user(Role.TRAINEE, team=team, name="Ben")
    c = make.user(Role.TRAINEE, team=team, name="Chloe")
    for p in (a, b, c):
        make.assign(sup, p)
    return sup, a, b, c


def session_form(people, **over) -> dict:
    data = {
        "supervisees": [p.id for p in people],
        "format": "individual" if len(people) == 1 else "group",
        "held_on": (today() - timedelta(days=1)).isoformat(),
        "minutes": "60",
        "setting": "in_person",
        "topics": ["boundaries"],
        "what_happened": "What happened.",
        "what_it_meant": "What it meant.",
        "what_next": "What next.",
    }
    data.update(over)
    return data


def test_a_saved_session_asks_each_supervisee_to_acknowledge(client, login, cast):
    sup, a, b, c = cast
    login(sup)
    response = client.post("/supervision/sessions/new", data=session_form([a, b]))
    assert response.status_code == 302
    link = response.headers["Location"]
    sid = link.rsplit("/", 1)[1]
    assert notes() == [
        ("Amara", "record_to_acknowledge", f"record:{sid}"),
        ("Ben", "record_to_acknowledge", f"record:{sid}"),
    ]
    assert {n.link for n in db.session.scalars(select(Notification))} == {link}
    assert mails() == [(a.email, "record_to_acknowledge"), (b.email, "record_to_acknowledge")]
    title = db.session.scalar(select(Notification.title))
    assert title.startswith("Sam Supervisor recorded your supervision of ")


def test_a_cancelled_session_has_nothing_to_acknowledge(client, login, cast):
    sup, a, *_ = cast
    login(sup)
    data = {
        "supervisees": [a.id],
        "held_on": today().isoformat(),
        "setting": "remote",
        "reason": "no_time_or_room",
    }
    assert client.post("/supervision/sessions/cancel", data=data).status_code == 302
    assert notes() == [] and mails() == []


def test_a_submitted_reflection_goes_to_the_current_supervisor_only(client, login, make, cast):
    sup, a, *_ = cast
    former = make.user(Role.SUPERVISOR, name="Former Supervisor")
    make.assign(former, a, start=today() - timedelta(days=90), end=today() - timedelta(days=1))
    module = make.module("reflect", title="Boundaries in practice")
    make.pathway(module)
    login(a)
    url = "/training/reflect/reflections/r1"
    client.post(url, data={"p0-text": "A draft.", "p0-save": "Save draft"})
    assert notes() == []
    client.post(url, data={"p0-text": "Fuller thoughts.", "p0-submit": "Submit"})
    client.post(url, data={"p0-text": "Edited after.", "p0-submit": "Submit"})
    [row] = db.session.scalars(select(Notification)).all()
    assert (row.user_id, row.kind) == (sup.id, "reflection_submitted")
    assert row.title == "Amara submitted a reflection on Boundaries in practice"
    assert row.link == f"/training/supervisees/{a.id}"
    # The reflection kind defaults to the daily digest: no mail now.
    assert row.digest_pending is True and mails() == []


def test_actions_due_in_three_days_and_overdue_go_to_their_owner(make, cast):
    sup, a, b, _ = cast
    sess = make.session(sup, a, b)
    on = today()
    soon = make.action(sess, a, due_on=on + timedelta(days=3))
    make.action(sess, a, due_on=on + timedelta(days=4))  # not yet
    late = make.action(sess, b, due_on=on - timedelta(days=1))
    make.action(sess, b, due_on=on - timedelta(days=5), done=True)  # done: nothing
    make.action(sess, sup)  # no due date: nothing
    mine = make.action(sess, sup, due_on=on)
    sent = of_kind(send(on), "action_")
    assert sorted((r.user.name, r.kind, r.dedupe_key) for r in sent) == sorted(
        [
            ("Amara", "action_due", f"action_due:{soon.id}:{soon.due_on}"),
            ("Ben", "action_overdue", f"action_overdue:{late.id}:{late.due_on}"),
            ("Sam Supervisor", "action_due", f"action_due:{mine.id}:{mine.due_on}"),
        ]
    )
    links = db.session.scalars(select(Notification.link).where(Notification.kind.like("action_%")))
    assert set(links) == {f"/supervision/sessions/{sess.id}"}


def test_modules_due_in_fourteen_days_and_overdue_go_to_the_trainee(make, cast):
    _, a, b, c = cast
    days = int(get_target("required_modules_due_days"))
    # A spacing as long as the whole period: both modules share the one (capped) due date.
    db.session.add(Setting(key="module_due_spacing_days", value=str(days)))
    on = today()
    one, two = make.module("m-one"), make.module("m-two")
    make.pathway(one, two)
    a.start_date = on - timedelta(days=days - 10)  # due in 10 days, nothing done
    b.start_date = on - timedelta(days=days + 1)  # due yesterday, one of two done
    c.start_date = on - timedelta(days=days - 10)  # due in 10 days, both done
    db.session.commit()
    make.progress(b, one, completed=True)
    make.progress(c, one, completed=True)
    make.progress(c, two, completed=True)
    sent = of_kind(send(on), "modules_")
    got = sorted((r.user.name, r.kind, r.dedupe_key, r.title) for r in sent)
    a_due, b_due = on + timedelta(days=10), on - timedelta(days=1)
    from peertrain.formatting import short_date

    assert got == [
        (
            "Amara",
            "modules_due",
            f"modules_due:{a_due}",
            f"2 required training modules are due by {short_date(a_due)}",
        ),
        (
            "Ben",
            "modules_overdue",
            f"modules_overdue:{b_due}",
            f"1 required training module was due on {short_date(b_due)}",
        ),
    ]
    links = db.session.scalars(select(Notification.link).where(Notification.kind.like("modules_%")))
    assert set(links) == {"/training/"}


def test_supervision_due_and_overdue_go_to_supervisor_and_supervisee(make, cast):
    sup, a, b, c = cast
    on = today()
    # Trainees have the 14-day interval (supervision/due.py): due in 2 days, 6 days late, fine.
    make.session(sup, a, held_on=on - timedelta(days=12))
    make.session(sup, b, held_on=on - timedelta(days=20))
    make.session(sup, c, held_on=on - timedelta(days=2))
    a_due, b_due = on + timedelta(days=2), on - timedelta(days=6)
    got = sorted((r.user.name, r.kind, r.dedupe_key, r.link) for r in send(on).reminders)
    assert got == [
        ("Amara", "supervision_due", f"supervision_due:{a_due}", "/supervision/mine"),
        ("Ben", "supervision_overdue", f"supervision_overdue:{b_due}", "/supervision/mine"),
        ("Sam Supervisor", "supervision_due", f"supervision_due:{a.id}:{a_due}", "/supervision/"),
        (
            "Sam Supervisor",
            "supervision_overdue",
            f"supervision_overdue:{b.id}:{b_due}",
            "/supervision/",
        ),
    ]


def test_a_second_supervisor_does_not_double_the_supervisees_reminder(make, cast):
    sup, a, *_ = cast
    other = make.user(Role.SUPERVISOR, name="Second Supervisor")
    make.assign(other, a)
    make.session(sup, a, held_on=today() - timedelta(days=20))
    got = [(r.user.name, r.kind) for r in send(today()).reminders if r.user.id in (a.id, other.id)]
    assert sorted(got) == [
        ("Amara", "supervision_overdue"),
        ("Second Supervisor", "supervision_overdue"),
    ]


def test_the_weekly_findings_digest_goes_to_each_manager_with_teams(make, cast):
    sup, a, b, _ = cast
    team = a.team
    scoped = make.user(Role.MANAGER, name="Team Manager")
    make.scope(scoped, team)
    org = make.user(Role.MANAGER, name="Org Manager")
    make.scope(org)
    make.user(Role.MANAGER, name="No Scope Manager")  # manages no team: no digest
    make.session(sup, b, held_on=today() - timedelta(days=40))  # overdue: a finding
    sent = [r for r in send(today()).reminders if r.kind == "findings_digest"]
    assert sorted(r.user.name for r in sent) == ["Org Manager", "Team Manager"]
    digest = db.session.scalar(
        select(OutboxMessage).where(
            OutboxMessage.kind == "findings_digest", OutboxMessage.user_id == scoped.id
        )
    )
    body = digest.body_text
    assert "Resourcing:" in body and "Riverside:" in body
    assert f"http://localhost:5000/reports/?team={team.id}" in body
    assert f'href="http://localhost:5000/reports/?team={team.id}"' in digest.body_html
    for name in ("Sam Supervisor", "Amara", "Ben", "Chloe"):
        assert name not in body and name not in digest.body_html and name not in digest.subject


def test_preferences_decide_the_mail_for_reminders(make, cast):
    sup, a, b, c = cast
    sess = make.session(sup, a, b, c)
    for person in (a, b, c):
        make.action(sess, person, due_on=today() + timedelta(days=1))
    make.session(sup, a, b, c, held_on=today())  # supervision up to date: no other reminders
    db.session.add(Preference(user_id=b.id, kind="action_due", delivery="digest"))
    db.session.add(Preference(user_id=c.id, kind="action_due", delivery="in_app"))
    db.session.commit()
    result = send(today())
    assert [d.user.name for d in result.digests] == ["Ben"]
    assert sorted(mails()) == sorted([(a.email, "action_due"), (b.email, "digest")])
    assert len(notes()) == 3  # everyone has it in the app
