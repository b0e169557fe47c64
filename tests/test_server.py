"""The store over HTTP: a real `chroma run` server on 127.0.0.1, started and stopped by the fixture."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import SEED

from assistant import Assistant, Settings
from assistant.embeddings import E5Embeddings
from assistant.errors import StoreError


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    chroma = Path(sys.executable).with_name("chroma")
    port = _free_port()
    data = tmp_path_factory.mktemp("chroma-server")
    log = (data / "server.log").open("wb")
    process = subprocess.Popen(
        [str(chroma), "run", "--path", str(data / "db"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"chroma run did not start: {(data / 'server.log').read_text()}") from None
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def test_index_and_search_through_a_chroma_server(chroma_server: str, tmp_path: Path, e5: E5Embeddings):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / SEED.name).write_bytes(SEED.read_bytes())
    settings = Settings(chroma_url=chroma_server, index_dir=tmp_path / "unused")
    assistant = Assistant(settings, embeddings=e5)
    first = assistant.index([folder])
    assert first.added and first.chunks_embedded > 0
    assert "démenties par le Kremlin" in assistant.retrieve("who denied the shell deliveries?", k=1)[0].text

    # A second client (another process or machine) sees the same index and its article list.
    other = Assistant(settings, embeddings=e5)
    assert other.info().location == chroma_server
    assert (other.info().articles, other.info().chunks) == (1, first.chunks_embedded)
    assert other.index([folder]).chunks_embedded == 0
    assert not (tmp_path / "unused").exists(), "server mode wrote a local index"


def test_an_unreachable_server_is_a_clear_error(tmp_path: Path):
    url = f"http://127.0.0.1:{_free_port()}"
    with pytest.raises(StoreError, match=f"cannot reach the Chroma server at ASSISTANT_CHROMA_URL={url}"):
        Assistant(Settings(chroma_url=url)).info()
