"""Reading article files: the seed format, Markdown, HTML and plain text.

An article's identity is its source (absolute path or URL); its version is the hash of the file's
bytes. ``Article.text`` is the text a reader reads: for plain text and the seed, the file exactly
as written (after the format's own header, if any); for Markdown and HTML, the rendered text
(``ingest.markdown``: link text without URLs, no emphasis markers or bullets), with the links kept in
``Article.links``. Chunks and citations carry character offsets into ``Article.text``.
"""

from __future__ import annotations

import calendar
import hashlib
import logging
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from assistant.errors import ArticleError
from assistant.formats import ARTICLE_SUFFIXES
from assistant.ingest.markdown import Link, render_markdown
from assistant.text.language import detect_language
from assistant.text.sentences import split_sentences

log = logging.getLogger(__name__)

_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_SEED_HEADER = re.compile(r"\A\ufeff?[ \t]?date[ \t]+(\S+)[ \t]+")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.S)
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")
_MAX_TITLE = 200


@dataclass(frozen=True)
class Article:
    id: str
    source: str
    title: str
    date: str | None
    lang: str
    text: str
    format: str
    content_hash: str
    links: tuple[Link, ...] = ()  # the links a Markdown or HTML article makes

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class ArticleSet:
    """What a set of paths holds: the articles, and the files passed over with the reason."""

    articles: list[Article] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def article_id(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:16]


def parse_date(value: str) -> str | None:
    """``YYYY-MM`` or ``YYYY-MM-DD`` if it names a real month or day, else None."""
    match = _ISO_DATE.fullmatch(value.strip())
    if not match:
        return None
    year, month, day = int(match[1]), int(match[2]), match[3]
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    if not 1 <= int(day) <= calendar.monthrange(year, month)[1]:
        return None
    return f"{year:04d}-{month:02d}-{int(day):02d}"


def _first_sentence(text: str) -> str:
    spans = split_sentences(text, 0, min(len(text), 2000))
    if not spans:
        return ""
    first = " ".join(text[spans[0][0] : spans[0][1]].split())
    return first if len(first) <= _MAX_TITLE else first[: _MAX_TITLE - 1].rstrip() + "…"


def _parse_seed(raw: str, header: re.Match[str], path: Path) -> tuple[str, str | None, str]:
    date = parse_date(header[1])
    if date is None:
        raise ArticleError(path, f"line 1: {header[1]!r} is not a valid date (expected YYYY-MM or YYYY-MM-DD)")
    text = raw[header.end() :]
    lede = text.split("\n", 1)[0].strip()
    return text, date, lede or _first_sentence(text)


def _parse_markdown(raw: str) -> tuple[str, str | None, str, tuple[Link, ...]]:
    meta: dict[str, str] = {}
    body = raw
    front = _FRONT_MATTER.match(raw)
    if front:
        for line in front[1].splitlines():
            key, sep, value = line.partition(":")
            if sep:
                meta[key.strip().lower()] = value.strip().strip("\"'")
        body = raw[front.end() :]
    rendered = render_markdown(body)
    title = meta.get("title") or rendered.heading or _first_sentence(rendered.text)
    date = parse_date(meta.get("date", "")[:10]) if meta.get("date") else None
    return rendered.text, date, title, rendered.links


def html_text(raw: str) -> tuple[str, str | None, str, tuple[Link, ...]]:
    """A web page's article: its text as a reader sees it, date, title and links."""
    import trafilatura

    extracted = trafilatura.bare_extraction(raw, with_metadata=True, include_comments=False)
    doc = extracted.as_dict() if extracted is not None else {}
    # The article's text as Markdown (its links and structure kept), rendered like a Markdown file.
    markdown = trafilatura.extract(raw, output_format="markdown", include_links=True, include_comments=False) or ""
    rendered = render_markdown(markdown)
    title = (doc.get("title") or "").strip() or rendered.heading
    date = parse_date((doc.get("date") or "")[:10])
    return rendered.text, date, title or _first_sentence(rendered.text), rendered.links


def _parse_text(raw: str) -> tuple[str, str | None, str]:
    first_line = raw.strip().split("\n", 1)[0].strip()
    has_body = "\n" in raw.strip()
    title = first_line if has_body and len(first_line) <= _MAX_TITLE else _first_sentence(raw)
    return raw, None, title


def _decode(data: bytes, path: Path) -> str:
    if b"\x00" in data:
        raise ArticleError(path, "binary file (contains NUL bytes), not a text article")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        # Older archives are often Latin-1 / Windows-1252. A file with no UTF-8 sequence at all is
        # read that way; one that has some is UTF-8 with a corrupt byte, and refused, as guessing
        # would put mojibake into the index.
        if not _UTF8_SEQUENCE.search(data):
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                pass
            else:
                log.warning("%s is not UTF-8: read as Windows-1252 (Latin-1)", path)
                return text
        raise ArticleError(path, f"not valid UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start})") from None


def read_article(path: Path | str, max_bytes: int | None = None) -> Article | Skipped:
    """Parse one file. A file with no article text (or over ``max_bytes``) is skipped; one that
    cannot be read is an error."""
    path = Path(path).absolute()
    kind = ARTICLE_SUFFIXES.get(path.suffix.lower())
    if kind is None:
        return Skipped(str(path), f"not an article file (suffix {path.suffix or 'none'!r})")
    try:
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            return Skipped(str(path), f"{size:,} bytes is larger than ASSISTANT_MAX_ARTICLE_BYTES ({max_bytes:,})")
        data = path.read_bytes()
    except OSError as err:
        raise ArticleError(path, f"cannot be read ({err.strerror or err})") from None
    raw = _decode(data, path)
    if not raw.strip():
        return Skipped(str(path), "empty file")
    header = _SEED_HEADER.match(raw) if kind == "text" else None
    links: tuple[Link, ...] = ()
    if header:
        kind = "seed"
        text, date, title = _parse_seed(raw, header, path)
    elif kind == "markdown":
        text, date, title, links = _parse_markdown(raw)
    elif kind == "html":
        text, date, title, links = html_text(raw)
    else:
        text, date, title = _parse_text(raw)
    if not text.strip():
        return Skipped(str(path), "no article text found")
    source = str(path)
    return Article(
        id=article_id(source),
        source=source,
        title=title,
        date=date,
        lang=detect_language(text),
        text=text,
        format=kind,
        content_hash=hashlib.sha256(data).hexdigest(),
        links=links,
    )


def _walk(folder: Path) -> list[Path]:
    files = []
    # followlinks=False: a symlinked folder could loop or leave the tree the user named.
    for root, dirs, names in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        files.extend(Path(root) / name for name in sorted(names) if not name.startswith("."))
    return files


def read_articles(paths: list[Path | str], max_bytes: int | None = None) -> ArticleSet:
    """Every article under ``paths`` (files, or folders walked recursively).

    Files inside a folder that are not articles are skipped with a reason; a file named explicitly
    must be an article. Any file that cannot be read or decoded raises ``ArticleError``.
    """
    result = ArticleSet()
    seen: set[str] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            candidates, explicit = _walk(path), False
        elif path.exists():
            candidates, explicit = [path], True
        else:
            raise ArticleError(path, "no such file or folder")
        for candidate in candidates:
            item = read_article(candidate, max_bytes)
            if isinstance(item, Skipped):
                if explicit:
                    raise ArticleError(candidate, item.reason)
                log.info("skipped %s: %s", item.path, item.reason)
                result.skipped.append(item)
            elif item.id not in seen:
                seen.add(item.id)
                result.articles.append(item)
    return result
