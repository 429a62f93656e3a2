"""Syncing content into the database: idempotent, versioned, and all-or-nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from peertrain.catalog.sync import ContentInvalid, sync_all
from peertrain.extensions import db
from peertrain.models import (
    AuditEvent,
    Competency,
    CompetencyCategory,
    Module,
    ModuleProgress,
    ModuleSection,
    PathwayModule,
    ProgressStatus,
)

from .factories_training import COMPETENCIES, PATHWAYS, ContentTree, module_meta


@pytest.fixture
def tree(tmp_path):
    return ContentTree(tmp_path)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def modules_by_version(slug: str) -> list[Module]:
    return list(
        db.session.scalars(select(Module).where(Module.slug == slug).order_by(Module.version))
    )


def test_first_sync_loads_everything(app, tree):
    report = sync_all(tree.root)
    assert report.modules_created == ["first-module v1", "second-module v1"]
    assert report.competencies == {"created": 3, "updated": 0}
    module = modules_by_version("first-module")[0]
    assert module.is_current and module.title == "Title of first-module"
    assert [s.heading for s in module.sections] == ["Getting started", "Going further"]
    assert module.quiz["pass_mark"] == 80 and module.quiz["questions"][1]["answer"] == [0, 2]
    assert module.reflection_prompts[0] == {"id": "r1", "prompt": "What did you notice?"}
    assert module.competency_codes == ["ENG-1", "ENG-2", "GRO-1"] and len(module.content_hash) == 64
    places = db.session.execute(
        select(PathwayModule.pathway, PathwayModule.slug, PathwayModule.position).order_by(
            PathwayModule.pathway, PathwayModule.position
        )
    ).all()
    assert places == [
        ("peer-supervisor", "second-module", 1),
        ("peer-worker", "first-module", 1),
        ("peer-worker", "second-module", 2),
    ]


def test_second_sync_changes_nothing(app, tree):
    sync_all(tree.root)
    before = {
        m: count(m)
        for m in (Module, ModuleSection, Competency, CompetencyCategory, PathwayModule, AuditEvent)
    }
    synced_at = modules_by_version("first-module")[0].synced_at
    report = sync_all(tree.root)
    assert not report.changed
    assert report.modules_unchanged == 2 and report.modules_created == []
    assert {m: count(m) for m in before} == before  # not even an audit event
    assert modules_by_version("first-module")[0].synced_at == synced_at


def test_new_version_adds_a_row_and_keeps_the_old_completion(app, tree, make):
    sync_all(tree.root)
    old = modules_by_version("first-module")[0]
    trainee = make.user()
    make.progress(trainee, old, completed=True, score=90)
    meta = module_meta("first-module", version=2)
    meta["title"] = "Revised title"
    tree.write_module("first-module", meta)
    report = sync_all(tree.root)
    assert report.modules_created == ["first-module v2"]
    assert report.modules_superseded == ["first-module v1"]
    v1, v2 = modules_by_version("first-module")
    assert (v1.is_current, v2.is_current) == (False, True)
    assert v1.title == "Title of first-module" and v2.title == "Revised title"
    progress = db.session.scalar(select(ModuleProgress).where(ModuleProgress.user_id == trainee.id))
    assert progress.module_id == v1.id and progress.status == ProgressStatus.COMPLETED


def test_same_version_with_changed_text_updates_in_place(app, tree):
    sync_all(tree.root)
    module = modules_by_version("first-module")[0]
    old_hash, module_id = module.content_hash, module.id
    body = (
        "\n## Getting started\n\nCorrected text.\n\n## Going further\n\nMore.\n\n## Added\n\nNew.\n"
    )
    tree.write_module("first-module", module_meta("first-module"), body)
    report = sync_all(tree.root)
    assert report.modules_updated == ["first-module v1"] and report.modules_created == []
    db.session.expire_all()
    module = modules_by_version("first-module")[0]
    assert module.id == module_id and module.content_hash != old_hash
    assert [s.heading for s in module.sections] == ["Getting started", "Going further", "Added"]
    assert module.sections[0].body_md == "Corrected text."
    assert count(ModuleSection) == 3 + 2  # the other module's two sections untouched


def test_competency_statements_update_in_place_by_code(app, tree):
    sync_all(tree.root)
    comp_id = db.session.scalar(select(Competency.id).where(Competency.code == "ENG-1"))
    data = {**COMPETENCIES, "categories": [dict(c) for c in COMPETENCIES["categories"]]}
    data["categories"][0]["competencies"] = [
        {"code": "ENG-1", "statement": "Explains the peer role in plain words."},
        {"code": "ENG-2", "statement": "Asks how the person wants support."},
    ]
    data["categories"][0]["title"] = "Engages peers in caring relationships"
    tree.write_yaml("competencies.yaml", data)
    report = sync_all(tree.root)
    assert report.competencies == {"created": 0, "updated": 1}
    assert report.categories == {"created": 0, "updated": 1}
    comp = db.session.get(Competency, comp_id)
    assert comp.statement == "Explains the peer role in plain words."
    assert count(Competency) == 3


def test_pathways_are_replaced(app, tree):
    sync_all(tree.root)
    data = {"pathways": [dict(PATHWAYS["pathways"][0])]}
    data["pathways"][0]["modules"] = ["second-module", "first-module"]
    tree.write_yaml("pathways.yaml", data)
    report = sync_all(tree.root)
    assert report.pathways_changed
    places = db.session.execute(
        select(PathwayModule.slug, PathwayModule.position).order_by(PathwayModule.position)
    ).all()
    assert places == [("second-module", 1), ("first-module", 2)]


def test_removed_module_is_kept_but_no_longer_current(app, tree):
    sync_all(tree.root)
    (tree.root / "modules" / "second-module.md").unlink()
    # Another module takes over its teaching, so every category still has two.
    tree.write_module("spare-module", module_meta("spare-module"))
    data = {"pathways": [dict(PATHWAYS["pathways"][0])]}
    data["pathways"][0]["modules"] = ["first-module"]
    tree.write_yaml("pathways.yaml", data)
    report = sync_all(tree.root)
    assert report.modules_retired == ["second-module v1"]
    assert modules_by_version("second-module")[0].is_current is False


def test_invalid_content_writes_nothing(app, tree):
    meta = module_meta("first-module")
    meta["competencies"] = ["NOPE", *meta["competencies"]]
    tree.write_module("first-module", meta)
    with pytest.raises(ContentInvalid) as raised:
        sync_all(tree.root)
    assert [str(p) for p in raised.value.problems] == [
        "modules/first-module.md: competencies[0]: unknown competency code 'NOPE'"
    ]
    assert count(Module) == 0 and count(Competency) == 0


def test_cli_sync_checks_first_then_prints_a_summary(app, tree):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["content", "sync", "--dir", str(tree.root)])
    assert result.exit_code == 0, result.output
    assert "Modules: 2 new or new version, 0 updated in place, 0 unchanged." in result.output
    assert "new: first-module v1" in result.output
    assert "Pathways: 3 module places (replaced)." in result.output
    again = runner.invoke(args=["content", "sync", "--dir", str(tree.root)])
    assert "Modules: 0 new or new version, 0 updated in place, 2 unchanged." in again.output
    tree.write_raw("pathways.yaml", "pathways: []\n")
    bad = runner.invoke(args=["content", "sync", "--dir", str(tree.root)])
    assert bad.exit_code == 1
    assert "pathways.yaml: pathways: must be a non-empty list" in bad.output
    assert "Nothing was loaded" in bad.output


def test_sync_is_audited_when_something_changes(app, tree):
    sync_all(tree.root)
    events = list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == "content_sync")))
    assert len(events) == 1 and events[0].outcome == "success"


def test_real_content_syncs_twice_without_change(app, make):
    first = make.real_content()
    assert len(first.modules_created) >= 10
    second = make.real_content()
    assert not second.changed
    assert count(Module) == len(first.modules_created)
