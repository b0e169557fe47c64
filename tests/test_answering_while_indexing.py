"""Questions are answered while articles are being indexed, by the same assistant (the web app
indexes uploads in its own process while its users keep asking)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from conftest import SEED, write_xquad_paragraphs

from assistant import Assistant, Settings
from assistant.embed.embeddings import FEW_TEXTS, E5Embeddings

pytestmark = pytest.mark.slow


def test_a_question_is_answered_while_a_long_indexing_run_goes_on(tmp_path: Path):
    seed = tmp_path / "seed"
    seed.mkdir()
    (seed / SEED.name).write_bytes(SEED.read_bytes())
    embedder = E5Embeddings()
    # Batches large enough for sentence-transformers, which the answer's evidence then shares.
    assistant = Assistant(Settings(index_dir=tmp_path / "index", batch_size=2 * FEW_TEXTS), embeddings=embedder)
    assistant.index([seed])
    news = write_xquad_paragraphs(tmp_path / "news", "de")

    first_batch_stored = threading.Event()
    report = []
    indexing = threading.Thread(
        target=lambda: report.append(assistant.index([news], progress=lambda p: first_batch_stored.set()))
    )
    indexing.start()
    assert first_batch_stored.wait(timeout=300)

    # A question the judge answers with room to spare: this is about answering while indexing, and
    # the English "Who denied…?" sits near the threshold once German paragraphs join the index.
    answer = assistant.ask("Qui a démenti les allégations de livraisons d'obus ?")
    still_indexing = indexing.is_alive()
    indexing.join(timeout=600)

    assert answer.grounded and "Kremlin" in answer.citations[0].quote
    assert embedder._document_engine is not None
    assert still_indexing, "the answer came only once the indexing run had finished"
    assert report and len(report[0].added) == 100
