"""Incremental indexing against a real embedded Chroma: the report, replacement, pruning, refusal."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from conftest import SEED, HashEmbeddings, seed_variant

from assistant import Assistant, Settings
from assistant.ingest.articles import read_article
from assistant.ingest.chunking import chunk_article
from assistant.errors import ArticleError, EmbedderMismatchError, QueryError


def _stored(assistant: Assistant) -> list:
    records = assistant.store.records()
    return assistant.store.chunks_of(records) if records else []


def _assert_index_matches_articles(assistant: Assistant) -> None:
    """No duplicate or orphan chunks; every article's chunks are exactly those of its current text."""
    records = assistant.store.records()
    chunks = _stored(assistant)
    assert assistant.store.chunk_count() == len(chunks), "chunks without an article record"
    by_article = Counter(c.metadata["article_id"] for c in chunks)
    for record in records.values():
        article = read_article(record.source)
        expected = chunk_article(article, assistant.settings.chunk_chars, assistant.settings.chunk_overlap)
        stored = sorted((c for c in chunks if c.metadata["article_id"] == record.id), key=lambda c: c.metadata["n"])
        assert by_article[record.id] == record.chunks == len(expected)
        assert [(c.text, c.metadata["start"], c.metadata["end"]) for c in stored] == [
            (e.text, e.start, e.end) for e in expected
        ]
        assert {c.metadata["version"] for c in stored} == {record.version}


def test_first_run_adds_then_an_unchanged_rerun_embeds_nothing(fast_assistant: Assistant, corpus: Path):
    first = fast_assistant.index([corpus])
    assert first.added == [str(corpus / SEED.name)]
    assert first.chunks_embedded == len(chunk_article(read_article(SEED))) > 0
    assert (first.updated, first.unchanged, first.removed, first.chunks_deleted) == ([], [], [], 0)

    embedded_before = fast_assistant.embeddings.embedded
    again = fast_assistant.index([corpus])
    assert again.unchanged == first.added
    assert (again.added, again.updated, again.removed, again.chunks_embedded) == ([], [], [], 0)
    assert fast_assistant.embeddings.embedded == embedded_before, "an unchanged article was embedded again"
    _assert_index_matches_articles(fast_assistant)


def test_a_changed_article_is_replaced_not_duplicated(fast_assistant: Assistant, corpus: Path):
    fast_assistant.index([corpus])
    path = corpus / SEED.name
    old_chunks = fast_assistant.info().chunks
    path.write_text(path.read_text() + "\n\nUn nouveau paragraphe ajouté le lendemain précise la date du sommet.\n")
    report = fast_assistant.index([corpus])
    assert report.updated == [str(path)]
    assert report.chunks_deleted == old_chunks
    assert report.chunks_embedded == fast_assistant.info().chunks
    assert fast_assistant.info().articles == 1
    _assert_index_matches_articles(fast_assistant)
    assert any("précise la date du sommet" in c.text for c in _stored(fast_assistant))


def test_prune_removes_articles_gone_from_the_folder_and_nothing_else(
    fast_assistant: Assistant, corpus: Path, tmp_path: Path
):
    other = tmp_path / "elsewhere"
    other.mkdir()
    seed_variant(other / "kept.txt", 1)
    seed_variant(corpus / "second.txt", 2)
    fast_assistant.index([corpus, other])
    assert fast_assistant.info().articles == 3

    (corpus / "second.txt").unlink()
    without_prune = fast_assistant.index([corpus])
    assert without_prune.removed == [] and fast_assistant.info().articles == 3

    pruned = fast_assistant.index([corpus], prune=True)
    assert pruned.removed == [str(corpus / "second.txt")]
    assert pruned.chunks_deleted > 0
    sources = {r.source for r in fast_assistant.articles()}
    assert sources == {str(corpus / SEED.name), str(other / "kept.txt")}
    _assert_index_matches_articles(fast_assistant)


def test_files_named_one_by_one_are_never_pruned(fast_assistant: Assistant, corpus: Path):
    fast_assistant.index([corpus])
    lone = corpus.parent / "lone.txt"
    seed_variant(lone, 3)
    fast_assistant.index([lone])
    report = fast_assistant.index([corpus], prune=True)
    assert report.removed == []
    assert fast_assistant.info().articles == 2


def test_an_article_of_more_than_100_chunks_is_indexed_replaced_and_pruned_whole(
    tmp_path: Path, hashing: HashEmbeddings
):
    # Small batches on purpose: the article spans many write batches (where record managers have
    # lost or duplicated chunks before).
    assistant = Assistant(Settings(index_dir=tmp_path / "index", batch_size=16), embeddings=hashing)
    folder = tmp_path / "long"
    folder.mkdir()
    paragraphs = [
        f"Paragraphe {i}. La réunion numéro {i} s'est tenue à Vladivostok avec {i * 7} délégués. "
        f"Les discussions ont porté sur le commerce, la sécurité et le transport ferroviaire. "
        f"Le communiqué final du jour {i} a été publié tard dans la soirée par les deux délégations."
        for i in range(300)
    ]
    path = folder / "long.txt"
    path.write_text(" date 2023-09 Une très longue chronique.\n\n" + "\n\n".join(paragraphs) + "\n")
    report = assistant.index([folder])
    assert report.chunks_embedded > 100
    _assert_index_matches_articles(assistant)

    path.write_text(path.read_text().replace("Paragraphe 150.", "Paragraphe cent cinquante."))
    changed = assistant.index([folder])
    assert changed.updated == [str(path)]
    assert changed.chunks_deleted == report.chunks_embedded
    _assert_index_matches_articles(assistant)

    path.unlink()
    pruned = assistant.index([folder], prune=True)
    assert pruned.removed == [str(path)]
    assert pruned.chunks_deleted == changed.chunks_embedded
    assert assistant.info().chunks == 0 and assistant.info().articles == 0


def test_changing_the_chunk_size_rechunks_on_the_next_run(tmp_path: Path, corpus: Path, hashing: HashEmbeddings):
    Assistant(Settings(index_dir=tmp_path / "index"), embeddings=hashing).index([corpus])
    smaller = Assistant(Settings(index_dir=tmp_path / "index", chunk_chars=250), embeddings=hashing)
    report = smaller.index([corpus])
    assert report.updated == [str(corpus / SEED.name)]
    _assert_index_matches_articles(smaller)


def test_an_index_refuses_another_embedder_and_says_how_to_rebuild(settings: Settings, corpus: Path):
    Assistant(settings, embeddings=HashEmbeddings("test/one")).index([corpus])
    other = Assistant(settings, embeddings=HashEmbeddings("test/two"))
    with pytest.raises(EmbedderMismatchError, match=r"built with the embedder 'test/one'.*--rebuild"):
        other.index([corpus])
    with pytest.raises(EmbedderMismatchError):
        other.retrieve("anything")
    report = other.index([corpus], rebuild=True)
    assert report.added == [str(corpus / SEED.name)]
    assert other.info().embedder == "test/two"
    _assert_index_matches_articles(other)


def test_a_bad_file_stops_the_run_before_anything_is_written(fast_assistant: Assistant, corpus: Path):
    fast_assistant.index([corpus])
    before = sorted((c.id, c.text) for c in _stored(fast_assistant))
    path = corpus / SEED.name
    path.write_text(path.read_text() + "\nUne phrase ajoutée.\n")
    (corpus / "broken.txt").write_bytes("Déjà".encode() + b" not utf-8 \xff")
    for attempt in (lambda: fast_assistant.index([corpus]), lambda: fast_assistant.index([corpus], rebuild=True)):
        with pytest.raises(ArticleError, match="broken.txt: not valid UTF-8"):
            attempt()
        assert sorted((c.id, c.text) for c in _stored(fast_assistant)) == before


def test_chroma_never_gets_an_embedding_function(fast_assistant: Assistant, corpus: Path):
    fast_assistant.index([corpus])
    for collection in (fast_assistant.store._chunks, fast_assistant.store._registry):
        assert collection._embedding_function is None
        assert collection.configuration.get("embedding_function") is None


def test_the_same_article_under_another_name_is_skipped_as_a_duplicate(fast_assistant: Assistant, corpus: Path):
    fast_assistant.index([corpus])
    twin = corpus.parent / "elsewhere" / "twin.txt"
    twin.parent.mkdir()
    shutil.copy(SEED, twin)
    report = fast_assistant.index([twin.parent])
    assert report.added == [] and [s.reason for s in report.skipped] == [f"same content as {corpus / SEED.name}"]
    # A rename is not a duplicate: the old name is gone, so the new one is indexed (and the old pruned).
    (corpus / SEED.name).rename(corpus / "renamed.txt")
    renamed = fast_assistant.index([corpus], prune=True)
    assert renamed.added == [str(corpus / "renamed.txt")] and renamed.removed == [str(corpus / SEED.name)]


def test_a_new_copy_read_before_the_indexed_original_does_not_cost_the_article(
    fast_assistant: Assistant, tmp_path: Path
):
    folder = tmp_path / "news"
    folder.mkdir()
    shutil.copy(SEED, folder / "b-original.txt")
    fast_assistant.index([folder])
    shutil.copy(SEED, folder / "a-copy.txt")  # sorts first
    report = fast_assistant.index([folder], prune=True)
    assert report.removed == [] and report.unchanged == [str(folder / "b-original.txt")]
    assert [(s.path, s.reason) for s in report.skipped] == [
        (str(folder / "a-copy.txt"), f"same content as {folder / 'b-original.txt'}")
    ]
    assert [r.source for r in fast_assistant.articles()] == [str(folder / "b-original.txt")]


def test_an_indexed_articles_text_comes_back_whole_with_offsets_that_index_into_it(fast_assistant: Assistant, corpus: Path):
    fast_assistant.index([corpus])
    article = read_article(corpus / SEED.name)
    text = fast_assistant.article_text(article.id)
    assert text == article.text.rstrip()
    for chunk in _stored(fast_assistant):
        assert text[chunk.metadata["start"] : chunk.metadata["end"]] == chunk.text
    with pytest.raises(QueryError, match="no indexed article has the id 'nope'"):
        fast_assistant.article_text("nope")
