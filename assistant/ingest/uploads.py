"""Accepting article files from the web: checked, then placed in the uploads folder.

Every file is checked before any is placed or indexed: its type and size against the settings, its
name reduced to a plain file name (no folders, no ``..``), and its content parsed as an article.
A bad file is refused with a message that names it by the name the user gave it, never by a path
of the server, and the index is not touched. Placing writes each file atomically and remembers what
it replaced, so a refusal later on (``Assistant.add_uploads`` holds the write lock throughout) can
put the folder back as it was.
"""

from __future__ import annotations

import os
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


@dataclass(frozen=True)
class Placed:
    """An upload written into the uploads folder, and the bytes of the file it replaced, if any."""

    path: Path
    replaced: bytes | None

    def undo(self) -> None:
        if self.replaced is None:
            self.path.unlink(missing_ok=True)
        else:
            _write_atomically(self.path, self.replaced)


def check_all(uploads: list[Upload], settings: Settings) -> None:
    """Refuse the whole batch if any upload is bad (``UploadError`` naming it)."""
    if not uploads:
        raise UploadError("no file was uploaded")
    for upload in uploads:
        check(upload, settings)


def _write_atomically(target: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".partial")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def place(uploads: list[Upload], settings: Settings) -> list[Placed]:
    """Write checked uploads into the uploads folder under their safe names, each atomically.

    A placed file keeps its (safe) name, so uploading a new version of an article replaces it.
    Call only while holding the index's write lock (``Assistant.add_uploads`` does).
    """
    folder = settings.uploads
    folder.mkdir(parents=True, exist_ok=True)
    placed: list[Placed] = []
    try:
        for upload in uploads:
            target = folder / safe_name(upload.name)
            replaced = target.read_bytes() if target.is_file() else None
            _write_atomically(target, upload.path.read_bytes())
            placed.append(Placed(target, replaced))
    except BaseException:
        undo(placed)
        raise
    return placed


def undo(placed: list[Placed]) -> None:
    """Put the uploads folder back as it was before ``placed`` were written."""
    for item in reversed(placed):
        item.undo()
