"""BM25 over the indexed chunks, one index per language, kept in step with the store.

Lexical matching only helps when question and article share a language (a German article has
none of an English question's words, and blind fusion costs a third of cross-lingual recall), so
each language has its own statistics and a question is only ever scored against chunks of its
own language. The index lives in memory: the first query of a process reads the chunks once;
after that, only articles whose registered version changed are read again (the store's
generation tells when anything changed), so nothing is rebuilt per query or per added article.
"""

from __future__ import annotations

import math
import re
import threading
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import numpy as np

from assistant.store import Store, StoredChunk

_WORD = re.compile(r"\w+")
# Snowball stemmers by ISO 639-1 code; other languages are matched on lower-cased words.
_STEMMERS = {
    "ar": "arabic", "ca": "catalan", "cs": "czech", "da": "danish", "de": "german", "el": "greek",
    "en": "english", "es": "spanish", "eu": "basque", "fi": "finnish", "fr": "french", "hu": "hungarian",
    "id": "indonesian", "it": "italian", "lt": "lithuanian", "nl": "dutch", "no": "norwegian",
    "pl": "polish", "pt": "portuguese", "ro": "romanian", "ru": "russian", "sv": "swedish", "tr": "turkish",
}  # fmt: skip


@lru_cache(maxsize=None)
def _stemmer(lang: str) -> Any:
    import Stemmer

    return Stemmer.Stemmer(_STEMMERS[lang]) if lang in _STEMMERS else None


def terms(text: str, lang: str) -> list[str]:
    words = [w.lower() for w in _WORD.findall(text)]
    stemmer = _stemmer(lang)
    return stemmer.stemWords(words) if stemmer else words


def chunk_terms(chunk: StoredChunk) -> list[str]:
    """A chunk is matched with its article's title, as it is embedded with it."""
    meta = chunk.metadata
    return terms(f"{meta.get('title', '')}\n{chunk.text}", meta.get("lang", ""))


class _Language:
    """Postings of one language as growable int arrays; removed chunks are tombstoned, and the
    arrays are compacted once tombstones make up a third of them. Python dicts per posting would
    take gigabytes at 100k chunks; these take a few bytes per posting."""

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.numbers: dict[str, int] = {}
        self.lengths = array("i")
        self.alive = array("b")
        self.postings: dict[str, tuple[array, array]] = {}  # term -> (chunk numbers, term frequencies)
        self.live = 0
        self.total = 0
        self.dead_postings = 0
        self.size = 0

    def add(self, chunk_id: str, words: list[str]) -> int:
        number = len(self.ids)
        self.ids.append(chunk_id)
        self.numbers[chunk_id] = number
        self.lengths.append(len(words))
        self.alive.append(1)
        for term, tf in Counter(words).items():
            numbers, tfs = self.postings.setdefault(term, (array("i"), array("i")))
            numbers.append(number)
            tfs.append(tf)
            self.size += 1
        self.live += 1
        self.total += len(words)
        return number

    def remove(self, number: int, distinct_terms: int) -> None:
        self.alive[number] = 0
        if self.numbers.get(self.ids[number]) == number:
            del self.numbers[self.ids[number]]
        self.live -= 1
        self.total -= self.lengths[number]
        self.dead_postings += distinct_terms
        if self.dead_postings * 3 > self.size:
            self._compact()

    def _compact(self) -> None:
        alive = np.frombuffer(self.alive, dtype=np.int8).astype(bool)
        for term in list(self.postings):
            numbers, tfs = (np.frombuffer(a, dtype=np.int32) for a in self.postings[term])
            keep = alive[numbers]
            if keep.any():
                self.postings[term] = (array("i", numbers[keep].tobytes()), array("i", tfs[keep].tobytes()))
            else:
                del self.postings[term]
        self.size -= self.dead_postings
        self.dead_postings = 0

    def bm25(self, question_terms: set[str], k1: float, b: float) -> np.ndarray:
        scores = np.zeros(len(self.ids), dtype=np.float32)
        if not self.live:
            return scores
        alive = np.frombuffer(self.alive, dtype=np.int8).astype(bool)
        lengths = np.frombuffer(self.lengths, dtype=np.int32)
        average = self.total / self.live
        for term in question_terms:
            if term not in self.postings:
                continue
            numbers, tfs = (np.frombuffer(a, dtype=np.int32) for a in self.postings[term])
            keep = alive[numbers]
            numbers, tfs = numbers[keep], tfs[keep].astype(np.float32)
            if not len(numbers):
                continue
            idf = math.log(1 + (self.live - len(numbers) + 0.5) / (len(numbers) + 0.5))
            norm = 1 - b + b * lengths[numbers] / average
            scores[numbers] += idf * tfs * (k1 + 1) / (tfs + k1 * norm)
        return scores


class LexicalIndex:
    # k1 and b below the usual 1.2 / 0.75: chunks are short and of similar length. Chosen on half of
    # XQuAD en->en and checked on the other half (benchmarks/retrieval.py).
    def __init__(self, store: Store, k1: float = 0.6, b: float = 0.3):
        self.store = store
        self.k1, self.b = k1, b
        self._languages: dict[str, _Language] = defaultdict(_Language)
        # article id -> (version, language, [(chunk number, distinct terms)])
        self._articles: dict[str, tuple[str, str, list[tuple[int, int]]]] = {}
        self._generation: str | None = None
        self._lock = threading.Lock()

    def sync(self) -> None:
        """Catch up with the store: drop replaced or removed articles, read new versions."""
        with self._lock:
            generation = self.store.generation()
            if self._articles and generation is not None and generation == self._generation:
                return
            records = self.store.records()
            for article_id, (version, lang, chunks) in list(self._articles.items()):
                record = records.get(article_id)
                if record is None or record.version != version:
                    del self._articles[article_id]
                    for number, distinct in chunks:
                        self._languages[lang].remove(number, distinct)
            fresh = [a for a in records if a not in self._articles]
            for start in range(0, len(fresh), 500):
                ids = fresh[start : start + 500]
                added: dict[str, list[tuple[int, int]]] = {a: [] for a in ids}
                for chunk in self.store.chunks_of(ids):
                    record = records[chunk.metadata["article_id"]]
                    if chunk.metadata.get("version") != record.version:
                        continue  # a version being written, or left by an interrupted run
                    words = chunk_terms(chunk)
                    number = self._languages[record.lang].add(chunk.id, words)
                    added[record.id].append((number, len(set(words))))
                for article_id, chunks in added.items():
                    self._articles[article_id] = (records[article_id].version, records[article_id].lang, chunks)
            self._generation = generation

    def scores(self, question: str, lang: str, top: int, also: Iterable[str] = ()) -> dict[str, float]:
        """BM25 of the ``top`` best chunks in ``lang``, and of the chunks ``also`` that are in ``lang``
        (zero when they share no term with the question)."""
        self.sync()
        with self._lock:
            index = self._languages.get(lang)
            if index is None:
                return {}
            scores = index.bm25(set(terms(question, lang)), self.k1, self.b)
            matched = np.flatnonzero(scores)
            best = matched[np.argsort(-scores[matched], kind="stable")[:top]]
            wanted = {int(n) for n in best} | {index.numbers[c] for c in also if c in index.numbers}
            return {index.ids[n]: float(scores[n]) for n in wanted}
