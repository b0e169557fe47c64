"""Cross-lingual retrieval on the full XQuAD: 1,190 English questions over the paragraphs of each language.

    .venv/bin/python benchmarks/retrieval.py [--langs de es en] [--xquad ../shared/data/xquad]

Prints recall@1/@5, MRR@10, indexing speed (chunks/s, paragraphs/s) and median query latency, and
writes benchmarks/results/retrieval.json with the commit and the machine.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from common import write_results

from assistant import Assistant, Settings
from assistant.evaluation import RetrievalCase, score_retrieval

HERE = Path(__file__).resolve().parent


def run_language(lang: str, xquad: Path, english: list[dict], workdir: Path) -> dict:
    doc = json.loads((xquad / f"xquad.{lang}.json").read_text())
    paragraphs = [p for article in doc["data"] for p in article["paragraphs"]]
    folder = workdir / lang
    folder.mkdir()
    for i, paragraph in enumerate(paragraphs):
        (folder / f"{i:03d}.txt").write_text(paragraph["context"] + "\n", encoding="utf-8")
    assistant = Assistant(Settings(index_dir=workdir / f"index-{lang}"))
    started = time.perf_counter()
    report = assistant.index([folder])
    seconds = time.perf_counter() - started
    cases = [
        RetrievalCase(qa["question"], str(folder / f"{i:03d}.txt"))
        for i, paragraph in enumerate(english)
        for qa in paragraph["qas"]
    ]
    scores = score_retrieval(assistant, cases, ks=(1, 5), mrr_at=10)
    return {
        "lang": f"en->{lang}",
        "questions": scores.questions,
        "paragraphs": len(paragraphs),
        "chunks": report.chunks_embedded,
        "recall@1": round(scores.recall[1], 4),
        "recall@5": round(scores.recall[5], 4),
        "mrr@10": round(scores.mrr, 4),
        "index_seconds": round(seconds, 1),
        "chunks_per_s": round(report.chunks_embedded / seconds, 2),
        "paragraphs_per_s": round(len(paragraphs) / seconds, 2),
        "median_query_ms": round(scores.median_query_ms, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--langs", nargs="+", default=["de", "es", "en"])
    parser.add_argument("--xquad", type=Path, default=HERE.parent.parent / "shared" / "data" / "xquad")
    args = parser.parse_args()
    english = [p for a in json.loads((args.xquad / "xquad.en.json").read_text())["data"] for p in a["paragraphs"]]
    settings = Settings()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for lang in args.langs:
            rows.append(run_language(lang, args.xquad, english, Path(tmp)))
            print(json.dumps(rows[-1]), flush=True)
    columns = list(rows[0])
    print()
    print(" | ".join(f"{c:>16}" for c in columns))
    for row in rows:
        print(" | ".join(f"{str(row[c]):>16}" for c in columns))
    write_results(
        "retrieval",
        {
            "embedder": settings.embeddings,
            "threads": settings.threads,
            "chunk_chars": settings.chunk_chars,
            "chunk_overlap": settings.chunk_overlap,
            "rows": rows,
        },
    )


if __name__ == "__main__":
    main()
