"""BM25 over the indexed chunks, one index per language, kept in step with the store.

Lexical matching only helps when question and article share a language (a German article has
none of an English question's words, and blind fusion costs a third of cross-lingual recall), so
each language has its own statistics and a question is only ever scored against chunks of its
own language. The index lives in memory: the first query of a process reads the chunks once (or
starts from the snapshot an embedded index keeps beside it); after that, only articles whose
registered version changed are read again (the store's generation tells when anything changed),
so nothing is rebuilt per query or per added article.
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
import threading
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from assistant.indexing.store import Store, StoredChunk

log = logging.getLogger(__name__)
SNAPSHOT_FORMAT = 1
_ARRAYS = ("lengths", "alive", "offsets", "numbers", "tfs")

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

    def add(self, chunk_id: str, words: list[str]) -> tuple[int, int]:
        """Add a chunk; returns its number and how many distinct terms it has (for ``remove``)."""
        number = len(self.ids)
        self.ids.append(chunk_id)
        self.numbers[chunk_id] = number
        self.lengths.append(len(words))
        self.alive.append(1)
        counts = Counter(words)
        for term, tf in counts.items():
            numbers, tfs = self.postings.setdefault(term, (array("i"), array("i")))
            numbers.append(number)
            tfs.append(tf)
        self.size += len(counts)
        self.live += 1
        self.total += len(words)
        return number, len(counts)

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
        if not self.dead_postings:
            return
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

    def to_arrays(self) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
        """Everything, compacted, as JSON-able facts and flat arrays (for the snapshot)."""
        self._compact()
        terms = list(self.postings)
        sizes = [len(self.postings[t][0]) for t in terms]

        def flat(column: int) -> np.ndarray:
            return np.frombuffer(b"".join(self.postings[t][column].tobytes() for t in terms), dtype=np.int32)

        facts = {"ids": self.ids, "terms": terms, "live": self.live, "total": self.total}
        arrays = {
            "lengths": np.frombuffer(self.lengths, dtype=np.int32),
            "alive": np.frombuffer(self.alive, dtype=np.int8),
            "offsets": np.concatenate([[0], np.cumsum(sizes, dtype=np.int64)]),
            "numbers": flat(0),
            "tfs": flat(1),
        }
        return facts, arrays

    @classmethod
    def from_arrays(cls, facts: dict[str, Any], arrays: dict[str, np.ndarray]) -> "_Language":
        language = cls()
        language.ids = list(facts["ids"])
        language.lengths = array("i", arrays["lengths"].astype(np.int32).tobytes())
        language.alive = array("b", arrays["alive"].astype(np.int8).tobytes())
        if not len(language.ids) == len(language.lengths) == len(language.alive):
            raise ValueError("inconsistent chunk arrays")
        language.numbers = {c: n for n, c in enumerate(language.ids) if language.alive[n]}
        offsets, numbers, tfs = arrays["offsets"], arrays["numbers"].astype(np.int32), arrays["tfs"].astype(np.int32)
        for i, term in enumerate(facts["terms"]):
            start, end = int(offsets[i]), int(offsets[i + 1])
            language.postings[term] = (array("i", numbers[start:end].tobytes()), array("i", tfs[start:end].tobytes()))
        language.size = int(offsets[-1]) if len(offsets) else 0
        language.live, language.total = int(facts["live"]), int(facts["total"])
        return language

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
    def __init__(self, store: Store, k1: float = 0.6, b: float = 0.3, snapshot: Path | None = None):
        self.store = store
        self.k1, self.b = k1, b
        # Where an embedded index keeps a copy of this index between processes, so that a process's
        # first question does not read every chunk again (26 s at 100k chunks).
        self.snapshot = snapshot
        self._languages: dict[str, _Language] = defaultdict(_Language)
        # article id -> (version, language, [(chunk number, distinct terms)])
        self._articles: dict[str, tuple[str, str, list[tuple[int, int]]]] = {}
        self._generation: str | None = None
        self._lock = threading.Lock()

    def sync(self, generation: str | None = None) -> None:
        """Catch up with the store: drop replaced or removed articles, read new versions.
        ``generation``: the store's, as the caller just read it; read here when not given."""
        with self._lock:
            if not self._articles and self.snapshot is not None and self.snapshot.exists():
                self._load(self.snapshot)
            generation = generation or self.store.generation()
            if self._articles and generation is not None and generation == self._generation:
                return
            records = self.store.records()
            changed = False
            for article_id, (version, lang, chunks) in list(self._articles.items()):
                record = records.get(article_id)
                if record is None or record.version != version:
                    changed = True
                    del self._articles[article_id]
                    for number, distinct in chunks:
                        self._languages[lang].remove(number, distinct)
            fresh = [a for a in records if a not in self._articles]
            changed = changed or bool(fresh)
            for start in range(0, len(fresh), 500):
                ids = fresh[start : start + 500]
                added: dict[str, list[tuple[int, int]]] = {a: [] for a in ids}
                for chunk in self.store.chunks_of(ids):
                    record = records[chunk.metadata["article_id"]]
                    if chunk.metadata.get("version") != record.version:
                        continue  # a version being written, or left by an interrupted run
                    added[record.id].append(self._languages[record.lang].add(chunk.id, chunk_terms(chunk)))
                for article_id, chunks in added.items():
                    self._articles[article_id] = (records[article_id].version, records[article_id].lang, chunks)
            self._generation = generation
            if changed and self.snapshot is not None:
                self._save(self.snapshot)

    def _save(self, path: Path) -> None:
        """Write the snapshot beside the index (atomically: a reader never sees half a file)."""
        facts: dict[str, Any] = {"format": SNAPSHOT_FORMAT, "generation": self._generation, "languages": {}}
        facts["articles"] = {a: [v, lang, chunks] for a, (v, lang, chunks) in self._articles.items()}
        arrays: dict[str, np.ndarray] = {}
        for i, (lang, language) in enumerate(self._languages.items()):
            language_facts, language_arrays = language.to_arrays()
            facts["languages"][lang] = {**language_facts, "key": i}
            arrays |= {f"{i}.{name}": value for name, value in language_arrays.items()}
        arrays["facts"] = np.frombuffer(json.dumps(facts).encode(), dtype=np.uint8)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            with open(temporary, "wb") as handle:
                np.savez(handle, **arrays)
            os.replace(temporary, path)
        except OSError as err:
            log.warning("could not save the BM25 snapshot %s: %s", path, err)
            temporary.unlink(missing_ok=True)

    def _load(self, path: Path) -> None:
        """Start from the snapshot; ``sync`` then reads only what changed since. A snapshot that
        cannot be read is ignored: everything is read from the store, as without one."""
        try:
            with np.load(path, allow_pickle=False) as stored:
                facts = json.loads(stored["facts"].tobytes())
                if facts.get("format") != SNAPSHOT_FORMAT:
                    raise ValueError(f"format {facts.get('format')!r}")
                languages = {
                    lang: _Language.from_arrays(f, {n: stored[f"{f['key']}.{n}"] for n in _ARRAYS})
                    for lang, f in facts["languages"].items()
                }
                articles = {a: (v, lang, [tuple(c) for c in chunks]) for a, (v, lang, chunks) in facts["articles"].items()}
        except Exception as err:  # any damage (truncated, edited, other format): read the store instead
            log.warning("ignoring the BM25 snapshot %s (%s: %s)", path, type(err).__name__, err)
            return
        self._languages = defaultdict(_Language, languages)
        self._articles = articles
        self._generation = facts["generation"]

    def scores(self, question: str, lang: str, top: int, also: Iterable[str] = (),
               generation: str | None = None) -> dict[str, float]:
        """BM25 of the ``top`` best chunks in ``lang``, and of the chunks ``also`` that are in ``lang``
        (zero when they share no term with the question), as of the store's ``generation`` (``sync``)."""
        self.sync(generation)
        with self._lock:
            index = self._languages.get(lang)
            if index is None:
                return {}
            scores = index.bm25(set(terms(question, lang)), self.k1, self.b)
            matched = np.flatnonzero(scores)
            best = matched[np.argsort(-scores[matched], kind="stable")[:top]]
            wanted = {int(n) for n in best} | {index.numbers[c] for c in also if c in index.numbers}
            return {index.ids[n]: float(scores[n]) for n in wanted}
