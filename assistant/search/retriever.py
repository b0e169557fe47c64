"""Retrieval of passages (dense, plus BM25 where the question's language matches), with date and
source filters. Its LangChain face is ``assistant.search.langchain_retriever``."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from assistant.ingest.articles import parse_date
from assistant.embed.embeddings import NamedEmbeddings
from assistant.errors import QueryError
from assistant.text.language import UNDETERMINED, question_language
from assistant.text.names import anchor_share, anchors
from assistant.indexing.lexical import LexicalIndex
from assistant.indexing.store import ArticleRecord, Store, StoredChunk, date_bounds
from assistant.search.balance import LanguageBalance

MAX_K = 100
OVERFETCH = 10
MAX_FETCH = 5000


@dataclass(frozen=True)
class ArticleInfo:
    id: str
    title: str
    date: str | None
    source: str
    lang: str
    # The story it tells (``indexing.stories``): the id of the story's first article (its own when
    # no other article tells it); None when not known.
    story: str | None = None

    @property
    def story_key(self) -> str:
        """What groups it with the other tellings of its story: the story, else its own id."""
        return self.story or self.id


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk: ``article text[start:end] == text``. ``score`` is its cosine similarity
    to the question, plus its BM25 bonus when it is in the question's language, less the question's
    leaning to its language when the index holds several (``search.balance``), less its share of the
    question's names and numbers that it lacks, weighted (``Retriever``)."""

    id: str
    text: str
    score: float
    rank: int
    article: ArticleInfo
    n: int
    start: int
    end: int
    # Other articles that tell the same story (``indexing.stories``), whose passages retrieval left
    # out so that one story does not fill every slot.
    also_in: tuple[ArticleInfo, ...] = ()
    # The passage is its article's whole text (an article of one chunk), so a line in it may head
    # nothing: a news item of one headline-like sentence without a full stop is its whole content.
    whole_article: bool = False
    # The question's leaning to its article's language that ``score`` lost (``search.balance``).
    leaning: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["also_in"] = [asdict(a) for a in self.also_in]
        return data

    @classmethod
    def from_stored(cls, hit: StoredChunk, rank: int, record: ArticleRecord | None = None) -> "Passage":
        """The passage of a stored chunk; ``record``, its article's, tells its story and its length."""
        meta = hit.metadata
        story = record.story if record else None
        article = ArticleInfo(meta["article_id"], meta["title"], meta.get("date"), meta["source"], meta["lang"],
                              story or meta["article_id"])
        whole = record is not None and record.chunks == 1
        return cls(hit.id, hit.text, round(hit.score, 6), rank, article, meta["n"], meta["start"], meta["end"],
                   whole_article=whole)


def _filter_date(value: str, name: str) -> str:
    date = parse_date(value) if len(value) != 4 else (value if value.isdigit() else None)
    if date is None:
        raise QueryError(f"{name}={value!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD")
    return date


def build_filter(
    since: str | None, until: str | None, sources: list[str] | None, within: tuple[date, date] | None = None
) -> dict[str, Any] | None:
    """A Chroma ``where`` clause. A month-precise article date matches ``since``/``until`` if any of
    its days is in range, and ``within`` (a period a question names) only if all of them are: an
    article dated "2023-09" is from "September 2023" and from "2023", never from 14 September."""
    clauses: list[dict[str, Any]] = []
    if within:
        first, last = date_bounds(within[0].isoformat())[0], date_bounds(within[1].isoformat())[1]
        clauses += [{"date_from": {"$gte": first}}, {"date_to": {"$lte": last}}]
    start = date_bounds(_filter_date(since, "since"))[0] if since else None
    end = date_bounds(_filter_date(until, "until"))[1] if until else None
    if start is not None:
        clauses.append({"date_to": {"$gte": start}})
    if end is not None:
        clauses.append({"date_from": {"$lte": end}})
    if start is not None and end is not None and start > end:
        raise QueryError(f"since={since!r} is after until={until!r}")
    if sources:
        # A source is named by its path (as given or absolute), its URL, or its article id.
        names = sorted({s for s in sources} | {str(Path(s).absolute()) for s in sources if "://" not in s})
        clauses.append({"$or": [{"source": {"$in": names}}, {"article_id": {"$in": names}}]})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


class Retriever:
    """Dense retrieval; with a lexical index, chunks in the question's own language also get
    ``lexical_weight`` x their BM25 score relative to the best one. Chunks in other languages keep
    their dense score alone: BM25 cannot match across languages, and scoring them would only push
    them down (see benchmarks/retrieval.py). Over an index in several languages, every score loses
    the question's leaning to its chunk's language (``search.balance``). Last, a chunk loses
    ``anchor_weight`` x the share of the question's names and numbers it lacks (matched across
    languages and scripts, ``text.names``): the one signal that crosses languages as BM25 cannot; an
    embedder blurs "1886" into "1887" and one name into another of its kind."""

    def __init__(
        self, store: Store, embeddings: NamedEmbeddings, lexical: LexicalIndex | None = None, lexical_weight: float = 0.0,
        language_balance: float = 0.0, anchor_weight: float = 0.0,
    ):
        self.store = store
        self.embeddings = embeddings
        self.lexical = lexical if lexical_weight > 0 else None
        self.lexical_weight = lexical_weight
        self.balance = LanguageBalance(store, language_balance)
        self.anchor_weight = anchor_weight

    def retrieve(
        self,
        question: str,
        k: int = 5,
        since: str | None = None,
        until: str | None = None,
        sources: list[str] | None = None,
        within: tuple[date, date] | None = None,
        one_per_story: bool = True,
    ) -> list[Passage]:
        """The ``k`` passages closest to ``question``. With ``one_per_story``, a passage of an article
        telling the same story as a better-ranked passage's article is left out and named in that
        passage's ``also_in`` (a timeline, which wants every telling, turns it off)."""
        if not question or not question.strip():
            raise QueryError("the question is empty")
        if not 1 <= k <= MAX_K:
            raise QueryError(f"k={k} is out of range: ask for 1 to {MAX_K} passages")
        where = build_filter(since, until, sources, within)
        if self.store.embedder is None:
            return []  # nothing was ever indexed
        self.store.check_embedder(self.embeddings.name, self.embeddings.dimension)
        question = question.strip()
        vector = self.embeddings.embed_query(question)
        for _ in range(3):
            # Read once an attempt, for the language balance, the store's cache of vectors and BM25 (over
            # a Chroma server each read is a round trip): an attempt is made again when an article
            # switched version meanwhile.
            generation = self.store.generation()
            shifts = self.balance.shifts(vector, generation)
            # Balanced, a passage may rise past others: twice as many are fetched to rank again.
            hits, records = self._dense(vector, (k + OVERFETCH) * (2 if shifts else 1), where, generation)
            if self.lexical is None:
                break
            fused = self._fuse(self.lexical, question, vector, hits, records, where, bool(shifts), generation)
            if fused is not None:
                hits, records = fused
                break
        if shifts:
            hits = sorted((replace(h, score=h.score - shifts.get(h.metadata["lang"], 0.0)) for h in hits),
                          key=lambda h: h.score, reverse=True)
        hits = self._anchored(question, hits)
        passages = [Passage.from_stored(hit, 0, records.get(hit.metadata["article_id"])) for hit in hits[:k]]
        if shifts:
            passages = [replace(p, leaning=round(shifts.get(p.article.lang, 0.0), 6)) for p in passages]
        if one_per_story:
            passages = self._one_per_story(passages)
        return [replace(p, rank=rank) for rank, p in enumerate(passages, start=1)]

    def _anchored(self, question: str, hits: list[StoredChunk]) -> list[StoredChunk]:
        """``hits``, each less ``anchor_weight`` x the share of the question's anchors it lacks, re-sorted."""
        wanted = anchors(question) if self.anchor_weight > 0 else ()
        if not wanted:
            return hits
        lacking = [replace(h, score=h.score - self.anchor_weight * (1.0 - anchor_share(wanted, h.text))) for h in hits]
        return sorted(lacking, key=lambda h: h.score, reverse=True)

    @staticmethod
    def _one_per_story(passages: list[Passage]) -> list[Passage]:
        first: dict[str, str] = {}  # story -> the article whose passages represent it
        others: dict[str, dict[str, ArticleInfo]] = {}
        kept = []
        for p in passages:
            owner = first.setdefault(p.article.story_key, p.article.id)
            if owner == p.article.id:
                kept.append(p)
            else:
                others.setdefault(owner, {})[p.article.id] = p.article
        return [replace(p, also_in=tuple(others.get(p.article.id, {}).values())) for p in kept]

    def _visible(self, found: list[StoredChunk]) -> tuple[list[StoredChunk], dict[str, ArticleRecord]]:
        """The chunks of their article's registered version, and the records read to tell (their
        stories, too, then come from the same reading)."""
        records = self.store.records_of(h.metadata["article_id"] for h in found)
        current = {i: r.version for i, r in records.items()}
        return [h for h in found if current.get(h.metadata["article_id"]) == h.metadata.get("version")], records

    def _dense(
        self, vector: list[float], n: int, where: dict[str, Any] | None, generation: str | None
    ) -> tuple[list[StoredChunk], dict[str, ArticleRecord]]:
        # Only chunks of an article's registered version are returned: chunks of a version being
        # written right now (or left by an interrupted run) are dropped, so a reader sees each article
        # old or new, never a mix; the switch is the registry record's update. Such chunks can crowd
        # the top of the ranking while a long article is replaced, hence the widening fetch.
        fetch = n
        while True:
            found = self.store.query(vector, fetch, where, generation)
            hits, records = self._visible(found)
            if len(hits) >= n or len(found) < fetch or fetch >= MAX_FETCH:
                return hits, records
            fetch *= 4

    def _fuse(
        self,
        lexical: LexicalIndex,
        question: str,
        vector: list[float],
        hits: list[StoredChunk],
        records: dict[str, ArticleRecord],
        where: dict[str, Any] | None,
        mixed: bool,
        generation: str | None,
    ) -> tuple[list[StoredChunk], dict[str, ArticleRecord]] | None:
        """Dense hits re-ranked with BM25, plus chunks only BM25 found (with their articles'
        records); None when an article switched version while the question was being answered (the
        caller asks again). ``mixed``: the index holds several languages; ``generation``: the
        store's, as read for this attempt."""
        # Unsure of the question's language (short, mixed): dense alone, the safe side.
        lang = question_language(question, fallback=UNDETERMINED)
        bm25 = lexical.scores(question, lang, top=len(hits), also=[h.id for h in hits], generation=generation)
        best = max(bm25.values(), default=0.0)
        if best <= 0:
            return hits, records
        known = {h.id for h in hits}
        extra = self.store.chunks_by_id([c for c in bm25 if c not in known], vector, where)
        # One version check over both sides: an article switched between the dense query and the
        # BM25 lookup must not contribute old chunks from one and new chunks from the other.
        visible, records = self._visible(hits + extra)
        if not known <= {v.id for v in visible}:
            return None  # an article switched version during this query: ask again
        fused = [
            StoredChunk(h.id, h.text, h.metadata, h.score + self.lexical_weight * bm25.get(h.id, 0.0) / best)
            for h in visible
        ]
        fused.sort(key=lambda h: h.score, reverse=True)
        if mixed:
            # Over an index in several languages the bonus would lift the question's own language
            # above all others (the best BM25 match, however weak, gains the whole weight): BM25
            # only orders the chunks of that language among themselves, which keep their dense scores.
            dense = {h.id: h.score for h in visible}
            own = iter(sorted((dense[f.id] for f in fused if f.metadata["lang"] == lang), reverse=True))
            fused = [replace(f, score=next(own) if f.metadata["lang"] == lang else dense[f.id]) for f in fused]
            fused.sort(key=lambda h: h.score, reverse=True)
        return fused, records
