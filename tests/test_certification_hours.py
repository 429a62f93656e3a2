"""The weekly work log and other training (issue 15): bad input gets a clear message next to
its field with what was typed kept; one current entry per week; corrections replace, both kept;
a current supervisor confirms or sends back; reads and refusals audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from peertrain.clock import today
from peertrain.extensions import db
from peertrain.models import TrainingRecord, WorkLog

from .certification_hours_cast import audited, cast, monday, training_form, week_form


@pytest.fixture
def people(make):
    return cast(make)


def _log(worker):
    return f"/certification/people/{worker.id}/work-log"


def _error_next_to(html: str, field: str, text: str) -> bool:
    """The message sits in the field's own error paragraph."""
    start = html.find(f'id="{field}-error"')
    return start != -1 and text in html[start : start + 400]


@pytest.mark.parametrize(
    ("hours", "day_shift", "field", "message"),
    [
        ("-5", 0, "hours", "Hours cannot be negative."),
        ("200", 0, "hours", "200 hours is more than a week can hold (at most 100)"),
        ("0", 0, "hours", "more than 0"),
        ("7.25", 0, "hours", "at most one decimal place"),
        ("lots", 0, "hours", "Enter the hours as a number"),
        ("8", 2, "week_starting", "Weeks start on a Monday"),
    ],
)
def test_bad_weeks_get_a_message_next_to_the_field_and_keep_what_was_typed(
    client, login, people, hours, day_shift, field, message
):
    login(people.worker)
    day = monday(2) + timedelta(days=day_shift)
    response = client.post(_log(people.worker), data=week_form(day, hours, note="Ward shifts"))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert _error_next_to(html, field, message), html[:3000]
    assert f'value="{hours}"' in html and "Ward shifts" in html  # typed values kept
    assert db.session.scalar(select(WorkLog.id)) is None


def test_a_non_monday_names_the_monday_to_choose(client, login, people):
    login(people.worker)
    wednesday = monday(2) + timedelta(days=2)
    html = client.post(_log(people.worker), data=week_form(wednesday)).get_data(as_text=True)
    assert "is a Wednesday" in html and f"Choose Monday {monday(2).day} " in html


def test_a_future_week_is_refused(client, login, people):
    login(people.worker)
    response = client.post(_log(people.worker), data=week_form(monday(-1)))
    assert response.status_code == 400
    assert _error_next_to(response.get_data(as_text=True), "week_starting", "has not started yet")


def test_one_current_entry_per_week_and_a_correction_replaces_it(client, login, people):
    login(people.worker)
    assert client.post(_log(people.worker), data=week_form(monday(3), "20")).status_code == 302
    second = client.post(_log(people.worker), data=week_form(monday(3), "25"))
    assert second.status_code == 400
    assert _error_next_to(
        second.get_data(as_text=True), "week_starting", "You already logged the week"
    )
    first = db.session.scalar(select(WorkLog))
    corrected = client.post(
        f"{_log(people.worker)}/{first.id}/correct", data=week_form(monday(3), "22.5")
    )
    assert corrected.status_code == 302
    rows = db.session.scalars(select(WorkLog).order_by(WorkLog.id)).all()
    assert [(r.minutes, r.corrects_id) for r in rows] == [(1200, None), (1350, first.id)]
    page = client.get(_log(people.worker)).get_data(as_text=True)
    assert "Replaced by a correction" in page and "22.5 hours in 1 weeks" in page
    # The replaced row cannot be corrected again: the newer one is the one to correct.
    again = client.post(
        f"{_log(people.worker)}/{first.id}/correct", data=week_form(monday(3), "21")
    )
    assert "already been corrected" in again.get_data(as_text=True)


def test_the_supervisor_confirms_or_sends_back_with_a_note(client, login, people):
    login(people.worker)
    client.post(_log(people.worker), data=week_form(monday(1), "30", note="Crisis line cover"))
    row = db.session.scalar(select(WorkLog))
    client.post("/auth/logout")
    login(people.boss)
    page = client.get(_log(people.worker)).get_data(as_text=True)
    assert "Crisis line cover" in page and "Waiting for your supervisor" in page
    assert audited("certification.work_log.read")
    empty = client.post(f"{_log(people.worker)}/{row.id}/return", data={"note": " "})
    assert empty.status_code == 400
    assert _error_next_to(
        empty.get_data(as_text=True), f"note-{row.id}", "Say what the worker should check"
    )
    client.post(f"{_log(people.worker)}/{row.id}/return", data={"note": "Was that 30 or 13?"})
    db.session.refresh(row)
    assert row.returned_note == "Was that 30 or 13?" and row.confirmed_at is None
    client.post(f"{_log(people.worker)}/{row.id}/confirm")
    db.session.refresh(row)
    assert row.confirmed_by_id == people.boss.id and row.returned_at is None


@pytest.mark.parametrize("who", ["former", "stranger", "manager", "admin"])
def test_only_the_current_supervisor_confirms(client, login, people, who):
    week = WorkLog(
        worker_id=people.worker.id, week_starting=monday(1), minutes=600, setting="community"
    )
    db.session.add(week)
    db.session.commit()
    login(getattr(people, who))
    assert client.post(f"{_log(people.worker)}/{week.id}/confirm").status_code == 403
    assert client.get(_log(people.worker)).status_code == 403
    db.session.refresh(week)
    assert week.confirmed_at is None
    assert audited("certification.work_log.confirm", "denied")


def _training(worker):
    return f"/certification/people/{worker.id}/training"


@pytest.mark.parametrize(
    ("over", "field", "message"),
    [
        (
            {
                "started_on": (today() - timedelta(days=3)).isoformat(),
                "ended_on": (today() - timedelta(days=5)).isoformat(),
            },
            "ended_on",
            "ended before it started",
        ),
        ({"ended_on": (today() + timedelta(days=3)).isoformat()}, "ended_on", "has not ended yet"),
        ({"domains": []}, "domains", "Choose at least one area"),
        ({"hours": "-2"}, "hours", "cannot be negative"),
        ({"hours": "30"}, "hours", "do not fit in 1 day"),
        ({"title": ""}, "title", "Enter the title of the training"),
        ({"started_on": "31/02/2026"}, "started_on", "Enter a date"),
    ],
)
def test_bad_training_gets_a_message_next_to_the_field(client, login, people, over, field, message):
    login(people.worker)
    response = client.post(_training(people.worker), data=training_form(**over))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert _error_next_to(html, field, message), html[:4000]
    assert "Peer Academy" in html  # what was typed is kept
    assert db.session.scalar(select(TrainingRecord.id)) is None


def test_training_is_saved_in_minutes_with_category_codes_and_shown_by_name(client, login, people):
    login(people.worker)
    data = training_form(hours="7.5", domains=["ADV", "ETH"], topics=["ethics"])
    assert client.post(_training(people.worker), data=data).status_code == 302
    row = db.session.scalar(select(TrainingRecord))
    assert (row.minutes, row.domains, row.topics, row.entered_by_id) == (
        450,
        ["ADV", "ETH"],
        ["ethics"],
        people.worker.id,
    )
    page = client.get(_training(people.worker)).get_data(as_text=True)
    assert "Advocacy, Ethics and boundaries" in page and "7.5" in page


def test_an_admin_enters_training_for_a_worker_but_never_their_work_log(client, login, people):
    login(people.admin)
    assert client.post(_training(people.worker), data=training_form()).status_code == 302
    assert db.session.scalar(select(TrainingRecord.entered_by_id)) == people.admin.id
    assert client.get(_log(people.worker)).status_code == 403
    assert client.post(_log(people.worker), data=week_form(monday(1))).status_code == 403


def test_the_supervisor_verifies_training_and_a_manager_is_refused(client, login, people):
    login(people.worker)
    client.post(_training(people.worker), data=training_form())
    row = db.session.scalar(select(TrainingRecord))
    client.post("/auth/logout")
    login(people.manager)
    assert client.post(f"{_training(people.worker)}/{row.id}/verify").status_code == 403
    client.post("/auth/logout")
    login(people.boss)
    assert client.post(f"{_training(people.worker)}/{row.id}/verify").status_code == 302
    db.session.refresh(row)
    assert row.verified_by_id == people.boss.id
    assert "Verified" in client.get(_training(people.worker)).get_data(as_text=True)
