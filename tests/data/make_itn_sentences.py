"""Rebuilds tests/data/itn_sentences.json from the ITN corpus (run once; the output is committed).

Wikipedia's "In the news" blurbs are one sentence each, in 55 languages, many of them in scripts
whose sentences end in marks of their own (the Devanagari danda ``।``, the Urdu full stop ``۔``,
``。``). For every language with at least 15 distinct blurbs, its blurbs in the order they were
seen, as documents of one paragraph of eight sentences each: gold sentence boundaries, in the
shape of ud_sentences.json, for languages no Universal Dependencies set here covers.

    python tests/data/make_itn_sentences.py ../shared/data/itn
"""

import html
import json
import re
import sys
from pathlib import Path

MIN_BLURBS = 15
PER_DOCUMENT = 8

source = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/itn") / "corpus.json"
corpus = json.loads(source.read_text(encoding="utf-8"))
seen: dict[str, dict[str, float]] = {}
for items in corpus.values():
    for ts, blurb in items.items():
        # Inside a blurb, a line break or a run of spaces is markup's, not the writer's.
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", blurb["blurb"])).split())
        if text:
            first = seen.setdefault(blurb["lang"], {})
            first[text] = min(first.get(text, float(ts)), float(ts))
out = {
    "source": "ITN corpus (shizhao/ITN-corpus, corpus/corpus.json at commit b6fb9b7; CC BY-SA 3.0, see "
              "itn_LICENSE.md): each language's distinct blurbs, one sentence each",
    "treebanks": {},
}
for lang, texts in sorted(seen.items()):
    if len(texts) < MIN_BLURBS:
        continue
    ordered = sorted(texts, key=lambda t: (texts[t], t))
    documents = [[ordered[i : i + PER_DOCUMENT]] for i in range(0, len(ordered), PER_DOCUMENT)]
    out["treebanks"][lang] = {"name": f"itn-{lang}", "source": "ITN blurbs", "documents": documents}
Path(__file__).with_name("itn_sentences.json").write_text(
    json.dumps(out, ensure_ascii=False, indent=0) + "\n", encoding="utf-8"
)
print({lang: sum(len(d[0]) for d in bank["documents"]) for lang, bank in out["treebanks"].items()})
