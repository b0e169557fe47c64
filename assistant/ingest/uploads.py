"""Accepting article files from the web: checked, then stored under the uploads folder.

Every file is checked before any is stored or indexed: its type and size against the settings, its
name reduced to a plain file name (no folders, no ``..``), and its content parsed as an article.
A bad file is refused with a message that names it by the name the user gave it, never by a path
of the server, and the index is not touched.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

from assistant.ingest.articles import Article, Skipped, read_article
from assistant.config import Settings
from assistant.errors import AssistantError, UploadError


@dataclass(frozen=True)
class Upload:
    """A file as the web server received it: where it lies now, and the name the user gave it."""

    path: Path
    name: str


def safe_name(name: str) -> str:
    """The last component of a user-supplied name, with anything unusual replaced.

    Both separators count ("..\\\\evil.txt" from Windows too); what is left cannot be empty,
    hidden, or a path.
    """
    base = PureWindowsPath(PurePosixPath(name).name).name
    base = re.sub(r"[^\w.\- ]", "_", base).strip(" .")
    return base or "article"


def check(upload: Upload, settings: Settings) -> Article:
    """Parse an upload as an article, or raise ``UploadError`` naming it."""
    name = safe_name(upload.name)
    suffix = Path(name).suffix.lower()
    if suffix not in settings.upload_types:
        raise UploadError(f"{name}: only {', '.join(settings.upload_types)} files are accepted")
    size = upload.path.stat().st_size
    if size > settings.upload_max_bytes:
        raise UploadError(f"{name}: {size:,} bytes is over the limit of {settings.upload_max_bytes:,}")
    # Parse a copy under the safe name: the suffix decides the format, and error messages from the
    # parser then carry the user's file name rather than the server's temporary path.
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / name
        shutil.copyfile(upload.path, copy)
        try:
            item = read_article(copy)
        except AssistantError as err:
            raise UploadError(f"{name}: {getattr(err, 'problem', err)}") from None
    if isinstance(item, Skipped):
        raise UploadError(f"{name}: {item.reason}")
    return item


def store(uploads: list[Upload], settings: Settings) -> list[Path]:
    """Check every upload, then copy them into the uploads folder; returns the stored paths.

    A stored file keeps its (safe) name, so uploading a new version of an article replaces it.
    """
    if not uploads:
        raise UploadError("no file was uploaded")
    names = [safe_name(u.name) for u in uploads]
    for upload in uploads:
        check(upload, settings)
    folder = settings.uploads
    folder.mkdir(parents=True, exist_ok=True)
    stored = []
    for upload, name in zip(uploads, names):
        target = folder / name
        shutil.copyfile(upload.path, target)
        stored.append(target)
    return stored
