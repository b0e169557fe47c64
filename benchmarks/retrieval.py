"""Retrieval, dense alone, hybrid (dense + language-aware BM25) and anchored (hybrid, less the share
of the question's names and numbers a passage lacks: the default), over one index per set.

    .venv/bin/python benchmarks/retrieval.py [--langs de es en] [--xquad ../shared/data/xquad]

Sets: the full XQuAD, 1,190 English questions over the 240 paragraphs of each language (en->de and
en->es are cross-lingual, en->en monolingual), and fr->fr, 45 French questions over the seed and the
fictional French articles of tests/data/fr. A passage hit (recall, MRR) is a passage of the
answering article that holds the answer (XQuAD: its answer in the paragraph's language), the
passage a citation needs; an article hit is any passage of the answering article (for XQuAD, the
paragraph: the measure of DESIGN.md's figures). Prints these, indexing speed and median query
latency; writes benchmarks/results/retrieval.json with the commit and the machine.

The anchors' weight is fitted on half of XQuAD's paragraphs (even ones) and measured on the other:
for each weight of ``ANCHOR_WEIGHTS``, passage recall@1 and MRR of both halves; the fit half's best
mean MRR over the XQuAD sets (the smaller weight on a tie) is printed beside the shipped default.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from common import write_results

from assistant import Assistant, Settings
from assistant.app.evaluation import RetrievalCase, score_retrieval

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "tests" / "data"
ANCHOR_WEIGHTS = (0.0, 0.01, 0.02, 0.03, 0.05)


def evaluate(index_dir: Path, cases: list[RetrievalCase], weight: float, anchor_weight: float = 0.0) -> dict:
    assistant = Assistant(Settings(index_dir=index_dir, lexical_weight=weight, anchor_weight=anchor_weight))
    assistant.retrieve(cases[0].question)  # warm: engines loaded, BM25 read from the index
    scores = score_retrieval(assistant, cases, ks=(1, 5), mrr_at=10)
    return {
        "passage recall@1": round(scores.recall[1], 4),
        "passage recall@5": round(scores.recall[5], 4),
        "passage mrr@10": round(scores.mrr, 4),
        "article recall@1": round(scores.article_recall[1], 4),
        "median_query_ms": round(scores.median_query_ms, 1),
    }


def run_set(
    name: str, folders: list[Path], cases: list[RetrievalCase], workdir: Path, halves: list[int] | None
) -> dict:
    """``halves``: each case's half (0 fit, 1 held out) for the sweep of the anchors' weight; None: no sweep."""
    index_dir = workdir / f"index-{name.replace('>', '')}"
    started = time.perf_counter()
    report = Assistant(Settings(index_dir=index_dir)).index(folders)
    seconds = time.perf_counter() - started
    articles = len(report.added)
    default = Settings()
    dense = evaluate(index_dir, cases, 0.0)
    hybrid = evaluate(index_dir, cases, default.lexical_weight)
    anchored = evaluate(index_dir, cases, default.lexical_weight, default.anchor_weight)
    sweep = {}
    for weight in ANCHOR_WEIGHTS if halves else ():
        for half in (0, 1):
            part = [c for c, h in zip(cases, halves) if h == half]
            scored = evaluate(index_dir, part, default.lexical_weight, weight)
            sweep[f"{weight} {('fit', 'held')[half]}"] = {k: scored[f"passage {k}"] for k in ("recall@1", "mrr@10")}
    return {
        "set": name,
        "questions": len(cases),
        "articles": articles,
        "chunks": report.chunks_embedded,
        "index_seconds": round(seconds, 1),
        "chunks_per_s": round(report.chunks_embedded / seconds, 2),
        **{f"dense {k}": v for k, v in dense.items()},
        **{f"hybrid {k}": v for k, v in hybrid.items()},
        "hybrid - dense passage recall@1": round(hybrid["passage recall@1"] - dense["passage recall@1"], 4),
        "hybrid - dense article recall@1": round(hybrid["article recall@1"] - dense["article recall@1"], 4),
        **{f"anchored {k}": v for k, v in anchored.items()},
        "anchored - hybrid passage recall@1": round(anchored["passage recall@1"] - hybrid["passage recall@1"], 4),
        "anchored - hybrid article recall@1": round(anchored["article recall@1"] - hybrid["article recall@1"], 4),
        **({"anchor sweep": sweep} if sweep else {}),
    }


def xquad_set(
    lang: str, xquad: Path, english: list[dict], workdir: Path
) -> tuple[list[Path], list[RetrievalCase], list[int]]:
    doc = json.loads((xquad / f"xquad.{lang}.json").read_text())
    paragraphs = [p for article in doc["data"] for p in article["paragraphs"]]
    folder = workdir / lang
    folder.mkdir()
    for i, paragraph in enumerate(paragraphs):
        (folder / f"{i:03d}.txt").write_text(paragraph["context"] + "\n", encoding="utf-8")
    # XQuAD's languages are parallel: the same paragraphs in the same order, the same question ids.
    answers = {qa["id"]: qa["answers"][0]["text"] for paragraph in paragraphs for qa in paragraph["qas"]}
    asked = [(i, qa) for i, paragraph in enumerate(english) for qa in paragraph["qas"]]
    cases = [RetrievalCase(qa["question"], str(folder / f"{i:03d}.txt"), answers[qa["id"]]) for i, qa in asked]
    return [folder], cases, [i % 2 for i, _ in asked]


def french_set() -> tuple[list[Path], list[RetrievalCase], None]:
    lines = (DATA / "fr_qa.jsonl").read_text(encoding="utf-8").splitlines()
    cases = [RetrievalCase(c["question"], c["source"], c["evidence"]) for c in map(json.loads, lines)]
    return [DATA / "fr", HERE.parent / "seeds"], cases, None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--langs", nargs="+", default=["de", "es", "en"])
    parser.add_argument("--xquad", type=Path, default=HERE.parent.parent / "shared" / "data" / "xquad")
    args = parser.parse_args()
    english = [p for a in json.loads((args.xquad / "xquad.en.json").read_text())["data"] for p in a["paragraphs"]]
    settings = Settings()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        sets = [(f"en->{lang}", *xquad_set(lang, args.xquad, english, Path(tmp))) for lang in args.langs]
        sets.append(("fr->fr", *french_set()))
        for name, folders, cases, halves in sets:
            rows.append(run_set(name, folders, cases, Path(tmp), halves))
            print(json.dumps(rows[-1]), flush=True)
    columns = [c for c in rows[0] if c != "anchor sweep"]
    print()
    print(" | ".join(f"{c:>16}" for c in columns))
    for row in rows:
        print(" | ".join(f"{str(row[c]):>16}" for c in columns))
    fitted = anchor_fit(rows)
    print(f"\nanchor weight: fitted {fitted['fitted']}, shipped {settings.anchor_weight}")
    write_results(
        "retrieval",
        {
            "embedder": settings.embeddings,
            "embed_precision": settings.embed_precision,
            "lexical_weight": settings.lexical_weight,
            "anchor_weight": settings.anchor_weight,
            "anchor_fit": fitted,
            "threads": settings.threads,
            "chunk_chars": settings.chunk_chars,
            "chunk_overlap": settings.chunk_overlap,
            "rows": rows,
        },
    )


def anchor_fit(rows: list[dict]) -> dict:
    """Prints the sweep (recall@1 / MRR of each half for each weight) and returns the weight of the
    fit half's best mean MRR, with every weight's mean MRR on both halves."""
    swept = [row for row in rows if "anchor sweep" in row]
    if not swept:
        return {"fitted": None}
    parts = ("fit", "held")
    print(f"\n{'weight':>8} | " + " | ".join(f"{row['set'] + ' ' + part:>22}" for row in swept for part in parts))
    mean = {}
    for weight in ANCHOR_WEIGHTS:
        cells = [row["anchor sweep"][f"{weight} {part}"] for row in swept for part in parts]
        print(f"{weight:>8} | " + " | ".join(f"r@1 {c['recall@1']:.4f} mrr {c['mrr@10']:.4f}" for c in cells))
        mean[weight] = {
            part: round(sum(row["anchor sweep"][f"{weight} {part}"]["mrr@10"] for row in swept) / len(swept), 4)
            for part in parts
        }
    best = max(ANCHOR_WEIGHTS, key=lambda w: (mean[w]["fit"], -w))
    return {"fitted": best, "mean mrr@10": {str(w): m for w, m in mean.items()}}


if __name__ == "__main__":
    main()
