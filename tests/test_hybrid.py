"""Hybrid retrieval: BM25 counts only for chunks in the question's language, and follows the index
incrementally (no re-reading of unchanged articles, ever)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import DATA, SEED, XQUAD_SUBSET, write_xquad_paragraphs

from assistant import Assistant, Settings
from assistant.embed.embeddings import E5Embeddings
from assistant.app.evaluation import RetrievalCase, score_retrieval
from assistant.indexing.lexical import LexicalIndex, terms

FRENCH = DATA / "fr"


def _french_cases() -> list[RetrievalCase]:
    lines = (DATA / "fr_qa.jsonl").read_text(encoding="utf-8").splitlines()
    return [RetrievalCase(c["question"], c["source"], c["evidence"]) for c in map(json.loads, lines)]


@pytest.fixture(scope="module")
def french_index(tmp_path_factory: pytest.TempPathFactory, e5: E5Embeddings) -> Path:
    folder = tmp_path_factory.mktemp("french")
    shutil.copytree(FRENCH, folder / "articles")
    shutil.copy(SEED, folder / "articles" / SEED.name)
    Assistant(Settings(index_dir=folder / "index"), embeddings=e5).index([folder / "articles"])
    return folder / "index"


def test_words_are_stemmed_in_their_own_language():
    assert terms("Les maisons inondées", "fr") == terms("les maison inondé", "fr")
    assert terms("Flooded houses", "en") == terms("flooding house", "en")
    assert terms("東京 Москва", "xx") == ["東京", "москва"]  # no stemmer: lower-cased words


def test_bm25_lifts_french_recall_on_french_articles(french_index: Path, e5: E5Embeddings):
    cases = _french_cases()
    dense = score_retrieval(Assistant(Settings(index_dir=french_index, lexical_weight=0), embeddings=e5), cases)
    hybrid = score_retrieval(Assistant(Settings(index_dir=french_index), embeddings=e5), cases)
    assert hybrid.recall[1] >= dense.recall[1] + 0.03, (dense.recall, hybrid.recall)
    assert hybrid.recall[5] >= dense.recall[5]


@pytest.mark.slow
def test_bm25_lifts_english_recall_of_the_passage_holding_the_answer(tmp_path: Path, e5: E5Embeddings):
    """English over English XQuAD: 267 questions over 100 paragraphs (tests/data/xquad_subset.json).
    A hit is a passage of the right paragraph holding the answer, the passage a citation needs."""
    folder = write_xquad_paragraphs(tmp_path / "en", "en")
    Assistant(Settings(index_dir=tmp_path / "index"), embeddings=e5).index([folder])
    cases = [
        RetrievalCase(q["question"], str(folder / f"{q['paragraph']:03d}.txt"), q["answer_en"])
        for q in XQUAD_SUBSET["english_questions"]
    ]
    # BM25's own lift: the anchors, which lift both, are left out.
    plain = Settings(index_dir=tmp_path / "index", anchor_weight=0)
    dense = score_retrieval(Assistant(plain.model_copy(update={"lexical_weight": 0}), embeddings=e5), cases)
    hybrid = score_retrieval(Assistant(plain, embeddings=e5), cases)
    assert hybrid.recall[1] >= dense.recall[1] + 0.03, (dense.recall, hybrid.recall)
    assert hybrid.article_recall[1] >= dense.article_recall[1], (dense.article_recall, hybrid.article_recall)
    assert hybrid.recall[5] >= dense.recall[5]


def test_a_question_in_another_language_gets_the_dense_ranking_unchanged(french_index: Path, e5: E5Embeddings):
    dense = Assistant(Settings(index_dir=french_index, lexical_weight=0), embeddings=e5)
    hybrid = Assistant(Settings(index_dir=french_index), embeddings=e5)
    for question in [
        "How much did the Valmont budget amount to?",
        "Who replaced Olivier Texier as coach?",
        "Wie viele Batterien wird die Fabrik in Vireux produzieren?",
        "¿Quién negó las entregas de proyectiles?",
    ]:
        assert [p.id for p in hybrid.retrieve(question, k=8)] == [p.id for p in dense.retrieve(question, k=8)]


def test_a_chunk_only_bm25_finds_still_obeys_the_filters(french_index: Path, e5: E5Embeddings):
    hybrid = Assistant(Settings(index_dir=french_index), embeddings=e5)
    question = "Que réclame Franck Morel ?"
    assert any("Franck Morel" in p.text for p in hybrid.retrieve(question, k=3))
    elsewhere = hybrid.retrieve(question, k=10, sources=[str(french_index.parent / "articles" / "budget-valmont.md")])
    assert elsewhere and all(p.article.source.endswith("budget-valmont.md") for p in elsewhere)
    before_july = hybrid.retrieve(question, k=10, until="2024-06-30")  # the article is of 2024-07-03
    assert before_july and all("Franck Morel" not in p.text for p in before_july)


def test_the_lexical_index_reads_only_what_changed(fast_assistant: Assistant, tmp_path: Path, monkeypatch):
    folder = tmp_path / "articles"
    shutil.copytree(FRENCH, folder)
    fast_assistant.index([folder])
    lexical = LexicalIndex(fast_assistant.store)
    read: list[str] = []
    original = fast_assistant.store.chunks_of

    def counting(article_ids):
        ids = list(article_ids)
        read.extend(ids)
        return original(ids)

    monkeypatch.setattr(fast_assistant.store, "chunks_of", counting)
    lexical.sync()
    assert len(read) == 8  # the first query of a process reads the index once
    read.clear()
    lexical.sync()
    assert read == []  # nothing changed: nothing read
    assert "Nadia Kerbal" in _best(lexical, "Nadia Kerbal entraîneure")

    (folder / "football-saint-aurel.md").write_text(
        "---\ntitle: Le FC Saint-Aurel recrute\ndate: 2024-04-09\n---\nLe club engage le gardien Hugo Perrault.\n",
        encoding="utf-8",
    )
    (folder / "nouveau.md").write_text("# Marché\n\nLe marché de Noël ouvrira place Gambetta.\n", encoding="utf-8")
    (folder / "crue-orne.md").unlink()
    fast_assistant.index([folder], prune=True)
    changed = {a.id for a in fast_assistant.articles() if a.source.endswith(("football-saint-aurel.md", "nouveau.md"))}
    read.clear()
    lexical.sync()
    assert set(read) == changed  # only the replaced and the new article were read
    assert "Hugo Perrault" in _best(lexical, "gardien Hugo Perrault")
    assert "Nadia Kerbal" not in " ".join(_texts(lexical, "Nadia Kerbal"))  # the old version is gone
    assert not _texts(lexical, "Ornay grêle vignes")  # the removed article is gone
    assert "Gambetta" in _best(lexical, "marché de Noël Gambetta")


def _texts(lexical: LexicalIndex, question: str) -> list[str]:
    scores = lexical.scores(question, "fr", top=5)
    chunks = {c.id: c.text for c in lexical.store.chunks_of([a for a in lexical.store.records()])}
    return [chunks[c] for c in sorted(scores, key=scores.get, reverse=True) if c in chunks]


def _best(lexical: LexicalIndex, question: str) -> str:
    texts = _texts(lexical, question)
    return texts[0] if texts else ""


def test_another_client_of_a_chroma_server_sees_new_articles_in_bm25(chroma_server: str, tmp_path: Path, hashing):
    settings = Settings(chroma_url=chroma_server, collection="hybrid_server")
    reader = Assistant(settings, embeddings=hashing)
    writer = Assistant(settings, embeddings=hashing)
    (tmp_path / "a.md").write_text("# Pluie\n\nIl a beaucoup plu sur Montbrac ce lundi.\n", encoding="utf-8")
    writer.index([tmp_path / "a.md"])
    assert reader.retrieve("Qu'est-ce qui s'est passé à Montbrac ce lundi ?", k=1)
    (tmp_path / "b.md").write_text("# Élection\n\nZéphirine Vautrin est élue présidente du club.\n", encoding="utf-8")
    writer.index([tmp_path / "b.md"])
    lexical = reader._retriever.lexical
    assert lexical is not None
    assert any("Zéphirine" in t for t in _texts(lexical, "Qui est Zéphirine Vautrin ?"))


def test_warming_up_reads_the_index_before_the_first_question(french_index: Path, e5: E5Embeddings, monkeypatch):
    assistant = Assistant(Settings(index_dir=french_index), embeddings=e5)
    assistant.warm_up()
    read: list[str] = []
    original = assistant.store.chunks_of
    monkeypatch.setattr(assistant.store, "chunks_of", lambda ids: read.extend(ids) or original(ids))
    assert assistant.retrieve("Qui remplace Olivier Texier ?", k=1)
    assert read == []  # the first question found the BM25 side ready


def _counting_reads(assistant: Assistant, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    read: list[str] = []
    original = assistant.store.chunks_of
    monkeypatch.setattr(assistant.store, "chunks_of", lambda ids: read.extend(ids) or original(ids))
    return read


def test_a_new_process_starts_from_the_bm25_snapshot_and_reads_only_what_changed(
    tmp_path: Path, hashing, monkeypatch: pytest.MonkeyPatch
):
    folder = tmp_path / "articles"
    shutil.copytree(FRENCH, folder)
    settings = Settings(index_dir=tmp_path / "index")
    first = Assistant(settings, embeddings=hashing)
    first.index([folder])
    question = "Qui remplace Olivier Texier au FC Saint-Aurel ?"
    expected = [p.id for p in first.retrieve(question, k=3)]
    snapshot = tmp_path / "index" / "articles.bm25.npz"
    assert snapshot.is_file()

    # Each Assistant holds its own BM25 side, as a new process would.
    second = Assistant(settings, embeddings=hashing)
    read = _counting_reads(second, monkeypatch)
    assert [p.id for p in second.retrieve(question, k=3)] == expected
    assert read == []  # all of it came from the snapshot

    (folder / "nouveau.md").write_text("# Marché\n\nLe marché de Noël ouvrira place Gambetta.\n", encoding="utf-8")
    second.index([folder])
    third = Assistant(settings, embeddings=hashing)
    read = _counting_reads(third, monkeypatch)
    assert "Gambetta" in third.retrieve("Où ouvrira le marché de Noël ?", k=1)[0].text
    assert [a.source for a in third.articles() if a.id in read] == [str(folder / "nouveau.md")]

    snapshot.write_bytes(b"not a snapshot")  # damaged: ignored, the store is read instead
    fourth = Assistant(settings, embeddings=hashing)
    read = _counting_reads(fourth, monkeypatch)
    assert [p.id for p in fourth.retrieve(question, k=3)] == expected
    assert len(read) == 9


def test_clients_of_a_chroma_server_keep_no_snapshot(chroma_server: str, tmp_path: Path, hashing, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings = Settings(chroma_url=chroma_server, collection="no_snapshot")
    assistant = Assistant(settings, embeddings=hashing)
    assistant.index([FRENCH])
    assert assistant.retrieve("Qui remplace Olivier Texier ?", k=1)
    assert not list(tmp_path.rglob("*.bm25.npz"))
