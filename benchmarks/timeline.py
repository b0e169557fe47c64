"""Which retrieved articles a timeline keeps: precision and recall of its tellings over the ITN
corpus, with the topic's story indexed and without it.

    .venv/bin/python benchmarks/timeline.py [--itn ../shared/data/itn] [--write]

Every English, French, German, Spanish and Russian blurb of the ITN corpus (it has no Spanish) is
indexed as a dated article of its own, titled by its language and date only (the corpus's keyword
names the event: a title holding it would give the answer away). A topic is a story's keyword in
English, French or German (a trailing "(2022)" removed), for the stories told at least twice. For
each, the timeline's candidates are what ``Assistant.timeline`` reads: each retrieved dated
article's sentence closest to the topic (``answer.timeline.closest_sentences``). A candidate is
right when its article tells the topic's story (the Wikidata event, events told by one English
blurb being one story).

The relevance model (``answer.timeline.RELEVANCE_FEATURES``) is fitted on the topics of half of the
stories (split by a hash of the story), on their candidates twice over: as retrieved, and without
the story's own articles, the topic's story as if it were not indexed (its articles are dropped
from what was retrieved: the slots they held are not refilled). The threshold is the one with the
best F0.5 on the fit half (precision weighs twice recall: a wrong event in a timeline is worse than
a missing one), counting the entries of topics without their story as wrong. Both halves are
printed: precision and recall of the tellings kept (recall over every telling of the story in the
corpus, so retrieval's misses count), and, without the story, the share of topics whose timeline
is empty (declined) and the wrong entries per topic. ``--write`` ships the model as
assistant/answer/timeline.json. Results: benchmarks/results/timeline.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
from calibrate import fit_logistic
from common import write_results
from itn import DEFAULT, itn_items, stories

from assistant.answer.timeline import (
    ARTICLES, RELEVANCE_FEATURES, Closest, Relevance, closest_sentences, load_relevance, on_topic,
)
from assistant.errors import ConfigError

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
LANGUAGES = ("en", "fr", "de", "es", "ru")
TOPIC_LANGUAGES = ("en", "fr", "de")
THRESHOLDS = [round(t, 2) for t in np.arange(0.05, 0.96, 0.05)]
BETA = 0.5


@dataclass
class Topic:
    text: str
    lang: str
    story: str
    tellings: int  # the story's articles in the corpus
    half: int
    closest: list[Closest]
    right: list[bool]


def corpus(itn: Path, folder: Path, indexed: tuple[str, ...] = LANGUAGES) -> tuple[dict[str, str], list[dict]]:
    """Writes one dated Markdown article per blurb in the ``indexed`` languages; returns each file's
    story, and every blurb."""
    items = sorted(itn_items(itn, LANGUAGES), key=lambda i: i["time"])
    story_of = stories(items)
    folder.mkdir(parents=True)
    gold = {}
    for n, item in enumerate(items):
        if item["lang"] not in indexed:
            continue
        day = datetime.fromtimestamp(item["time"], timezone.utc).date().isoformat()
        name = f"blurb{n:04d}.md"
        (folder / name).write_text(f"---\ntitle: In the news ({item['lang']}, {day})\ndate: {day}\n---\n"
                                   f"{item['text']}\n", encoding="utf-8")
        gold[name] = story_of[item["event"]]
    return gold, [{**item, "story": story_of[item["event"]]} for item in items]


def topics(assistant, gold: dict[str, str], items: list[dict]) -> list[Topic]:
    told = {story: sum(s == story for s in gold.values()) for story in set(gold.values())}
    asked: dict[tuple[str, str], str] = {}
    for item in items:
        if item["lang"] in TOPIC_LANGUAGES and told[item["story"]] >= 2:
            asked.setdefault((re.sub(r"\s*\([^)]*\)$", "", item["title"]), item["lang"]), item["story"])
    found = []
    for (text, lang), story in sorted(asked.items()):
        passages = assistant._retriever.retrieve(text, k=ARTICLES, one_per_story=False)
        closest = closest_sentences(text, passages, assistant._scorer)
        found.append(Topic(text, lang, story, told[story], int(hashlib.sha256(story.encode()).hexdigest(), 16) % 2,
                           closest, [gold.get(Path(c.passage.article.source).name) == story for c in closest]))
    return found


def without_story(topic: Topic) -> list[Closest]:
    return [c for c, right in zip(topic.closest, topic.right) if not right]


def measure(relevance: Relevance, asked: list[Topic]) -> dict:
    right = kept = declined = wrong = absent = 0
    for topic in asked:
        on = {id(c) for c in on_topic(topic.closest, relevance)}
        kept += len(on)
        right += sum(r for c, r in zip(topic.closest, topic.right) if id(c) in on)
        rest = without_story(topic)
        if rest:
            absent += 1
            n = len(on_topic(rest, relevance))
            declined += n == 0
            wrong += n
    tellings = sum(t.tellings for t in asked)
    precision = right / kept if kept else 1.0
    recall = right / tellings
    # F-beta with the wrong entries of the topics without their story counted as wrong tellings.
    p = right / (kept + wrong) if kept + wrong else 1.0
    f = (1 + BETA**2) * p * recall / (BETA**2 * p + recall) if p + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3),
            "absent_declined": round(declined / absent, 3) if absent else None,
            "absent_wrong_per_topic": round(wrong / absent, 2) if absent else None, "f_beta": round(f, 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--itn", type=Path, default=DEFAULT)
    parser.add_argument("--write", action="store_true", help="ship the fitted model as assistant/answer/timeline.json")
    args = parser.parse_args()
    from assistant import Assistant, Settings

    with tempfile.TemporaryDirectory() as tmp:
        gold, items = corpus(args.itn, Path(tmp) / "itn")
        assistant = Assistant(Settings(index_dir=Path(tmp) / "index"))
        assistant.index([Path(tmp) / "itn"])
        asked = topics(assistant, gold, items)
    halves = {name: [t for t in asked if t.half == k] for k, name in enumerate(("fit", "held_out"))}

    # Each fit topic twice: as retrieved, and as if its story were not indexed.
    fit = [(c, r) for t in halves["fit"]
           for c, r in [*zip(t.closest, t.right), *((c, False) for c in without_story(t))]]
    fitted = fit_logistic(np.asarray([c.features for c, _ in fit]), np.asarray([float(r) for _, r in fit]),
                          RELEVANCE_FEATURES)
    curve = [{"threshold": th, **{h: measure(Relevance(fitted, th), t) for h, t in halves.items()}}
             for th in THRESHOLDS]
    chosen = max(curve, key=lambda row: row["fit"]["f_beta"])
    try:
        shipped = load_relevance()
    except ConfigError:  # none shipped yet: this run writes the first
        shipped = None
    baseline = Relevance(fitted, 0.0)  # every article retrieved is an event, as before the model

    print(f"{len(items)} blurbs, {len(asked)} topics ({', '.join(f'{h} {len(t)}' for h, t in halves.items())}); "
          f"{ARTICLES} articles retrieved per topic")
    print("weights (standardised): " + ", ".join(f"{f} {w:+.2f}" for f, w in zip(RELEVANCE_FEATURES, fitted.weights)))
    print(f"{'threshold':>9} | {'fit P':>6} {'fit R':>6} {'absent declined':>15} | "
          f"{'held P':>6} {'held R':>6} {'absent declined':>15} {'wrong/topic':>11}")
    rows = [("keep all", {h: measure(baseline, t) for h, t in halves.items()}), *((r["threshold"], r) for r in curve),
            *([("shipped", {h: measure(shipped, t) for h, t in halves.items()})] if shipped else [])]
    for label, row in rows:
        f, h = row["fit"], row["held_out"]
        mark = "  <- best F0.5 on the fit half" if row is chosen else ""
        print(f"{label!s:>9} | {f['precision']:>6} {f['recall']:>6} {f['absent_declined']!s:>15} | {h['precision']:>6} "
              f"{h['recall']:>6} {h['absent_declined']!s:>15} {h['absent_wrong_per_topic']!s:>11}{mark}")
    model = Relevance(fitted, chosen["threshold"], {
        "fitted_on": "benchmarks/timeline.py: ITN corpus, en/fr/de/ru blurbs, topics of the fit half of the stories",
        "fit_candidates": len(fit), "held_out": chosen["held_out"]})
    if args.write:
        target = REPO / "assistant" / "answer" / "timeline.json"
        target.write_text(json.dumps(model.to_dict(), indent=1) + "\n", encoding="utf-8")
        print(f"wrote {target}")
    write_results("timeline", {
        "blurbs": len(items), "topics": {h: len(t) for h, t in halves.items()}, "articles_per_topic": ARTICLES,
        "chosen": chosen, "keep_all": rows[0][1], "shipped": rows[-1][1] if shipped else None, "curve": curve,
        "model": model.to_dict(),
    })


if __name__ == "__main__":
    main()
