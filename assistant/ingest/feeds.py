"""RSS and Atom feeds as articles: each item becomes one (title, date, link, language, text).

A feed is fetched with the validators of the last successful run (``If-None-Match`` /
``If-Modified-Since``), kept in ``<index_dir>/feeds.json`` only once the run that used them has been
indexed. An item's identity is its link (or its id); its version is the hash of the item as the feed
publishes it, so an item the index already holds in that version is neither fetched nor read again.
An item whose feed carries only a summary gets its full text from its page (trafilatura); when the
page cannot be fetched the summary is indexed, with a warning.

Nothing here raises for what a feed or a site does wrong: a feed that is not a feed, an HTTP error,
a timeout or one broken item is a ``Skipped`` entry naming the problem, and the other sources and
items go on.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.ingest.articles import Article, Skipped, article_id, html_text
from assistant.text.language import detect_language

log = logging.getLogger(__name__)

USER_AGENT = "news-assistant/1 (feed reader)"


def is_url(source: str | Path) -> bool:
    return isinstance(source, str) and source.startswith(("http://", "https://"))


@dataclass(frozen=True)
class Validators:
    etag: str | None = None
    modified: str | None = None


@dataclass
class FeedRead:
    """What reading one feed gave: new or changed items as articles, the sources of items the index
    already holds as they are, problems, and the validators to keep once indexed."""

    url: str
    articles: list[Article] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    validators: Validators | None = None  # None: keep the ones stored (nothing new was read)
    not_modified: bool = False


class FeedCache:
    """The validators of each feed's last indexed response (JSON, replaced atomically)."""

    def __init__(self, path: Path):
        self.path = path

    def load(self) -> dict[str, Validators]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return {url: Validators(v.get("etag"), v.get("modified")) for url, v in data.items()}
        except (OSError, ValueError, AttributeError):
            return {}

    def save(self, updates: dict[str, Validators]) -> None:
        if not updates:
            return
        merged = {**self.load(), **updates}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".feeds-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump({u: {"etag": v.etag, "modified": v.modified} for u, v in merged.items()}, out, indent=1)
        os.replace(tmp, self.path)


def _http(client: Any, url: str, headers: dict[str, str] | None = None) -> Any:
    return client.get(url, headers={"User-Agent": USER_AGENT, **(headers or {})}, follow_redirects=True)


def _problem(err: Exception, timeout: float) -> str:
    import httpx

    if isinstance(err, httpx.TimeoutException):
        return f"no answer within {timeout:g} s (timed out)"
    if isinstance(err, httpx.HTTPStatusError):
        return f"HTTP {err.response.status_code} {err.response.reason_phrase}".strip()
    return f"cannot be fetched ({type(err).__name__}: {err})"


def read_feed(
    url: str,
    known: Callable[[str], str | None],
    validators: Validators | None,
    *,
    timeout: float = 20.0,
    max_bytes: int | None = None,
) -> FeedRead:
    """Fetch and read one feed. ``known(article id)`` is the item version the index holds, if any."""
    import feedparser
    import httpx

    result = FeedRead(url)
    headers = {}
    if validators and validators.etag:
        headers["If-None-Match"] = validators.etag
    if validators and validators.modified:
        headers["If-Modified-Since"] = validators.modified
    with httpx.Client(timeout=timeout) as client:
        try:
            response = _http(client, url, headers)
            if response.status_code == 304:
                result.not_modified = True
                return result
            response.raise_for_status()
        except httpx.HTTPError as err:
            result.skipped.append(Skipped(url, _problem(err, timeout)))
            return result
        body = response.content
        if max_bytes is not None and len(body) > max_bytes:
            result.skipped.append(Skipped(url, f"{len(body):,} bytes is larger than ASSISTANT_MAX_ARTICLE_BYTES ({max_bytes:,})"))
            return result
        # The headers go along: a charset declared only there is how some servers say Latin-1.
        parsed = feedparser.parse(body, response_headers={k.lower(): v for k, v in response.headers.items()})
        if not parsed.get("version") and not parsed.entries:
            why = f": {parsed.bozo_exception}" if parsed.get("bozo") else ""
            result.skipped.append(Skipped(url, f"not an RSS or Atom feed{why}"[:300]))
            return result
        feed_lang = _language_tag(parsed.feed.get("language"))
        for number, entry in enumerate(parsed.entries, start=1):
            try:
                _read_item(client, url, entry, feed_lang, known, result, timeout)
            except Exception as err:  # one broken item never stops the others
                log.warning("feed %s, item %d: %s", url, number, err, exc_info=True)
                result.skipped.append(Skipped(f"{url} (item {number})", f"unreadable item ({type(err).__name__}: {err})"))
        result.validators = Validators(response.headers.get("ETag"), response.headers.get("Last-Modified"))
    return result


def _read_item(client: Any, url: str, entry: Any, feed_lang: str | None, known: Callable[[str], str | None],
               result: FeedRead, timeout: float) -> None:
    link = (entry.get("link") or "").strip()
    identity = link or (entry.get("id") or "").strip()
    title = _text(entry.get("title") or "")
    if not identity:
        raise ValueError("it has neither a link nor an id")
    source = link or f"{url}#{identity}"
    content = "".join(c.get("value", "") for c in entry.get("content", []) or [])
    summary = entry.get("summary") or ""
    date = _date(entry)
    version = hashlib.sha256(json.dumps([source, title, date, summary, content]).encode("utf-8")).hexdigest()
    aid = article_id(source)
    if known(aid) == version:
        result.unchanged.append(source)
        return
    # A feed that carries an item's text says so with a content element (content:encoded, Atom's
    # content; feedparser copies it into the summary when there is none); a description alone is a
    # summary, and the page has the text.
    content_text, summary_text = _text(content), _text(summary)
    own = max(content_text, summary_text, key=len)
    text = content_text if content_text and len(content_text) >= len(summary_text) else ""
    if not text and link:
        page = _page_text(client, link, timeout)
        if isinstance(page, str):
            text = page
        else:
            result.warnings.append(f"{link}: {page[0]}; indexed the feed's own text")
    text = text or own
    if not text.strip():
        raise ValueError("it has no text, and its page gave none")
    result.articles.append(Article(
        id=aid, source=source, title=title or text.split("\n", 1)[0][:120], date=date,
        lang=_language_tag(entry.get("language")) or feed_lang or detect_language(text),
        text=text, format="feed", content_hash=version,
    ))


def _page_text(client: Any, link: str, timeout: float) -> str | tuple[str]:
    import httpx

    try:
        response = _http(client, link)
        response.raise_for_status()
    except httpx.HTTPError as err:
        return (_problem(err, timeout),)
    text, _, _, _ = html_text(response.text)
    return text if text.strip() else ("no article text found on the page",)


def _text(fragment: str) -> str:
    """The text of an HTML fragment (feed content is HTML, or plain text)."""
    if "<" not in fragment:
        return fragment.strip()
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # lxml raises several types on broken markup
        return re.sub(r"<[^>]+>", " ", fragment).strip()
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    blocks = [" ".join(p.text_content().split()) for p in root.iterchildren()] if len(root) else []
    text = "\n\n".join(b for b in blocks if b) or " ".join(root.text_content().split())
    if root.text and root.text.strip() and len(root):
        text = " ".join(root.text.split()) + "\n\n" + text
    return text.strip()


def _date(entry: Any) -> str | None:
    """YYYY-MM-DD of the item: feedparser's reading of RSS/Atom dates, or, for dates written in
    the feed's own language ("qui, 05 set 2024"), dateparser's."""
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = dict.get(entry, key)  # not entry.get: feedparser maps a missing key to another
        if value:
            return "%04d-%02d-%02d" % value[:3]
    for key in ("published", "updated", "created", "dc_date"):
        raw = entry.get(key)
        if raw:
            import dateparser

            found = dateparser.parse(raw, settings={"RETURN_AS_TIMEZONE_AWARE": False})
            if found:
                return found.strftime("%Y-%m-%d")
    return None


def _language_tag(tag: str | None) -> str | None:
    """"pt-BR" -> "pt"."""
    if not tag:
        return None
    code = re.split(r"[-_]", tag.strip().lower())[0]
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None

