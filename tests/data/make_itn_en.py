"""Rebuilds tests/data/itn_en.jsonl from the ITN corpus (run once; the output is committed).

One dated English news item per event, on the day its blurb first appeared in Wikipedia's "In the
news" box, for the events first seen in October 2022 or from 15 January to the end of February
2023: a small dated corpus with empty months between its two stretches.
"""

import datetime as dt
import html
import json
import re
import sys
from pathlib import Path

source = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/itn") / "corpus.json"
rows = []
for event, items in json.loads(source.read_text(encoding="utf-8")).items():
    english = [(float(ts), b) for ts, b in items.items() if b["lang"] == "en"]
    if not english:
        continue
    seen, blurb = min(english, key=lambda item: item[0])
    day = dt.datetime.fromtimestamp(seen, dt.timezone.utc).date().isoformat()
    text = html.unescape(re.sub(r"<[^>]+>", "", blurb["blurb"])).strip()
    if "2022-10-01" <= day <= "2022-10-31" or "2023-01-15" <= day <= "2023-02-28":
        rows.append({"date": day, "event": event, "title": blurb["keyword"], "text": text})
with open(Path(__file__).with_name("itn_en.jsonl"), "w", encoding="utf-8") as out:
    for row in sorted(rows, key=lambda r: (r["date"], r["event"])):
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
