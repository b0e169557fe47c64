"""Finding the sentences of retrieved passages that best support a question or a claim.

A sentence alone often hides what it is about ("These allegations were denied by the Kremlin"), so
the best few by their own score are scored again with the sentence before them, and their final
score is the mean of the two. Measured on the 20 answerable seed questions (tests/data/seed_qa.jsonl),
this ranks the evidence sentence first 19 times, against 18 for the sentence alone and 4 for the
sentence with its context only; the one it gains is "Who denied the shell deliveries?".
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.text.injection import addresses_the_model
from assistant.search.retriever import Passage
from assistant.text.sentences import split_sentences

RESCORED = 4  # how many of the best sentences get the second, in-context look


@dataclass(frozen=True)
class Sentence:
    passage: int  # index of the passage it was found in
    article_id: str
    start: int  # offsets into the article text
    end: int
    text: str
    before: str  # the sentence before it in the article, "" when unknown


@dataclass(frozen=True)
class Evidence:
    sentence: Sentence
    score: float


def passage_sentences(passages: list[Passage]) -> list[Sentence]:
    """The sentences of the passages, each once (chunks overlap), in passage order.

    Sentences that give orders to an assistant are left out: they are never evidence.
    """
    found: dict[tuple[str, int, int], Sentence] = {}
    for index, passage in enumerate(passages):
        previous = ""
        for s, e in split_sentences(passage.text, lang=passage.article.lang):
            key = (passage.article.id, passage.start + s, passage.start + e)
            text = passage.text[s:e]
            if addresses_the_model(text):
                continue
            known = found.get(key)
            if known is None or (not known.before and previous):
                found[key] = Sentence(
                    known.passage if known else index, key[0], key[1], key[2], text, previous
                )
            previous = text
    return list(found.values())


class EvidenceScorer:
    """Scores sentences against a question or claim, caching sentence vectors across calls."""

    def __init__(self, embeddings: Embeddings, cache_size: int = 4096):
        self.embeddings = embeddings
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size

    def _vectors(self, texts: list[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            for text, vector in zip(missing, self.embeddings.embed_documents(missing)):
                self._cache[text] = np.asarray(vector, dtype=np.float32)
        for text in texts:
            self._cache.move_to_end(text)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return np.stack([self._cache[t] for t in texts]) if texts else np.zeros((0, 1), dtype=np.float32)

    def rank(self, query: str, sentences: list[Sentence]) -> list[Evidence]:
        """The best sentences for ``query``, best first (only the few that were scored in context)."""
        if not sentences:
            return []
        q = np.asarray(self.embeddings.embed_query(query), dtype=np.float32)
        alone = self._vectors([s.text for s in sentences]) @ q
        best = np.argsort(-alone)[:RESCORED]
        with_context = [i for i in best if sentences[i].before]
        context_scores = dict(
            zip(
                with_context,
                self._vectors([f"{sentences[i].before} {sentences[i].text}" for i in with_context]) @ q,
            )
        )
        scored = [
            Evidence(sentences[i], float((alone[i] + context_scores[i]) / 2 if i in context_scores else alone[i]))
            for i in best
        ]
        return sorted(scored, key=lambda e: e.score, reverse=True)
