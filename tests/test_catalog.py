"""The content checker: every kind of fault is named as `file: field: what is wrong`."""

from __future__ import annotations

import pytest

from peertrain.catalog.validator import check_content

from .factories_training import BODY, COMPETENCIES, PATHWAYS, ContentTree, module_meta


@pytest.fixture
def tree(tmp_path):
    return ContentTree(tmp_path)


def problems(tree) -> list[str]:
    return [str(p) for p in check_content(tree.root).problems]


def assert_only(tree, *expected: str) -> None:
    found = problems(tree)
    assert found == list(expected), found


def test_valid_tree_has_no_problems(tree):
    catalog = check_content(tree.root)
    assert catalog.problems == []
    assert [m.meta["slug"] for m in catalog.modules] == ["first-module", "second-module"]
    assert [s.heading for s in catalog.modules[0].sections] == ["Getting started", "Going further"]


def test_missing_keys_are_each_named(tree):
    meta = module_meta("first-module")
    del meta["sources"], meta["reflection_prompts"]
    tree.write_module("first-module", meta)
    assert_only(
        tree,
        "modules/first-module.md: sources: missing",
        "modules/first-module.md: reflection_prompts: missing",
    )


def test_wrong_types(tree):
    meta = module_meta("first-module")
    meta.update(version="two", minutes=True, required="yes", competencies="ENG-1")
    tree.write_module("first-module", meta)
    assert_only(
        tree,
        "modules/first-module.md: version: must be a whole number, not str",
        "modules/first-module.md: minutes: must be a whole number, not bool",
        "modules/first-module.md: required: must be true or false, not str",
        "modules/first-module.md: competencies: must be a list, not str",
        # What this module teaches cannot be read, so each category now has one teacher.
        "competencies.yaml: ENG: category taught by 1 module(s); at least 2 should teach it",
        "competencies.yaml: GRO: category taught by 1 module(s); at least 2 should teach it",
    )


def test_unknown_keys_catch_typos(tree):
    meta = module_meta("first-module")
    meta["sourcse"] = ["x"]
    tree.write_module("first-module", meta)
    assert_only(tree, "modules/first-module.md: sourcse: unknown key")


def test_unknown_competency_code(tree):
    meta = module_meta("first-module")
    meta["competencies"] = ["ENG-1", "XYZ-9", "ENG-2", "GRO-1"]
    tree.write_module("first-module", meta)
    assert_only(tree, "modules/first-module.md: competencies[1]: unknown competency code 'XYZ-9'")


def test_answer_index_out_of_range_and_empty(tree):
    meta = module_meta("first-module")
    questions = meta["knowledge_check"]["questions"]
    questions[0]["answer"] = [3]
    questions[1]["answer"] = []
    tree.write_module("first-module", meta)
    assert_only(
        tree,
        "modules/first-module.md: knowledge_check.questions[0].answer: "
        "index 3 is out of range: choices are 0 to 2",
        "modules/first-module.md: knowledge_check.questions[1].answer: "
        "is empty: give the index of at least one correct choice",
    )


def test_answer_must_be_a_list_of_whole_numbers(tree):
    meta = module_meta("first-module")
    questions = meta["knowledge_check"]["questions"]
    questions[0]["answer"] = 1
    questions[1]["answer"] = ["a", -1]
    tree.write_module("first-module", meta)
    found = problems(tree)
    assert found[0].endswith("questions[0].answer: must be a list of choice indexes, e.g. [1]")
    assert "questions[1].answer: every answer must be a whole-number choice index" in found[1]


def test_duplicate_question_and_prompt_ids(tree):
    meta = module_meta("first-module")
    meta["knowledge_check"]["questions"][1]["id"] = "q1"
    meta["reflection_prompts"][1]["id"] = "r1"
    tree.write_module("first-module", meta)
    assert_only(
        tree,
        "modules/first-module.md: knowledge_check.questions[1].id: duplicate question id 'q1'",
        "modules/first-module.md: reflection_prompts[1].id: duplicate prompt id 'r1'",
    )


def test_question_parts_checked(tree):
    meta = module_meta("first-module")
    q = meta["knowledge_check"]["questions"][0]
    q["choices"] = ["only one"]
    del q["explanation"]
    meta["knowledge_check"]["pass_mark"] = 0
    tree.write_module("first-module", meta)
    found = problems(tree)
    assert (
        "modules/first-module.md: knowledge_check.pass_mark: must be a whole number from 1 to 100"
        in found
    )
    assert "modules/first-module.md: knowledge_check.questions[0].explanation: missing" in found
    assert (
        "modules/first-module.md: knowledge_check.questions[0].choices: "
        "must be a list of at least two choices"
    ) in found


def test_slug_must_match_file_name(tree):
    tree.write_module("first-module", module_meta("other-name"))
    assert_only(
        tree,
        "modules/first-module.md: slug: "
        "'other-name' does not match the file name 'first-module.md'",
    )


def test_empty_section(tree):
    body = "\n## Getting started\n\nText.\n\n## Nothing here\n\n\n## Last\n\nMore.\n"
    path = tree.write_module("first-module", module_meta("first-module"), body)
    line = path.read_text().splitlines().index("## Nothing here") + 1
    assert_only(
        tree, f"modules/first-module.md: sections[2] (line {line}): section 'Nothing here' is empty"
    )


def test_no_sections_and_text_before_first_heading(tree):
    tree.write_module("first-module", module_meta("first-module"), "\nJust a paragraph.\n")
    assert_only(
        tree,
        "modules/first-module.md: body: text before the first ## heading: "
        "start the body with a section",
        "modules/first-module.md: body: no sections: split the text with ## headings",
    )


def test_hash_hash_in_a_code_block_is_not_a_section(tree):
    body = "\n## Only section\n\n```\n## not a heading\n```\n\nText.\n"
    tree.write_module("first-module", module_meta("first-module"), body)
    catalog = check_content(tree.root)
    assert catalog.problems == []
    first = next(m for m in catalog.modules if m.meta["slug"] == "first-module")
    assert [s.heading for s in first.sections] == ["Only section"]


def test_raw_html_in_markdown(tree):
    body = BODY + "\n<div onclick='x()'>block</div>\n\nInline <span>tag</span> here.\n"
    tree.write_module("first-module", module_meta("first-module"), body)
    found = problems(tree)
    assert len(found) == 2
    assert all("raw HTML: write Markdown, not tags" in p for p in found)
    assert all(p.startswith("modules/first-module.md: body (line ") for p in found)


def test_angle_brackets_that_are_not_html_are_fine(tree):
    body = BODY + "\nScores 3 < 5 are fine, and so is <https://example.org>.\n"
    tree.write_module("first-module", module_meta("first-module"), body)
    assert problems(tree) == []


def test_front_matter_faults(tree):
    tree.write_raw("modules/first-module.md", "no front matter here\n")
    tree.write_raw("modules/second-module.md", "---\ntitle: [unclosed\n---\n## A\n\nText\n")
    found = problems(tree)
    assert "modules/first-module.md: front matter: the file must start with a line of ---" in found
    assert any(
        p.startswith("modules/second-module.md: front matter: not valid YAML") for p in found
    )


def test_pathway_naming_unknown_module(tree):
    data = {"pathways": [dict(PATHWAYS["pathways"][0])]}
    data["pathways"][0]["modules"] = ["first-module", "no-such-module", "first-module"]
    data["pathways"][0]["for_role"] = "manager"
    tree.write_yaml("pathways.yaml", data)
    assert_only(
        tree,
        "pathways.yaml: pathways[0].for_role: must be one of trainee, supervisor",
        "pathways.yaml: pathways[0].modules[1]: unknown module 'no-such-module'",
        "pathways.yaml: pathways[0].modules[2]: 'first-module' is listed twice",
    )


def test_competencies_structure(tree):
    data = {
        "source": "x",
        "scale": COMPETENCIES["scale"][:3],
        "categories": [
            {"code": "ENG", "title": "T", "description": "D", "competencies": []},
            {
                "code": "ENG",
                "title": "T2",
                "description": "D",
                "competencies": [{"code": "ENG-1"}, {"code": "ENG-1", "statement": "S"}],
            },
        ],
    }
    tree.write_yaml("competencies.yaml", data)
    found = problems(tree)
    assert (
        "competencies.yaml: scale: levels must be exactly 1, 2, 3 and 4, found [1, 2, 3]" in found
    )
    assert "competencies.yaml: categories[0].competencies: must be a non-empty list" in found
    assert "competencies.yaml: categories[1].code: duplicate category code 'ENG'" in found
    assert "competencies.yaml: categories[1].competencies[0].statement: missing" in found
    assert (
        "competencies.yaml: categories[1].competencies[1].code: duplicate competency code 'ENG-1'"
        in found
    )


def test_competencies_file_not_a_mapping(tree):
    tree.write_raw("competencies.yaml", "- just\n- a list\n")
    found = problems(tree)
    assert "competencies.yaml: file: must be a mapping with source, scale and categories" in found
    # With no known codes, the modules' codes cannot be confirmed either.
    assert "modules/first-module.md: competencies[0]: unknown competency code 'ENG-1'" in found


def test_missing_files(tmp_path):
    (tmp_path / "modules").mkdir()
    found = [str(p) for p in check_content(tmp_path).problems]
    assert found == [
        "competencies.yaml: file: missing",
        "modules: files: no module files (*.md)",
        "pathways.yaml: file: missing",
    ]


def test_reserved_slug(tree):
    tree.write_module("supervisees", module_meta("supervisees"))
    assert_only(
        tree,
        "modules/supervisees.md: slug: 'supervisees' is reserved for another page; choose another",
    )


def test_cli_check_prints_problems_and_exits_1(app, tree):
    meta = module_meta("first-module")
    meta["competencies"] = ["NOPE-1", *meta["competencies"]]
    tree.write_module("first-module", meta)
    result = app.test_cli_runner().invoke(args=["content", "check", "--dir", str(tree.root)])
    assert result.exit_code == 1
    assert "modules/first-module.md: competencies[0]: unknown competency code 'NOPE-1'" in (
        result.output
    )
    assert "1 problem(s) found." in result.output


def test_cli_check_passes_on_the_real_content(app):
    result = app.test_cli_runner().invoke(args=["content", "check"])
    assert result.exit_code == 0, result.output
    assert "Content is valid: 27 modules, 2 pathways" in result.output
