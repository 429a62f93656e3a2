"""Plan actions are reminded like other actions: by `flask reminders send`, to their owner,
7 days before the due date and once past it, each once, never with the action's words."""

from __future__ import annotations

from datetime import timedelta

from peertrain.clock import today
from peertrain.extensions import db
from peertrain.integration import selfassessment_instrument
from peertrain.integration import selfassessment_services as services
from peertrain.models import ActionStatus, Notification, Role
from peertrain.notify import kinds


def _plan(make):
    team = make.team("Oak")
    owner = make.user(Role.MANAGER, name="Olu Owner")
    make.scope(owner, team)
    a = services.start(owner, selfassessment_instrument.current(), team.id, 2026, None)

    def add(days, text):
        return services.add_action(
            owner, a, services.NewAction(text, owner.id, today() + timedelta(days=days), None)
        )

    return owner, add


def test_due_soon_and_overdue_actions_are_reminded_once(app, make):
    owner, add = _plan(make)
    soon = add(5, "SECRET-SOON write the role description")
    late = add(-2, "SECRET-LATE brief the ward")
    add(30, "Far off")
    done = add(1, "Finished")
    services.set_status(owner, done, ActionStatus.DONE)
    runner = app.test_cli_runner()
    first = runner.invoke(args=["reminders", "send"])
    assert first.exit_code == 0, first.output
    rows = (
        db.session.query(Notification).filter_by(user_id=owner.id).order_by(Notification.id).all()
    )
    mine = [r for r in rows if r.kind == "action_plan_due"]
    assert sorted(r.dedupe_key for r in mine) == sorted(
        [
            f"action_plan_due:{soon.id}:{soon.due_on.isoformat()}",
            f"action_plan_overdue:{late.id}:{late.due_on.isoformat()}",
        ]
    )
    titles = " ".join(r.title for r in mine)
    assert "Oak's 2026 self-assessment is due on" in titles
    assert "Oak's 2026 self-assessment was due on" in titles
    assert "SECRET" not in titles
    assert all(r.link.endswith("#plan") for r in mine)
    again = runner.invoke(args=["reminders", "send"])
    assert again.exit_code == 0
    assert db.session.query(Notification).filter_by(kind="action_plan_due").count() == 2


def test_the_kind_is_registered_and_choosable():
    assert kinds.get("action_plan_due").label == "A self-assessment action due or overdue"
    assert "action_plan_due" in [k.kind for k in kinds.choosable()]
