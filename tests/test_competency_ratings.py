"""Rating rules: self-assessment, a current supervisor's rating with evidence, and bad input."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from peertrain.clock import today
from peertrain.extensions import db
from peertrain.models import AuditEvent, CompetencyRating, RatingSource

SELF_URL = "/competency/self-assessment"


def checked(html: str, name: str, value: str) -> bool:
    return bool(re.search(rf'<input [^>]*\bchecked [^>]*name="{name}" [^>]*value="{value}"', html))


def selected(html: str, value: str) -> bool:
    return bool(re.search(rf'<option selected [^>]*value="{value}"', html))


def rate_url(person) -> str:
    return f"/competency/people/{person.id}/rate"


def ratings() -> list[CompetencyRating]:
    return list(db.session.scalars(select(CompetencyRating).order_by(CompetencyRating.id)))


def observation(**overrides) -> dict:
    data = {
        "competency": "CRI-1",
        "source": "observation",
        "level": "3",
        "note": "Calm and kind throughout the incident.",
        "observed_on": (today() - timedelta(days=2)).isoformat(),
        "observation_setting": "the crisis house lounge",
        "observation_text": "Sat with the resident and followed their safety plan.",
        "attested": "y",
    }
    # A callable value is resolved now, not when pytest collected the case: a run that
    # crosses midnight UTC must still send "tomorrow".
    data.update({k: v() if callable(v) else v for k, v in overrides.items()})
    return data


@pytest.fixture
def cast(make):
    return make.competency_cast()


# --- self-assessment ----------------------------------------------------------------------


def test_trainee_self_assesses_any_competency(client, login, cast):
    login(cast.worker)
    page = client.get(SELF_URL + "?competency=CRI-2")
    assert page.status_code == 200
    assert selected(page.get_data(as_text=True), "CRI-2")
    response = client.post(
        SELF_URL, data={"competency": "CRI-2", "level": "2", "note": "Still nervous in crises."}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/competency/#c-CRI-2")
    [rating] = ratings()
    assert (rating.subject_id, rating.rater_id) == (cast.worker.id, cast.worker.id)
    assert rating.source == RatingSource.SELF
    assert (rating.level, rating.note) == (2, "Still nervous in crises.")
    assert rating.competency.code == "CRI-2"
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "competency.self_assess")
    )
    assert (event.actor_id, event.record_type, event.record_id) == (
        cast.worker.id,
        "competency_rating",
        str(rating.id),
    )
    assert "nervous" not in (event.detail or "")


@pytest.mark.parametrize("level", [None, "", "0", "5", "7", "-1", "two", "2.5", "3abc"], ids=repr)
def test_bad_level_is_explained_next_to_the_field_and_the_note_kept(client, login, cast, level):
    login(cast.worker)
    data = {"competency": "ENG-1", "note": "My typed note about ENG-1 <kept>"}
    if level is not None:
        data["level"] = level
    response = client.post(SELF_URL, data=data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="level-error"' in html
    assert "Choose a level from 1 (not yet) to 4 (proficient)." in html
    assert "My typed note about ENG-1 &lt;kept&gt;" in html
    assert selected(html, "ENG-1")
    assert ratings() == []


def test_unknown_competency_is_refused_with_a_message(client, login, cast):
    login(cast.worker)
    response = client.post(SELF_URL, data={"competency": "XYZ-9", "level": "2", "note": "kept"})
    assert response.status_code == 400
    assert b"Choose a competency from the list." in response.data
    assert ratings() == []


def test_self_assessment_is_only_for_yourself(client, login, cast):
    """There is no subject in the form: a trainee cannot self-assess on someone else's behalf,
    and a supervisor without the trainee role cannot self-assess at all."""
    login(cast.supervisor)
    assert client.get(SELF_URL).status_code == 403
    assert client.post(SELF_URL, data={"competency": "ENG-1", "level": "4"}).status_code == 403
    assert ratings() == []


# --- supervisor rating --------------------------------------------------------------------


def test_supervisor_rates_with_an_observation(client, login, cast):
    login(cast.supervisor)
    page = client.get(rate_url(cast.worker) + "?competency=CRI-1")
    assert page.status_code == 200
    assert b"no held supervision sessions" in page.data
    response = client.post(rate_url(cast.worker), data=observation())
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/competency/people/{cast.worker.id}#c-CRI-1")
    [rating] = ratings()
    assert rating.source == RatingSource.OBSERVATION
    assert (rating.rater_id, rating.subject_id, rating.level) == (
        cast.supervisor.id,
        cast.worker.id,
        3,
    )
    assert rating.observed_on == today() - timedelta(days=2)
    assert rating.observation_setting == "the crisis house lounge"
    assert rating.attested is True
    assert db.session.scalar(
        select(func.count()).where(
            AuditEvent.action == "competency.rate",
            AuditEvent.record_id == str(rating.id),
            AuditEvent.outcome == "success",
        )
    )


def test_supervisor_rates_citing_a_completed_module_or_a_shared_session(client, login, make, cast):
    done = make.rating_module("Crisis basics", ["CRI-1"], completed_by=cast.worker)
    make.rating_module("Not finished", ["CRI-1"])
    session = make.rating_session(cast.supervisor, cast.worker)
    login(cast.supervisor)
    page = client.get(rate_url(cast.worker)).get_data(as_text=True)
    assert "Crisis basics (version 1)" in page
    assert "Not finished" not in page
    base = {"competency": "ENG-2", "source": "supervisor", "level": "2", "note": "Discussed."}
    assert (
        client.post(rate_url(cast.worker), data=base | {"evidence_module": done.id}).status_code
        == 302
    )
    assert (
        client.post(rate_url(cast.worker), data=base | {"evidence_session": session.id}).status_code
        == 302
    )
    first, second = ratings()
    assert (first.evidence_module_id, first.evidence_session_id) == (done.id, None)
    assert (second.evidence_module_id, second.evidence_session_id) == (None, session.id)
    assert first.observed_on is None and first.attested is False


def test_evidence_from_someone_elses_module_or_session_is_refused(client, login, make, cast):
    not_theirs = make.rating_module("Someone else's", ["ENG-1"], completed_by=cast.other_worker)
    other_session = make.rating_session(cast.other_supervisor, cast.worker)
    cancelled = make.rating_session(cast.supervisor, cast.worker, status="cancelled")
    login(cast.supervisor)
    base = {"competency": "ENG-1", "source": "supervisor", "level": "2", "note": "Typed note."}
    for extra in (
        {"evidence_module": not_theirs.id},
        {"evidence_session": other_session.id},
        {"evidence_session": cancelled.id},
    ):
        response = client.post(rate_url(cast.worker), data=base | extra)
        assert response.status_code == 400, extra
        assert b"Typed note." in response.data
    assert ratings() == []


def test_missing_evidence_is_explained_and_everything_typed_kept(client, login, cast):
    login(cast.supervisor)
    data = {
        "competency": "ENG-2",
        "source": "supervisor",
        "level": "3",
        "note": "A considered note I do not want to lose.",
    }
    response = client.post(rate_url(cast.worker), data=data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="evidence-error"' in html
    assert "Give at least one piece of evidence" in html
    assert "A considered note I do not want to lose." in html
    assert checked(html, "level", "3")
    assert checked(html, "source", "supervisor")
    assert selected(html, "ENG-2")
    assert ratings() == []


def test_a_note_is_required(client, login, make, cast):
    done = make.rating_module("Crisis basics", ["CRI-1"], completed_by=cast.worker)
    login(cast.supervisor)
    data = {"competency": "CRI-1", "source": "supervisor", "level": "3", "note": "  "}
    response = client.post(rate_url(cast.worker), data=data | {"evidence_module": done.id})
    assert response.status_code == 400
    assert b'id="note-error"' in response.data
    assert b"Write what this rating is based on." in response.data
    assert ratings() == []


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"attested": ""}, "attested", "Confirm that you observed this yourself."),
        ({"observed_on": ""}, "observed_on", "Enter the date you observed this."),
        ({"observed_on": "31/02/2025"}, "observed_on", "Enter the date as day, month and year."),
        (
            {"observed_on": lambda: (today() + timedelta(days=1)).isoformat()},
            "observed_on",
            "The observation date cannot be in the future.",
        ),
        ({"observation_setting": ""}, "observation_setting", "Say where you observed this."),
        ({"observation_text": " "}, "observation_text", "Describe what you saw."),
        ({"level": "9"}, "level", "Choose a level from 1 (not yet) to 4 (proficient)."),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_incomplete_observation_is_explained_and_kept(
    client, login, cast, overrides, field, message
):
    login(cast.supervisor)
    data = observation(**overrides)
    response = client.post(rate_url(cast.worker), data=data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html
    assert message in html
    assert "Calm and kind throughout the incident." in html
    if field != "observation_setting":
        assert 'value="the crisis house lounge"' in html
    if field != "observed_on" or data["observed_on"]:
        assert f'value="{data["observed_on"]}"' in html
    assert ratings() == []


def test_observation_as_source_needs_the_observation(client, login, make, cast):
    done = make.rating_module("Crisis basics", ["CRI-1"], completed_by=cast.worker)
    login(cast.supervisor)
    data = {"competency": "CRI-1", "source": "observation", "level": "2", "note": "Saw it."}
    response = client.post(rate_url(cast.worker), data=data | {"evidence_module": done.id})
    assert response.status_code == 400
    assert b"Enter the date you observed this." in response.data
    assert ratings() == []


# --- who may rate -------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["former", "other_supervisor", "manager", "admin", "worker"])
def test_only_a_current_supervisor_may_rate(client, login, cast, who):
    login(getattr(cast, who))
    assert client.get(rate_url(cast.worker)).status_code == 403
    assert client.post(rate_url(cast.worker), data=observation()).status_code == 403
    assert ratings() == []


def test_refusal_to_a_former_supervisor_is_audited(client, login, cast):
    login(cast.former)
    client.post(rate_url(cast.worker), data=observation())
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "competency.rate"))
    assert (event.actor_id, event.record_id, event.outcome) == (
        cast.former.id,
        str(cast.worker.id),
        "denied",
    )


def test_a_supervisor_cannot_rate_themselves(client, login, make, cast):
    both = make.user("supervisor", "trainee", team=cast.team)
    make.assign(cast.supervisor, both)
    login(both)
    assert client.post(rate_url(both), data=observation()).status_code == 403
    assert ratings() == []


def test_an_assignment_ending_today_still_counts_and_yesterday_does_not(client, login, make, cast):
    today_ends = make.user("supervisor", team=cast.team)
    yesterday_ended = make.user("supervisor", team=cast.team)
    make.assign(today_ends, cast.worker, start=today() - timedelta(days=10), end=today())
    make.assign(
        yesterday_ended,
        cast.worker,
        start=today() - timedelta(days=10),
        end=today() - timedelta(days=1),
    )
    login(yesterday_ended)
    assert client.post(rate_url(cast.worker), data=observation()).status_code == 403
    client.post("/auth/logout")
    login(today_ends)
    assert client.post(rate_url(cast.worker), data=observation()).status_code == 302
    assert [r.rater_id for r in ratings()] == [today_ends.id]


def test_rating_someone_who_does_not_exist_is_not_found(client, login, cast):
    login(cast.supervisor)
    assert client.get("/competency/people/999999/rate").status_code == 404


# --- history is the record ----------------------------------------------------------------


def test_new_ratings_never_overwrite_earlier_ones(client, login, cast):
    login(cast.supervisor)
    client.post(rate_url(cast.worker), data=observation(level="2", note="First view."))
    client.post(rate_url(cast.worker), data=observation(level="4", note="Second view."))
    client.post("/auth/logout")
    login(cast.worker)
    client.post(SELF_URL, data={"competency": "CRI-1", "level": "1", "note": "Self view."})
    rows = ratings()
    assert [(r.source.value, r.level, r.note) for r in rows] == [
        ("observation", 2, "First view."),
        ("observation", 4, "Second view."),
        ("self", 1, "Self view."),
    ]
    assert "History of CRI-1 (3 ratings)" in client.get("/competency/").get_data(as_text=True)
    me = rows[0].subject_id
    html = client.get(f"/competency/people/{me}/history/CRI-1").get_data(as_text=True)
    for note in ("First view.", "Second view.", "Self view."):
        assert note in html


def test_there_is_no_way_to_edit_or_delete_a_rating(app):
    rules = [r for r in app.url_map.iter_rules() if r.rule.startswith("/competency")]
    for rule in rules:
        assert not rule.methods & {"PUT", "PATCH", "DELETE"}
        assert not any(word in rule.rule for word in ("edit", "delete", "remove", "update"))
    assert sorted(r.rule for r in rules if "POST" in r.methods) == [
        "/competency/people/<int:subject_id>/rate",
        "/competency/self-assessment",
    ]
