"""The ITN corpus (../shared/data/itn): the same news events in many languages, dated."""

from __future__ import annotations

import html
import json
import random
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "itn"


# Languages whose blurbs carry the time they were crawled, not seen: all 91 Persian blurbs are
# dated 2021-04-20, months before the events they tell (September 2022 to April 2023).
CRAWL_DATED = frozenset({"fa"})


def itn_items(itn: Path, languages: tuple[str, ...]) -> list[dict]:
    """Every blurb in ``languages``: its Wikidata ``event``, the unix ``time`` it was seen, ``lang``,
    ``text`` (HTML removed) and ``title`` (the corpus's keyword). A blurb of a ``CRAWL_DATED``
    language takes the time its event was first seen in the other languages asked for."""
    corpus = json.loads((itn / "corpus.json").read_text(encoding="utf-8"))
    items = [
        {"event": event, "time": float(ts), "lang": blurb["lang"],
         "text": " ".join(html.unescape(re.sub(r"<[^>]+>", "", blurb["blurb"])).split()),
         "title": " ".join(html.unescape(blurb["keyword"]).split())}
        for event, seen in corpus.items() for ts, blurb in seen.items() if blurb["lang"] in languages
    ]
    first_seen: dict[str, float] = {}  # event -> when a language dated by sighting first had it
    for item in items:
        if item["lang"] not in CRAWL_DATED:
            first_seen[item["event"]] = min(first_seen.get(item["event"], item["time"]), item["time"])
    for item in items:
        if item["lang"] in CRAWL_DATED:
            item["time"] = first_seen.get(item["event"], item["time"])
    return items


def stories(items: list[dict]) -> dict[str, str]:
    """Each event's story: events whose English blurbs are the same text are one story (the corpus
    keys a blurb by the item it links in bold, so "Liz Truss" and "October 2022 United Kingdom
    government crisis" are two events told by one blurb). A story is named by its first event."""
    parent: dict[str, str] = {}

    def root(event: str) -> str:
        while parent.setdefault(event, event) != event:
            event = parent[event]
        return event

    told_by: dict[str, str] = {}
    for item in sorted(items, key=lambda i: i["event"]):
        if item["lang"] != "en":
            continue
        first = told_by.setdefault(item["text"], item["event"])
        a, b = sorted((root(first), root(item["event"])))
        parent[b] = a
    return {event: root(event) for event in {i["event"] for i in items}}


@dataclass(frozen=True)
class EventQuestion:
    """"What happened with <an event's English name>?", asked of one language's blurbs."""

    question: str
    name: str  # the event's English name, as the question asks it
    story: str  # file name of the article telling the event's story
    text: str  # that article's text: the story's blurbs in the language
    indexed: bool  # whether that article was written to the corpus
    keyword: str = ""  # the event's name in the language, as its news links it ("Effondrement du pont de Morvi")


def event_questions(itn: Path, lang: str, corpus: Path) -> list[EventQuestion]:
    """One question per event told both in English and in ``lang``; every other story (in the order
    of their names) is written to ``corpus`` as a dated Markdown article holding the first blurb seen
    in ``lang`` of each of its events, so the questions about the other stories are unanswerable."""
    items = itn_items(itn, ("en", lang))
    story_of = stories(items)
    first: dict[tuple[str, str], dict] = {}
    for item in sorted(items, key=lambda i: i["time"]):
        first.setdefault((item["event"], item["lang"]), item)
    events = sorted(e for (e, language) in first if language == lang and (e, "en") in first)
    told = sorted({story_of[e] for e in events})
    indexed = set(told[::2])
    texts = {}
    for story in told:
        blurbs = [first[(e, lang)] for e in events if story_of[e] == story]
        texts[story] = "\n\n".join(dict.fromkeys(b["text"] for b in blurbs))
        if story in indexed:
            day = datetime.fromtimestamp(min(b["time"] for b in blurbs), timezone.utc).date().isoformat()
            title = blurbs[0]["title"].replace("\n", " ")
            corpus.mkdir(parents=True, exist_ok=True)
            (corpus / f"{story}.md").write_text(f"---\ntitle: {title}\ndate: {day}\n---\n{texts[story]}\n",
                                                encoding="utf-8")
    names = {e: first[(e, "en")]["title"] for e in events}
    return [EventQuestion(f"What happened with {names[e]}?", names[e], f"{story_of[e]}.md", texts[story_of[e]],
                          story_of[e] in indexed, " ".join(first[(e, lang)]["title"].split())) for e in events]


@dataclass(frozen=True)
class MixedQuestion:
    """A question about one story of an index in several languages."""

    text: str
    lang: str
    story: str  # file name of the story's article
    kind: str  # "blurb": the story told in another language; "question": "What happened with <English name>?"


def mixed_corpus(itn: Path, languages: tuple[str, ...], seed: int, folder: Path) -> list[MixedQuestion]:
    """Writes one article per story to ``folder``: its first blurb in one of its ``languages``
    drawn at random, so the index mixes all of them. The questions about a story are its first
    blurb in each of its other languages, and "What happened with <its English name>?" when it has
    one."""
    items = itn_items(itn, languages)
    story_of = stories(items)
    told: dict[str, dict[str, dict]] = defaultdict(dict)
    for item in sorted(items, key=lambda i: i["time"]):
        told[story_of[item["event"]]].setdefault(item["lang"], item)
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    questions = []
    for story in sorted(told):
        langs = sorted(told[story])
        chosen = rng.choice(langs)
        name = f"{story}.txt"
        (folder / name).write_text(told[story][chosen]["text"] + "\n", encoding="utf-8")
        questions += [MixedQuestion(told[story][lang]["text"], lang, name, "blurb") for lang in langs if lang != chosen]
        if "en" in told[story]:
            questions.append(MixedQuestion(f"What happened with {told[story]['en']['title']}?", "en", name, "question"))
    return questions
