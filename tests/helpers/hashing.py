"""Test helpers: importable by the suite and by the child processes some tests start."""

from __future__ import annotations

import hashlib

import numpy as np

from assistant.embed.embeddings import NamedEmbeddings


class HashEmbeddings(NamedEmbeddings):
    """A deterministic bag-of-words embedder: instant, for tests of bookkeeping rather than meaning."""

    def __init__(self, name: str = "test/hash-64", dimension: int = 64):
        self.name = name
        self.dimension = dimension
        self.calls = 0
        self.embedded = 0

    def _vector(self, text: str) -> list[float]:
        v = np.zeros(self.dimension)
        for word in text.lower().split():
            v[int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dimension] += 1.0
        norm = np.linalg.norm(v)
        return (v / norm if norm else v + 1 / np.sqrt(self.dimension)).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.calls += 1
        self.embedded += len(texts)
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)
