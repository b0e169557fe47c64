"""The store over HTTP: a real `chroma run` server on 127.0.0.1, started and stopped by the fixture."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import free_port

from assistant import Assistant, Settings
from assistant.embed.embeddings import E5Embeddings
from assistant.errors import StoreError

# Processes, servers or a browser: left out of `make test-fast`.
pytestmark = pytest.mark.integration


def test_index_and_search_through_a_chroma_server(chroma_server: str, tmp_path: Path, corpus: Path, e5: E5Embeddings):
    settings = Settings(chroma_url=chroma_server, index_dir=tmp_path / "unused")
    assistant = Assistant(settings, embeddings=e5)
    first = assistant.index([corpus])
    assert first.added and first.chunks_embedded > 0
    assert "démenties par le Kremlin" in assistant.retrieve("who denied the shell deliveries?", k=1)[0].text

    # A second client (another process or machine) sees the same index and its article list.
    other = Assistant(settings, embeddings=e5)
    assert other.info().location == chroma_server
    assert (other.info().articles, other.info().chunks) == (1, first.chunks_embedded)
    assert other.index([corpus]).chunks_embedded == 0
    assert not (tmp_path / "unused").exists(), "server mode wrote a local index"


def test_an_unreachable_server_is_a_clear_error(tmp_path: Path):
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(StoreError, match=f"cannot reach the Chroma server at ASSISTANT_CHROMA_URL={url}"):
        Assistant(Settings(chroma_url=url)).info()
