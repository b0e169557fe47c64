"""Rebuilds tests/data/itn_en.jsonl and itn_en_updates.jsonl from the ITN corpus (run once; the
output is committed).

itn_en.jsonl: one dated English news item per event, on the day its blurb first appeared in
Wikipedia's "In the news" box, for the events first seen in October 2022 or from 15 January to the
end of February 2023: a small dated corpus with empty months between its two stretches.

itn_en_updates.jsonl: every distinct English blurb of three stories told over several days as their
death tolls grew (Hurricane Ian, Hurricane Julia, the Seoul Halloween crowd crush), each dated the
day it first appeared.
"""

import datetime as dt
import html
import json
import re
import sys
from pathlib import Path

UPDATED = ("Q114160017", "Q114563438", "Q114912414")


def _text(blurb: dict) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", blurb["blurb"])).strip()


def _day(seen: float) -> str:
    return dt.datetime.fromtimestamp(seen, dt.timezone.utc).date().isoformat()


def _write(name: str, rows: list[dict]) -> None:
    with open(Path(__file__).with_name(name), "w", encoding="utf-8") as out:
        for row in sorted(rows, key=lambda r: (r["date"], r["event"], r["text"])):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


source = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/itn") / "corpus.json"
corpus = json.loads(source.read_text(encoding="utf-8"))
rows, updates = [], []
for event in UPDATED:
    seen: dict[str, dict] = {}
    for ts, blurb in sorted(corpus[event].items(), key=lambda item: float(item[0])):
        if blurb["lang"] == "en" and _text(blurb) not in seen:
            seen[_text(blurb)] = {"date": _day(float(ts)), "event": event, "title": blurb["keyword"], "text": _text(blurb)}
    updates.extend(seen.values())
for event, items in corpus.items():
    english = [(float(ts), b) for ts, b in items.items() if b["lang"] == "en"]
    if not english:
        continue
    first, blurb = min(english, key=lambda item: item[0])
    day = _day(first)
    if "2022-10-01" <= day <= "2022-10-31" or "2023-01-15" <= day <= "2023-02-28":
        rows.append({"date": day, "event": event, "title": blurb["keyword"], "text": _text(blurb)})
_write("itn_en.jsonl", rows)
_write("itn_en_updates.jsonl", updates)
