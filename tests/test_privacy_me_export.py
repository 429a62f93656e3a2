"""My data: what the export holds (everything about me, nothing private of anyone else's), and
that every table pointing at a person is either exported or excluded for a stated reason."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from sqlalchemy import Column, ForeignKey, Integer, MetaData, Table

from peertrain.clock import utcnow
from peertrain.extensions import db
from peertrain.privacy import export_archive, export_data
from peertrain.privacy.export_registry import (
    EXCLUDED,
    EXPORTED,
    stale,
    uncovered,
    user_columns,
)

from . import privacy_me_cast
from .privacy_me_cast import MINE, OTHERS

DOC = Path(__file__).resolve().parent.parent / "docs" / "export-schema.md"


def _archive(user) -> tuple[dict, str, str]:
    data = export_data.collect(db.session, user, generated_at=utcnow())
    with zipfile.ZipFile(io.BytesIO(export_archive.archive_bytes(data))) as zf:
        assert sorted(zf.namelist()) == ["export.json", "index.html"]
        raw, page = zf.read("export.json").decode(), zf.read("index.html").decode()
    return json.loads(raw), raw, page


def test_every_column_pointing_at_a_person_is_exported_or_excluded_with_a_reason(app):
    assert uncovered(db.metadata) == []
    assert all(len(reason) > 40 for reason in EXCLUDED.values())
    assert not set(EXPORTED) & set(EXCLUDED)
    # Nothing listed that no longer points at a person: the lists follow the schema both ways.
    assert stale(db.metadata) == []
    assert user_columns(db.metadata) <= set(EXPORTED) | set(EXCLUDED)


def test_a_new_table_pointing_at_a_person_fails_until_it_is_listed(app):
    schema = MetaData()
    for table in db.metadata.tables.values():
        table.to_metadata(schema)
    Table(
        "wellbeing_plan",
        schema,
        Column("id", Integer, primary_key=True),
        Column("worker_id", Integer, ForeignKey("user.id")),
    )
    new = set(uncovered(schema)) - set(uncovered(db.metadata))
    assert new == {("wellbeing_plan", "worker_id")}


def test_the_schema_document_names_every_section_and_exclusion():
    text = DOC.read_text()
    for section in EXPORTED.values():
        assert f"`{section.split('.')[0]}`" in text, section
    for table, column in EXCLUDED:
        assert f"`{table}.{column}`" in text, (table, column)


def test_every_exported_section_is_in_the_archive(app, make):
    cast = privacy_me_cast.build(make)
    data, _, page = _archive(cast.worker)
    for section in set(EXPORTED.values()):
        node = data
        for part in section.split("."):
            node = node[part] if isinstance(node, dict) else node[0][part]
        assert node is not None, section
    assert data["schema"] == export_data.SCHEMA
    assert "<h2>Supervision records</h2>" in page


def test_the_export_holds_what_is_mine_including_what_others_wrote_that_i_read(app, make):
    cast = privacy_me_cast.build(make)
    data, raw, page = _archive(cast.worker)
    for planted in MINE.values():
        assert planted in raw, planted
        assert planted in page, planted
    assert data["profile"]["email"] == cast.worker.email
    assert "password_hash" not in data["profile"]
    assert cast.worker.password_hash not in raw
    [record] = data["supervision_records"]
    assert record["my_part"] == "supervisee"
    assert record["participants"] == ["Cory Colleague", "Wren Worker"]
    assert record["other_people_action_items"] == 1
    assert [f["about"] for f in record["flags"]] == ["you"]
    sources = sorted(r["source"] for r in data["competency_ratings"])
    assert sources == ["self", "supervisor"]


def test_the_export_never_holds_anyone_elses_private_text(app, make):
    cast = privacy_me_cast.build(make)
    _, raw, page = _archive(cast.worker)
    for planted in OTHERS.values():
        assert planted not in raw, planted
        assert planted not in page, planted


def test_a_supervisors_export_leaves_out_supervisees_reflections_and_flags(app, make):
    """The author may read the supervisees' reflections in the app; a file that leaves it
    holds only what is about the supervisor: each reflection is in its writer's export."""
    cast = privacy_me_cast.build(make)
    data, raw, _ = _archive(cast.sup)
    assert {r["my_part"] for r in data["supervision_records"]} == {"supervisor"}
    assert MINE["notes"] in raw and OTHERS["supervisor_draft"] in raw
    for planted in (OTHERS["co_reflection"], MINE["reflection"], OTHERS["co_flag"]):
        assert planted not in raw, planted
    assert OTHERS["co_rating"] not in raw  # a rating given is about the person rated


def test_knowledge_check_keys_are_course_content_not_in_the_export(app, make):
    cast = privacy_me_cast.build(make)
    attempt = make.attempt(cast.worker, cast.module)
    attempt.shown = {
        "pass_mark": 80,
        "questions": [
            {
                "id": "q1",
                "prompt": "Q?",
                "choices": ["a", "b"],
                "answer": [1],
                "explanation": "EXPLANATION-KEPT-OUT",
                "order": [0, 1],
            }
        ],
    }
    db.session.commit()
    data, raw, _ = _archive(cast.worker)
    shown = data["training"]["quiz_attempts"][-1]["questions"]
    assert shown == [{"id": "q1", "prompt": "Q?", "choices": ["a", "b"]}]
    assert "EXPLANATION-KEPT-OUT" not in raw


def test_audit_events_by_me_and_about_my_records(app, make, client, login):
    cast = privacy_me_cast.build(make)
    login(cast.sup)
    client.get(f"/supervision/sessions/{cast.group.id}")
    client.post("/auth/logout")
    data, _, _ = _archive(cast.worker)
    about = data["audit_events"]["about_my_records"]
    view = [e for e in about if e["action"] == "view"]
    assert view and view[0]["by"] == "Sasha Supervisor (Supervisor)"
    assert view[0]["record_id"] == str(cast.group.id)
    assert all("ip" not in e for e in about)  # another person's address is theirs
    assert all(e["action"] != "login" or e["record_id"] != str(cast.sup.id) for e in about)
    login(cast.co)  # the co-supervisee's own part of the group session is about them
    client.post(f"/supervision/sessions/{cast.group.id}/acknowledge")
    client.post("/auth/logout")
    login(cast.worker)
    data, _, _ = _archive(cast.worker)
    assert any(e["action"] == "login" for e in data["audit_events"]["by_me"])
    about = data["audit_events"]["about_my_records"]
    assert [e["by"] for e in about if e["action"] == "view"] == ["Sasha Supervisor (Supervisor)"]
    assert not [e for e in about if e["action"] == "acknowledge"]
    co_data, _, _ = _archive(cast.co)
    assert any(e["action"] == "acknowledge" for e in co_data["audit_events"]["by_me"])
