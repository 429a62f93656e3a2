"""My training, reading section by section, resuming, completion and the completion record."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from peertrain.clock import today
from peertrain.extensions import db
from peertrain.formatting import short_date
from peertrain.models import ModuleProgress, ProgressStatus, Role, Setting

from .factories_training import RIGHT
from .quiz_forms import form_for, open_draw


def order_of(html: str, *texts: str) -> list[int]:
    return [html.index(t) for t in texts]


def test_my_training_lists_the_pathway_in_order_with_each_status(app, make, login, client):
    done, reading, updated_v1, fresh = (
        make.module("done-module", title="Alpha module"),
        make.module("reading-module", title="Bravo module", sections=4),
        make.module("updated-module", title="Charlie module", is_current=False),
        make.module("fresh-module", title="Delta module"),
    )
    updated_v2 = make.module("updated-module", version=2, title="Charlie module")
    make.pathway(done, reading, updated_v2, fresh)
    me = make.user(Role.TRAINEE)
    make.progress(me, done, completed=True, score=83)
    make.progress(me, reading, read=[1, 2], last_position=3)
    make.progress(me, updated_v1, completed=True)
    login(me)
    html = client.get("/training/").get_data(as_text=True)
    table = html.split('id="overall"')[1]  # the next-step line above names one module first
    positions = order_of(table, "Alpha module", "Bravo module", "Charlie module", "Delta module")
    assert positions == sorted(positions)
    rows = html.split("<tbody>")[1].split("</tr>")
    assert (
        "Completed" in rows[0]
        and "83%" in rows[0]
        and "/training/done-module/certificate" in rows[0]
    )
    assert "In progress" in rows[1] and "2 of 4 sections read" in rows[1]
    assert "Resume at section 3" in rows[1] and "/training/reading-module/section/3" in rows[1]
    assert "Update available" in rows[2] and "You completed version 1; version 2" in rows[2]
    assert "Not started" in rows[3] and "/training/fresh-module/section/1" in rows[3]


def test_overall_progress_counts_any_completed_version(app, make, login, client):
    modules = [make.module() for _ in range(4)]
    old = make.module(modules[3].slug, version=0, is_current=False)
    make.pathway(*modules)
    me = make.user(Role.TRAINEE)
    make.progress(me, modules[0], completed=True)
    make.progress(me, old, completed=True)
    login(me)
    html = client.get("/training/").get_data(as_text=True)
    assert "<strong>2 of 4</strong> required modules (50%)" in html
    assert '<progress class="progress-bar" max="100" value="50"' in html


def test_due_dates_and_overdue_follow_the_start_date_and_the_setting(app, make, login, client):
    required, optional = make.module(title="Needed"), make.module(title="Extra", required=False)
    make.pathway(required, optional)
    me = make.user(Role.TRAINEE, start_date=today() - timedelta(days=100))
    # The first required module is due one spacing (7 days by default) after the start.
    due = short_date(me.start_date + timedelta(days=7))
    login(me)
    html = client.get("/training/").get_data(as_text=True)
    rows = html.split("<tbody>")[1].split("</tr>")
    assert "Overdue" in rows[0] and due in rows[0] and 'class="is-overdue"' in rows[0]
    assert "Optional" in rows[1] and "Overdue" not in rows[1]
    assert "1 required module is overdue" in html
    assert "<strong>0 of 1</strong> required modules (0%), and 0 of 1 optional." in html
    # An admin gives workers longer: the same module is no longer overdue.
    db.session.add(Setting(key="required_modules_due_days", value="120"))
    db.session.add(Setting(key="module_due_spacing_days", value="120"))
    db.session.commit()
    html = client.get("/training/").get_data(as_text=True)
    later = short_date(me.start_date + timedelta(days=120))
    assert "Overdue" not in html and later in html


def _dues(make, spacing: int | None = None):
    """The due dates of a four-module pathway (one optional) for a worker started today."""
    from peertrain.modules.plan import build_plan

    if spacing is not None:
        db.session.add(Setting(key="module_due_spacing_days", value=str(spacing)))
        db.session.commit()
    mods = [make.module(title=f"Step {n}", required=n != 2) for n in range(1, 5)]
    make.pathway(*mods)
    me = make.user(Role.TRAINEE, start_date=today())
    rows = build_plan(me).pathways[0].rows
    assert [r.module.title for r in rows] == ["Step 1", "Step 2", "Step 3", "Step 4"]
    return [(r.due - today()).days if r.due else None for r in rows]


def test_due_dates_are_staggered_in_pathway_order(app, make):
    # Module N of the required ones is due N x 7 days after the start; optional has none.
    assert _dues(make) == [7, None, 14, 21]


def test_due_date_spacing_is_a_setting_capped_by_the_overall_due_days(app, make):
    assert _dues(make, spacing=40) == [40, None, 80, 90]


def test_completed_module_is_never_overdue(app, make, login, client):
    module = make.module()
    make.pathway(module)
    me = make.user(Role.TRAINEE, start_date=today() - timedelta(days=400))
    make.progress(me, module, completed=True)
    login(me)
    assert "Overdue" not in client.get("/training/").get_data(as_text=True)


def test_supervisor_who_is_also_a_trainee_gets_both_pathways(app, make, login, client):
    worker_mod, supervisor_mod = (
        make.module(title="Worker basics"),
        make.module(title="Supervising"),
    )
    make.pathway(worker_mod)
    make.pathway(
        supervisor_mod, pathway="peer-supervisor", for_role="supervisor", title="Peer supervisor"
    )
    both = make.user(Role.TRAINEE, Role.SUPERVISOR)
    login(both)
    html = client.get("/training/").get_data(as_text=True)
    assert "New peer support worker" in html and "Peer supervisor" in html
    assert "Worker basics" in html and "Supervising" in html
    assert "0 of 2" in html
    client.post("/auth/logout")
    only_supervisor = make.user(Role.SUPERVISOR)
    login(only_supervisor)
    html = client.get("/training/").get_data(as_text=True)
    assert "Peer supervisor" in html and "New peer support worker" not in html
    assert "Other modules you can take" in html and "Worker basics" in html


def test_reading_marks_sections_by_post_and_resumes(app, make, login, client):
    module = make.module("reader", sections=3)
    me = make.user(Role.TRAINEE)
    login(me)
    page = client.get("/training/reader/section/1")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Section 1 of 3" in html and "<strong>part 1</strong>" in html and ">Continue<" in html
    assert db.session.scalar(select(ModuleProgress)) is None  # looking is not reading
    response = client.post("/training/reader/section/1")
    assert response.status_code == 302 and response.location.endswith("/training/reader/section/2")
    progress = db.session.scalar(select(ModuleProgress))
    assert progress.sections_read == [1] and progress.last_position == 2
    assert progress.status == ProgressStatus.IN_PROGRESS and progress.module_id == module.id
    # Opening the module again offers to carry on where they left off.
    html = client.get("/training/reader").get_data(as_text=True)
    assert 'href="/training/reader/section/2">Continue reading at section 2' in html
    assert "1 of 3 sections read" in html
    assert "Resume at section 2" in client.get("/training/").get_data(as_text=True)
    # The section page marks what this person has read, and only that.
    first = client.get("/training/reader/section/1").get_data(as_text=True)
    assert 'Section 1 of 3 · <span class="tick">Read</span>' in first
    second = client.get("/training/reader/section/2").get_data(as_text=True)
    assert "Section 2 of 3</p>" in second and second.count('class="tick">Read') == 1  # contents
    client.post("/auth/logout")
    login(make.user(Role.TRAINEE))  # someone else: nothing of theirs is read
    other = client.get("/training/reader/section/1").get_data(as_text=True)
    assert "Section 1 of 3</p>" in other and 'class="tick">Read' not in other


def test_reading_the_same_section_twice_counts_once(app, make, login, client):
    make.module("twice", sections=2)
    login(make.user(Role.TRAINEE))
    client.post("/training/twice/section/1")
    client.post("/training/twice/section/1")
    assert db.session.scalar(select(ModuleProgress)).sections_read == [1]


def test_last_section_leads_to_the_knowledge_check(app, make, login, client):
    make.module("short", sections=2)
    login(make.user(Role.TRAINEE))
    client.post("/training/short/section/1")
    response = client.post("/training/short/section/2")
    assert response.location.endswith("/training/short/check")
    progress = db.session.scalar(select(ModuleProgress))
    assert progress.sections_read == [1, 2] and progress.last_position == 2
    assert progress.status == ProgressStatus.IN_PROGRESS  # the check is still to pass


def test_completion_needs_every_section_and_a_pass(app, make, login, client):
    module = make.module("finish", sections=2)
    me = make.user(Role.TRAINEE, name="Tara Trainee")
    login(me)
    assert client.get("/training/finish/certificate").status_code == 404
    client.post("/training/finish/check", data=form_for(open_draw(client, "finish"), RIGHT))
    progress = db.session.scalar(select(ModuleProgress))
    assert progress.status == ProgressStatus.IN_PROGRESS  # passed, but not everything read
    client.post("/training/finish/section/1")
    response = client.post("/training/finish/section/2", follow_redirects=True)
    assert "You have completed" in response.get_data(as_text=True)
    db.session.refresh(progress)
    assert progress.status == ProgressStatus.COMPLETED and progress.score == 100
    assert progress.completed_at is not None
    record = client.get("/training/finish/certificate")
    html = record.get_data(as_text=True)
    assert record.status_code == 200
    assert "Tara Trainee" in html and module.title in html and "<dd>1</dd>" in html
    assert short_date(progress.completed_at) in html and "100%" in html
    assert "css/training.css" in html and "js/training.js" in html


def test_missing_modules_and_sections_are_404(app, make, login, client):
    make.module("real", sections=2)
    make.module("old-only", is_current=False)
    login(make.user(Role.TRAINEE))
    assert client.get("/training/nothing-here").status_code == 404
    assert client.get("/training/real/section/3").status_code == 404
    assert client.get("/training/real/section/0").status_code == 404
    assert client.post("/training/real/section/9").status_code == 404
    assert client.get("/training/old-only").status_code == 404


def test_module_page_shows_sources_competencies_and_contents(app, make, login, client):
    make.real_content()
    login(make.user(Role.TRAINEE))
    html = client.get("/training/what-is-peer-support").get_data(as_text=True)
    assert '<h2 id="sources">Sources</h2>' in html
    assert "Peers Supporting Recovery from Mental Health Conditions" in html
    assert "Riessman, F. (1965)" in html
    assert "ENG-1" in html and "Explains what the peer role offers" in html
    assert "Four kinds of support" in html
    section = client.get("/training/what-is-peer-support/section/1").get_data(as_text=True)
    assert "Sources for this module" in section and "Mead, S., Hilton, D." in section


def test_managers_and_admins_have_no_training_pages(app, make, login, client):
    make.module("m")
    for role in (Role.MANAGER, Role.ADMIN):
        login(make.user(role))
        assert client.get("/training/").status_code == 403
        assert client.get("/training/m").status_code == 403
        client.post("/auth/logout")


def test_a_second_continue_at_the_same_moment_is_harmless(app, make, monkeypatch):
    from peertrain.modules import queries, services

    module = make.module("race", sections=3)
    me = make.user(Role.TRAINEE)
    make.progress(me, module, read=[1])  # written by the other, simultaneous request
    real, calls = queries.progress_for, []

    def not_yet_visible(user_id, module_id):
        calls.append(module_id)
        return None if len(calls) == 1 else real(user_id, module_id)

    monkeypatch.setattr(queries, "progress_for", not_yet_visible)
    following, completed = services.mark_read(me, module, 2)
    assert (following, completed) == (3, False)
    rows = db.session.scalars(select(ModuleProgress)).all()
    assert len(rows) == 1 and rows[0].sections_read == [1, 2]
