"""English questions over news written in other languages and scripts, none of them fitted on.

    .venv/bin/python benchmarks/scripts.py [--itn ../shared/data/itn] [--languages zh,ar,...]

The development sets of the answer judge (``benchmarks/calibrate.py``) hold German, Spanish,
English and French text only; the product is asked in other languages too. For each language here,
the ITN blurbs (one sentence of news each) of the events that also have an English blurb: every
other event's blurb is indexed as a dated article, and for every event the question is "What
happened with <the event's English name>?". An event whose blurb is indexed should be answered
by quoting that blurb (right); the others should be declined. Reported per language: answerable
questions answered right, answerable ones declined (over-refusal), unanswerable ones declined, and
answers quoting another event (wrong), and how much closer the encoder sets each question to its own
event's blurb than to the other events' (the mean cosine gap, over all events). Writes
benchmarks/results/scripts.json.
"""

from __future__ import annotations

import argparse
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
from common import write_results
from itn import DEFAULT, itn_items

from assistant import Assistant, Settings

# Latin, Cyrillic, Arabic, Han, Hangul and Thai: names transliterate back to English in the first two.
LANGUAGES = ("fr", "id", "ru", "uk", "fa", "ar", "zh", "ko", "th")
MIN_EVENTS = 10


def first_blurbs(itn: Path, languages: tuple[str, ...]) -> dict[tuple[str, str], dict]:
    """The first blurb seen of each (event, language)."""
    first: dict[tuple[str, str], dict] = {}
    for item in sorted(itn_items(itn, ("en", *languages)), key=lambda i: i["time"]):
        first.setdefault((item["event"], item["lang"]), item)
    return first


def ask_language(lang: str, first: dict[tuple[str, str], dict], workdir: Path) -> dict | None:
    events = sorted(e for (e, language) in first if language == lang and (e, "en") in first)
    if len(events) < MIN_EVENTS:
        return None
    indexed = set(events[::2])
    corpus = workdir / f"corpus-{lang}"
    corpus.mkdir()
    for event in indexed:
        blurb = first[(event, lang)]
        day = datetime.fromtimestamp(blurb["time"], timezone.utc).date().isoformat()
        title = blurb["title"].replace("\n", " ")
        (corpus / f"{event}.md").write_text(f"---\ntitle: {title}\ndate: {day}\n---\n{blurb['text']}\n",
                                            encoding="utf-8")
    assistant = Assistant(Settings(index_dir=workdir / f"index-{lang}"))
    assistant.index([corpus])
    questions = [f"What happened with {first[(event, 'en')]['title']}?" for event in events]
    blurbs = np.asarray(assistant.embeddings.embed_documents([first[(event, lang)]["text"] for event in events]))
    similarity = np.asarray([assistant.embeddings.embed_query(q) for q in questions]) @ blurbs.T
    others = (similarity.sum(axis=1) - similarity.diagonal()) / (len(events) - 1)
    counts = dict.fromkeys(("answerable", "right", "declined", "unanswerable", "unanswerable_declined", "wrong"), 0)
    for event, question in zip(events, questions):
        answer = assistant.ask(question)
        answered = answer.grounded and bool(answer.citations)
        own = answered and all(Path(c.source).stem == event for c in answer.citations)
        if event in indexed:
            counts["answerable"] += 1
            counts["right"] += own
            counts["declined"] += not answered
        else:
            counts["unanswerable"] += 1
            counts["unanswerable_declined"] += not answered
        counts["wrong"] += answered and not own
    return {
        "answerable": counts["answerable"],
        "unanswerable": counts["unanswerable"],
        "right": round(counts["right"] / counts["answerable"], 3),
        "over_refusal": round(counts["declined"] / counts["answerable"], 3),
        "refusal": round(counts["unanswerable_declined"] / counts["unanswerable"], 3),
        "wrong_answers": counts["wrong"],
        "closer_to_own": round(float((similarity.diagonal() - others).mean()), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--itn", type=Path, default=DEFAULT)
    parser.add_argument("--languages", default=",".join(LANGUAGES))
    args = parser.parse_args()
    languages = tuple(args.languages.split(","))
    first = first_blurbs(args.itn, languages)
    results = {}
    print(f"{'language':8} {'answerable':>10} {'right':>6} {'over-refusal':>13} {'unanswerable':>12} "
          f"{'declined':>9} {'wrong':>6} {'closer':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        for lang in languages:
            row = ask_language(lang, first, Path(tmp))
            if row is None:
                continue
            results[lang] = row
            print(f"{lang:8} {row['answerable']:>10} {row['right']:>6} {row['over_refusal']:>13} "
                  f"{row['unanswerable']:>12} {row['refusal']:>9} {row['wrong_answers']:>6} "
                  f"{row['closer_to_own']:>7}", flush=True)
    write_results("scripts", {"question": "What happened with <the event's English name>?",
                              "min_events": MIN_EVENTS, "languages": results})


if __name__ == "__main__":
    main()
