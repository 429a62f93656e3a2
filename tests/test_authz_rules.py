"""Decisions moved into authz.py (issue 13): self-assessment, training records, refusals."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from peertrain import authz
from peertrain.assessments import services as rating_services
from peertrain.clock import today
from peertrain.extensions import db
from peertrain.models import AuditEvent, Role


def denied(action: str) -> list[tuple]:
    rows = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == action, AuditEvent.outcome == "denied")
    )
    return [(e.actor_id, e.record_type, e.record_id) for e in rows]


@pytest.mark.parametrize(
    ("roles", "own", "allowed"),
    [
        ([Role.TRAINEE], True, True),
        ([Role.SUPERVISOR, Role.TRAINEE], True, True),
        ([Role.TRAINEE], False, False),  # never of someone else
        ([Role.SUPERVISOR], True, False),  # a supervisor without the peer worker role
        ([Role.MANAGER], True, False),
        ([Role.ADMIN], True, False),
    ],
)
def test_who_may_self_assess(make, roles, own, allowed):
    viewer = make.user(*roles)
    subject = viewer if own else make.user()
    assert authz.may_self_assess(viewer, subject) is allowed


def test_the_service_refuses_a_self_assessment_authz_refuses_and_records_it(make):
    comps = make.competency_framework({"ENG": 1})
    supervisor = make.user(Role.SUPERVISOR)
    with pytest.raises(rating_services.RatingRefused):
        rating_services.record_self_assessment(supervisor, comps["ENG-1"], 3, "")
    assert denied("competency.self_assess") == [(None, "user", str(supervisor.id))]


def test_who_may_see_a_trainees_training_record(make):
    sup, former, other, manager = (
        make.user(Role.SUPERVISOR),
        make.user(Role.SUPERVISOR),
        make.user(Role.SUPERVISOR),
        make.user(Role.MANAGER),
    )
    trainee = make.user()
    make.assign(sup, trainee)
    make.assign(former, trainee, start=today() - timedelta(days=90), end=today() - timedelta(1))
    make.scope(manager)
    answers = {
        p.id: authz.may_view_training_record(p, trainee) for p in (sup, former, other, manager)
    }
    assert answers == {sup.id: True, former.id: False, other.id: False, manager.id: False}
    assert authz.may_view_training_record(sup, None) is False


def test_a_former_supervisor_is_refused_a_training_record_and_it_is_recorded(make, login, client):
    former, trainee = make.user(Role.SUPERVISOR), make.user()
    make.assign(former, trainee, start=today() - timedelta(days=90), end=today() - timedelta(1))
    login(former)
    response = client.get(f"/training/supervisees/{trainee.id}")
    assert response.status_code == 403
    assert denied("training_record_read") == [(former.id, "user", str(trainee.id))]
