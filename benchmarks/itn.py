"""The ITN corpus (../shared/data/itn): the same news events in many languages, dated."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "itn"


def itn_items(itn: Path, languages: tuple[str, ...]) -> list[dict]:
    """Every blurb in ``languages``: its Wikidata ``event``, the unix ``time`` it was seen, ``lang``,
    ``text`` (HTML removed) and ``title`` (the corpus's keyword)."""
    corpus = json.loads((itn / "corpus.json").read_text(encoding="utf-8"))
    return [
        {"event": event, "time": float(ts), "lang": blurb["lang"],
         "text": " ".join(html.unescape(re.sub(r"<[^>]+>", "", blurb["blurb"])).split()),
         "title": " ".join(html.unescape(blurb["keyword"]).split())}
        for event, seen in corpus.items() for ts, blurb in seen.items() if blurb["lang"] in languages
    ]
