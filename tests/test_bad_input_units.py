"""The converters of peertrain/inputs.py and the control-character rule, value by value."""

from __future__ import annotations

from datetime import date

import pytest

from peertrain import controls, inputs


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        ("1", 1),
        (" 42 ", 42),
        ("2147483647", 2147483647),
        ("2147483648", None),
        (str(2**63), None),
        ("99999999999999999999", None),
        ("0", None),
        ("-1", None),
        ("²", None),
        ("٣", None),
        ("1_000", None),
        ("", None),
        (None, None),
        (True, None),
        (7, 7),
        (0, None),
        ("9" * 100_000, None),
    ],
)
def test_record_id(raw, want):
    assert inputs.record_id(raw) == want


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        ("2026-03-01", date(2026, 3, 1)),
        ("1900-01-01", date(1900, 1, 1)),
        ("2100-12-31", date(2100, 12, 31)),
        ("0001-01-01", None),
        ("9999-12-31", None),
        ("2026-02-30", None),
        ("２０２６-01-01", None),
        ("20260101", None),
        ("", None),
    ],
)
def test_iso_date(raw, want):
    assert inputs.iso_date(raw) == want


def test_optional_id_and_choice():
    assert inputs.optional_id("") is None and inputs.optional_id("12") == 12
    with pytest.raises(ValueError):
        inputs.optional_id("²")
    assert inputs.choice("a", ["a", "b"]) == "a" and inputs.choice("c", ["a"]) is None


@pytest.mark.parametrize(
    ("query", "want"), [("", 1), ("page=3", 3), ("page=-5", 1), ("page=%C2%B2", 1), ("page=0", 1)]
)
def test_page_number(app, query, want):
    with app.test_request_context(f"/?{query}"):
        assert inputs.page_number() == want


def test_every_int_rule_is_bounded_to_the_id_range(app):
    adapter = app.url_map.bind("localhost")
    assert adapter.match("/supervision/sessions/2147483647")[1] == {"session_id": 2147483647}
    for bad in ("2147483648", "0", "٣", "99999999999999999999"):
        with pytest.raises(Exception, match="404"):
            adapter.match(f"/supervision/sessions/{bad}")


def test_no_path_segment_holds_a_control_character(app):
    adapter = app.url_map.bind("localhost")
    assert adapter.match("/training/some-module")[1] == {"module_slug": "some-module"}
    for bad in ("\x00", "a\x07b", "x\x85"):
        with pytest.raises(Exception, match="404"):
            adapter.match(f"/training/{bad}")


def test_controls_are_removed_but_tab_and_new_lines_stay():
    assert controls.without_controls("a\x00b\x07c\x1b\x7f\x85d\te\r\nf") == "abcd\te\r\nf"


def test_the_request_cleans_form_and_query_and_names_the_fields(app):
    with app.test_request_context(
        "/?q=a%00b", method="POST", data={"note": "x\x00y", "plain": "ok"}
    ) as ctx:
        request = ctx.request
        assert request.args["q"] == "ab"
        assert request.form["note"] == "xy" and request.form["plain"] == "ok"
        assert request.controls_removed == {"note"}
        assert request.values["note"] == "xy"
