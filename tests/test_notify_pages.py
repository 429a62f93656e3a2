"""The notification list, opening one, mark all read, preferences, and the header's count."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event, select

from peertrain.clock import today
from peertrain.extensions import db
from peertrain.models import AuditEvent, Notification, Preference, Role
from peertrain.notify import kinds, notify


@pytest.fixture
def ana(make):
    return make.user(Role.TRAINEE, name="Ana Trainee")


def _three(user) -> list[Notification]:
    rows = [
        notify(user, "action_due", title=f"Action {n} is due", link=f"/supervision/mine?n={n}")
        for n in range(3)
    ]
    db.session.commit()
    return rows


def test_the_list_shows_each_notification_newest_first_with_unread_marked(client, login, ana):
    _three(ana)
    login(ana)
    html = client.get("/notifications/").get_data(as_text=True)
    assert html.index("Action 2 is due") < html.index("Action 1 is due") < html.index("Action 0")
    assert html.count(">Unread<") == 3
    assert "An action item due in 3 days" in html  # the kind's label
    assert "Mark all as read" in html


def test_opening_marks_read_and_goes_to_the_record(client, login, ana):
    first, *_ = _three(ana)
    login(ana)
    response = client.get(f"/notifications/{first.id}")
    assert response.status_code == 302 and response.headers["Location"] == first.link
    db.session.refresh(first)
    assert first.read_at is not None
    html = client.get("/notifications/").get_data(as_text=True)
    assert html.count(">Unread<") == 2


def test_another_persons_notification_is_refused_and_audited(client, login, ana, make):
    row, *_ = _three(ana)
    current, former = make.user(Role.SUPERVISOR), make.user(Role.SUPERVISOR)
    make.assign(current, ana)
    make.assign(former, ana, start=today() - timedelta(days=60), end=today() - timedelta(days=1))
    visitors = (
        make.user(Role.TRAINEE, team=make.team("Another team")),
        current,  # not even their supervisor: a notification is its recipient's alone
        former,
        make.user(Role.MANAGER),
        make.user(Role.ADMIN),
    )
    for visitor in visitors:
        client.post("/auth/logout")
        login(visitor)
        assert client.get(f"/notifications/{row.id}").status_code == 404
        assert client.get("/notifications/999999").status_code == 404
    db.session.refresh(row)
    assert row.read_at is None
    refusals = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "notification_open")
    ).all()
    assert len(refusals) == 2 * len(visitors) and {e.outcome for e in refusals} == {"denied"}
    assert {e.record_id for e in refusals} == {str(row.id), "999999"}


def test_mark_all_read_touches_only_my_notifications(client, login, ana, make):
    mine = _three(ana)
    other = notify(make.user(Role.TRAINEE), "action_due", title="Theirs", link="/a")
    db.session.commit()
    login(ana)
    response = client.post("/notifications/read-all", follow_redirects=True)
    assert "Marked 3 notifications as read." in response.get_data(as_text=True)
    for row in [*mine, other]:
        db.session.refresh(row)
    assert all(r.read_at is not None for r in mine) and other.read_at is None


def test_the_header_shows_the_unread_count_on_every_page(client, login, ana):
    login(ana)
    assert "badge info" not in client.get("/trainee").get_data(as_text=True)
    _three(ana)
    html = client.get("/trainee").get_data(as_text=True)
    assert (
        '<a class="header-notify" href="/notifications/">Notifications <span class="badge info">3'
        '<span class="visually-hidden"> unread</span></span></a>'
    ) in html


def test_the_header_adds_one_count_statement_per_page(client, login, ana, app):
    _three(ana)
    login(ana)
    seen: list[str] = []

    def count(conn, cursor, statement, *args):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        client.get("/trainee")
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    about = [s for s in seen if "FROM notification" in s]
    assert len(about) == 1 and "count(" in about[0].lower()


def test_the_count_is_asked_once_per_request_however_often_shown(app, ana):
    from peertrain.notify.queries import cached_unread_count

    _three(ana)
    seen: list[str] = []
    event.listen(db.engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
    with app.test_request_context("/"):
        assert [cached_unread_count(db.session, ana.id) for _ in range(3)] == [3, 3, 3]
    assert len([s for s in seen if "notification" in s]) == 1


def test_signed_out_pages_ask_nothing_about_notifications(client):
    seen: list[str] = []
    event.listen(db.engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
    assert client.get("/auth/login").status_code == 200
    assert not [s for s in seen if "notification" in s]


def test_preferences_offer_each_choosable_kind_and_name_the_fixed_ones(client, login, ana):
    login(ana)
    html = client.get("/notifications/preferences").get_data(as_text=True)
    for entry in kinds.choosable():
        assert f"<legend>{entry.label}</legend>" in html
    for entry in kinds.security_kinds():
        assert f"<li>{entry.label}</li>" in html
        assert f'name="kind_{entry.kind}"' not in html
    # Defaults checked: the reflection kind defaults to the digest, the others to email.
    assert '<input checked id="kind_reflection_submitted-1"' in html  # -1: digest
    assert '<input checked id="kind_action_due-0"' in html  # -0: email


def _all(delivery: str = "email", **over) -> dict:
    data = {f"kind_{k.kind}": delivery for k in kinds.choosable()}
    data.update(over)
    return data


def test_saving_preferences_stores_each_choice(client, login, ana):
    login(ana)
    data = _all(kind_action_due="digest", kind_modules_due="in_app")
    response = client.post("/notifications/preferences", data=data, follow_redirects=True)
    assert "Your notification preferences are saved." in response.get_data(as_text=True)
    stored = dict(
        db.session.execute(
            select(Preference.kind, Preference.delivery).where(Preference.user_id == ana.id)
        ).all()
    )
    assert stored == {name.removeprefix("kind_"): d for name, d in data.items()}
    # And notify follows them.
    assert notify(ana, "action_due", title="Due", link="/a").digest_pending is True


def test_bad_preferences_are_refused_next_to_the_field_and_the_rest_kept(client, login, ana):
    login(ana)
    data = _all("in_app", kind_action_due="carrier-pigeon")
    del data["kind_modules_due"]
    data["kind_password_reset"] = "in_app"  # not offered: ignored, never stored
    response = client.post("/notifications/preferences", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert html.count("Choose how you want to hear about this.") == 4  # 2 in summary, 2 by fields
    assert 'id="kind_action_due-error"' in html and 'id="kind_modules_due-error"' in html
    assert '<input checked id="kind_action_overdue-2"' in html  # -2: in_app, as posted
    assert db.session.scalar(select(Preference).where(Preference.user_id == ana.id)) is None
