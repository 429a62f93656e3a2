"""Credential profiles as data: the shipped ones are sound and say what their boards ask, and
each rule of the checker names `file: field: what is wrong` on a fixture that breaks it."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest
import yaml

from peertrain.catalog.credentials import check_credentials
from peertrain.catalog.problems import Catalog

REAL = Path(__file__).resolve().parents[1] / "content"
FILE = "credentials/icrc-peer-recovery.yaml"
FRAMEWORK = yaml.safe_load((REAL / "competencies.yaml").read_text(encoding="utf-8"))
CATEGORIES = {c["code"] for c in FRAMEWORK["categories"]}


def real_data() -> dict:
    return yaml.safe_load((REAL / FILE).read_text(encoding="utf-8"))


def problems(tmp_path: Path, data: dict, name: str = "icrc-peer-recovery") -> list[str]:
    folder = tmp_path / "credentials"
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    catalog = Catalog()
    check_credentials(tmp_path, catalog, CATEGORIES)
    return [str(p) for p in catalog.problems]


def test_the_shipped_profiles_are_sound_and_say_what_the_boards_ask():
    catalog = Catalog()
    found = {c.id: c for c in check_credentials(REAL, catalog, CATEGORIES)}
    assert catalog.problems == []
    icrc, ncps = found["icrc-peer-recovery"], found["mha-ncps"]
    assert icrc.training_hours == 46
    assert {d.title: d.hours for d in icrc.domains} == {
        "Advocacy": 10, "Mentoring/Education": 10, "Recovery/Wellness Support": 10,
        "Ethical Responsibility": 16,
    }  # fmt: skip
    assert (icrc.work_hours, icrc.supervision_hours, icrc.exam_required) == (500, 25, True)
    assert (icrc.renewal_years, icrc.ce_hours) == (2, 20)
    assert [(t.topic, t.hours) for t in icrc.ce_topics] == [("ethics", 6)]
    assert icrc.group.counts == "full"
    # Every category of the framework belongs to one IC&RC domain: no training is lost.
    assert set(icrc.domain_of()) == CATEGORIES
    assert (ncps.training_hours, ncps.work_hours, ncps.work_within_years) == (40, 3000, 6)
    assert ncps.supervision_hours == 0 and ncps.ce_hours == 20
    assert len(ncps.domains) == 6 and all(d.hours == 0 for d in ncps.domains)
    for credential in found.values():
        assert all(s.url.startswith("https://") and "(20" in s.citation for s in credential.sources)
    assert "internationalcredentialing.org/icrc-credentials/pr" in icrc.sources[0].url


def test_the_fixture_copy_has_no_problems(tmp_path):
    assert problems(tmp_path, real_data()) == []


def _break(change):
    data = copy.deepcopy(real_data())
    change(data)
    return data


def _domain(data, n=0):
    return data["training"]["domains"][n]


RULES = [
    (lambda d: d.pop("name"), f"{FILE}: name: missing"),
    (lambda d: d.update(id="other"), f"{FILE}: id: must equal the file name"),
    (lambda d: d.update(colour="blue"), f"{FILE}: colour: unknown key"),
    (lambda d: d["training"].update(hours=-4), f"{FILE}: training.hours: must be a number"),
    (lambda d: d["training"].update(hours=0), f"{FILE}: training.hours: must be a number"),
    (lambda d: d["work_experience"].update(hours="500"), f"{FILE}: work_experience.hours: must"),
    (lambda d: _domain(d).update(hours=-1), f"{FILE}: training.domains[0].hours: must be"),
    (lambda d: d["training"].update(hours=40),
     f"{FILE}: training.domains: domain hours add up to 46, more than the total"),
    (lambda d: _domain(d).update(categories=["XYZ"]),
     f"{FILE}: training.domains[0].categories: 'XYZ' is not a category in competencies.yaml"),
    (lambda d: _domain(d, 1).update(categories=["LEA"]),
     f"{FILE}: training.domains[1].categories: 'LEA' is already in domain 'advocacy'"),
    (lambda d: _domain(d, 1).update(code="advocacy"),
     f"{FILE}: training.domains[1].code: duplicate domain code"),
    (lambda d: d["supervision"].update(group_supervision={"counts": "half"}),
     f"{FILE}: supervision.group_supervision.counts: must be one of full, share"),
    (lambda d: d["supervision"].update(group_supervision={"counts": "share", "share": 2}),
     f"{FILE}: supervision.group_supervision.share: with counts: share"),
    (lambda d: d["exam"].update(required="yes"), f"{FILE}: exam.required: must be true or false"),
    (lambda d: d["exam"].pop("name"), f"{FILE}: exam.name: missing"),
    (lambda d: d["renewal"].update(years=0), f"{FILE}: renewal.years: must be a whole number"),
    (lambda d: d["renewal"]["topics"][0].update(hours=30),
     f"{FILE}: renewal.topics: topic hours add up to 30, more than ce_hours"),
    (lambda d: d.update(sources=[]), f"{FILE}: sources: must be a non-empty list"),
    (lambda d: d["sources"][0].pop("url"), f"{FILE}: sources[0].url: missing"),
    (lambda d: d["sources"][0].update(url="http://example.org"),
     f"{FILE}: sources[0].url: must be the https:// address"),
    (lambda d: d["sources"][0].update(citation="IC&RC, PR standards"),
     f"{FILE}: sources[0].citation: give author or organisation, (year), title"),
]  # fmt: skip


@pytest.mark.parametrize(("change", "expected"), RULES)
def test_each_rule_names_file_field_and_fault(tmp_path, change, expected):
    found = problems(tmp_path, _break(change))
    assert any(p.startswith(expected) for p in found), found


def test_a_broken_profile_fails_flask_content_check(app, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(REAL, content)
    data = _break(lambda d: _domain(d).update(categories=["XYZ"]))
    (content / FILE).write_text(yaml.safe_dump(data), encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["content", "check", "--dir", str(content)])
    assert result.exit_code == 1
    assert f"{FILE}: training.domains[0].categories: 'XYZ' is not a category" in result.output


def test_the_real_content_passes_flask_content_check(app):
    result = app.test_cli_runner().invoke(args=["content", "check", "--dir", str(REAL)])
    assert result.exit_code == 0, result.output
