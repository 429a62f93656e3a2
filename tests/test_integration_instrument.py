"""The self-assessment instrument as data: the real one is sound and complete, and each rule
of the checker names `file: item id: what is wrong` on a fixture that breaks it."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest
import yaml

from peertrain.catalog.instruments import check_instruments
from peertrain.catalog.problems import Catalog
from peertrain.integration.selfassessment_measures import MEASURES

REAL = Path(__file__).resolve().parents[1] / "content"
FILE = "instruments/organisational-readiness.yaml"


def real_data() -> dict:
    return yaml.safe_load((REAL / FILE).read_text(encoding="utf-8"))


def problems(tmp_path: Path, data: dict, name: str = "organisational-readiness") -> list[str]:
    folder = tmp_path / "instruments"
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    catalog = Catalog()
    check_instruments(tmp_path, catalog, set(MEASURES))
    return [str(p) for p in catalog.problems]


def test_the_real_instrument_is_sound_and_complete():
    catalog = Catalog()
    [instrument] = check_instruments(REAL, catalog, set(MEASURES))
    assert catalog.problems == []
    assert [s.title for s in instrument.sections] == [
        "Leadership and culture",
        "Job design and the peer role",
        "Supervision and support",
        "Integration into teams",
        "Workforce development",
    ]
    assert len(instrument.items) == 25
    assert all(set(i.anchors) == {1, 2, 3} for i in instrument.items)
    used = {i.evidence for i in instrument.items if i.evidence}
    assert used == set(MEASURES)  # every live measure stands beside at least one item
    cited = " ".join(instrument.sources.values())
    for work in ("Organizational Self-Assessment", "Peer Specialist Toolkit",
                 "ImROC Briefing 5", "National Practice Guidelines"):  # fmt: skip
        assert work in cited


def test_the_fixture_copy_has_no_problems(tmp_path):
    assert problems(tmp_path, real_data()) == []


def _item(data: dict, item_id: str) -> dict:
    return next(i for s in data["sections"] for i in s["items"] if i["id"] == item_id)


def _break(change):
    data = copy.deepcopy(real_data())
    change(data)
    return data


RULES = [
    (lambda d: _item(d, "LC-1")["anchors"].pop(2),
     f"{FILE}: LC-1: anchors: must be exactly 1, 2 and 3, not ['1', '3']"),
    (lambda d: _item(d, "LC-2")["anchors"].update({3: " "}), f"{FILE}: LC-2: anchors: 3 is empty"),
    (lambda d: _item(d, "SS-1").update(evidence="coffee_breaks"),
     f"{FILE}: SS-1: evidence: 'coffee_breaks' is not a measure"),
    (lambda d: _item(d, "JD-1").update(sources=["wikipedia"]),
     f"{FILE}: JD-1: sources: 'wikipedia' is not a key under sources"),
    (lambda d: _item(d, "JD-2").update(sources=[]),
     f"{FILE}: JD-2: sources: cite at least one source key"),
    (lambda d: _item(d, "IT-2").update(id="LC-1"), f"{FILE}: LC-1: id: used by another item"),
    (lambda d: _item(d, "IT-3").update(id="item three"),
     f"{FILE}: item three: id: use a short code such as LC-1"),
    (lambda d: _item(d, "WD-1").pop("text"), f"{FILE}: WD-1: text: missing"),
    (lambda d: d["sources"][0].update(citation="PeerTAC website"),
     f"{FILE}: sources[0].citation: give author or organisation, (year), title and publisher"),
    (lambda d: d["sources"].append({"key": "unused", "citation": d["sources"][0]["citation"]}),
     f"{FILE}: sources: 'unused' is listed but no item cites it"),
    (lambda d: d.update(id="other-name"),
     f"{FILE}: id: must equal the file name without .yaml ('organisational-readiness')"),
    (lambda d: d["scale"].pop(1), f"{FILE}: scale: must have exactly the levels 1, 2 and 3"),
    (lambda d: d["sections"][1].update(id="leadership"),
     f"{FILE}: sections[1].id: duplicate section id 'leadership'"),
    (lambda d: d["sections"][2].update(items=[]),
     f"{FILE}: supervision: items: must be a non-empty list"),
]  # fmt: skip


@pytest.mark.parametrize(("change", "expected"), RULES)
def test_each_rule_names_file_item_and_fault(tmp_path, change, expected):
    found = problems(tmp_path, _break(change))
    assert any(p.startswith(expected) for p in found), found


def test_a_broken_instrument_fails_flask_content_check(app, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(REAL, content)
    data = _break(lambda d: _item(d, "SS-2").update(evidence="nope"))
    (content / FILE).write_text(yaml.safe_dump(data), encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["content", "check", "--dir", str(content)])
    assert result.exit_code == 1
    assert f"{FILE}: SS-2: evidence: 'nope' is not a measure" in result.output


def test_the_real_content_passes_flask_content_check(app):
    result = app.test_cli_runner().invoke(args=["content", "check", "--dir", str(REAL)])
    assert result.exit_code == 0, result.output
