"""Fits the extractive answerer's two models (which sentence answers; whether any does).

    .venv/bin/python benchmarks/calibrate.py [--out assistant/answer/calibration.json] [--per-paragraph 5]

Indexes the development sets of benchmarks/devsets.py with the default embedder (and its transfer
sets, which are only measured), computes the features of ``assistant.answer.judgement`` for every
question exactly as ``ask`` does, fits the selection (a conditional logit) and the answerability
(gradient-boosted trees, scikit-learn's, then written out as plain node lists so ``ask`` needs no
scikit-learn) on the fit half, and picks the answerability threshold on the fit half: the highest
that declines at most ``MAX_OVER_REFUSAL`` of the answerable questions *of each corpus* (every
refusal it can afford within what a user tolerates of "the articles do not say" when they do,
wherever the articles come from; a pooled rate would let the easy corpus hide the hard one: the
ITN sets, a few dozen questions per language, shape the trees but not the threshold). Prints
both halves' figures and the refusal/accuracy curve. Writes the calibration file and
benchmarks/results/calibration.json.
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from common import write_results
from devsets import ITN_LANGUAGES, PER_PARAGRAPH, REPO, dev_sets, transfer_sets

from assistant import Assistant, Settings
from assistant.answer.evidence import Evidence, passage_sentences
from assistant.answer.judgement import (
    ANSWERABILITY_FEATURES, RULES, SELECTION_FEATURES, Calibration, Candidate, Logistic, Tree, Trees, answerability,
    answerability_features, declining_rule, rank_candidates, selection_features,
)
from assistant.answer.question_cues import AnswerType, expected_types
from assistant.app.evaluation import QACase, holds
from assistant.embed.alignment import default_aligner
from assistant.search.retriever import Passage

# Off-domain questions are few in the fit half but must almost all be declined (issue 11: 0.95):
# together they weigh this share of the answerability fit, however many on-topic questions it has
# (with two XQuAD questions per paragraph, a weight of 3 each; with five, a fixed weight of 3 let
# twice as many of them through on the fit half).
OFF_DOMAIN_SHARE = 0.3
# Over-refusal the product tolerates (issue 11: at most 0.10), on each corpus with at least
# ``CONSTRAINING`` answerable questions in the fit half (in a smaller one a single question is 5%).
MAX_OVER_REFUSAL = 0.10
CONSTRAINING = 50
# The way each answerability signal may move the probability (1 up, -1 down, 0 either): more
# belief in the chosen sentence, a closer match, or a number found never counts against answering,
# and a missing name never counts for it. Without these, trees also learn the development sets'
# accidents. The passage's score, the question's length and the shared language are left free: they
# change what the other signals mean.
MONOTONE = {
    "p_best": 1, "p_margin": 1, "strength": 1, "alone_best": 1, "alone_z": 1, "figure_fit": 1,
    "figure_misfit": -1, "missing_best": -1, "missing_any": -1, "passage_score": 0, "passage_gap": 1,
    "question_words": 0, "same_language": 0, "aligned_best": 1, "aligned_in_context_best": 1, "aligned_lift": 1,
    "least_added_best": 1,
}
# Few shallow trees, and no leaf for fewer than 20 questions: a small, smooth model (scikit-learn's
# usual rate; not tuned).
TREES = {"max_depth": 3, "max_iter": 100, "learning_rate": 0.05, "l2_regularization": 1.0, "min_samples_leaf": 20}


@dataclass
class Asked:
    set: str
    half: str
    case: QACase
    passages: list[Passage]
    scored: list[Evidence]
    candidates: list[Candidate]
    labels: list[bool]  # does each candidate hold a gold answer
    kinds: set[AnswerType]  # what the question asks for
    fitted: bool = True  # False: a transfer set, never fitted on
    probability: float = 0.0
    features: dict | None = None

    @property
    def right(self) -> bool:
        """Answerable, and the best candidate holds its answer."""
        return bool(self.case.answerable and self.candidates and self.labels[0])


def fit_logistic(
    rows: np.ndarray, labels: np.ndarray, names: tuple[str, ...], weights: np.ndarray | None = None, l2: float = 1.0
) -> Logistic:
    """L2-regularised, weighted logistic regression by Newton's method on standardised features."""
    weights = np.ones(len(rows)) if weights is None else weights
    mean, scale = rows.mean(axis=0), rows.std(axis=0)
    scale[scale < 1e-9] = 1.0
    z = np.hstack([(rows - mean) / scale, np.ones((len(rows), 1))])
    w = np.zeros(z.shape[1])
    penalty = np.eye(z.shape[1]) * l2
    penalty[-1, -1] = 0.0
    for _ in range(100):
        p = 1 / (1 + np.exp(-np.clip(z @ w, -30, 30)))
        gradient = z.T @ (weights * (p - labels)) + penalty @ w
        hessian = (z * (weights * p * (1 - p))[:, None]).T @ z + penalty
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return Logistic(names, tuple(mean.round(6)), tuple(scale.round(6)), tuple(w[:-1].round(6)), float(round(w[-1], 6)))


def fit_conditional_logit(groups: list[tuple[np.ndarray, np.ndarray]], names: tuple[str, ...], l2: float = 1.0) -> Logistic:
    """A linear score whose softmax over each question's candidates puts the most probability on the
    ones holding the answer (McFadden's conditional logit), fitted by gradient descent."""
    rows = np.vstack([x for x, _ in groups])
    mean, scale = rows.mean(axis=0), rows.std(axis=0)
    scale[scale < 1e-9] = 1.0
    standardised = [((x - mean) / scale, y.astype(bool)) for x, y in groups]
    w = np.zeros(rows.shape[1])
    for _ in range(3000):
        gradient = l2 * w
        for x, gold in standardised:
            z = x @ w
            p = np.exp(z - z.max())
            p /= p.sum()
            q = np.where(gold, p, 0.0)
            gradient += x.T @ (p - q / q.sum())
        w -= 0.5 * gradient / len(standardised)
    return Logistic(names, tuple(mean.round(6)), tuple(scale.round(6)), tuple(w.round(6)), 0.0)


def fit_trees(rows: np.ndarray, labels: np.ndarray, names: tuple[str, ...], weights: np.ndarray) -> Trees:
    """Gradient-boosted trees with the signs of ``MONOTONE``, as plain node lists."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    model = HistGradientBoostingClassifier(monotonic_cst=[MONOTONE[n] for n in names], random_state=0, **TREES)
    model.fit(rows, labels.astype(int), sample_weight=weights)
    trees = []
    for (predictor,) in model._predictors:  # one tree per round for two classes
        nodes = predictor.nodes
        trees.append(Tree(
            tuple(int(f) for f in nodes["feature_idx"]), tuple(float(t) for t in nodes["num_threshold"]),
            tuple(-1 if leaf else int(n) for leaf, n in zip(nodes["is_leaf"], nodes["left"])),
            tuple(-1 if leaf else int(n) for leaf, n in zip(nodes["is_leaf"], nodes["right"])),
            tuple(float(v) for v in nodes["value"]),
        ))
    fitted = Trees(names, float(np.ravel(model._baseline_prediction)[0]), tuple(trees))
    gap = np.abs(fitted.probabilities(rows) - model.predict_proba(rows)[:, 1]).max()
    assert gap < 1e-9, f"the written trees disagree with scikit-learn's by {gap}"
    return fitted


def calibration_json(calibration: Calibration) -> str:
    """The calibration file's text: indented, but each list of numbers on one line, so a re-fit's
    diff shows which trees changed rather than thousands of lines of single numbers."""
    text = json.dumps(calibration.to_dict(), indent=1)
    numbers = re.compile(r"\[\s*([-+0-9.eE,\s]+?)\s*\]")
    return numbers.sub(lambda m: "[" + ", ".join(n.strip() for n in m.group(1).split(",")) + "]", text) + "\n"


GRID = [round(t, 3) for t in np.arange(0.01, 0.951, 0.01)]


def ask_all(per_paragraph: int, workdir: Path) -> list[Asked]:
    asked = []
    aligner = default_aligner()
    for dev in dev_sets(workdir, per_paragraph) + transfer_sets(workdir, per_paragraph):
        assistant = Assistant(Settings(index_dir=workdir / f"index-{dev.name}"))
        assistant.index([dev.corpus])
        k = assistant.settings.answer_k
        for half, cases in (("fit", dev.fit), ("held_out", dev.held_out)):
            for case in cases:
                passages = assistant.retrieve(case.question, k=k)
                scored = assistant._scorer.score_all(case.question, passage_sentences(passages)) if passages else []
                kinds = expected_types(case.question)
                candidates = selection_features(kinds, case.question, passages, scored, aligner, assistant._scorer) \
                    if passages else []
                labels = [answers(case, c, passages) for c in candidates]
                asked.append(Asked(dev.name, half, case, passages, scored, candidates, labels, kinds, dev.fitted))
        print(f"{dev.name}: {len(dev.fit)} fit, {len(dev.held_out)} held-out questions asked", flush=True)
    return asked


def answers(case: QACase, candidate: Candidate, passages: list[Passage]) -> bool:
    """Whether the candidate holds the case's answer: one of its gold strings, or, for a case that
    names only the article answering it (ITN's "what happened"), any sentence of that article."""
    if not case.answerable:
        return False
    if case.expected:
        return any(holds(candidate.evidence.sentence.text, e) for e in case.expected)
    return Path(passages[candidate.evidence.sentence.passage].article.source).name == case.source


def rank(asked: list[Asked], selection: Logistic) -> None:
    """Order each question's candidates by the selection model, and compute its answerability features."""
    for a in asked:
        if not a.candidates:
            a.probability, a.features = 0.0, None
            continue
        label_of = {id(c.evidence): y for c, y in zip(a.candidates, a.labels)}
        a.candidates = rank_candidates(selection, a.candidates)
        a.labels = [label_of[id(c.evidence)] for c in a.candidates]
        a.features = answerability_features(a.kinds, a.case.question, a.passages, a.candidates, a.scored)


def decide(asked: list[Asked], model: Logistic | Trees) -> None:
    """Each ranked question's probability that its best candidate answers it."""
    for a in asked:
        if a.candidates:
            probability = answerability(model, a.kinds, a.features, a.candidates[0])
            a.probability = 0.0 if probability is None else probability


def figures(asked: list[Asked], threshold: float) -> dict:
    """Rates over the answerable or the unanswerable questions; None where a set has none."""
    answerable = [a for a in asked if a.case.answerable]
    unanswerable = [a for a in asked if not a.case.answerable]
    answered = [a for a in asked if a.candidates and a.probability >= threshold]
    right = sum(a.right for a in answered)

    def rate(count: int, of: list) -> float | None:
        return round(count / len(of), 3) if of else None

    return {
        "questions": len(asked),
        "accuracy": rate(right, answerable),  # answerable questions answered right
        "selection_accuracy": rate(sum(a.right for a in answerable), answerable),
        "over_refusal": rate(sum(1 for a in answerable if a not in answered), answerable),
        "refusal": rate(sum(1 for a in unanswerable if a not in answered), unanswerable),
        "wrong_answers": len(answered) - right,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "assistant" / "answer" / "calibration.json")
    parser.add_argument("--per-paragraph", type=int, default=PER_PARAGRAPH, help="XQuAD questions asked per paragraph")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        asked = ask_all(args.per_paragraph, Path(tmp))
    fit = [a for a in asked if a.half == "fit" and a.fitted]

    learnable = [a for a in fit if a.case.answerable and any(a.labels)]
    selection = fit_conditional_logit(
        [(np.asarray([[c.features[n] for n in SELECTION_FEATURES] for c in a.candidates]), np.asarray(a.labels))
         for a in learnable],
        SELECTION_FEATURES,
    )
    rank(asked, selection)

    decided = [a for a in fit if a.candidates]
    rows = np.asarray([[a.features[n] for n in ANSWERABILITY_FEATURES] for a in decided])
    off = _off_domain_cases()
    off_domain = sum(a.case in off for a in decided)
    off_weight = OFF_DOMAIN_SHARE / (1 - OFF_DOMAIN_SHARE) * (len(decided) - off_domain) / max(1, off_domain)
    weights = np.asarray([off_weight if a.case in off else 1.0 for a in decided])
    answer_model = fit_trees(rows, np.asarray([float(a.right) for a in decided]), ANSWERABILITY_FEATURES, weights)
    decide(asked, answer_model)

    corpora = [[a for a in fit if a.case.answerable and a.set == name] for name in dict.fromkeys(a.set for a in fit)]
    threshold = max(
        [t for t in GRID if all(
            sum(1 for a in answerable if not (a.candidates and a.probability >= t)) <= MAX_OVER_REFUSAL * len(answerable)
            for answerable in corpora if len(answerable) >= CONSTRAINING
        )] or [GRID[0]]
    )
    calibration = Calibration(selection, answer_model, threshold, {
        "fitted_on": "benchmarks/devsets.py fit half: XQuAD en->de/es/en, de->de, es->es, French set, seed, "
                     "off-domain, ITN en->" + "/".join(ITN_LANGUAGES),
        "per_paragraph": args.per_paragraph, "max_over_refusal_per_corpus": MAX_OVER_REFUSAL,
        "off_domain_share": OFF_DOMAIN_SHARE, "off_domain_weight": round(off_weight, 2), "answerability_trees": TREES,
        "fit_questions": len(fit), "held_out_questions": sum(a.half == "held_out" and a.fitted for a in asked),
    })

    results: dict = {"threshold": threshold, "selection": calibration.to_dict()["selection"],
                     "answerability": calibration.to_dict()["answerability"], "sets": {}, "curve": {}}
    names = sorted({a.set for a in asked}, key=[a.set for a in asked].index)
    print(f"\nthreshold {threshold} (the highest declining at most {MAX_OVER_REFUSAL} of the fit half's answerable "
          "questions of each corpus)")
    print("accuracy: answerable questions answered with their answer in the best sentence; select: the same, "
          "whatever the decision")
    print("transfer sets (never fitted on): both halves are held out, named 'fit' only for the articles they share")
    print(f"{'set':11} {'half':9} {'n':>4} {'accuracy':>9} {'select':>7} {'over-ref':>9} {'refusal':>8} "
          f"{'off-domain ref':>15}")
    for name in names:
        for half in ("fit", "held_out"):
            group = [a for a in asked if a.set == name and a.half == half]
            on_topic = [a for a in group if a.case not in off]
            off_topic = [a for a in group if a.case in off]
            if not on_topic:
                continue
            row = figures(on_topic, threshold) | {"off_domain_refusal": figures(off_topic, threshold)["refusal"]}
            results["sets"][f"{name}/{half}"] = row
            cells = {k: "–" if v is None else v for k, v in row.items()}
            print(f"{name:11} {half:9} {row['questions']:>4} {cells['accuracy']:>9} {cells['selection_accuracy']:>7} "
                  f"{cells['over_refusal']:>9} {cells['refusal']:>8} {cells['off_domain_refusal']:>15}")
    for half in ("fit", "held_out"):
        group = [a for a in asked if a.half == half and a.fitted and a.set.startswith("xquad") and a.case not in off]
        results["curve"][half] = [{"threshold": t, **figures(group, t)} for t in GRID[::5]]
    print("\nrefusal/accuracy curve, XQuAD held-out half (the fitted sets together):")
    print(f"{'threshold':>9} {'accuracy':>9} {'over-refusal':>13} {'refusal':>8}")
    for row in results["curve"]["held_out"]:
        print(f"{row['threshold']:>9} {row['accuracy']:>9} {row['over_refusal']:>13} {row['refusal']:>8}")
    results["rules"] = rule_record(asked, answer_model, threshold)
    print("\nrules that decline outright (fitted sets): questions declined, right answers among them, "
          "wrong answers the model alone would have given")
    for rule, halves in results["rules"].items():
        for half, row in halves.items():
            print(f"  {rule:48} {half:9} {row['declined']:>4} {row['right_declined']:>4} {row['wrong_declined']:>4}")
    # The results first: they record the commit measured, which the new calibration file would mark "-dirty".
    write_results("calibration", results)
    args.out.write_text(calibration_json(calibration), encoding="utf-8")


def rule_record(asked: list[Asked], model: Logistic | Trees, threshold: float) -> dict:
    """What each rule that declines outright does on the fitted sets, by half: the questions it
    declines, the right answers among them (the chosen sentence holds the answer) and the wrong
    answers the model alone would have given."""
    record: dict = {}
    for rule in RULES:
        for half in ("fit", "held_out"):
            hit = [a for a in asked if a.fitted and a.half == half and a.candidates
                   and declining_rule(a.kinds, a.features, a.candidates[0]) == rule]
            alone = model.probabilities(np.asarray([[a.features[n] for n in ANSWERABILITY_FEATURES] for a in hit])) \
                if hit else []
            record.setdefault(rule, {})[half] = {
                "declined": len(hit),
                "right_declined": sum(a.right for a in hit),
                "wrong_declined": sum(bool(p >= threshold and not a.right) for a, p in zip(hit, alone)),
            }
    return record


def _off_domain_cases() -> set[QACase]:
    from devsets import off_domain

    fit, held = off_domain()
    return set(fit) | set(held)


if __name__ == "__main__":
    main()
