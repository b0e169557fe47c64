"""Shared fixtures. The whole suite runs offline, on one thread, with no ASSISTANT_* from the caller."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

for _name in [n for n in os.environ if n.startswith("ASSISTANT_")]:
    del os.environ[_name]
os.environ.update(
    HF_HUB_OFFLINE="1",
    TRANSFORMERS_OFFLINE="1",
    OMP_NUM_THREADS="1",
    OMP_WAIT_POLICY="PASSIVE",
    ASSISTANT_THREADS="1",
)

import pytest  # noqa: E402

from assistant import Assistant, Settings  # noqa: E402
from assistant.embed.embeddings import E5Embeddings  # noqa: E402
from helpers.hashing import HashEmbeddings  # noqa: E402,F401  (re-exported for the tests)

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "000_1235d27ea27f03fb.txt"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True, scope="session")
def _chroma_never_embeds():
    """Chroma's default embedding function downloads an ONNX model: any call to it fails the test."""
    from chromadb.utils.embedding_functions import DefaultEmbeddingFunction
    from chromadb.utils.embedding_functions.onnx_mini_lm_l6_v2 import ONNXMiniLM_L6_V2

    def refuse(self, *args, **kwargs):
        raise AssertionError("Chroma's default embedding function was called")

    patched = [(cls, cls.__call__) for cls in (DefaultEmbeddingFunction, ONNXMiniLM_L6_V2)]
    for cls, _ in patched:
        cls.__call__ = refuse
    yield
    for cls, original in patched:
        cls.__call__ = original


@pytest.fixture(autouse=True, scope="session")
def _lock_files_stay_in_the_test_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Server-mode write locks live in $XDG_RUNTIME_DIR, else the system temp folder; each test
    server has its own, and they would pile up there run after run."""
    previous = os.environ.get("XDG_RUNTIME_DIR")
    os.environ["XDG_RUNTIME_DIR"] = str(tmp_path_factory.mktemp("runtime"))
    yield
    if previous is None:
        os.environ.pop("XDG_RUNTIME_DIR", None)
    else:
        os.environ["XDG_RUNTIME_DIR"] = previous


XQUAD_SUBSET = json.loads((DATA / "xquad_subset.json").read_text(encoding="utf-8"))


def write_xquad_paragraphs(folder: Path, lang: str) -> Path:
    """The XQuAD subset's paragraphs in ``lang``, one file each, named by paragraph index (``007.txt``)."""
    folder.mkdir()
    for paragraph in XQUAD_SUBSET["paragraphs"]:
        (folder / f"{paragraph['index']:03d}.txt").write_text(paragraph[lang] + "\n", encoding="utf-8")
    return folder


def seed_variant(path: Path, n: int) -> Path:
    """A copy of the seed with one more sentence: another article (exact copies are skipped as duplicates)."""
    path.write_text(SEED.read_text(encoding="utf-8") + f"\nVariante numéro {n}.\n", encoding="utf-8")
    return path


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(index_dir=tmp_path / "index")


@pytest.fixture
def hashing() -> HashEmbeddings:
    return HashEmbeddings()


@pytest.fixture
def fast_assistant(settings: Settings, hashing: HashEmbeddings) -> Assistant:
    """An assistant over a real embedded Chroma, with the instant test embedder."""
    return Assistant(settings, embeddings=hashing)


@pytest.fixture(scope="session")
def e5() -> E5Embeddings:
    return E5Embeddings()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A folder holding a copy of the seed article."""
    folder = tmp_path / "articles"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    return folder


@pytest.fixture(scope="session")
def seeded_index(tmp_path_factory: pytest.TempPathFactory, e5: E5Embeddings) -> Path:
    """An index of the seed article built once with the real default embedder; never modified."""
    folder = tmp_path_factory.mktemp("seeded")
    (folder / "articles").mkdir()
    shutil.copy(SEED, folder / "articles" / SEED.name)
    Assistant(Settings(index_dir=folder / "index"), embeddings=e5).index([folder / "articles"])
    return folder / "index"


@pytest.fixture(scope="session")
def seeded(seeded_index: Path, e5: E5Embeddings) -> Assistant:
    """The offline default assistant over ``seeded_index`` (tests must not index into it)."""
    return Assistant(Settings(index_dir=seeded_index), embeddings=e5)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    chroma = Path(sys.executable).with_name("chroma")
    port = free_port()
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
