"""Where an event happened, when the telling first quoted does not say: does the answer name a place?

    .venv/bin/python benchmarks/places.py [--itn ../shared/data/itn]

Every French, German and Russian blurb of the ITN corpus is indexed as a dated article of its own
(as ``timeline.py`` does; no English blurb, so an English question is always answered across
languages). Each story that also has an English blurb is asked "Where did the <its English
keyword> happen?". An answer is right-story when it quotes one of the story's articles, and names
the place when its quotes also name a name of the story's English blurbs (a capitalised word
after the first, four letters or more, or an acronym) that the question does not name ("Pakistan"
for "the 2023 Peshawar mosque bombing"), matched across languages and scripts as names are
(``text.names``). Asked twice over the same index: as the assistant answers, and with the first
quote kept although it lacks a place (``AnswerService._telling_that_holds`` switched off, and
German nouns counted as names, as before December 2026). Nothing is fitted. Results:
benchmarks/results/places.json.
"""

from __future__ import annotations

import argparse
import re
import tempfile
from collections import defaultdict
from pathlib import Path

from common import write_results
from itn import DEFAULT
from timeline import corpus

from assistant.text.names import anchor_share, anchors

INDEXED = ("fr", "de", "ru")


def questions(items: list[dict]) -> dict[str, tuple[str, frozenset[str]]]:
    """Story -> (question, the names of its English blurbs that the question does not name)."""
    told: dict[str, list[dict]] = defaultdict(list)
    for item in items:
        told[item["story"]].append(item)
    asked = {}
    for story, tellings in told.items():
        english = [t for t in tellings if t["lang"] == "en"]
        if not english or not any(t["lang"] in INDEXED for t in tellings):
            continue
        keyword = re.sub(r"\s*\([^)]*\)$", "", english[0]["title"])
        question = f"Where did the {keyword} happen?"
        named = set(anchors(question))
        places = {a for t in english for a in anchors(t["text"])}
        places = frozenset(p for p in places - named if len(p) >= 4 and not p.isdigit())
        if places:
            asked[story] = (question, places)
    return asked


def ask_all(assistant, asked: dict[str, tuple[str, frozenset[str]]], gold: dict[str, str]) -> list[dict]:
    rows = []
    for story, (question, places) in sorted(asked.items(), key=lambda kv: kv[1][0]):
        answer = assistant.ask(question)
        cited = answer.citations[0] if answer.grounded and answer.citations else None
        quotes = " ".join(c.quote for c in answer.citations)
        right = cited is not None and gold.get(Path(cited.source).name) == story
        rows.append({"question": question, "grounded": answer.grounded, "right_story": right,
                     "names_a_place": right and any(anchor_share((p,), quotes) == 1 for p in places),
                     "quote": cited.quote if cited else None})
    return rows


def summary(rows: list[dict]) -> dict:
    counted = ("grounded", "right_story", "names_a_place")
    return {"questions": len(rows), **{k: sum(r[k] for r in rows) for k in counted}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--itn", type=Path, default=DEFAULT)
    args = parser.parse_args()
    from assistant import Assistant, Settings
    from assistant.answer import question_cues
    from assistant.answer.service import AnswerService

    with tempfile.TemporaryDirectory() as tmp:
        gold, items = corpus(args.itn, Path(tmp) / "itn", INDEXED)
        assistant = Assistant(Settings(index_dir=Path(tmp) / "index"))
        assistant.index([Path(tmp) / "itn"])
        asked = questions(items)
        shipped = ask_all(assistant, asked, gold)
        retold, german_noun = AnswerService._telling_that_holds, question_cues._german_noun
        AnswerService._telling_that_holds = lambda self, answer, *args: answer
        question_cues._german_noun = lambda before, word: False
        try:
            first = ask_all(assistant, asked, gold)
        finally:
            AnswerService._telling_that_holds, question_cues._german_noun = retold, german_noun
    results = {"as shipped": summary(shipped), "the quote first chosen": summary(first)}
    indexed = sum(i["lang"] in INDEXED for i in items)
    print(f"{indexed} blurbs in {', '.join(INDEXED)}; {len(asked)} stories asked where")
    print(f"{'answer':<24} {'answered':>8} {'right story':>11} {'names a place':>13}")
    for name, s in results.items():
        print(f"{name:<24} {s['grounded']:>8} {s['right_story']:>11} {s['names_a_place']:>13}")
    write_results("places", {"blurbs": indexed, "stories": len(asked), "results": results,
                             "rows": {"shipped": shipped, "first": first}})


if __name__ == "__main__":
    main()
