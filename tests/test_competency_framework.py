"""The competency framework in content/competencies.yaml: SAMHSA's 12 categories and the scale."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from peertrain.models import COMPETENT, LEVELS

FILE = Path(__file__).resolve().parent.parent / "content" / "competencies.yaml"

# SAMHSA (2015), Core Competencies for Peer Workers in Behavioral Health Services.
SAMHSA_CATEGORIES = [
    "Engages peers in collaborative and caring relationships",
    "Provides support",
    "Shares lived experiences of recovery",
    "Personalizes peer support",
    "Supports recovery planning",
    "Links to resources, services, and supports",
    "Provides information about skills related to health, wellness, and recovery",
    "Helps peers to manage crises",
    "Values communication",
    "Supports collaboration and teamwork",
    "Promotes leadership and advocacy",
    "Promotes growth and development",
]


@pytest.fixture(scope="module")
def framework() -> dict:
    return yaml.safe_load(FILE.read_text(encoding="utf-8"))


def test_twelve_samhsa_categories_in_order(framework):
    assert [c["title"] for c in framework["categories"]] == SAMHSA_CATEGORIES


def test_every_category_has_at_least_three_written_statements(framework):
    for category in framework["categories"]:
        statements = [c["statement"].strip() for c in category["competencies"]]
        assert len(statements) >= 3, category["code"]
        assert all(len(s) > 40 and s.endswith(".") for s in statements), category["code"]
        assert len(set(statements)) == len(statements)


def test_codes_are_unique_stable_and_prefixed_by_their_category(framework):
    category_codes = [c["code"] for c in framework["categories"]]
    assert len(set(category_codes)) == 12
    assert all(re.fullmatch(r"[A-Z]{3}", code) for code in category_codes)
    codes = [c["code"] for cat in framework["categories"] for c in cat["competencies"]]
    assert len(codes) == len(set(codes))
    for cat in framework["categories"]:
        for i, comp in enumerate(cat["competencies"], start=1):
            # Codes fit the model's column and follow CAT-n, so ratings survive re-syncs.
            assert comp["code"] == f"{cat['code']}-{i}"
            assert len(comp["code"]) <= 12


def test_four_level_scale_matches_the_model(framework):
    scale = framework["scale"]
    assert [row["level"] for row in scale] == [1, 2, 3, 4]
    assert {row["level"]: row["label"] for row in scale} == LEVELS
    assert all(len(row["description"]) > 40 for row in scale)
    assert LEVELS[COMPETENT] == "Competent"


def test_modules_cite_only_codes_that_exist(framework):
    codes = {c["code"] for cat in framework["categories"] for c in cat["competencies"]}
    for path in sorted((FILE.parent / "modules").glob("*.md")):
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
        assert set(front["competencies"]) <= codes, path.name
