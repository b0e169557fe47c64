"""Figures that stories update: is a death toll given from the story's newest telling?

    .venv/bin/python benchmarks/figures.py [--itn ../shared/data/itn]

Every English, French, German and Russian blurb of the ITN corpus is indexed as a dated article of
its own (as ``timeline.py`` does). The stories asked about are those whose English blurbs state a
death toll ("killed", "dead", "deaths"…) that changes from one telling to the next (Hurricane Ian's
23, 70, 80, 87); each is asked "How many people died in the <its English keyword>?", without
"latest". An answer is right-story when it quotes one of the story's articles; its lag is how many
days older its article is than the story's newest article stating a figure (any number that is not
a year, in any language). Asked twice over the same index: as the assistant answers, and with the
answer's own quote kept (``AnswerService._newest_figure`` switched off), as before December 2026.
Nothing is fitted. Results: benchmarks/results/figures.json.
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
from collections import defaultdict
from datetime import date, datetime, timezone
from pathlib import Path

from common import write_results
from itn import DEFAULT
from timeline import corpus

DEATHS = re.compile(r"\b(?:killed|killing|kills|dead|deaths|death toll|die[sd]?)\b", re.IGNORECASE)
NUMBER = re.compile(r"\b\d[\d,.]*\b")
YEAR = re.compile(r"(?:19|20)\d\d")


def _figures(text: str) -> frozenset[str]:
    return frozenset(n for n in NUMBER.findall(text) if not YEAR.fullmatch(n))


def _day(item: dict) -> str:
    return datetime.fromtimestamp(item["time"], timezone.utc).date().isoformat()


def questions(items: list[dict]) -> dict[str, tuple[str, str]]:
    """Story -> (question, the date of its newest telling stating a figure), for the stories whose
    English tellings state changing death tolls."""
    told: dict[str, list[dict]] = defaultdict(list)
    for item in items:
        told[item["story"]].append(item)
    asked = {}
    for story, tellings in told.items():
        english = [t for t in tellings if t["lang"] == "en" and DEATHS.search(t["text"])]
        if len({_figures(t["text"]) for t in english} - {frozenset()}) < 2:
            continue
        keyword = re.sub(r"\s*\([^)]*\)$", "", english[0]["title"])
        newest = max(_day(t) for t in tellings if _figures(t["text"]))
        asked[story] = (f"How many people died in the {keyword}?", newest)
    return asked


def ask_all(assistant, asked: dict[str, tuple[str, str]], gold: dict[str, str]) -> list[dict]:
    rows = []
    for story, (question, newest) in sorted(asked.items(), key=lambda kv: kv[1][0]):
        answer = assistant.ask(question)
        cited = answer.citations[0] if answer.grounded and answer.citations else None
        right = cited is not None and gold.get(Path(cited.source).name) == story
        lag = (date.fromisoformat(newest) - date.fromisoformat(cited.date)).days if right and cited.date else None
        rows.append({"question": question, "newest": newest, "grounded": answer.grounded, "right_story": right,
                     "cited_date": cited.date if cited else None, "lag_days": lag,
                     "quote": cited.quote if cited else None})
    return rows


def summary(rows: list[dict]) -> dict:
    lags = [r["lag_days"] for r in rows if r["lag_days"] is not None]
    return {
        "questions": len(rows),
        "answered": sum(r["grounded"] for r in rows),
        "right_story": sum(r["right_story"] for r in rows),
        "newest_day": sum(lag == 0 for lag in lags),
        "within_a_day": sum(lag <= 1 for lag in lags),
        "median_lag_days": statistics.median(lags) if lags else None,
        "mean_lag_days": round(statistics.mean(lags), 2) if lags else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--itn", type=Path, default=DEFAULT)
    args = parser.parse_args()
    from assistant import Assistant, Settings
    from assistant.answer.service import AnswerService

    with tempfile.TemporaryDirectory() as tmp:
        gold, items = corpus(args.itn, Path(tmp) / "itn")
        assistant = Assistant(Settings(index_dir=Path(tmp) / "index"))
        assistant.index([Path(tmp) / "itn"])
        asked = questions(items)
        newest = ask_all(assistant, asked, gold)
        shipped = AnswerService._newest_figure
        AnswerService._newest_figure = lambda self, answer, *args: answer  # the quote as first chosen
        try:
            first = ask_all(assistant, asked, gold)
        finally:
            AnswerService._newest_figure = shipped
    results = {"the story's newest telling": summary(newest), "the quote first chosen": summary(first)}
    print(f"{len(items)} blurbs; {len(asked)} stories whose English tellings state changing death tolls")
    print(f"{'answer from':<28} {'answered':>8} {'right story':>11} {'newest day':>10} {'within a day':>12} "
          f"{'median lag':>10} {'mean lag':>8}")
    for name, s in results.items():
        print(f"{name:<28} {s['answered']:>8} {s['right_story']:>11} {s['newest_day']:>10} {s['within_a_day']:>12} "
              f"{s['median_lag_days']!s:>10} {s['mean_lag_days']!s:>8}")
    write_results("figures", {"blurbs": len(items), "stories": len(asked), "results": results,
                              "rows": {"newest": newest, "first": first}})


if __name__ == "__main__":
    main()
