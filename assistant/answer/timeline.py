"""A topic's events in date order: a dated, quoted sentence per event, from several articles.

The articles a topic retrieves each give their sentence closest to it (scored as evidence is). Not
every article retrieved is about the topic: over a small index, or one with no article on it,
retrieval still fills its slots. A small logistic model decides which are, over the sentence's
similarity to the topic, the share of the topic's names it holds (matched across languages and
scripts, ``text.names``; the article's year counts as written) and whether it is in another
language than the topic (similarity runs lower across languages). A story (``indexing.stories``:
the same event told by other outlets, in other languages) is on the topic when one of its tellings
is, so its tellings are kept together. The model is fitted by ``benchmarks/timeline.py`` on the
ITN corpus (the same events in several languages, with Wikidata ids as gold), on the topics of
half of the stories, each asked both with its story indexed and without it, and measured on the
other half; it ships as ``answer/timeline.json``.

Sentences that say the same thing (a story retold on later days, or by another outlet) are one
entry: the earliest telling is quoted and dated, the others are kept with it, each with its exact
offsets. The same is near-identical, a cosine of at least ``SAME_EVENT`` between the sentences'
vectors (on the ITN blurbs, tests/data/itn_en*.jsonl, retellings of one event measured 0.963 or
more, and 99 % of the pairs from different events 0.897 or less), and stating the same numbers: a
death toll retold higher is a new entry.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from assistant.answer.evidence import Evidence, EvidenceScorer, Sentence, passage_sentences
from assistant.answer.judgement import Logistic, load_fitted
from assistant.search.retriever import Passage
from assistant.text.language import query_language
from assistant.text.names import anchor_share, anchors, numbers_found

SAME_EVENT = 0.93
# Articles read for a timeline: more than an answer reads, as a story is told over many days.
ARTICLES = 30

# Questions that ask for a timeline, and where their topic is ("timeline of the Ukraine war",
# "chronologie de la crise", "how did the strike unfold?"), in the answer languages.
_ASKS_FOR_TIMELINE = [
    re.compile(p, re.IGNORECASE) for p in (
        r"^\W*(?:(?:give|show|make)\s+(?:me\s+)?)?(?:an?\s+|the\s+)?(?:timeline|chronology)\s+(?:of|for|on)\s+(?P<topic>.+)",
        r"^\W*how\s+did\s+(?P<topic>.+?)\s+(?:unfold|develop|evolve|play\s+out)\b",
        r"^\W*(?:(?:donne|montre)[- ]moi\s+)?(?:une\s+|la\s+)?chronologie\s+(?:de\s+|du\s+|des\s+|d['’])(?P<topic>.+)",
        r"^\W*comment\s+(?P<topic>.+?)\s+s['’]est[- ]+(?:(?:il|elle)\s+)?(?:déroulée?|passée?)",
        r"^\W*(?:eine\s+|die\s+)?(?:zeitleiste|chronik|chronologie)\s+(?:von\s+|des\s+|der\s+|zum\s+|zur\s+|zu\s+)(?P<topic>.+)",
        r"^\W*wie\s+(?:hat|haben)\s+sich\s+(?P<topic>.+?)\s+entwickelt",
        r"^\W*(?:una\s+|la\s+)?cronolog[ií]a\s+(?:de\s+|del\s+|di\s+|della\s+|dello\s+|do\s+|da\s+|dos\s+)(?P<topic>.+)",
        r"^\W*c[oó]mo\s+se\s+desarroll(?:ó|o|aron)\s+(?P<topic>.+)",
        r"^\W*(?:een\s+|de\s+)?tijdlijn\s+(?:van\s+)?(?P<topic>.+)",
        r"^\W*хронология\s+(?P<topic>.+)",
    )
]


def says_the_same(sentence: str, other: str, cosine: float) -> bool:
    """Whether ``other`` (at ``cosine`` from ``sentence``) tells what ``sentence`` tells: near-identical
    and stating the same numbers. "At least 23 deaths" retold as "at least 87 people dead" is near
    enough in meaning, but it is news of its own (and no citation of the first)."""
    return cosine >= SAME_EVENT and numbers_found(sentence, other) and numbers_found(other, sentence)


def timeline_topic(question: str) -> str | None:
    """The topic when ``question`` asks for a timeline, else None."""
    for pattern in _ASKS_FOR_TIMELINE:
        found = pattern.search(question.strip())
        if found:
            topic = found.group("topic").strip(" \t?？!.。:;«»\"'“”")
            return topic or None
    return None


@dataclass(frozen=True)
class Telling:
    date: str
    quote: str  # the article's text[start:end], exactly
    title: str
    source: str
    start: int
    end: int
    article_id: str


@dataclass(frozen=True)
class TimelineEntry:
    """One event: its earliest telling, and the other articles that tell the same."""

    date: str
    quote: str
    title: str
    source: str
    start: int
    end: int
    article_id: str
    also: list[Telling] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Timeline:
    topic: str
    entries: list[TimelineEntry]
    since: str | None = None
    until: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"topic": self.topic, "since": self.since, "until": self.until,
                "entries": [e.to_dict() for e in self.entries]}


RELEVANCE_FEATURES = ("similarity", "names", "other_language")


@dataclass(frozen=True)
class Relevance:
    """Whether an article's closest sentence is about the topic: the fitted model, and the
    probability at or above which it is."""

    model: Logistic
    threshold: float
    provenance: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        model = asdict(self.model)
        del model["kind"]
        return {**model, "threshold": self.threshold, "provenance": self.provenance}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Relevance:
        model = Logistic.from_dict(data)
        if model.features != RELEVANCE_FEATURES:
            raise ValueError("its features are not the ones this version computes; re-fit it")
        if not len(model.mean) == len(model.scale) == len(model.weights) == len(RELEVANCE_FEATURES):
            raise ValueError("its mean, scale and weights do not have one value per feature")
        return cls(model, float(data["threshold"]), data.get("provenance", {}))


@lru_cache(maxsize=4)
def load_relevance(path: Path | None = None) -> Relevance:
    """The shipped relevance model, or the file at ``path``."""
    return load_fitted("timeline.json", path, Relevance.from_dict, "timeline model")


@dataclass(frozen=True)
class Closest:
    """A dated article's sentence closest to the topic, with what tells whether it is about it."""

    passage: Passage
    sentence: Sentence
    features: tuple[float, ...]  # RELEVANCE_FEATURES


def closest_sentences(topic: str, passages: list[Passage], scorer: EvidenceScorer) -> list[Closest]:
    """Each dated article's sentence closest to ``topic``, in the order of the articles' first passages."""
    dated = [p for p in passages if p.article.date]
    best: dict[str, Evidence] = {}
    for evidence in scorer.score_all(topic, [s for s in passage_sentences(dated) if s.quotable]):
        held = best.get(evidence.sentence.article_id)
        if held is None or evidence.alone > held.alone:
            best[evidence.sentence.article_id] = evidence
    names, language = anchors(topic), query_language(topic)
    closest = []
    for e in best.values():
        article = dated[e.sentence.passage].article
        # "The 2022 Morbi bridge collapse": an article dated 2022 need not write the year.
        named = anchor_share(names, f"{e.sentence.text} {(article.date or '')[:4]}")
        features = (e.alone, named, float(article.lang != language))
        closest.append(Closest(dated[e.sentence.passage], e.sentence, features))
    return closest


def on_topic(closest: list[Closest], relevance: Relevance) -> list[Closest]:
    """The sentences of the stories that one sentence at least shows to be about the topic."""
    if not closest:
        return []
    probabilities = relevance.model.probabilities(np.asarray([c.features for c in closest]))
    stories = {c.passage.article.story_key for c, p in zip(closest, probabilities) if p >= relevance.threshold}
    return [c for c in closest if c.passage.article.story_key in stories]


def build_timeline(
    topic: str, passages: list[Passage], scorer: EvidenceScorer, relevance: Relevance | None = None
) -> list[TimelineEntry]:
    """The entries for ``topic`` from ``passages`` (dated ones only, and only the stories about
    the topic), oldest first."""
    kept = on_topic(closest_sentences(topic, passages, scorer), relevance or load_relevance())
    tellings = sorted(((c.passage, c.sentence) for c in kept), key=lambda ps: (ps[0].article.date, ps[1].start))
    texts = [s.text for _, s in tellings]
    vectors = scorer.vectors(texts)
    events: list[list[int]] = []
    for i in range(len(tellings)):
        same = next((event for event in events
                     if says_the_same(texts[event[0]], texts[i], float(vectors[event[0]] @ vectors[i]))), None)
        if same is None:
            events.append([i])
        else:
            same.append(i)
    entries = []
    for event in events:
        first, *others = [_telling(*tellings[i]) for i in event]
        entries.append(TimelineEntry(**asdict(first), also=others))
    return entries


def _telling(passage: Passage, sentence: Sentence) -> Telling:
    article = passage.article
    return Telling(article.date or "", sentence.text, article.title, article.source, sentence.start, sentence.end,
                   article.id)
