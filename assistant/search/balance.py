"""Ranking passages fairly across the languages of an index that holds several.

A multilingual embedder sets a question closer to any text in its own language than to the same
news told in another (benchmarks/mixed.py: ITN stories each indexed once, in one of 15 languages,
asked of in the others; its figures are in the README). So each passage's score loses ``weight``
times how much closer the question is to the passages of that passage's language, on average, than
to all passages: the question's leaning to a language, which says nothing about any one passage of
it. Over an index in one language that is zero for every passage, and nothing changes.

A language's mean vector is read from at most ``SAMPLE`` of its chunks and drawn towards the mean
of all chunks as if by ``PRIOR`` more (a language of three chunks has no mean of its own worth the
name), and read again whenever the index changes.
"""

from __future__ import annotations

import threading

import numpy as np

from assistant.indexing.store import Store

SAMPLE = 1000
PRIOR = 5
# An index whose main language holds more than this share of its chunks is taken as written in that
# one: language detection misreads a few texts (one of XQuAD's 240 English paragraphs is "Nigerian
# Pidgin"), and they are no reason to rank the others otherwise.
MAIN_LANGUAGE = 0.9


class LanguageBalance:
    def __init__(self, store: Store, weight: float):
        self.store = store
        self.weight = weight
        self._generation: str | None = None
        self._means: dict[str, np.ndarray] = {}
        self._overall: np.ndarray | None = None
        self._lock = threading.Lock()

    def shifts(self, vector: list[float], generation: str | None) -> dict[str, float]:
        """What to take off the score of a passage in each language of the index, for the question
        embedded as ``vector``; empty when the index holds one language (``MAIN_LANGUAGE``), all
        zero at weight 0. ``generation``: the index's, as ``Store.generation`` just read it."""
        means, overall = self._read(generation)
        if len(means) < 2 or overall is None:
            return {}
        q = np.asarray(vector, dtype=np.float32)
        leaning = float(q @ overall)
        return {lang: self.weight * (float(q @ mean) - leaning) for lang, mean in means.items()}

    def _read(self, generation: str | None) -> tuple[dict[str, np.ndarray], np.ndarray | None]:
        with self._lock:
            if generation is None or generation != self._generation:
                counts = self.store.language_counts()
                self._means, self._overall = {}, None
                if counts and max(counts.values()) <= MAIN_LANGUAGE * sum(counts.values()):
                    sampled = {lang: self.store.mean_vector(lang, SAMPLE) for lang in counts}
                    found = {lang: (counts[lang], mean) for lang, mean in sampled.items() if mean is not None}
                    if not found:  # the chunks are being written: read again next time
                        return {}, None
                    overall = sum(count * mean for count, mean in found.values()) / sum(c for c, _ in found.values())
                    self._means = {lang: (min(count, SAMPLE) * mean + PRIOR * overall) / (min(count, SAMPLE) + PRIOR)
                                   for lang, (count, mean) in found.items()}
                    self._overall = overall
                self._generation = generation
            return self._means, self._overall
