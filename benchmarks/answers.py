"""Answer quality of the offline extractive answerer, and the calibration of its refusal threshold.

    .venv/bin/python benchmarks/answers.py [--xquad ../shared/data/xquad] [--questions 100]

Two sets:
- the seed questions (tests/data/seed_qa.jsonl: answerable and unanswerable, English and French);
- XQuAD, English questions over German paragraphs: ``--questions`` answerable questions (one per
  indexed paragraph), and half as many unanswerable ones, asked about paragraphs held out of the
  index (same Wikipedia articles, so on topic but not answered there).

For every threshold it prints the refusal rate on unanswerable questions and the over-refusal rate
on answerable ones; then the scores of `assistant eval` at the configured threshold (answer
accuracy: the gold answer string is in a quoted sentence; citation precision; median warm `ask`).
Writes benchmarks/results/answers.json.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

from common import write_results

from assistant import Assistant, Settings
from assistant.answer.question_cues import can_answer, expected_types
from assistant.app.evaluation import QACase, read_cases, score_answers
from assistant.answer.evidence import passage_sentences
from assistant.answer.extractive import TYPE_SLACK

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def best_answerable_score(assistant: Assistant, case: QACase) -> tuple[float | None, bool]:
    """The score at which the extractive answerer would answer, and whether that answer is right.

    ``None``: it declines at any threshold (no sentence holds the kind of answer asked for).
    """
    passages = assistant.retrieve(case.question, k=assistant.settings.answer_k)
    ranked = assistant._scorer.rank(case.question, passage_sentences(passages))
    if not ranked:
        return None, False
    kinds = expected_types(case.question)
    for evidence in ranked:
        if evidence.score < ranked[0].score - TYPE_SLACK:
            break
        if can_answer(evidence.sentence.text, kinds):
            right = case.answerable and any(e.casefold() in evidence.sentence.text.casefold() for e in case.expected)
            return evidence.score, right
    return None, False


def sweep(assistant: Assistant, cases: list[QACase]) -> list[dict]:
    scored = [(case, *best_answerable_score(assistant, case)) for case in cases]
    answerable = [s for s in scored if s[0].answerable]
    unanswerable = [s for s in scored if not s[0].answerable]
    rows = []
    for t in (round(0.60 + i * 0.005, 3) for i in range(61)):
        answered = [s for s in scored if s[1] is not None and s[1] >= t]
        rows.append(
            {
                "threshold": t,
                "refusal_rate": round(1 - sum(not s[0].answerable for s in answered) / max(1, len(unanswerable)), 3),
                "over_refusal_rate": round(1 - sum(s[0].answerable for s in answered) / max(1, len(answerable)), 3),
                "accuracy": round(sum(s[0].answerable and s[2] for s in answered) / max(1, len(answerable)), 3),
            }
        )
    return rows


def xquad_cases(xquad: Path, folder: Path, questions: int) -> list[QACase]:
    def paragraphs(lang: str) -> list[dict]:
        doc = json.loads((xquad / f"xquad.{lang}.json").read_text())
        return [p for article in doc["data"] for p in article["paragraphs"]]

    german, english = paragraphs("de"), paragraphs("en")
    step = len(german) / (questions * 1.5)
    picked = sorted({int(i * step) for i in range(int(questions * 1.5))})
    indexed, held_out = picked[0::3] + picked[1::3], picked[2::3]
    for i in indexed:
        (folder / f"{i:03d}.txt").write_text(german[i]["context"] + "\n", encoding="utf-8")
    cases = []
    for i in indexed[:questions]:
        qa_en, qa_de = english[i]["qas"][0], german[i]["qas"][0]
        gold = qa_de["answers"][0]["text"]
        cases.append(QACase(qa_en["question"], True, (gold,), gold, f"{i:03d}.txt"))
    cases += [QACase(english[i]["qas"][0]["question"], False) for i in held_out[: questions // 2]]
    return cases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--xquad", type=Path, default=REPO.parent / "shared" / "data" / "xquad")
    parser.add_argument("--questions", type=int, default=100)
    args = parser.parse_args()
    results: dict = {"threshold": Settings().refusal_threshold, "sets": {}}
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        seeds = workdir / "seeds"
        shutil.copytree(REPO / "seeds", seeds)
        german = workdir / "xquad-de"
        german.mkdir()
        sets = {
            "seed_qa": (seeds, read_cases(REPO / "tests" / "data" / "seed_qa.jsonl")),
            "xquad_en_de": (german, xquad_cases(args.xquad, german, args.questions)),
        }
        for name, (folder, cases) in sets.items():
            assistant = Assistant(Settings(index_dir=workdir / f"index-{name}"))
            assistant.index([folder])
            curve = sweep(assistant, [c for c in cases if not c.history])
            # A fresh assistant, so no sentence vector is cached from the sweep: "warm" means the
            # models are loaded, not that the answer's sentences were embedded before.
            assistant = Assistant(Settings(index_dir=workdir / f"index-{name}"))
            assistant.ask("Warm-up: who?")
            scores = score_answers(assistant, cases)
            results["sets"][name] = {"curve": curve, "scores": replace(scores, failures=scores.failures[:20]).to_dict()}
            print(f"\n== {name} ({len(cases)} questions)")
            print(f"{'threshold':>9} {'refusal':>8} {'over-refusal':>13} {'accuracy':>9}")
            for row in curve:
                print(f"{row['threshold']:>9} {row['refusal_rate']:>8} {row['over_refusal_rate']:>13} {row['accuracy']:>9}")
            print(f"\nat the configured threshold {Settings().refusal_threshold}:")
            print(scores.table())
    write_results("answers", results)


if __name__ == "__main__":
    main()
