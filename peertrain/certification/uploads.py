"""Training certificates on disk: type by content (magic bytes), size-limited, stored under
CERTIFICATE_DIR with a random name and its sha256; no user text ever becomes part of a path."""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

# Content, not the file's name or its declared type, decides what a file is.
KINDS = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
)
STORED_NAME = re.compile(r"[0-9a-f]{32}\.(pdf|png|jpg)")
TYPES_TEXT = "a PDF, PNG or JPEG file"


class UploadRefused(Exception):
    """Raised with a message to show next to the file field."""


@dataclass(frozen=True)
class StoredFile:
    stored_name: str
    original_name: str
    content_type: str
    size: int
    sha256: str


def max_bytes() -> int:
    return int(current_app.config.get("CERTIFICATE_MAX_BYTES", 5 * 1024 * 1024))


def limit_text() -> str:
    size = max_bytes()
    return f"{size / (1024 * 1024):g} MB" if size >= 1024 * 1024 else f"{size / 1024:g} KB"


def directory() -> Path:
    folder = current_app.config.get("CERTIFICATE_DIR") or str(
        Path(current_app.instance_path) / "certificates"
    )
    path = Path(folder).resolve()
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def sniff(head: bytes) -> tuple[str, str] | None:
    for magic, content_type, ext in KINDS:
        if head.startswith(magic):
            return content_type, ext
    return None


def display_name(filename: str | None) -> str:
    """The name shown to people: the last path part, without control characters. Display only."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip()
    return name[:255] or "certificate"


def _write(data: bytes, ext: str) -> str:
    stored = secrets.token_hex(16) + ext
    with (directory() / stored).open("xb") as out:  # "x": never overwrite another file
        out.write(data)
    return stored


def store(stream, filename: str | None) -> StoredFile:
    """Read at most the limit (plus one byte to notice more), check the type, write it."""
    data = stream.read(max_bytes() + 1)
    if not data:
        raise UploadRefused(f"The file is empty. Choose {TYPES_TEXT}.")
    if len(data) > max_bytes():
        raise UploadRefused(f"The file is larger than {limit_text()}. Scan it smaller or as a PDF.")
    found = sniff(data[:16])
    if found is None:
        raise UploadRefused(f"That file is not {TYPES_TEXT} (whatever its name says).")
    content_type, ext = found
    return StoredFile(
        _write(data, ext),
        display_name(filename),
        content_type,
        len(data),
        hashlib.sha256(data).hexdigest(),
    )


def path_of(stored_name: str) -> Path:
    """Only names this module made resolve to a file, and only inside the directory."""
    if not STORED_NAME.fullmatch(stored_name or ""):
        raise FileNotFoundError(stored_name)
    return directory() / stored_name


def copy(stored_name: str) -> str:
    """A second stored copy (stored names are unique): a correction keeps its certificate."""
    source = path_of(stored_name)
    return _write(source.read_bytes(), source.suffix)
