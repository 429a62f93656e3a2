"""Content-check rules of issue 10, each with a fixture that breaks it: pools, anti-gaming,
placeholders and locale profiles, supervisor competencies, coverage, minutes and citations."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from peertrain.catalog.curriculum import estimated_minutes
from peertrain.catalog.validator import check_content

from .factories_training import BODY, ContentTree, module_meta

LINT = Path("/work/spec/content_lint.py")


@pytest.fixture
def tree(tmp_path):
    return ContentTree(tmp_path)


def problems(tree) -> list[str]:
    return [str(p) for p in check_content(tree.root).problems]


def first(**changes) -> dict:
    meta = module_meta("first-module")
    meta.update(changes)
    return meta


def profile(code: str, **values) -> dict:
    from peertrain.catalog.locale import LOCALE_KEYS

    return {
        "code": code,
        "title": code.upper(),
        "values": {key: f"the {code} {key.replace('_', ' ')}" for key in LOCALE_KEYS} | values,
        "sources": ["Somebody (2024). A source. Somewhere."],
    }


def with_locales(tree, *codes: str, **values) -> None:
    (tree.root / "locales").mkdir(exist_ok=True)
    for code in codes:
        tree.write_yaml(f"locales/{code}.yaml", profile(code, **values))


# --- pools -------------------------------------------------------------------------------


def test_a_required_module_needs_a_pool_of_twelve_and_an_optional_one_ten(tree):
    meta = first()
    del meta["knowledge_check"]["questions"][11]
    tree.write_module("first-module", meta)
    meta = module_meta("second-module")
    meta["required"] = False
    del meta["knowledge_check"]["questions"][9:]
    tree.write_module("second-module", meta)
    found = problems(tree)
    assert (
        "modules/first-module.md: knowledge_check.questions: the pool has 11 questions; "
        "a required module needs at least 12" in found
    )
    assert (
        "modules/second-module.md: knowledge_check.questions: the pool has 9 questions; "
        "a module needs at least 10" in found
    )


def test_draw_must_fit_the_pool(tree):
    meta = first()
    meta["knowledge_check"]["draw"] = 13
    tree.write_module("first-module", meta)
    meta = module_meta("second-module")
    meta["knowledge_check"]["draw"] = 0
    tree.write_module("second-module", meta)
    found = problems(tree)
    assert "modules/first-module.md: knowledge_check.draw: draws 13 from a pool of only 12" in found
    assert (
        "modules/second-module.md: knowledge_check.draw: must be a whole number of "
        "questions, 1 or more" in found
    )


def test_a_draw_that_fits_is_fine(tree):
    meta = first()
    meta["knowledge_check"]["draw"] = 8
    tree.write_module("first-module", meta)
    assert problems(tree) == []


# --- anti-gaming -------------------------------------------------------------------------


def lengthen_key(meta: dict, ids: list[str]) -> None:
    for q in meta["knowledge_check"]["questions"]:
        if q["id"] in ids:
            k = q["answer"][0]
            q["choices"][k] = q["choices"][k] + " in full detail"


def test_keyed_option_strictly_longest_in_more_than_a_third_fails(tree):
    meta = first()
    lengthen_key(meta, [f"q{n}" for n in range(3, 8)])  # 5 of 11 single-answer questions
    tree.write_module("first-module", meta)
    found = [p for p in problems(tree) if "strictly longest" in p]
    assert found == [
        f"modules/first-module.md: q{n}: the keyed option is the strictly longest; it is so in "
        "5 of 11 single-answer questions, at most a third may be"
        for n in range(3, 8)
    ]


def test_a_third_or_fewer_is_allowed(tree):
    meta = first()
    lengthen_key(meta, ["q3", "q4", "q5"])  # 3 of 11
    tree.write_module("first-module", meta)
    assert problems(tree) == []


def test_choosing_the_longest_everywhere_must_not_reach_the_pass_mark(tree):
    meta = first()
    meta["knowledge_check"]["pass_mark"] = 50
    # Ties split: two keyed of three tied longest count as a third; strictly longest as one.
    lengthen_key(meta, ["q3", "q4", "q5"])
    q2 = meta["knowledge_check"]["questions"][1]
    q2["choices"] = ["long one", "b", "long two"]  # the two longest are the keyed pair
    for q in meta["knowledge_check"]["questions"][5:10]:
        # Keyed and one distractor tied longest: half a point each.
        k = q["answer"][0]
        other = (k + 1) % 4
        q["choices"][k] += " and more"
        q["choices"][other] += " and less"
    tree.write_module("first-module", meta)
    found = [p for p in problems(tree) if "longest option(s)" in p]
    # 3 + 1 (q2) + 5 × 1/2 + q1 1/3 + q11, q12 1/4 each = 7.33 of 12 = 61%
    assert found == [
        "modules/first-module.md: knowledge_check: choosing the longest option(s) everywhere "
        "scores 61%, reaching the pass mark 50% (it wins on q1, q2, q3, q4, q5, q6, q7, q8, "
        "q9, q10, q11, q12)"
    ]


@pytest.mark.parametrize(
    "choice",
    ["All of the above", "none of the above", "Both of the above", "both A and C"],
)
def test_options_about_the_other_options_fail(tree, choice):
    meta = first()
    meta["knowledge_check"]["questions"][4]["choices"][3] = choice
    tree.write_module("first-module", meta)
    found = [p for p in problems(tree) if "every option must answer" in p]
    assert len(found) == 1 and found[0].startswith("modules/first-module.md: q5: choice 3 says")


def test_the_check_agrees_with_the_spec_lint_on_minutes(tree):
    body = BODY + "\n**Try this:** something.\n\n" + "word " * 400
    assert estimated_minutes(body, 3) == round(len(body.split()) / 150) + 30 + 10 + 5
    if LINT.exists():  # the helpers' pre-engine lint uses the same formula
        text = LINT.read_text(encoding="utf-8")
        assert (
            'round(words / 150) + 10 * len(m.get("reflection_prompts", [])) + 10 + 5 * tries'
            in text
        )


# --- minutes -----------------------------------------------------------------------------


def test_declared_minutes_must_be_within_ten_percent_of_the_estimate(tree):
    tree.write_module("first-module", first(minutes=34))  # estimate 30
    tree.write_module("second-module", module_meta("second-module") | {"minutes": 33})
    assert problems(tree) == [
        "modules/first-module.md: minutes: 34 is not within 10% of the estimate 30 (words / "
        "150, plus 10 a reflection prompt, 10 for the check and 5 a 'Try this:' activity)"
    ]


def test_activities_count_towards_the_estimate(tree):
    body = BODY + "\n**Try this:** list three local groups.\n\n**Try this:** role-play it.\n"
    tree.write_module("first-module", first(minutes=40), body)
    assert problems(tree) == []


def test_a_pathway_must_reach_its_minimum_minutes(tree):
    data = yaml.safe_load((tree.root / "pathways.yaml").read_text())
    data["pathways"][0]["min_minutes"] = 1200
    tree.write_yaml("pathways.yaml", data)
    assert problems(tree) == [
        "pathways.yaml: pathways[0].modules: the modules add up to 60 minutes (1.0 hours); "
        "min_minutes asks for at least 1200"
    ]


# --- placeholders and locale profiles ----------------------------------------------------


def test_unknown_and_malformed_placeholders_name_file_and_line(tree):
    with_locales(tree, "us")
    body = BODY + "\nCall {{emergency_numbr}} now.\n\nOr {{ crisis_line }} instead.\n"
    path = tree.write_module("first-module", first(), body)
    lines = path.read_text().splitlines()
    bad = next(i for i, line in enumerate(lines, 1) if "emergency_numbr" in line)
    loose = next(i for i, line in enumerate(lines, 1) if "crisis_line" in line)
    assert problems(tree) == [
        f"modules/first-module.md: line {bad}: unknown placeholder {{{{emergency_numbr}}}}",
        f"modules/first-module.md: line {loose}: malformed placeholder {{{{ crisis_line }}}}: "
        "write {{key}}",
    ]


def test_a_profile_missing_a_key_a_module_uses_is_an_error(tree):
    with_locales(tree, "us", "uk")
    data = profile("uk")
    del data["values"]["crisis_line"]
    tree.write_yaml("locales/uk.yaml", data)
    meta = first()
    meta["knowledge_check"]["questions"][2]["prompt"] = "When would you suggest {{crisis_line}}?"
    path = tree.write_module("first-module", meta)
    line = next(i for i, t in enumerate(path.read_text().splitlines(), 1) if "crisis_line" in t)
    found = problems(tree)
    assert "locales/uk.yaml: values.crisis_line: missing" in found
    assert (
        f"modules/first-module.md: line {line}: {{{{crisis_line}}}} has no value in locales/uk.yaml"
    ) in found


def test_profiles_refuse_malformed_unknown_and_non_text_values(tree):
    data = profile("ca")
    data["values"] |= {"Bad-Key": "x", "pizza_place": "y", "emergency_number": 911}
    data["code"] = "canada"
    (tree.root / "locales").mkdir()
    tree.write_yaml("locales/ca.yaml", data)
    assert problems(tree) == [
        "locales/ca.yaml: code: must be 'ca', the file name without .yaml",
        "locales/ca.yaml: values.emergency_number: must be non-empty text "
        '(quote numbers, e.g. "911")',
        "locales/ca.yaml: values.Bad-Key: malformed key: use lower-case letters and underscores",
        "locales/ca.yaml: values.pizza_place: unknown key: not one of the placeholders modules "
        "may use",
    ]


def test_an_article_before_a_placeholder_must_suit_every_profile(tree):
    with_locales(tree, "us")
    data = profile("uk", advance_directive="advance statement")
    tree.write_yaml("locales/uk.yaml", data)
    body = BODY + "\nWrite a {{advance_directive}} together.\n"
    tree.write_module("first-module", first(), body)
    (found,) = problems(tree)
    assert found.endswith(
        "'a' before {{advance_directive}} reads wrongly with locales/uk.yaml ('advance statement')"
    )


def test_placeholders_are_not_allowed_where_they_are_never_filled(tree):
    with_locales(tree, "us")
    tree.write_module("first-module", first(title="Calling {{emergency_number}}"))
    assert (
        "modules/first-module.md: title: placeholders are filled only in the body, "
        "prompts and summary" in problems(tree)
    )


# --- supervisor competencies -------------------------------------------------------------

SUPERVISOR = {
    "source": "N.A.P.S. (2019). Guidelines. Washington, DC: N.A.P.S.",
    "categories": [
        {
            "code": "SVL",
            "title": "Upholds peer values in supervision",
            "description": "Mutual supervision.",
            "competencies": [
                {"code": "SVL-1", "statement": "Models mutuality."},
                {"code": "SVL-2", "statement": "Writes in strengths-based terms."},
            ],
        }
    ],
}


def test_supervisor_modules_are_tagged_with_supervisor_codes_only(tree):
    tree.write_yaml("supervisor-competencies.yaml", SUPERVISOR)
    meta = module_meta("second-module")
    meta["supervisor_competencies"] = ["SVL-1", "SVL-2"]
    tree.write_module("second-module", meta)
    assert problems(tree) == []
    meta["supervisor_competencies"] = ["SVL-1", "ENG-1"]
    meta["competencies"] = []
    tree.write_module("second-module", meta)
    assert problems(tree) == [
        "modules/second-module.md: supervisor_competencies[1]: unknown supervisor competency "
        "code 'ENG-1'",
        "competencies.yaml: ENG: category taught by 1 module(s); at least 2 should teach it",
        "competencies.yaml: GRO: category taught by 1 module(s); at least 2 should teach it",
        "supervisor-competencies.yaml: SVL-2: taught by no module",
    ]


def test_an_empty_competency_list_needs_supervisor_codes(tree):
    tree.write_module("first-module", first(competencies=[]))
    found = problems(tree)
    assert found[0] == "modules/first-module.md: competencies: list at least one competency code"


# --- coverage ----------------------------------------------------------------------------


def test_every_statement_taught_and_every_category_by_two_modules(tree):
    tree.write_module("first-module", first(competencies=["ENG-1", "GRO-1"]))
    tree.write_module("second-module", module_meta("second-module") | {"competencies": ["ENG-1"]})
    assert problems(tree) == [
        "competencies.yaml: ENG-2: taught by no module",
        "competencies.yaml: GRO: category taught by 1 module(s); at least 2 should teach it",
    ]


# --- citations ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "Psychiatric Services (2023). Peer-facilitated decision making.",  # no venue
        "(2019). National Practice Guidelines. Washington, DC: N.A.P.S.",  # nobody
        "National Association of Peer Supporters. National Practice Guidelines. N.A.P.S.",
    ],
)
def test_a_citation_needs_author_year_title_and_venue(tree, source):
    tree.write_module("first-module", first(sources=[source]))
    assert problems(tree) == [
        "modules/first-module.md: sources[0]: give author or organisation, (year), title and "
        "venue or publisher"
    ]


def test_one_spelling_per_work_across_modules(tree):
    a = "Mead, S., & MacNeil, C. (2006). Peer support: What makes it unique? IJPR, 10(2), 29-37."
    b = "Mead, S. and MacNeil, C. (2006). Peer Support: what makes it unique? The journal."
    tree.write_module("first-module", first(sources=[a]))
    tree.write_module("second-module", module_meta("second-module") | {"sources": [a]})
    tree.write_module("third-module", module_meta("third-module") | {"sources": [b]})
    assert problems(tree) == [
        "modules/third-module.md: sources[0]: cite this work as another module does, "
        f"exactly: {a!r}"
    ]


def test_sources_md_sets_the_canonical_spelling(tree):
    canonical = "Author, A. (2020). A book. Big Publisher."
    (tree.root / "SOURCES.md").write_text(f'# Sources\n\n- "{canonical}"\n', encoding="utf-8")
    found = problems(tree)
    assert found == [
        f"modules/{m}.md: sources[0]: cite this work as SOURCES.md does, exactly: {canonical!r}"
        for m in ("first-module", "second-module")
    ]


def test_real_sources_md_strings_are_complete_citations():
    from peertrain.catalog.curriculum import canonical_sources
    from peertrain.config import Config

    listed = canonical_sources(Path(Config.CONTENT_DIR))
    text = (Path(Config.CONTENT_DIR) / "SOURCES.md").read_text(encoding="utf-8")
    assert len(listed) == len(re.findall(r'^- "', text, re.MULTILINE)) >= 15
