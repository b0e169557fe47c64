"""The index stays consistent under interruption and concurrency.

- SIGKILL at random moments of an indexing run (seeded trials): the index opens, answers queries,
  and one more run leaves exactly the chunks of the current articles.
- Readers see an article's old chunks or its new ones, never a mix, even while it is replaced.
- A second writer is refused with a message naming the holder, and nothing is written.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from conftest import SEED
from helpers.hashing import HashEmbeddings

from assistant import Assistant, Settings
from assistant.ingest.articles import read_article
from assistant.ingest.chunking import chunk_article
from assistant.indexing.indexer import _version
from assistant.indexing.locking import IndexBusyError, write_lock
from assistant.indexing.store import Store

# Processes, servers or a browser: left out of `make test-fast`.
pytestmark = pytest.mark.integration

TESTS = Path(__file__).resolve().parent
ASSISTANT = str(Path(sys.executable).with_name("assistant"))


def assert_consistent(assistant: Assistant) -> None:
    """No duplicate or orphan chunks; each article's chunks are exactly those of its current file."""
    records = assistant.store.records()
    stored = assistant.store.chunks_of(records) if records else []
    assert assistant.store.chunk_count() == len(stored), "orphan chunks (of no indexed article)"
    assert len({c.id for c in stored}) == len(stored)
    per_article = Counter(c.metadata["article_id"] for c in stored)
    for record in records.values():
        article = read_article(record.source)
        expected = chunk_article(article, assistant.settings.chunk_chars, assistant.settings.chunk_overlap)
        assert record.version == _version(article, assistant.settings)
        assert per_article[record.id] == record.chunks == len(expected)
        texts = sorted((c.metadata["n"], c.text) for c in stored if c.metadata["article_id"] == record.id)
        assert texts == [(e.n, e.text) for e in expected]


def write_corpus(folder: Path, rng: random.Random, generation: int) -> None:
    """Mutate the corpus a little: edit, add and delete articles, so runs update and prune."""
    folder.mkdir(exist_ok=True)
    names = sorted(p.name for p in folder.glob("*.txt"))
    for name in rng.sample(names, k=min(len(names), 2)):
        (folder / name).unlink()
    for i in range(4):
        sentences = " ".join(
            f"Phrase {j} de la version {generation}, article {i}, sur Vladivostok et le commerce." for j in range(rng.randint(5, 60))
        )
        (folder / f"a{generation}-{i}.txt").write_text(f" date 2023-0{1 + i} Article {generation}-{i}.\n\n{sentences}\n")
    if names:
        survivor = folder / rng.choice([n for n in names if (folder / n).exists()] or [names[0]])
        if survivor.exists():
            survivor.write_text(survivor.read_text() + f"\nAjout {generation}.\n")


def test_sigkill_at_random_moments_never_costs_the_index(tmp_path: Path):
    rng = random.Random(20261129)
    index_dir, corpus = tmp_path / "index", tmp_path / "corpus"
    env = {**os.environ, "PYTHONPATH": str(TESTS)}
    command = [sys.executable, "-m", "helpers.index_child", str(index_dir), str(corpus)]
    write_corpus(corpus, rng, 0)
    # How long a run writes, from its first stored batch to its end: kills are drawn in that span.
    first = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert first.stdout.readline().strip() == "writing"
    began = time.monotonic()
    first.wait(timeout=120)
    writing = time.monotonic() - began
    killed = 0
    for trial in range(1, 21):
        write_corpus(corpus, rng, trial)
        child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        # Only a kill that lands once the child has stored something counts: killing a process
        # that is still importing tests nothing.
        if child.stdout.readline().strip() == "writing":
            time.sleep(rng.uniform(0, writing))
            if child.poll() is None:
                child.send_signal(signal.SIGKILL)
                killed += 1
        child.wait(timeout=60)

        assistant = Assistant(Settings(index_dir=index_dir), embeddings=HashEmbeddings())
        assistant.retrieve("Vladivostok commerce", k=5)  # opens and answers after the kill
        report = assistant.index([corpus], prune=True)
        assert report.summary()
        assert_consistent(assistant)
    assert killed >= 10, f"only {killed} of 20 runs were killed while writing: the trials did not test much"


def test_readers_see_the_old_or_the_new_article_never_a_mix(tmp_path: Path, hashing: HashEmbeddings):
    folder = tmp_path / "articles"
    folder.mkdir()
    path = folder / "long.txt"
    path.write_text(" date 2023-09 V1.\n\n" + " ".join(f"Version un, phrase {i} sur Vladivostok." for i in range(400)) + "\n")
    assistant = Assistant(Settings(index_dir=tmp_path / "index", batch_size=4), embeddings=hashing)
    assistant.index([folder])
    path.write_text(" date 2023-09 V2.\n\n" + " ".join(f"Version deux, phrase {i} sur Vladivostok." for i in range(400)) + "\n")

    mixes: list[set[str]] = []
    versions_seen: set[str] = set()
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            versions = {p.id.split(":")[1] for p in assistant.retrieve("phrase sur Vladivostok", k=20)}
            versions_seen.update(versions)
            if len(versions) != 1:  # a mix, or the article missing while it is replaced
                mixes.append(versions)

    readers = [threading.Thread(target=read) for _ in range(2)]
    for reader in readers:
        reader.start()
    deadline = time.monotonic() + 60
    while not versions_seen and time.monotonic() < deadline:  # the readers are reading the old one
        time.sleep(0.01)
    assistant.index([folder])
    while len(versions_seen) < 2 and time.monotonic() < deadline:  # ... and go on until they see the new
        time.sleep(0.01)
    done.set()
    for reader in readers:
        reader.join()
    assert mixes == []
    assert len(versions_seen) == 2, "the readers did not overlap the replacement"
    assert_consistent(assistant)


def test_reader_processes_never_see_a_mix_while_another_process_replaces(
    chroma_server: str, tmp_path: Path, hashing: HashEmbeddings
):
    """Separate processes share an index through a Chroma server (the embedded store is one process's)."""
    import json

    folder = tmp_path / "articles"
    folder.mkdir()
    path = folder / "long.txt"
    path.write_text(" date 2023-09 V1.\n\n" + " ".join(f"Version un, phrase {i} sur Vladivostok." for i in range(3000)) + "\n")
    settings = Settings(chroma_url=chroma_server, collection="readers-under-replacement", batch_size=4)
    writer = Assistant(settings, embeddings=hashing)
    writer.index([folder])
    stop = tmp_path / "stop"
    env = {**os.environ, "PYTHONPATH": str(TESTS)}
    readers = [
        subprocess.Popen(
            [sys.executable, "-m", "helpers.reader_child", chroma_server, settings.collection, str(stop)],
            env=env, stdout=subprocess.PIPE, text=True,
        )
        for _ in range(2)
    ]
    for reader in readers:
        assert reader.stdout.readline().strip() == "ready"
    path.write_text(" date 2023-09 V2.\n\n" + " ".join(f"Version deux, phrase {i} sur Vladivostok." for i in range(3000)) + "\n")
    writer.index([folder])
    new_version = writer.store.records()[read_article(path).id].version
    results = []
    for reader in readers:  # read until each reader has seen the new version, then let them stop
        while (line := reader.stdout.readline()) and json.loads(line) != [new_version]:
            results.append(json.loads(line))
        results.append(json.loads(line))
    stop.touch()
    results += [json.loads(line) for reader in readers for line in reader.communicate(timeout=120)[0].splitlines()]
    # One version per answer, and never none: the article does not vanish while it is replaced.
    assert all(len(versions) == 1 for versions in results), [v for v in results if len(v) != 1][:3]
    assert len({v for versions in results for v in versions}) == 2, "the readers did not overlap the replacement"


def test_a_query_made_with_the_generation_read_before_a_replacement_finds_the_new_chunks(
    tmp_path: Path, hashing: HashEmbeddings
):
    # A reader reads the index's generation, then another process replaces an article by as many
    # chunks: the vectors cached for that generation and chunk count were the old chunks', which
    # are gone, and the query found nothing at all (a reader process saw the article vanish).
    folder = tmp_path / "articles"
    folder.mkdir()
    path = folder / "long.txt"
    path.write_text(" date 2023-09 V1.\n\n" + " ".join(f"Version A, phrase {i} sur Vladivostok." for i in range(300)))
    assistant = Assistant(Settings(index_dir=tmp_path / "index", batch_size=4), embeddings=hashing)
    assistant.index([folder])
    store, vector = assistant.store, hashing.embed_query("phrase sur Vladivostok")
    before, count = store.generation(), store.chunk_count()
    assert store.query(vector, 5, None, before)  # the old chunks' vectors are cached
    path.write_text(" date 2023-09 V2.\n\n" + " ".join(f"Version B, phrase {i} sur Vladivostok." for i in range(300)))
    assistant.index([folder])
    assert store.chunk_count() == count and store.generation() != before
    new_version = store.records()[read_article(path).id].version
    found = store.query(vector, 5, None, before)
    assert found and {c.metadata["version"] for c in found} == {new_version}


def test_a_chunk_deleted_between_its_listing_and_its_vectors_read_is_passed_over(tmp_path: Path):
    """The moment the server race below hits once in a while, made to happen: the whole read fails,
    the chunks are listed again, and one of them is deleted before its own vector is read (an
    IndexError on an empty result, once in a CI run)."""
    from chromadb.errors import InternalError

    store = Store(Settings(index_dir=tmp_path / "index"))
    ids = ["a:1:0", "a:1:1", "a:1:2"]
    store.add_chunks(ids, [[1.0, 0.0, float(i)] for i in range(3)], ["x"] * 3,
                     [{"article_id": "a", "version": "1", "n": i} for i in range(3)])
    chunks = store._chunks

    class Racing:
        def __getattr__(self, name: str):
            return getattr(chunks, name)

        def get(self, **which):
            include = which.get("include", [])
            if "embeddings" in include and len(which.get("ids") or []) > 1:
                raise InternalError("Error finding id")
            got = chunks.get(**which)
            if "embeddings" not in include:
                chunks.delete(ids=["a:1:1"])  # gone before its vector is read
            return got

    store._chunks = Racing()
    found = store.chunks_by_id(ids, [1.0, 0.0, 0.0], None)
    assert sorted(c.id for c in found) == ["a:1:0", "a:1:2"]


def test_reading_chunks_by_id_while_another_client_deletes_them_never_fails(chroma_server: str):
    """Over a Chroma server, a chunk being deleted can still be listed by the metadata while the
    vector segment has dropped it, and Chroma then fails the whole read ("Error finding id"; 47 of
    3,236 reads in a minute of this). BM25's extra chunks are read that way while another process
    replaces an article: the chunks that can be read come back, the vanishing ones are passed over."""
    store = Store(Settings(chroma_url=chroma_server, collection="read-while-deleted"))
    rng = random.Random(5)

    def write(version: int) -> list[str]:
        ids = [f"a:{version}:{i}" for i in range(200)]
        store.add_chunks(ids, [[rng.random() for _ in range(8)] for _ in ids], ["x"] * len(ids),
                         [{"article_id": "a", "version": str(version), "n": i} for i in range(len(ids))])
        return ids

    versions = [write(0)]  # the chunk ids of the versions stored, the last one current
    done = threading.Event()
    reads: list[tuple[list[str], list]] = []  # (asked, found), checked once the reader has stopped
    failures: list[Exception] = []

    def read() -> None:
        while not done.is_set():
            asked = [i for ids in versions[-2:] for i in ids[::8]]  # as BM25 knew them a moment ago
            try:
                reads.append((asked, store.chunks_by_id(asked, [1.0] * 8, None)))
            except Exception as err:  # noqa: BLE001 (any failure is what this test reports)
                failures.append(err)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for version in range(1, 31):
            versions.append(write(version))
            store.delete_old_chunks({"a": str(version)})
            assert {c.id for c in store.chunks_of(["a"])} == set(versions[-1])
    finally:
        done.set()
        reader.join()
    assert failures == []
    assert len(reads) > 100, "the reads did not overlap the deletions"
    for asked, found in reads:
        assert {c.id for c in found} <= set(asked) and all(-1.0 <= c.score <= 1.0 for c in found)
    # Only the vanishing chunks are passed over: those of the current version come back.
    assert sum(bool(found) for _, found in reads) > len(reads) / 2


def test_chunks_left_by_an_interrupted_replacement_are_invisible_then_swept(
    tmp_path: Path, corpus: Path, hashing: HashEmbeddings
):
    assistant = Assistant(Settings(index_dir=tmp_path / "index"), embeddings=hashing)
    assistant.index([corpus])
    before = {p.id for p in assistant.retrieve("Kremlin", k=20)}
    # What a run killed between writing new chunks and switching the record leaves behind:
    chunk = assistant.store.chunks_of(assistant.store.records())[0]
    assistant.store.add_chunks(
        [chunk.id.replace(chunk.metadata["version"], "0" * 16)], [hashing.embed_query("Kremlin")],
        ["Kremlin Kremlin Kremlin"], [{**chunk.metadata, "version": "0" * 16}],
    )
    assistant.store.add_chunks(["orphan:1"], [hashing.embed_query("Kremlin")], ["Kremlin"], [{**chunk.metadata, "article_id": "gone"}])
    assert {p.id for p in assistant.retrieve("Kremlin", k=20)} == before
    report = assistant.index([corpus], prune=True)
    assert report.chunks_deleted == 2
    assert_consistent(assistant)


def test_a_second_writer_is_refused_with_a_clear_message(tmp_path: Path, corpus: Path, hashing: HashEmbeddings):
    settings = Settings(index_dir=tmp_path / "index")
    assistant = Assistant(settings, embeddings=hashing)
    with write_lock(settings):
        with pytest.raises(IndexBusyError, match=f"being written by process {os.getpid()}; try again"):
            assistant.index([corpus])
    assert assistant.info().chunks == 0
    assistant.index([corpus])  # released: the next writer goes ahead
    assert assistant.info().articles == 1


def test_the_lock_of_a_server_index_never_follows_a_planted_link(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """With a Chroma server the lock lives in a shared folder; a link planted at its name must not
    make the writer truncate the file it points to."""
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    settings = Settings(chroma_url="http://127.0.0.1:9", collection="planted")
    with write_lock(settings):
        pass
    (lock,) = tmp_path.glob("news-assistant-*.lock")
    assert str(os.getuid()) in lock.name and lock.stat().st_mode & 0o077 == 0
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    lock.unlink()
    lock.symlink_to(victim)
    with pytest.raises(IndexBusyError, match="cannot open the write lock"):
        with write_lock(settings):
            pass
    assert victim.read_text() == "precious"


def test_the_cli_refuses_to_write_while_another_process_writes(tmp_path: Path):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / SEED.name).write_bytes(SEED.read_bytes())
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from assistant import Settings; from assistant.indexing.locking import write_lock\n"
         "with write_lock(Settings()):\n    print('locked', flush=True); time.sleep(60)"],
        cwd=tmp_path, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        result = subprocess.run([ASSISTANT, "index", "seeds/"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
        assert result.returncode == 2
        assert result.stderr.startswith(f"error: the index at index is being written by process {holder.pid}")
    finally:
        holder.kill()
        holder.wait()
