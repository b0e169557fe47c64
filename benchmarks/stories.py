"""One story, many tellings: how well articles telling the same news event are grouped across
languages and days (issue 12, item 3; goal: pairwise precision >= 0.90, recall >= 0.70 over the
English, French, German, Spanish and Russian blurbs of the ITN corpus).

    .venv/bin/python benchmarks/stories.py [--itn ../shared/data/itn] [--write]

Each blurb (HTML removed) is embedded as a passage, as the indexer embeds an article's lede. The
pair model of ``assistant/indexing/stories.py`` (cosine, cosine across languages, shared names and
numbers, days apart) is fitted on the pairs of blurbs seen within 14 days of each other whose
events are in the fit half (events split by a hash of their id); then, in the order they were seen,
each blurb joins a story as the indexer does (``choose_story``: average probability over a story's
recent tellings at least the threshold). The threshold is the one with the best F1 on the fit half
among those with precision >= 0.90; both halves' pairwise precision and recall are printed.
Gold: the Wikidata event a blurb was filed under (events that share an identical blurb are one
story: the corpus files some blurbs under both the event and its protagonist). ``--write`` ships
the fitted model as assistant/indexing/stories.json. Results: benchmarks/results/stories.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from itertools import combinations
from pathlib import Path

import numpy as np
from calibrate import fit_logistic
from common import write_results
from itn import DEFAULT, itn_items

from assistant.indexing.stories import FEATURES, WINDOW_DAYS, StoryModel, Telling, choose_story, pair_features

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
LANGUAGES = ("en", "fr", "de", "es", "ru")
THRESHOLDS = [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]


def blurbs(itn: Path) -> list[dict]:
    items = itn_items(itn, LANGUAGES)
    # Events sharing an identical blurb are one story (union-find over their ids).
    parent: dict[str, str] = {}

    def root(e: str) -> str:
        while parent.setdefault(e, e) != e:
            e = parent[e]
        return e

    by_text: dict[tuple[str, str], str] = {}
    for item in items:
        first = by_text.setdefault((item["lang"], item["text"]), item["event"])
        parent[root(item["event"])] = root(first)
    for item in items:
        item["story"] = root(item["event"])
    return sorted(items, key=lambda i: i["time"])


def group(tellings: list[Telling], model: StoryModel) -> list[str]:
    """Each telling's story, assigned in order as the indexer assigns them."""
    assigned: list[Telling] = []
    for telling in tellings:
        story = choose_story(telling, assigned, model)
        assigned.append(Telling(telling.article_id, story, telling.vector, telling.text, telling.day, telling.lang))
    return [t.story for t in assigned]


def pairwise(labels: list[str], gold: list[str], members: list[int]) -> dict:
    """Precision and recall over the pairs of ``members`` (indices) put together / truly together."""
    predicted = same = both = 0
    for i, j in combinations(members, 2):
        p, g = labels[i] == labels[j], gold[i] == gold[j]
        predicted += p
        same += g
        both += p and g
    precision = both / predicted if predicted else 1.0
    recall = both / same if same else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3), "pairs": same}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--itn", type=Path, default=DEFAULT)
    parser.add_argument("--write", action="store_true", help="ship the fitted model as assistant/indexing/stories.json")
    args = parser.parse_args()
    from assistant.embed.embeddings import E5Embeddings

    items = blurbs(args.itn)
    embedder = E5Embeddings()
    embedder.load_document_engine()
    vectors = np.asarray(embedder.embed_documents([i["text"] for i in items]), dtype=np.float32)
    tellings = [Telling(str(n), str(n), v, i["text"], int(i["time"] // 86400), i["lang"])
                for n, (i, v) in enumerate(zip(items, vectors))]
    gold = [i["story"] for i in items]
    half = {s: int(hashlib.sha256(s.encode()).hexdigest(), 16) % 2 for s in set(gold)}
    halves = {name: [n for n, s in enumerate(gold) if half[s] == k] for k, name in enumerate(("fit", "held_out"))}

    fit_pairs = [(i, j) for i, j in combinations(halves["fit"], 2)
                 if abs(tellings[i].day - tellings[j].day) <= WINDOW_DAYS]
    rows = np.asarray([pair_features(tellings[i], tellings[j]) for i, j in fit_pairs])
    labels = np.asarray([float(gold[i] == gold[j]) for i, j in fit_pairs])
    fitted = fit_logistic(rows, labels, FEATURES)

    curve = []
    for threshold in THRESHOLDS:
        model = StoryModel(fitted.mean, fitted.scale, fitted.weights, fitted.bias, threshold)
        stories = group(tellings, model)
        curve.append({"threshold": threshold, **{h: pairwise(stories, gold, m) for h, m in halves.items()}})
    eligible = [row for row in curve if row["fit"]["precision"] >= 0.90] or curve
    chosen = max(eligible, key=lambda row: row["fit"]["f1"])
    model = StoryModel(fitted.mean, fitted.scale, fitted.weights, fitted.bias, chosen["threshold"])

    counts = ", ".join(f"{lang} {sum(item['lang'] == lang for item in items)}" for lang in LANGUAGES)
    print(f"{len(items)} blurbs ({counts}), {len(set(gold))} stories; pairs within {WINDOW_DAYS} days; "
          f"fitted on {len(fit_pairs)} pairs of the fit half")
    print("weights (standardised): " + ", ".join(f"{f} {w:+.2f}" for f, w in zip(FEATURES, fitted.weights)))
    print(f"{'threshold':>9} | {'fit P':>6} {'fit R':>6} {'fit F1':>6} | {'held P':>6} {'held R':>6} {'held F1':>7}")
    for row in curve:
        mark = "  <- chosen on the fit half" if row is chosen else ""
        f, h = row["fit"], row["held_out"]
        print(f"{row['threshold']:>9} | {f['precision']:>6} {f['recall']:>6} {f['f1']:>6} | "
              f"{h['precision']:>6} {h['recall']:>6} {h['f1']:>7}{mark}")
    if args.write:
        target = REPO / "assistant" / "indexing" / "stories.json"
        target.write_text(json.dumps({**model.to_dict(), "provenance": {
            "fitted_on": "benchmarks/stories.py: ITN corpus, en/fr/de/es/ru blurbs, fit half of the events",
            "fit_pairs": len(fit_pairs), "held_out": chosen["held_out"]}}, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {target}")
    write_results("stories", {
        "blurbs": len(items), "stories": len(set(gold)), "window_days": WINDOW_DAYS, "chosen": chosen, "curve": curve,
        "model": model.to_dict(), "languages": {lang: sum(item["lang"] == lang for item in items) for lang in LANGUAGES},
    })


if __name__ == "__main__":
    main()
