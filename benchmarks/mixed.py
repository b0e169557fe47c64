"""Retrieval and answers over news in many languages at once: is a story found whatever its language?

    .venv/bin/python benchmarks/mixed.py [--itn ../shared/data/itn] [--seeds 0 1 2]

The ITN corpus tells each story in several of 15 languages (``LANGUAGES``). For each seed, every
story is indexed once, as one of its blurbs in one of its languages drawn at random, so the index
mixes all of them; the questions about a story are its first blurb in each of its other languages
(a sentence in another language telling the same news), and "What happened with <its English
name>?" when it has an English name. A hit is a passage of the story's article.

The stories are split in two halves by a hash of their id. A second corpus of another kind is
measured the same way: XQuAD's English questions over its paragraphs each indexed in English,
German or Spanish (``devsets.xquad_set(MIXED)``, half of them indexed, halves by article). The
weight of ``Settings.language_balance`` (``search.balance``) is chosen on the two fit halves
together (best mean reciprocal rank over ``WEIGHTS``, each corpus counting as much) and reported on
both halves of each; the shipped weight is reported too. Then each English news question is asked
of the offline answerer, unbalanced and at the shipped weight: right (the quote is from the story's
article), declined, or wrong. Writes benchmarks/results/mixed.json.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import zlib
from pathlib import Path

from common import write_results
from devsets import MIXED, PER_PARAGRAPH, xquad_set
from itn import DEFAULT, MixedQuestion, mixed_corpus

from assistant import Assistant, Settings
from assistant.app.evaluation import RetrievalCase, score_retrieval

LANGUAGES = ("en", "ru", "fr", "de", "es", "it", "pt", "zh", "ja", "uk", "pl", "nl", "ar", "fa", "ko", "tr", "id",
             "th", "vi", "cs", "sv", "he")
WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0, 1.25)
DEPTH = 10


def measures(assistant: Assistant, cases: list[RetrievalCase]) -> dict:
    """Recall@1/@5 and MRR of the article holding the answer (``app.evaluation.score_retrieval``)."""
    scores = score_retrieval(assistant, cases, ks=(1, 5), mrr_at=DEPTH)
    return {"recall@1": round(scores.recall[1], 3), "recall@5": round(scores.recall[5], 3),
            f"mrr@{DEPTH}": round(scores.mrr, 3)}


def answers(assistant: Assistant, questions: list[MixedQuestion]) -> dict:
    counts = {"right": 0, "declined": 0, "wrong": 0}
    for q in questions:
        if q.kind != "question":
            continue
        answer = assistant.ask(q.text)
        if not answer.grounded or not answer.citations:
            counts["declined"] += 1
        else:
            counts["right" if Path(answer.citations[0].source).name == q.story else "wrong"] += 1
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--itn", type=Path, default=DEFAULT)
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    args = parser.parse_args()
    shipped = Settings().language_balance
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        xquad = xquad_by_weight(Path(tmp) / "xquad", sorted({*WEIGHTS, shipped}))
        for seed in args.seeds:
            questions = mixed_corpus(args.itn, LANGUAGES, seed, Path(tmp) / f"news-{seed}")
            index_dir = Path(tmp) / f"index-{seed}"
            Assistant(Settings(index_dir=index_dir)).index([Path(tmp) / f"news-{seed}"])
            fit = [zlib.crc32(q.story.encode()) % 2 == 0 for q in questions]
            cases = [RetrievalCase(q.text, q.story) for q in questions]
            by_weight = {}
            for weight in sorted({*WEIGHTS, shipped}):
                assistant = Assistant(Settings(index_dir=index_dir, language_balance=weight))
                by_weight[weight] = {
                    "fit": measures(assistant, [c for c, f in zip(cases, fit) if f]),
                    "held_out": measures(assistant, [c for c, f in zip(cases, fit) if not f]),
                    "questions": measures(assistant, [c for c, q in zip(cases, questions) if q.kind == "question"]),
                }
                print(f"seed {seed} weight {weight}: {by_weight[weight]}", flush=True)
            chosen = max(WEIGHTS, key=lambda w: by_weight[w]["fit"][f"mrr@{DEPTH}"])
            runs.append({
                "seed": seed, "questions": len(questions), "stories": len({q.story for q in questions}),
                "chosen_on_fit": chosen, "by_weight": {str(w): v for w, v in by_weight.items()},
                "answers": {str(w): answers(Assistant(Settings(index_dir=index_dir, language_balance=w)), questions)
                            for w in (0.0, shipped)},
            })
            print(f"seed {seed}: chosen on the fit half {chosen}; answers {runs[-1]['answers']}", flush=True)
    print(f"\n{'weight':>8} | {'fit r@1':>8} | {'held r@1':>8} | {'held mrr':>8} | {'questions r@1':>13}")
    for weight in sorted({*WEIGHTS, shipped}):
        rows = [run["by_weight"][str(weight)] for run in runs]
        print(f"{weight:>8} | " + " | ".join(
            f"{statistics.mean(r[half][key] for r in rows):>{width}.3f}"
            for half, key, width in (("fit", "recall@1", 8), ("held_out", "recall@1", 8),
                                     ("held_out", f"mrr@{DEPTH}", 8), ("questions", "recall@1", 13))))
    for run in runs:
        print(f"seed {run['seed']}: answers to the English questions {run['answers']}")
    print(f"\nXQuAD, each paragraph in {'/'.join(MIXED)}:")
    print(f"{'weight':>8} | {'fit r@1':>8} | {'fit mrr':>8} | {'held r@1':>8} | {'held mrr':>8}")
    for weight, row in xquad.items():
        print(f"{weight:>8} | " + " | ".join(f"{row[half][key]:>8.3f}" for half in ("fit", "held_out")
                                              for key in ("recall@1", f"mrr@{DEPTH}")))
    # Both corpora's fit halves, each as much: the news stories' mean over the draws, and XQuAD's.
    chosen = max(WEIGHTS, key=lambda w: statistics.mean(run["by_weight"][str(w)]["fit"][f"mrr@{DEPTH}"] for run in runs)
                 + xquad[w]["fit"][f"mrr@{DEPTH}"])
    print(f"chosen on both corpora's fit halves: {chosen}; shipped: {shipped}")
    write_results("mixed", {"languages": LANGUAGES, "weights": WEIGHTS, "shipped": shipped, "runs": runs,
                            "xquad": {str(w): v for w, v in xquad.items()}, "chosen_on_fit": chosen})


def xquad_by_weight(workdir: Path, weights: list[float]) -> dict[float, dict]:
    """Recall and MRR of the paragraph holding the answer, for the English XQuAD questions over
    ``devsets.xquad_set(MIXED)`` (its halves: by article), at each weight."""
    dev = xquad_set(MIXED, workdir, PER_PARAGRAPH)
    Assistant(Settings(index_dir=workdir / "index")).index([dev.corpus])
    halves = {half: [RetrievalCase(c.question, c.source) for c in cases if c.answerable]
              for half, cases in (("fit", dev.fit), ("held_out", dev.held_out))}
    results = {}
    for weight in weights:
        assistant = Assistant(Settings(index_dir=workdir / "index", language_balance=weight))
        results[weight] = {half: measures(assistant, cases) for half, cases in halves.items()}
        print(f"XQuAD weight {weight}: {results[weight]}", flush=True)
    return results


if __name__ == "__main__":
    main()
