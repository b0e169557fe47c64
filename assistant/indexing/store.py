"""The Chroma store: a collection of chunks and a registry of the indexed articles.

Chroma runs embedded (a folder on disk) or as a server over HTTP. Either way it never embeds
anything itself: every record arrives with its vector, and collections are opened with
``embedding_function=None`` so Chroma's default (an ONNX model it would download) can never run.

The registry is a second, small collection with one record per article (its version, title, date,
chunk count). Keeping it in Chroma, not in a file beside it, means a Chroma server holds the whole
index and two machines pointed at one server agree on what is indexed.
"""

from __future__ import annotations

import calendar
import logging
import threading
import uuid
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any
from urllib.parse import urlparse

import numpy as np

from assistant.config import Settings
from assistant.errors import EmbedderMismatchError, StoreError

log = logging.getLogger(__name__)

_REGISTRY_SUFFIX = "-articles"
# The registry is never searched by vector (only by id, by story, or whole); Chroma still wants one per record.
_NO_VECTOR = [1.0]
# Chroma's vector index (HNSW) is approximate, and the vectors it has not yet flushed to disk (all of
# a collection's first thousand) are replayed into a new graph by every process that opens it: one
# process can miss a question's best chunk that the next finds ("Where did the Nataša Pirc Musar
# happen?" over 634 ITN chunks: its story's chunk, the closest of all, was missing from the top 30
# in two of six processes; of 143 "What happened with …?" questions, 0.986 to 1.000 found their
# closest chunk, run to run). Up to this many chunks, queries rank every vector exactly instead:
# the vectors are read once per index generation (a few MB), and a query is one product.
EXACT_UP_TO = 20_000


@dataclass(frozen=True)
class ArticleRecord:
    """What the index remembers of one article."""

    id: str
    source: str
    title: str
    date: str | None
    lang: str
    format: str
    version: str
    chunks: int
    content_hash: str | None = None
    # The story it tells (``indexing.stories``): the id of the story's first article (its own when
    # no earlier article tells it); None for an undated article, or one indexed before stories were.
    story: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)

    def to_metadata(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}

    @classmethod
    def from_metadata(cls, meta: dict[str, Any]) -> "ArticleRecord":
        return cls(**{name: meta.get(name) for name in cls.__dataclass_fields__})


@dataclass(frozen=True)
class StoredChunk:
    """One hit of a vector query, before retrieval turns it into a Passage."""

    id: str
    text: str
    metadata: dict[str, Any]
    score: float


def date_bounds(date: str) -> tuple[int, int]:
    """The first and last day an ISO date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) covers, as YYYYMMDD.

    Chroma compares only numbers, and a month-precise date must match a filter on any of its days.
    """
    parts = [int(p) for p in date.split("-")]
    year = parts[0]
    first_month, last_month = (parts[1], parts[1]) if len(parts) > 1 else (1, 12)
    first_day = parts[2] if len(parts) > 2 else 1
    last_day = parts[2] if len(parts) > 2 else calendar.monthrange(year, last_month)[1]
    return year * 10000 + first_month * 100 + first_day, year * 10000 + last_month * 100 + last_day


class Store:
    def __init__(self, settings: Settings):
        self.settings = settings
        self._client = _connect(settings)
        self.location = settings.chroma_url or str(settings.index_dir.resolve())
        self._chunks = self._collection(settings.collection)
        self._registry = self._collection(settings.collection + _REGISTRY_SUFFIX)
        self._vectors_lock = threading.Lock()
        # Every chunk's id and unit vector, with the (generation, chunk count) they were read at.
        self._vectors: tuple[tuple[str | None, int], tuple[list[str], np.ndarray]] | None = None

    def _collection(self, name: str) -> Any:
        try:
            return self._client.get_or_create_collection(
                name, embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
            )
        except Exception as err:
            raise StoreError(f"cannot open collection {name!r} at {self.location}: {err}") from None

    # The embedder ----------------------------------------------------------------------------

    @property
    def embedder(self) -> str | None:
        return (self._chunks.metadata or {}).get("embedder")

    def check_embedder(self, name: str, dimension: int) -> None:
        """Refuse to mix vectors of two embedders; on an empty index, adopt ``name``."""
        recorded = self.embedder
        if recorded == name:
            return
        if recorded is None and self._chunks.count() == 0:
            self._chunks.modify(metadata={"embedder": name, "dimension": dimension})
            return
        raise EmbedderMismatchError(
            f"the index at {self.location} was built with the embedder {recorded!r}, but "
            f"ASSISTANT_EMBEDDINGS selects {name!r}. Either set ASSISTANT_EMBEDDINGS back, or rebuild "
            "the index with the new embedder: assistant index --rebuild PATH..."
        )

    def reset(self) -> None:
        """Drop every chunk and article record (for a rebuild)."""
        for collection in (self._chunks, self._registry):
            self._client.delete_collection(collection.name)
        self._chunks = self._collection(self.settings.collection)
        self._registry = self._collection(self.settings.collection + _REGISTRY_SUFFIX)

    # Articles --------------------------------------------------------------------------------

    def records(self) -> dict[str, ArticleRecord]:
        got = self._registry.get(include=["metadatas"])
        return {i: ArticleRecord.from_metadata(m) for i, m in zip(got["ids"], got["metadatas"])}

    def records_of(self, article_ids: Iterable[str]) -> dict[str, ArticleRecord]:
        """The records of those of these articles that are indexed."""
        ids = sorted(set(article_ids))
        if not ids:
            return {}
        got = self._registry.get(ids=ids, include=["metadatas"])
        return {i: ArticleRecord.from_metadata(m) for i, m in zip(got["ids"], got["metadatas"])}

    def tellings(self, story: str) -> dict[str, ArticleRecord]:
        """The records of every article that tells ``story`` (``indexing.stories``)."""
        got = self._registry.get(where={"story": story}, include=["metadatas"])
        return {i: ArticleRecord.from_metadata(m) for i, m in zip(got["ids"], got["metadatas"])}

    def newest_day(self, until: date) -> date | None:
        """The newest day, up to ``until``, on which an indexed article's date ends; None when no
        article is dated by then."""
        last = int(until.strftime("%Y%m%d"))
        newest = max((end for r in self.records().values() if r.date and (end := date_bounds(r.date)[1]) <= last),
                     default=None)
        return date(newest // 10000, newest // 100 % 100, newest % 100) if newest else None

    def language_counts(self) -> dict[str, int]:
        """How many chunks the indexed articles of each language have."""
        counts: dict[str, int] = {}
        for record in self.records().values():
            counts[record.lang] = counts.get(record.lang, 0) + record.chunks
        return counts

    def mean_vector(self, lang: str, sample: int) -> np.ndarray | None:
        """The mean of the vectors of (at most ``sample``) chunks in ``lang``; None when it has none."""
        vectors = [vector for _, vector in self._with_vectors(where={"lang": lang}, limit=sample)]
        return np.mean(vectors, axis=0) if vectors else None

    def ledes(self, first_day: int, last_day: int) -> list[tuple[StoredChunk, np.ndarray]]:
        """The first chunk (with its vector) of every article dated between two days (YYYYMMDD),
        in any of its stored versions."""
        where = {"$and": [{"n": 0}, {"date_to": {"$gte": first_day}}, {"date_from": {"$lte": last_day}}]}
        return self._with_vectors(where=where)

    def _with_vectors(self, **which: Any) -> list[tuple[StoredChunk, np.ndarray]]:
        """The chunks ``which`` selects (``ids``, ``where``, ``limit``), each with its stored vector; a chunk
        whose vector cannot be read is passed over. The metadata can list chunks the vector segment
        lacks: after a writer was killed (until the sweep), and, over a Chroma server, for a moment
        while another process deletes them; Chroma then fails the whole read ("Error finding id")."""
        from chromadb.errors import InternalError

        try:
            got = self._chunks.get(**which, include=["documents", "metadatas", "embeddings"])
            vectors = list(got["embeddings"])
        except InternalError:
            got = self._chunks.get(**which, include=["documents", "metadatas"])
            vectors = []
            for chunk_id in got["ids"]:
                try:
                    one = self._chunks.get(ids=[chunk_id], include=["embeddings"])["embeddings"]
                except InternalError:
                    one = []
                # Deleted altogether since it was listed: nothing comes back, not even an error.
                vectors.append(one[0] if len(one) else None)
        return [(StoredChunk(i, t, m, 0.0), np.asarray(e, dtype=np.float32))
                for i, t, m, e in zip(got["ids"], got["documents"], got["metadatas"], vectors)
                if m is not None and e is not None]

    def first_chunks(self, first_day: int, last_day: int) -> list[StoredChunk]:
        """The first chunk (without its vector) of every article dated wholly between two days
        (YYYYMMDD), in any of its stored versions."""
        where = {"$and": [{"n": 0}, {"date_from": {"$gte": first_day}}, {"date_to": {"$lte": last_day}}]}
        got = self._chunks.get(where=where, include=["documents", "metadatas"])
        return [StoredChunk(i, t, m, 0.0) for i, t, m in zip(got["ids"], got["documents"], got["metadatas"]) if m]

    def put_records(self, records: list[ArticleRecord]) -> None:
        """Register these versions; from now on retrieval returns their chunks and no others."""
        self._registry.upsert(
            ids=[r.id for r in records],
            embeddings=[_NO_VECTOR] * len(records),
            metadatas=[r.to_metadata() for r in records],
        )
        self._bump_generation()

    def generation(self) -> str | None:
        """Changes whenever an article is added, replaced or removed (by any process)."""
        try:
            registry = self._client.get_collection(self._registry.name, embedding_function=None)
        except Exception:  # dropped by a rebuild in another process
            return None
        return (registry.metadata or {}).get("generation")

    def _bump_generation(self) -> None:
        self._registry.modify(metadata={"generation": uuid.uuid4().hex})

    def remove_article(self, article_id: str) -> int:
        """Remove an article: its record, then its chunks; returns the chunks deleted.

        Record first: retrieval only returns chunks of a registered version, so the article vanishes
        at once, and a stop in between leaves invisible chunks for the next sweep, never an article
        the registry calls indexed but that has no chunks.
        """
        self._registry.delete(ids=[article_id])
        self._bump_generation()
        return self.delete_chunks(article_id)

    # Chunks ----------------------------------------------------------------------------------

    def add_chunks(
        self, ids: list[str], vectors: list[list[float]], texts: list[str], metadatas: list[dict[str, Any]]
    ) -> None:
        self._chunks.upsert(ids=ids, embeddings=vectors, documents=texts, metadatas=metadatas)

    def delete_chunks(self, article_id: str) -> int:
        """Delete every chunk of an article."""
        stale = self._chunks.get(where={"article_id": article_id}, include=[])["ids"]
        if stale:
            self._chunks.delete(ids=stale)
        return len(stale)

    def delete_old_chunks(self, current: dict[str, str]) -> int:
        """Delete the chunks of these articles that are not of the given (current) versions."""
        got = self._chunks.get(where={"article_id": {"$in": list(current)}}, include=["metadatas"])
        stale = [i for i, m in zip(got["ids"], got["metadatas"]) if m and current[m["article_id"]] != m.get("version")]
        if stale:
            self._chunks.delete(ids=stale)
        return len(stale)

    def sweep(self, page: int = 5000) -> int:
        """Delete every chunk that is not of its article's current version (or has no article).

        Such chunks are invisible to retrieval already; they are what an interrupted run leaves.
        """
        current = {i: r.version for i, r in self.records().items()}
        stale: list[str] = []
        offset = 0
        while True:
            got = self._chunks.get(include=["metadatas"], limit=page, offset=offset)
            stale += [
                i for i, m in zip(got["ids"], got["metadatas"]) if current.get(m.get("article_id")) != m.get("version")
            ]
            if len(got["ids"]) < page:
                break
            offset += page
        for i in range(0, len(stale), page):
            self._chunks.delete(ids=stale[i : i + page])
        return len(stale)

    def chunk_count(self) -> int:
        return self._chunks.count()

    def holds_dates(self) -> bool:
        """Whether any stored chunk comes from a dated article."""
        return bool(self._chunks.get(where={"date_from": {"$gte": 0}}, limit=1, include=[])["ids"])

    def query(self, vector: list[float], k: int, where: dict[str, Any] | None,
              generation: str | None = None) -> list[StoredChunk]:
        """The ``k`` chunks closest to ``vector`` that pass ``where``, closest first, scored by
        cosine similarity: exactly up to ``EXACT_UP_TO`` chunks, by Chroma's vector index beyond.
        ``generation``: the index's, as the caller just read it (``generation()``), which saves a
        read (a round trip to a Chroma server); read here when not given."""
        exact = self._exact_query(vector, k, where, generation)
        if exact is not None:
            return exact
        got = self._chunks.query(
            query_embeddings=[vector],
            n_results=k,
            where=where,
            include=["documents", "metadatas", "distances"],
        )
        # After a writer was killed, Chroma's vector index can still return ids whose records were
        # deleted (metadata None); they are not part of the index.
        return [
            StoredChunk(i, text, meta, 1.0 - distance)
            for i, text, meta, distance in zip(
                got["ids"][0], got["documents"][0], got["metadatas"][0], got["distances"][0]
            )
            if meta is not None
        ]

    def _exact_query(self, vector: list[float], k: int, where: dict[str, Any] | None,
                     generation: str | None) -> list[StoredChunk] | None:
        """``query`` by every vector; None when the collection is too large for it, or its vectors
        cannot all be read (after a writer was killed, the vector segment can lack chunks the
        metadata still lists: Chroma's own query passes over them)."""
        from chromadb.errors import InternalError

        try:
            found = self._all_vectors(generation)
            if found is None:
                return None
            ids, matrix = found
            rows = np.arange(len(ids))
            if where is not None and len(ids):
                passing = set(self._chunks.get(where=where, include=[])["ids"])
                rows = np.asarray([i for i, chunk_id in enumerate(ids) if chunk_id in passing], dtype=int)
            if not len(rows):
                return []
            query = np.asarray(vector, dtype=np.float32)
            scores = matrix[rows] @ (query / max(float(np.linalg.norm(query)), 1e-12))
            order = np.argsort(-scores, kind="stable")[:k]
            top = [(ids[rows[i]], float(scores[i])) for i in order]
            got = self._chunks.get(ids=[chunk_id for chunk_id, _ in top], include=["documents", "metadatas"])
        except InternalError:
            return None
        held = {i: (text, meta) for i, text, meta in zip(got["ids"], got["documents"], got["metadatas"])}
        if generation is not None and len(held) < len(top):
            # Chunks deleted since the caller read the generation: the vectors were an older index's
            # (replaced by as many chunks, the count is the same), read afresh.
            return self._exact_query(vector, k, where, None)
        return [StoredChunk(chunk_id, held[chunk_id][0], held[chunk_id][1], score)
                for chunk_id, score in top if chunk_id in held and held[chunk_id][1] is not None]

    def _all_vectors(self, generation: str | None) -> tuple[list[str], np.ndarray] | None:
        """The ids and unit vectors of every chunk, read once per index generation and chunk count
        (a write changes one); None beyond ``EXACT_UP_TO`` chunks."""
        count = self._chunks.count()
        if count > EXACT_UP_TO:
            return None
        key = (generation or self.generation(), count)
        with self._vectors_lock:
            if self._vectors and self._vectors[0] == key and key[0] is not None:
                return self._vectors[1]
        got = self._chunks.get(include=["embeddings"])
        vectors = got["embeddings"]
        matrix = np.asarray(vectors if vectors is not None and len(vectors) else np.zeros((0, 1)), dtype=np.float32)
        matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)
        found = (list(got["ids"]), matrix)
        with self._vectors_lock:
            self._vectors = (key, found)
        return found

    def chunks_by_id(self, ids: list[str], vector: list[float], where: dict[str, Any] | None) -> list[StoredChunk]:
        """These chunks, if they pass ``where``, scored against ``vector`` like ``query`` scores them."""
        if not ids:
            return []
        query = np.asarray(vector, dtype=np.float32)
        query /= max(float(np.linalg.norm(query)), 1e-12)
        return [replace(chunk, score=float(query @ e / max(float(np.linalg.norm(e)), 1e-12)))
                for chunk, e in self._with_vectors(ids=ids, where=where)]

    def article_text(self, article_id: str) -> str | None:
        """The article's text as indexed (what citation offsets index into), put together from its
        chunks; a stretch no chunk covers (chunks without overlap skip the space between two
        sentences) is blank. None when no chunk of that article is stored."""
        chunks = self.chunks_of([article_id])
        if not chunks:
            return None
        text = [" "] * max(c.metadata["end"] for c in chunks)
        for chunk in chunks:
            text[chunk.metadata["start"] : chunk.metadata["end"]] = chunk.text
        return "".join(text)

    def chunks_of(self, article_ids: Iterable[str]) -> list[StoredChunk]:
        """Every stored chunk of the given articles, without vectors (for checks and tests)."""
        got = self._chunks.get(where={"article_id": {"$in": list(article_ids)}}, include=["documents", "metadatas"])
        return [StoredChunk(i, t, m, 0.0) for i, t, m in zip(got["ids"], got["documents"], got["metadatas"])]


def _connect(settings: Settings) -> Any:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        try:
            client = chromadb.HttpClient(
                host=url.hostname or "127.0.0.1",
                port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https",
                settings=chroma_settings,
            )
            client.heartbeat()
        except Exception as err:
            raise StoreError(
                f"cannot reach the Chroma server at ASSISTANT_CHROMA_URL={settings.chroma_url} "
                f"({type(err).__name__}); is `chroma run` started there?"
            ) from None
        return client
    index_dir = settings.index_dir.expanduser()
    if index_dir.exists() and not index_dir.is_dir():
        raise StoreError(f"ASSISTANT_INDEX_DIR={index_dir} exists and is not a folder")
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(index_dir), settings=chroma_settings)
    except Exception as err:
        raise StoreError(f"cannot open the index at {index_dir}: {err}") from None
