"""Dated questions over a dated corpus: are answers read from the period the question names?
(issue 12: the share of answers whose citations all lie in that period, goal >= 0.95).

    .venv/bin/python benchmarks/periods.py [--itn ../shared/data/itn] [--questions 150]

The corpus: the ITN blurbs in English, French, German and Russian (1,030 one-paragraph news items,
September 2022 to April 2023, each dated by the day it was seen), indexed as dated articles. The
questions: for days on which some item was seen (drawn with a fixed seed), "what happened on
<that day>?" and "what happened in <that month>?" (answered by the period's digest,
``answer.digest``), and "what happened with <the English keyword of an item of that day> in <that
month>?" (answered by the judge), in English, French and German, the dates written out by Babel in
each language. Each is asked through ``Assistant.ask`` with ``as_of`` after the
corpus. Reported per kind and language: how many were answered, the share of answers whose citations
all lie in the period, how many were answered from the days after it too (when the period's own
articles answer nothing, ``Period.reported``; the answer says so, and its citations then lie within
those days) and how many said that no article is from it. Writes
benchmarks/results/periods.json.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import tempfile
from collections import defaultdict
from datetime import date, datetime, timezone
from pathlib import Path

from babel.dates import format_date
from common import write_results
from itn import DEFAULT, itn_items

from assistant import Assistant, Settings

LANGUAGES = ("en", "fr", "de", "ru")
AS_OF = "2023-06-01"
ASK = {
    ("day", "en"): "What happened on {when}?", ("day", "fr"): "Que s'est-il passé le {when} ?",
    ("day", "de"): "Was geschah am {when}?",
    ("month", "en"): "What happened in {when}?", ("month", "fr"): "Que s'est-il passé en {when} ?",
    ("month", "de"): "Was geschah im {when}?",
    # A topic too: an English keyword of an item seen that day, and its month.
    ("topic", "en"): "What happened with {topic} in {when}?", ("topic", "fr"): "Que s'est-il passé avec {topic} en {when} ?",
    ("topic", "de"): "Was geschah mit {topic} im {when}?",
}
WRITTEN = {("day", "en"): "d MMMM y", ("day", "fr"): "d MMMM y", ("day", "de"): "d. MMMM y",
           ("month", "en"): "MMMM y", ("month", "fr"): "MMMM y", ("month", "de"): "MMMM y",
           ("topic", "en"): "MMMM y", ("topic", "fr"): "MMMM y", ("topic", "de"): "MMMM y"}


def items(itn: Path) -> list[dict]:
    return [{**item, "day": datetime.fromtimestamp(item["time"], tz=timezone.utc).date()}
            for item in itn_items(itn, LANGUAGES)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--itn", type=Path, default=DEFAULT)
    parser.add_argument("--questions", type=int, default=150, help="days drawn (each asked as a day and a month)")
    args = parser.parse_args()
    news = items(args.itn)
    rng = random.Random(20261130)
    days = sorted({n["day"] for n in news})
    drawn = sorted(rng.sample(days, min(args.questions, len(days))))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "news"
        folder.mkdir()
        for n, item in enumerate(news):
            (folder / f"{n:04d}.md").write_text(
                f"---\ntitle: {json.dumps(item['title'])}\ndate: {item['day'].isoformat()}\n---\n{item['text']}\n",
                encoding="utf-8")
        assistant = Assistant(Settings(index_dir=Path(tmp) / "index"))
        assistant.index([folder])
        rows: dict[tuple[str, str], dict] = defaultdict(lambda: {"asked": 0, "answered": 0, "in_period": 0,
                                                               "days_after": 0, "in_days_read": 0,
                                                               "nothing_from_it": 0, "outside": []})
        for n, day in enumerate(drawn):
            lang = ("en", "fr", "de")[n % 3]
            topics = sorted({i["title"] for i in news if i["day"] == day and i["lang"] == "en"})
            for kind in ("day", "month", "topic"):
                if kind == "topic" and not topics:
                    continue
                when = format_date(day, WRITTEN[kind, lang], locale=lang)
                topic = re.sub(r"\s*\([^)]*\)$", "", rng.choice(topics)) if kind == "topic" else ""
                question = ASK[kind, lang].format(when=when, topic=topic)
                first, last = (day, day) if kind == "day" else (day.replace(day=1), _month_end(day))
                answer = assistant.ask(question, as_of=AS_OF)
                row = rows[kind, lang]
                row["asked"] += 1
                if answer.grounded:
                    row["answered"] += 1
                    inside = all(c.date and first.isoformat() <= c.date <= last.isoformat() for c in answer.citations)
                    row["in_period"] += inside
                    read_until = (answer.period or {}).get("reported_until") or last.isoformat()
                    row["days_after"] += read_until != last.isoformat()
                    row["in_days_read"] += all(c.date and first.isoformat() <= c.date <= read_until
                                               for c in answer.citations)
                    if not inside:
                        row["outside"].append({"question": question, "dates": [c.date for c in answer.citations],
                                               "read_until": read_until})
                elif answer.period and not answer.passages:
                    row["nothing_from_it"] += 1
    total = {k: sum(r[k] for r in rows.values())
             for k in ("asked", "answered", "in_period", "days_after", "in_days_read", "nothing_from_it")}
    counts = ", ".join(f"{lang} {sum(i['lang'] == lang for i in news)}" for lang in LANGUAGES)
    print(f"{len(news)} dated items ({counts}); {len(drawn)} days drawn, each asked about as a day, as a month, and "
          "with a topic of that day and its month; "
          f"as of {AS_OF}")
    print(f"{'kind':6} {'lang':4} {'asked':>6} {'answered':>9} {'all cited in period':>20} {'read days after':>16} "
          f"{'all cited in days read':>23} {'none from it':>13}")
    for (kind, lang), r in sorted(rows.items()):
        share = r["in_period"] / r["answered"] if r["answered"] else 1.0
        read = r["in_days_read"] / r["answered"] if r["answered"] else 1.0
        print(f"{kind:6} {lang:4} {r['asked']:>6} {r['answered']:>9} {share:>20.3f} {r['days_after']:>16} {read:>23.3f} "
              f"{r['nothing_from_it']:>13}")
    share = total["in_period"] / total["answered"] if total["answered"] else 1.0
    print(f"all: {total['answered']} of {total['asked']} answered; citations all in the period: {share:.3f} (goal 0.95); "
          f"{total['days_after']} read from the days after it too, as they say")
    write_results("periods", {
        "items": len(news), "days_drawn": len(drawn), "as_of": AS_OF, "share_in_period": round(share, 4), **total,
        "by_kind_and_language": {f"{k}/{l}": {**r, "share_in_period": round(r["in_period"] / r["answered"], 4)
                                              if r["answered"] else None} for (k, l), r in sorted(rows.items())},
    })


def _month_end(day: date) -> date:
    import calendar

    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


if __name__ == "__main__":
    main()
