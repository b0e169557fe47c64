"""The sentences of retrieved passages, and how close each is to a question or a claim.

A sentence alone often hides what it is about ("These allegations were denied by the Kremlin"), so
the best few by their own score are scored again with the sentence before them, and their final
score is the mean of the two. When this was introduced, on the 20 answerable seed questions
(tests/data/seed_qa.jsonl), it ranked the evidence sentence first 19 times, against 18 for the
sentence alone and 4 for the sentence with its context only.

Similarity is one signal among several: ``answer.judgement`` weighs it with what the question asks
for and the names it contains before anything is quoted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.embed.vector_cache import VectorCache
from assistant.search.retriever import Passage
from assistant.text.injection import addresses_the_model
from assistant.text.sentences import OTHER_SCRIPTS_END, split_sentences

RESCORED = 6  # how many of the best sentences get the second, in-context look
# A sentence of prose ends in terminal punctuation, maybe followed by a note in brackets (a date, a
# picture credit: "…Vladimir Putin. (bildet)"); a line without it is a heading, a list label or a
# link, unless it is long enough to be a sentence whose full stop was lost or is its article's
# whole text (it heads nothing then).
_TERMINAL = re.compile(rf"[.!?…。！？{OTHER_SCRIPTS_END}][\"'»”’)\]」』）]*(?:\s*\([^()\n]*\))*$")
_MIN_UNPUNCTUATED_WORDS = 12
# Thai and Lao end no sentence with a mark, and they, Khmer and Burmese run their words together:
# there, five letters count as a word. (Of Wikipedia's Thai news blurbs, one sentence each, 105 of
# 113 reach twelve such words; of their 28 titles none does, the longest having 51 letters.)
_RUN_TOGETHER = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")
_LETTERS_PER_WORD = 5
# A stray full stop or a "--" between sentences is split off as a "sentence" of its own; it says
# nothing (two letters or digits, or one character of a script without spaces, make a word).
_WORDS = re.compile(r"\w\w|[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


@dataclass(frozen=True)
class Sentence:
    passage: int  # index of the passage it was found in
    article_id: str
    start: int  # offsets into the article text
    end: int
    text: str
    before: str  # the sentence before it in the article, "" when unknown
    before_start: int = -1  # where ``before`` starts in the article text; -1 when unknown
    whole_article: bool = False  # the sentence is its article's whole text
    leaning: float = 0.0  # the question's leaning to its language, which its passage's score lost

    @property
    def quotable(self) -> bool:
        """Only prose can answer (``is_prose``)."""
        return is_prose(self.text, self.whole_article)


def is_prose(text: str, whole_article: bool = False) -> bool:
    """Whether a sentence is prose: not a heading, a list label, a bare link or punctuation alone.

    The one sentence of an article is prose however it ends: with nothing to head, it is what the
    article says ("Фінляндія увійшла до складу НАТО (4 квітня)", a news item of one line).
    """
    if not _WORDS.search(text):
        return False
    if whole_article or _TERMINAL.search(text):
        return True
    words = len(text.split()) + len(_RUN_TOGETHER.findall(text)) // _LETTERS_PER_WORD
    return words >= _MIN_UNPUNCTUATED_WORDS


@dataclass(frozen=True)
class Evidence:
    sentence: Sentence
    score: float  # mean of the sentence's similarity alone and with the sentence before it
    alone: float = 0.0  # similarity of the sentence alone


def passage_sentences(passages: list[Passage]) -> list[Sentence]:
    """The sentences of the passages, each once (chunks overlap), in passage order.

    Sentences that give orders to an assistant are left out: they are never evidence.
    """
    found: dict[tuple[str, int, int], Sentence] = {}
    for index, passage in enumerate(passages):
        previous, previous_start = "", -1
        spans = split_sentences(passage.text, lang=passage.article.lang)
        whole = passage.whole_article and len(spans) == 1
        for s, e in spans:
            key = (passage.article.id, passage.start + s, passage.start + e)
            text = passage.text[s:e]
            if addresses_the_model(text):
                continue
            known = found.get(key)
            if known is None or (not known.before and previous):
                found[key] = Sentence(
                    known.passage if known else index, key[0], key[1], key[2], text, previous, previous_start, whole,
                    passage.leaning,
                )
            previous, previous_start = text, key[1]
    return list(found.values())


def with_before(passages: list[Passage], s: Sentence) -> tuple[Passage, str] | None:
    """The article's text from the start of the sentence before ``s`` to the end of ``s``, and the
    passage it was read from (chunks overlap: not always ``s``'s own); None when no retrieved
    passage holds both, or the one that does disagrees with them."""
    if not s.before or s.before_start < 0:
        return None
    holding = (p for p in passages if p.article.id == s.article_id and p.start <= s.before_start and s.end <= p.end)
    holder = next(holding, None)
    if holder is None:
        return None
    text = holder.text[s.before_start - holder.start : s.end - holder.start]
    return (holder, text) if text.startswith(s.before) and text.endswith(s.text) else None


class EvidenceScorer:
    """Scores sentences against a question or claim, caching sentence vectors across calls."""

    def __init__(self, embeddings: Embeddings, cache_size: int = 4096):
        self.embeddings = embeddings
        self._cache: VectorCache[str, np.ndarray] = VectorCache(cache_size)
        # Apart: a question and a passage of the same text have different vectors. The question
        # whose sentences were scored is the one ``least_added`` then compares its shortenings with.
        self._questions: VectorCache[str, np.ndarray] = VectorCache(cache_size)

    def _vectors(self, texts: list[str], dimension: int) -> np.ndarray:
        if not texts:
            return np.zeros((0, dimension), dtype=np.float32)
        return np.stack(self._cache.get(texts, lambda missing: [
            np.asarray(v, dtype=np.float32) for v in self.embeddings.embed_documents(missing)
        ]))

    def vectors(self, texts: list[str]) -> np.ndarray:
        """The texts' passage vectors (cached), one row each."""
        return self._vectors(texts, getattr(self.embeddings, "dimension", 0))

    def _question_vectors(self, questions: list[str]) -> np.ndarray:
        return np.stack(self._questions.get(questions, lambda missing: [
            np.asarray(self.embeddings.embed_query(q), dtype=np.float32) for q in missing
        ]))

    def least_added(self, query: str, left_out: list[str], texts: list[str]) -> list[float]:
        """For each text, the least similarity to it that any one word adds to the question: the
        question's similarity less that of the question without the word (``left_out``: the question
        with each word left out in turn), the smallest over the words. Below zero, the text fits the
        question better without that word: it tells of something of the same kind as the word says,
        but another ("Who won the Nobel Prize in Chemistry?" against "…won the Nobel Prize in
        Literature"). Nothing left out: 0 for each."""
        if not left_out or not texts:
            return [0.0] * len(texts)
        similarity = self.vectors(texts) @ self._question_vectors([query, *left_out]).T
        return [float(v) for v in (similarity[:, :1] - similarity[:, 1:]).min(axis=1)]

    def score_all(self, query: str, sentences: list[Sentence]) -> list[Evidence]:
        """Every sentence with its score, in the order given. Only the best ``RESCORED`` by their
        own similarity get the in-context look; the others' score is their similarity alone."""
        if not sentences:
            return []
        q = self._question_vectors([query])[0]
        # Over an index in several languages, a sentence loses what its passage's score lost: the
        # question's leaning to its language (``search.balance``).
        leaning = np.asarray([s.leaning for s in sentences], dtype=np.float32)
        alone = self._vectors([s.text for s in sentences], q.shape[0]) @ q - leaning
        best = [int(i) for i in np.argsort(-alone, kind="stable")[:RESCORED] if sentences[i].before]
        in_context = self._vectors([f"{sentences[i].before} {sentences[i].text}" for i in best], q.shape[0]) @ q
        in_context -= leaning[best]
        scores = alone.astype(np.float64).copy()
        for i, context_score in zip(best, in_context):
            scores[i] = (alone[i] + context_score) / 2
        return [Evidence(s, float(scores[i]), float(alone[i])) for i, s in enumerate(sentences)]

    def rank(self, query: str, sentences: list[Sentence]) -> list[Evidence]:
        """The best sentences for ``query``, best first (only the few that were scored in context)."""
        scored = self.score_all(query, sentences)
        best = sorted(scored, key=lambda e: e.alone, reverse=True)[:RESCORED]
        return sorted(best, key=lambda e: e.score, reverse=True)
