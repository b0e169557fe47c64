"""Incremental indexing: new articles are added, changed ones replaced, unchanged ones skipped.

An article's version is its content hash plus the chunker's signature, so changing the chunk size
re-chunks everything on the next run. A changed article is replaced in an order that never leaves it
half-replaced: the new chunks are written first (their ids carry the version), then the registry
record is switched to the new version, then the old version's chunks are deleted. Retrieval only
returns chunks of an article's registered version, so readers see the old article or the new one,
never a mix. Should a run stop before the switch, the next one sees a version mismatch and redoes
the article; after it, the old chunks are invisible and the next ``--prune`` sweeps them away.
"""

from __future__ import annotations

import hashlib
import logging
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from assistant.ingest.articles import Article, ArticleSet, Skipped, read_articles
from assistant.ingest.feeds import FeedCache, FeedRead, is_url, read_feed
from assistant.ingest.chunking import Chunk, chunk_article, chunker_signature, embedding_text
from assistant.config import Settings
from assistant.embed.embeddings import NamedEmbeddings
from assistant.indexing.locking import write_lock
from assistant.indexing.stories import WINDOW_DAYS, Telling, choose_story, day_of, shipped_model
from assistant.indexing.store import ArticleRecord, Store, date_bounds

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Progress:
    chunks_done: int
    chunks_total: int
    source: str


ProgressCallback = Callable[[Progress], None]


@dataclass(frozen=True)
class IndexReport:
    """What one indexing run did. The lists hold article sources (paths or URLs)."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    chunks_embedded: int = 0
    chunks_deleted: int = 0
    # What went partly wrong without stopping anything (a feed item indexed from its summary
    # because its page could not be fetched), and feeds the server said had not changed.
    warnings: list[str] = field(default_factory=list)
    feeds_not_modified: list[str] = field(default_factory=list)

    def summary(self) -> str:
        feeds = f"; {len(self.feeds_not_modified)} feeds not modified" if self.feeds_not_modified else ""
        return (
            f"{len(self.added)} added, {len(self.updated)} updated, {len(self.unchanged)} unchanged, "
            f"{len(self.removed)} removed, {len(self.skipped)} skipped; "
            f"{self.chunks_embedded} chunks embedded, {self.chunks_deleted} deleted{feeds}"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "skipped": [s.to_dict() for s in self.skipped],
            "chunks_embedded": self.chunks_embedded,
            "chunks_deleted": self.chunks_deleted,
            "warnings": self.warnings,
            "feeds_not_modified": self.feeds_not_modified,
        }


def _version(article: Article, settings: Settings) -> str:
    signature = chunker_signature(settings.chunk_chars, settings.chunk_overlap)
    return hashlib.sha256(f"{article.content_hash}|{signature}".encode()).hexdigest()[:16]


def _chunk_metadata(article: Article, chunk: Chunk, version: str) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "article_id": article.id,
        "version": version,
        "n": chunk.n,
        "start": chunk.start,
        "end": chunk.end,
        "source": article.source,
        "title": article.title,
        "lang": article.lang,
    }
    if article.date:
        meta["date"] = article.date
        meta["date_from"], meta["date_to"] = date_bounds(article.date)
    return meta


def _under(source: str, folders: list[Path]) -> bool:
    path = Path(source)
    return any(path.is_relative_to(folder) for folder in folders)


class Indexer:
    def __init__(self, settings: Settings, store: Store, embeddings: NamedEmbeddings):
        self.settings = settings
        self.store = store
        self.embeddings = embeddings

    def index(
        self,
        paths: list[Path | str],
        *,
        prune: bool = False,
        rebuild: bool = False,
        progress: ProgressCallback | None = None,
        lock_held: bool = False,
    ) -> IndexReport:
        """Bring the index in line with the articles under ``paths`` (files, folders, feed URLs).

        With ``prune``, indexed articles whose source lies under one of the given *folders* but is no
        longer an article there (deleted, renamed, emptied) are removed. Files named one by one are
        never pruned, and nothing outside the given folders is touched; pruning also sweeps away
        chunks an interrupted run may have left (invisible to retrieval, but taking space).
        ``rebuild`` empties the index first (to change embedder or start over). ``lock_held``: the
        caller holds the write lock already (it wrote the files being indexed under it). Feed items
        are never pruned.
        """
        # Every file is read and parsed before anything is written: a bad file stops the run with
        # the index as it was. Feeds are read too (their problems are reported, never raised).
        urls = [p for p in paths if is_url(p)]
        files = [p for p in paths if not is_url(p)]
        found = read_articles(files, self.settings.max_article_bytes)
        feeds = self._read_feeds(list(dict.fromkeys(urls)), found, rebuild)
        if lock_held:
            report = self._apply(found, files, prune, rebuild, progress)
        else:
            with write_lock(self.settings):
                report = self._apply(found, files, prune, rebuild, progress)
        # A feed's validators are kept only now: a failed run must read the feed again next time.
        FeedCache(self.settings.feeds_file).save({f.url: f.validators for f in feeds if f.validators})
        report.unchanged.extend(s for f in feeds for s in f.unchanged)
        report.warnings.extend(w for f in feeds for w in f.warnings)
        report.feeds_not_modified.extend(f.url for f in feeds if f.not_modified)
        return report

    def _read_feeds(self, urls: list[str], found: ArticleSet, rebuild: bool) -> list[FeedRead]:
        if not urls:
            return []
        held = {} if rebuild else {r.id: r.content_hash for r in self.store.records().values()}
        stored = {} if rebuild else FeedCache(self.settings.feeds_file).load()
        feeds = []
        seen = {a.id for a in found.articles}
        for url in urls:
            feed = read_feed(url, held.get, stored.get(url), timeout=self.settings.feed_timeout,
                             max_bytes=self.settings.max_article_bytes)
            for article in feed.articles:
                if article.id not in seen:
                    seen.add(article.id)
                    found.articles.append(article)
            found.skipped.extend(feed.skipped)
            for problem in feed.skipped:
                log.warning("skipped %s: %s", problem.path, problem.reason)
            feeds.append(feed)
        return feeds

    def _apply(
        self,
        found: ArticleSet,
        paths: list[Path | str],
        prune: bool,
        rebuild: bool,
        progress: ProgressCallback | None,
    ) -> IndexReport:
        if rebuild:
            self.store.reset()
        self.store.check_embedder(self.embeddings.name, self.embeddings.dimension)
        records = self.store.records()
        added: list[str] = []
        updated: list[str] = []
        unchanged: list[str] = []
        removed: list[str] = []

        skipped = list(found.skipped)
        present = {a.id for a in found.articles}
        # The same article under another name would answer every question twice, so a new file whose
        # bytes an indexed article already has is skipped. Indexed articles keep their claim while
        # they exist (a rename is not a duplicate), whatever order the files are read in.
        claimed = {
            r.content_hash: r.source
            for r in records.values()
            if r.content_hash and (r.id in present or Path(r.source).exists())
        }
        todo: list[tuple[Article, str, list[Chunk]]] = []
        for article in found.articles:
            version = _version(article, self.settings)
            record = records.get(article.id)
            if record is None:
                twin = claimed.setdefault(article.content_hash, article.source)
                if twin != article.source:
                    skipped.append(Skipped(article.source, f"same content as {twin}"))
                    continue
            elif record.version == version:
                unchanged.append(article.source)
                continue
            chunks = chunk_article(article, self.settings.chunk_chars, self.settings.chunk_overlap)
            todo.append((article, version, chunks))
            (updated if record is not None else added).append(article.source)

        embedded, deleted = self._write(todo, progress)
        self._recognise_stories(todo)

        if prune:
            folders = [Path(p).absolute() for p in paths if Path(p).is_dir()]
            for record in records.values():
                if record.id not in present and _under(record.source, folders):
                    deleted += self.store.remove_article(record.id)
                    removed.append(record.source)
            deleted += self.store.sweep()

        report = IndexReport(added, updated, unchanged, removed, skipped, embedded, deleted)
        log.info("indexing done: %s", report.summary())
        return report

    def _recognise_stories(self, todo: list[tuple[Article, str, list[Chunk]]]) -> None:
        """Which story each new or changed dated article tells (``indexing.stories``), recorded in
        its registry record. Articles are placed oldest first, each among the stories of the
        articles dated within the window around it, those of this run included."""
        written = {article.id for article, _, chunks in todo if article.date and chunks}
        if not written:
            return
        days = [day_of(a.date) for a, _, c in todo if a.id in written]
        first, last = min(days) - WINDOW_DAYS, max(days) + WINDOW_DAYS
        ledes = self.store.ledes(date_bounds(date.fromordinal(first).isoformat())[0],
                                 date_bounds(date.fromordinal(last).isoformat())[1])
        records = self.store.records_of(chunk.metadata["article_id"] for chunk, _ in ledes)
        told: list[Telling] = []
        new: list[Telling] = []
        for chunk, vector in ledes:
            article_id = chunk.metadata["article_id"]
            record = records.get(article_id)
            if record is None or record.version != chunk.metadata["version"] or not record.date:
                continue  # an old version, or an article removed meanwhile
            telling = Telling(article_id, record.story or article_id, vector, f"{record.title}\n{chunk.text}",
                              day_of(record.date), record.lang)
            (new if article_id in written else told).append(telling)
        model = shipped_model()
        told.sort(key=lambda t: t.day)
        days_told = [t.day for t in told]
        stories: dict[str, str] = {}
        # Same-day articles in the order of their text, not of their ids (hashes of where they
        # are): where a story starts depends on the order, and the same articles copied elsewhere
        # must tell the same stories.
        for telling in sorted(new, key=lambda t: (t.day, t.text, t.article_id)):
            # The tellings within the window, found by bisection: a long archive is not scanned per article.
            window = told[bisect_left(days_told, telling.day - WINDOW_DAYS) : bisect_right(days_told, telling.day + WINDOW_DAYS)]
            placed = replace(telling, story=choose_story(replace(telling, story=telling.article_id), window, model))
            at = bisect_right(days_told, placed.day)
            told.insert(at, placed)
            days_told.insert(at, placed.day)
            stories[placed.article_id] = placed.story
        # Always written, its own id for an article that starts a story: a record's metadata is
        # merged on update, so a story once recorded is only ever replaced, never left behind.
        self.store.put_records([replace(records[i], story=story) for i, story in stories.items()])

    def _write(
        self, todo: list[tuple[Article, str, list[Chunk]]], progress: ProgressCallback | None
    ) -> tuple[int, int]:
        """Embed and store the chunks of every article in ``todo``; returns (embedded, deleted).

        Chunks are embedded in batches that span articles (one article is often a single small
        batch, too small to use the engine well). An article switches to its new version, in one
        registry write, only once all its chunks are stored; its old chunks are deleted after.
        """
        pending = [(article, version, chunk) for article, version, chunks in todo for chunk in chunks]
        left = {article.id: len(chunks) for article, _, chunks in todo}
        by_id = {article.id: (article, version, len(chunks)) for article, version, chunks in todo}
        embedded = deleted = 0

        def switch_finished() -> int:
            done = [by_id[a] for a, n in left.items() if n == 0]
            if not done:
                return 0
            self.store.put_records([_record(article, version, n) for article, version, n in done])
            for article, _, _ in done:
                del left[article.id]
            return self.store.delete_old_chunks({article.id: version for article, version, _ in done})

        deleted += switch_finished()  # articles without chunks
        for start in range(0, len(pending), self.settings.batch_size):
            part = pending[start : start + self.settings.batch_size]
            vectors = self.embeddings.embed_documents([embedding_text(a, c) for a, _, c in part])
            self.store.add_chunks(
                ids=[f"{a.id}:{v}:{c.n}" for a, v, c in part],
                vectors=vectors,
                texts=[c.text for _, _, c in part],
                metadatas=[_chunk_metadata(a, c, v) for a, v, c in part],
            )
            embedded += len(part)
            for article, _, _ in part:
                left[article.id] -= 1
            deleted += switch_finished()
            if progress:
                progress(Progress(embedded, len(pending), part[-1][0].source))
        return embedded, deleted


def _record(article: Article, version: str, chunks: int) -> ArticleRecord:
    return ArticleRecord(
        id=article.id,
        source=article.source,
        title=article.title,
        date=article.date,
        lang=article.lang,
        format=article.format,
        version=version,
        chunks=chunks,
        content_hash=article.content_hash,
    )
