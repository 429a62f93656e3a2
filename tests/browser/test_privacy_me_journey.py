"""A peer worker on a 320 px screen sees who read their supervision record, then prepares and
downloads their data once; the archive's page reads without the app."""

from __future__ import annotations

import io
import re
import zipfile

from playwright.sync_api import expect

from peertrain import audit
from peertrain.extensions import db
from tests import privacy_me_cast


def _fits(page, what: str) -> None:
    page.wait_for_load_state("load")  # stylesheets applied before measuring
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"{what} is {width}px wide on a 320px screen"


def test_a_worker_sees_their_readers_and_downloads_their_data_once(
    app, page, make, sign_in, tmp_path
):
    app.config["EXPORT_DIR"] = str(tmp_path / "exports")
    cast = privacy_me_cast.build(make)
    audit.log("view", "supervision_session", cast.group.id, actor_id=cast.sup.id)
    db.session.commit()
    page.set_viewport_size({"width": 320, "height": 640})
    sign_in(page, cast.worker)
    page.goto("/my-data/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My data")
    page.get_by_role("link", name="Who has read my records").click()
    row = page.get_by_role("row", name=re.compile("Sasha Supervisor"))
    expect(row).to_contain_text("Supervisor")
    expect(row.get_by_role("link", name=re.compile("your supervision record of"))).to_be_visible()
    _fits(page, "the access history")

    page.goto("/my-data/export")
    page.get_by_role("button", name="Prepare my data").click()
    expect(page.get_by_text("Your export is ready to download.")).to_be_visible()
    _fits(page, "the export page")
    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile(r"^Download \(once\)")).click()
    archive = info.value.path().read_bytes()
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        html = zf.read("index.html").decode()
    page.goto("/my-data/export")
    expect(page.get_by_role("cell", name=re.compile("^Downloaded"))).to_be_visible()
    expect(page.get_by_role("button", name=re.compile(r"^Download \(once\)"))).to_have_count(0)

    # The archive's page on its own, as the person would open it from their disk.
    page.set_content(html)
    expect(page.get_by_role("heading", name="Supervision records")).to_be_visible()
    expect(page.get_by_text(privacy_me_cast.MINE["notes"])).to_be_visible()
    _fits(page, "the archive's page")
