"""The ``Assistant`` façade: the one entry point of the CLI, the web app and Python users."""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from assistant.config import Settings
from assistant.errors import ConfigError, QueryError

if TYPE_CHECKING:
    from collections.abc import Iterator

    from assistant.answer.service import AnswerService, When
    from assistant.answer.timeline import Timeline
    from assistant.answer.results import Answer
    from assistant.answer.conversation import Message
    from assistant.embed.embeddings import NamedEmbeddings
    from assistant.answer.evidence import EvidenceScorer
    from assistant.indexing.indexer import IndexReport, ProgressCallback
    from assistant.search.langchain_retriever import ArticleRetriever
    from assistant.search.retriever import Passage, Retriever
    from assistant.indexing.store import ArticleRecord, Store
    from assistant.ingest.uploads import Upload

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IndexInfo:
    location: str
    embedder: str | None
    articles: int
    chunks: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def load_settings(**overrides: Any) -> Settings:
    """Settings from the environment and ``overrides``; invalid values raise ``ConfigError``."""
    try:
        return Settings(**overrides)
    except ValidationError as err:
        problems = "; ".join(
            f"ASSISTANT_{'_'.join(str(p) for p in e['loc']).upper()}: {e['msg']}" if e["loc"] else e["msg"]
            for e in err.errors()
        )
        raise ConfigError(f"invalid settings: {problems}") from None


class Assistant:
    """Index articles, retrieve passages, answer questions with citations.

    ``embeddings`` replaces the configured embedder (tests use a cheap deterministic one).
    Heavy parts (the store, the embedding model) are opened on first use.
    """

    def __init__(self, settings: Settings | None = None, *, embeddings: NamedEmbeddings | None = None):
        self.settings = settings if settings is not None else load_settings()
        self._services: dict[str, AnswerService] = {}
        if embeddings is not None:
            self.__dict__["embeddings"] = embeddings

    @cached_property
    def store(self) -> Store:
        from assistant.indexing.store import Store

        return Store(self.settings)

    @cached_property
    def embeddings(self) -> NamedEmbeddings:
        from assistant.embed.embeddings import load_embeddings

        return load_embeddings(self.settings)

    @cached_property
    def _retriever(self) -> Retriever:
        from assistant.indexing.lexical import LexicalIndex
        from assistant.search.retriever import Retriever

        settings = self.settings
        # An embedded index keeps its BM25 snapshot beside it; a server's clients each read it.
        snapshot = None if settings.chroma_url else settings.index_dir / f"{settings.collection}.bm25.npz"
        return Retriever(self.store, self.embeddings, LexicalIndex(self.store, snapshot=snapshot), settings.lexical_weight,
                         settings.language_balance, settings.anchor_weight)

    def index(
        self,
        paths: list[str | Path] | str | Path,
        *,
        prune: bool = False,
        rebuild: bool = False,
        progress: ProgressCallback | None = None,
    ) -> IndexReport:
        """Index the articles under ``paths`` (files, folders, or RSS/Atom feed URLs); see
        ``Indexer.index`` for ``prune`` and ``rebuild``."""
        from assistant.indexing.indexer import Indexer

        paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
        indexer = Indexer(self.settings, self.store, self.embeddings)
        return indexer.index(paths, prune=prune, rebuild=rebuild, progress=progress)

    def retrieve(
        self,
        question: str,
        k: int = 5,
        since: str | None = None,
        until: str | None = None,
        sources: list[str] | None = None,
        *,
        one_per_story: bool = True,
    ) -> list[Passage]:
        """The ``k`` passages closest to ``question``, best first, optionally within dates or sources.
        Of articles telling the same story only the best-ranked one's passages are returned, the
        others named in their ``also_in``, unless ``one_per_story`` is False."""
        return self._retriever.retrieve(question, k=k, since=since, until=until, sources=sources,
                                        one_per_story=one_per_story)

    def warm_up(self) -> None:
        """Load what a process's first question would otherwise wait for: the embedding engine that
        answers use, the BM25 side (from its snapshot, or by reading the whole index: 26 s at
        100k chunks), and the encoder whose word-by-word matching picks the sentence to quote."""
        from assistant.embed.alignment import default_aligner

        self.embeddings.embed_documents(["warm up"])
        default_aligner().best_matches("warm up", ["warm up"])
        if self._retriever.lexical is not None:
            self._retriever.lexical.sync()

    @cached_property
    def _scorer(self) -> EvidenceScorer:
        from assistant.answer.evidence import EvidenceScorer

        return EvidenceScorer(self.embeddings)

    def _answers(self, llm: str | None) -> AnswerService:
        from assistant.answer.service import AnswerService
        from assistant.embed.alignment import default_aligner

        spec = llm or self.settings.llm
        if spec not in self._services:
            # The judge's encoder loads while the index opens and the passages are found (a cold
            # `assistant ask`: 5.2 s instead of 6.1).
            default_aligner().load_in_background()
            settings = self.settings if spec == self.settings.llm else load_settings(
                **{**self.settings.model_dump(), "llm": spec}
            )
            self._services[spec] = AnswerService(settings, self._retriever, self._scorer)
        return self._services[spec]

    def ask(
        self,
        question: str,
        history: list[Message] | None = None,
        *,
        llm: str | None = None,
        k: int | None = None,
        as_of: date | str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> Answer:
        """A short answer whose every claim is cited; ``grounded`` is False when the articles do not say.

        ``history`` holds the earlier turns (OpenAI-style messages or (user, assistant) pairs);
        ``llm`` overrides ``ASSISTANT_LLM`` and ``k`` the number of passages read, for this call.
        A period the question names ("in March 2025", "last week") limits the articles read to
        those of that period, relative expressions read against ``as_of`` (a date or YYYY-MM-DD;
        today by default); ``since``/``until`` (YYYY, YYYY-MM or YYYY-MM-DD) set it instead.
        """
        return self._answers(llm).ask(question, history, k, _when(as_of, since, until))

    def stream(
        self,
        question: str,
        history: list[Message] | None = None,
        *,
        llm: str | None = None,
        k: int | None = None,
        as_of: date | str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> Iterator[str | Answer]:
        """Yields the answer's text as it is produced, then the final ``Answer`` (see ``ask``)."""
        return self._answers(llm).stream(question, history, k, _when(as_of, since, until))

    def question_period(self, question: str, as_of: date | str | None = None) -> dict[str, str] | None:
        """The period ``question`` names (``since``, ``until``, ``phrase``, ``precision``), relative
        expressions read against ``as_of`` (today by default); None when it names none."""
        from assistant.text.periods import question_period

        period = question_period(question, _when(as_of, None, None).as_of)
        return period.to_dict() if period else None

    def timeline(self, topic: str, since: str | None = None, until: str | None = None) -> Timeline:
        """The topic's events in date order: per event, the dated sentence of its earliest telling,
        with the other articles that tell the same (``entry.also``); articles without dates are left out."""
        from assistant.answer.timeline import ARTICLES, Timeline, build_timeline

        passages = self._retriever.retrieve(topic, k=ARTICLES, since=since, until=until, one_per_story=False)
        return Timeline(topic.strip(), build_timeline(topic, passages, self._scorer), since, until)

    def as_retriever(self, **search_kwargs: Any) -> ArticleRetriever:
        """A LangChain ``BaseRetriever``; ``search_kwargs`` are ``k``, ``since``, ``until``, ``sources``."""
        from assistant.search.langchain_retriever import ArticleRetriever

        return ArticleRetriever(retriever=self._retriever, **search_kwargs)

    def add_uploads(self, uploads: list[Upload], *, progress: ProgressCallback | None = None) -> IndexReport:
        """Check uploaded files, place them in the uploads folder and index them, all or nothing.

        Every file is checked first (``UploadError`` names a bad one); then, holding the write lock
        before the uploads folder is touched, each is written atomically and indexed. If indexing
        fails, every file is put back as it was; an upload the indexer skips (a duplicate) is not kept.
        """
        from assistant.indexing.indexer import Indexer
        from assistant.indexing.locking import write_lock
        from assistant.ingest.uploads import check_all, place, undo

        check_all(uploads, self.settings)
        with write_lock(self.settings):
            placed = place(uploads, self.settings)
            try:
                report = Indexer(self.settings, self.store, self.embeddings).index(
                    [p.path for p in placed], progress=progress, lock_held=True
                )
            except BaseException:
                undo(placed)
                raise
            skipped = {s.path for s in report.skipped}
            undo([item for item in placed if str(item.path.absolute()) in skipped])
        return report

    def remove(self, article_id: str) -> ArticleRecord:
        """Remove one article from the index; a file the web app uploaded is deleted with it."""
        from assistant.errors import QueryError
        from assistant.indexing.locking import write_lock

        with write_lock(self.settings):
            record = self.store.records().get(article_id)
            if record is None:
                raise QueryError(f"no indexed article has the id {article_id!r}")
            self.store.remove_article(article_id)
        source = Path(record.source)
        if source.parent.resolve() == self.settings.uploads.resolve():
            source.unlink(missing_ok=True)
        return record

    def article_text(self, article_id: str) -> str:
        """The text of an indexed article as the index holds it: ``citation.start``/``end`` and
        ``passage.start``/``end`` index into it."""
        text = self.store.article_text(article_id)
        if text is None:
            raise QueryError(f"no indexed article has the id {article_id!r}")
        return text

    def articles(self) -> list[ArticleRecord]:
        return sorted(self.store.records().values(), key=lambda r: r.source)

    def info(self) -> IndexInfo:
        return IndexInfo(
            location=self.store.location,
            embedder=self.store.embedder,
            articles=len(self.store.records()),
            chunks=self.store.chunk_count(),
        )


def _when(as_of: date | str | None, since: str | None, until: str | None) -> When:
    from assistant.answer.service import When

    if isinstance(as_of, str):
        try:
            as_of = date.fromisoformat(as_of.strip())
        except ValueError:
            raise QueryError(f"as_of={as_of!r} is not a date: use YYYY-MM-DD") from None
    return When(as_of, since or None, until or None)
