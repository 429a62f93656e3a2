"""`flask content stats` on a fixture tree, locale profiles rendered into pages, and supervisor
competency tags synced and shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from peertrain.catalog.locale import LOCALE_KEYS
from peertrain.catalog.stats import curriculum_stats
from peertrain.catalog.sync import sync_all
from peertrain.catalog.validator import check_content
from peertrain.config import Config
from peertrain.models import Role

from .factories_training import BODY, ContentTree, module_meta
from .test_catalog_rules import SUPERVISOR


@pytest.fixture
def tree(tmp_path):
    tree = ContentTree(tmp_path)
    tree.write_yaml("supervisor-competencies.yaml", SUPERVISOR)
    meta = module_meta("second-module")
    meta["required"] = False
    del meta["knowledge_check"]["questions"][10:]
    meta["supervisor_competencies"] = ["SVL-1", "SVL-2"]
    meta["competencies"] = ["ENG-1", "GRO-1"]
    meta["minutes"] = 35
    tree.write_module("second-module", meta, BODY + "\n**Try this:** one thing.\n")
    meta = module_meta("first-module")
    meta["minutes"] = 31
    tree.write_module("first-module", meta)
    return tree


def test_stats_figures(tree):
    catalog = check_content(tree.root)
    assert catalog.problems == []
    stats = curriculum_stats(catalog)
    assert stats.questions == 22 and len(stats.modules) == 2
    first, second = stats.modules
    assert (first.slug, first.questions, first.minutes) == ("first-module", 12, 31)
    assert first.statements == ["ENG-1", "ENG-2", "GRO-1"] and first.categories == ["ENG", "GRO"]
    assert second.statements == ["ENG-1", "GRO-1", "SVL-1", "SVL-2"]
    assert second.categories == ["ENG", "GRO", "SVL"]
    worker, supervisor = stats.pathways
    assert (worker.code, worker.modules, worker.minutes) == ("peer-worker", 2, 66)
    assert worker.hours == 1.1
    assert (supervisor.code, supervisor.modules, supervisor.minutes) == ("peer-supervisor", 1, 35)
    assert stats.coverage == {
        "ENG-1": ["first-module", "second-module"],
        "ENG-2": ["first-module"],
        "GRO-1": ["first-module", "second-module"],
        "SVL-1": ["second-module"],
        "SVL-2": ["second-module"],
    }


def test_stats_command_prints_them(app, tree):
    result = app.test_cli_runner().invoke(args=["content", "stats", "--dir", str(tree.root)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Modules: 2\nQuestions in the pools: 22\n" in out
    assert "  peer-worker: 2 modules, 66 minutes (1.1 hours)" in out
    assert (
        "  second-module: 10 questions, 35 minutes, 4 statements (ENG-1, GRO-1, SVL-1, SVL-2), "
        "3 categories (ENG, GRO, SVL)"
    ) in out
    assert "  ENG-2: 1 (first-module)" in out and "  SVL-2: 1 (second-module)" in out


def test_supervisor_competencies_sync_and_show_on_the_module_page(app, make, login, client, tree):
    sync_all(tree.root)
    login(make.user(Role.SUPERVISOR))
    html = client.get("/training/second-module").get_data(as_text=True)
    assert "Supervisor competencies this module builds" in html
    assert "<strong>SVL-2</strong> Writes in strengths-based terms." in html
    assert "<strong>ENG-1</strong>" in html


LOCAL = {
    "us": ["call 911", "the 988 Suicide &amp; Crisis Lifeline", "the Americans with Disabilities"],
    "uk": ["call 999", "Samaritans on 116 123", "the Equality Act 2010"],
    "ca": ["call 911", "9-8-8: Suicide Crisis Helpline", "the Canadian Human Rights Act"],
}


@pytest.mark.parametrize("code", sorted(LOCAL))
def test_each_profile_renders_a_modules_placeholders(app, make, login, client, code):
    app.config["LOCALE"] = code
    module = make.module("local", sections=1)
    module.summary = "What to do: {{emergency_number}}."
    module.sections[0].body_md = (
        "In an emergency, call {{emergency_number}}. Or contact {{crisis_line}}. Rights come "
        "from {{equality_law}}; write a {{advance_directive}}."
    )
    module.reflection_prompts = [{"id": "r1", "prompt": "When would you use {{crisis_line}}?"}]
    from peertrain.extensions import db

    db.session.commit()
    login(make.user(Role.TRAINEE))
    section = client.get("/training/local/section/1").get_data(as_text=True)
    for expected in LOCAL[code]:
        assert expected in section, expected
    assert "{{" not in section
    page = client.get("/training/local").get_data(as_text=True)
    assert "{{" not in page
    reflections = client.get("/training/local/reflections").get_data(as_text=True)
    assert "{{" not in reflections and "Who reads what you write here" in reflections


def test_the_real_profiles_define_exactly_the_keys():
    import yaml

    for code in ("us", "uk", "ca"):
        path = Path(Config.CONTENT_DIR) / "locales" / f"{code}.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert set(data["values"]) == set(LOCALE_KEYS), code
        assert data["code"] == code and data["title"] and data["sources"]
