"""A module version's text for the section pages, kept per process: read once, shown often.

A trainee reading a module opens its sections one after another, and every section page
shows the module's title, every section heading and the sources. That text only changes with
`flask content sync`, which gives the version a new content hash, so each page asks the
database only for the current version's (id, content hash) and takes the text from memory."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from sqlalchemy import bindparam, select

from .. import prepared
from ..extensions import db
from ..models import Module, ModuleProgress, ModuleSection

KEEP = 64  # module versions kept per process (the curriculum has 27 current ones)


@dataclass(frozen=True)
class SectionText:
    id: int
    position: int
    heading: str
    body_md: str


@dataclass(frozen=True)
class ModuleText:
    id: int
    slug: str
    title: str
    sources: tuple[str, ...]
    sections: tuple[SectionText, ...]


_kept: OrderedDict[tuple[int, str], ModuleText] = OrderedDict()
_lock = threading.Lock()


@prepared.statement
def _version_and_read():
    """The current version's id and hash, and what the person has read in it."""
    read = (
        select(ModuleProgress.sections_read)
        .where(ModuleProgress.module_id == Module.id, ModuleProgress.user_id == bindparam("uid"))
        .correlate(Module)
        .scalar_subquery()
    )
    return select(Module.id, Module.content_hash, read).where(
        Module.slug == bindparam("slug"), Module.is_current.is_(True)
    )


def current_text_and_read(slug: str, user_id: int | None) -> tuple[ModuleText, set[int]] | None:
    """The current version's text and the sections this person has read in it, asked of the
    database in one statement (a section page is the most-read page there is)."""
    found = prepared.rows(_version_and_read(), {"slug": slug, "uid": user_id}).first()
    if found is None:
        return None
    key = (found.id, found.content_hash)
    with _lock:
        text = _kept.get(key)
        if text is not None:
            _kept.move_to_end(key)
    if text is None:
        text = _load(found.id)
        with _lock:
            _kept[key] = text
            while len(_kept) > KEEP:
                _kept.popitem(last=False)
    return text, set(found[2] or ())


def _load(module_id: int) -> ModuleText:
    module = db.session.get(Module, module_id)
    sections = db.session.execute(
        select(ModuleSection.id, ModuleSection.position, ModuleSection.heading,
               ModuleSection.body_md)
        .where(ModuleSection.module_id == module_id)
        .order_by(ModuleSection.position)
    ).all()  # fmt: skip
    return ModuleText(
        id=module.id,
        slug=module.slug,
        title=module.title,
        sources=tuple(module.sources or ()),
        sections=tuple(SectionText(*row) for row in sections),
    )
