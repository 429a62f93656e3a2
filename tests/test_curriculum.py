"""The real curriculum in content/ meets the standard the issue sets for it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from peertrain.catalog.loader import split_front_matter
from peertrain.catalog.validator import check_content
from peertrain.config import Config

CONTENT = Path(Config.CONTENT_DIR)

# Each topic the issue names, the module that teaches it, and words its title, summary or
# teaching text must use.
TOPICS = {
    "what-is-peer-support": [
        "mutuality",
        "emotional",
        "informational",
        "instrumental",
        "affiliational",
    ],
    "peer-values-and-practice-guidelines": ["iNAPS", "values"],
    "boundaries-and-dual-relationships": ["boundar", "dual relationship"],
    "sharing-your-recovery-story": ["story", "purpose"],
    "supporting-shared-decisions": ["goals", "preferences", "decision aid", "information"],
    "recovery-and-trauma-informed-practice": ["recovery", "trauma-informed", "language"],
    "linking-to-resources-and-community": ["resource", "community"],
    "supporting-someone-in-crisis": ["crisis"],
    "working-in-a-clinical-team": ["role clarity", "integration", "co-optation", "role drift"],
    "self-care-and-supervision": ["self-care", "wellness", "supervision"],
}


@pytest.fixture(scope="module")
def catalog():
    return check_content(CONTENT)


@pytest.fixture(scope="module")
def codes() -> set[str]:
    data = yaml.safe_load((CONTENT / "competencies.yaml").read_text(encoding="utf-8"))
    return {c["code"] for cat in data["categories"] for c in cat["competencies"]}


def body_words(path: Path) -> int:
    """Words of teaching text: everything after the front matter, Markdown marks aside."""
    _, body, _ = split_front_matter(path.read_text(encoding="utf-8"))
    return len(re.findall(r"[A-Za-z0-9][A-Za-z0-9'’-]*", body))


def test_content_passes_the_checker(catalog):
    assert [str(p) for p in catalog.problems] == []


def test_at_least_ten_modules(catalog):
    assert len(catalog.modules) >= 10


def test_every_module_meets_the_standard(catalog, codes):
    shortfalls = []
    for doc in catalog.modules:
        meta, name = doc.meta, doc.path.name
        questions = meta["knowledge_check"]["questions"]
        checks = {
            "at least 4 sections": len(doc.sections) >= 4,
            "at least 1,200 words": body_words(doc.path) >= 1200,
            "at least 5 questions": len(questions) >= 5,
            "an explanation for every question": all(
                len(q["explanation"].split()) >= 8 for q in questions
            ),
            "at least 2 reflection prompts": len(meta["reflection_prompts"]) >= 2,
            "a competency code that exists": bool(set(meta["competencies"]) & codes),
            "at least 1 source": len(meta["sources"]) >= 1,
        }
        shortfalls += [f"{name}: {what}" for what, ok in checks.items() if not ok]
    assert shortfalls == []


def test_every_section_is_substantial(catalog):
    thin = [
        f"{doc.path.name}: {s.heading!r}"
        for doc in catalog.modules
        for s in doc.sections
        if len(s.body_md.split()) < 100
    ]
    assert thin == []


@pytest.mark.parametrize("slug", sorted(TOPICS))
def test_issue_topics_are_covered(catalog, slug):
    doc = next((d for d in catalog.modules if d.meta["slug"] == slug), None)
    assert doc is not None, f"no module {slug}"
    text = " ".join([doc.meta["title"], doc.meta["summary"], doc.body]).lower()
    missing = [word for word in TOPICS[slug] if word.lower() not in text]
    assert missing == [], f"{slug} never mentions {missing}"


def test_sources_are_cited_in_the_text(catalog):
    """Each module cites its sources as (Author, year) somewhere in its teaching."""
    uncited = []
    for doc in catalog.modules:
        years = {m for s in doc.meta["sources"] for m in re.findall(r"\((\d{4})\)", s)}
        if not any(year in doc.body for year in years):
            uncited.append(doc.path.name)
    assert uncited == []


def test_pathways_put_every_required_module_somewhere(catalog):
    on_pathways = {slug for pw in catalog.pathways for slug in pw["modules"]}
    required = {d.meta["slug"] for d in catalog.modules if d.meta["required"]}
    assert required <= on_pathways
    worker = next(pw for pw in catalog.pathways if pw["for_role"] == "trainee")
    assert set(TOPICS) <= set(worker["modules"])
