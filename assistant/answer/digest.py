"""What happened in a period: its most told stories, one line each, for a question that names a time
and nothing else ("What happened last week?", "Que s'est-il passé en mars 2023 ?"), or asks what is
new and names nothing at all ("What's new?": the week to the newest article, ``periods.latest_week``).

Such a question has no topic to judge an answer against: every article of the period answers it,
and a single quote picked by similarity to "what happened" is arbitrary. So the period's stories
(``indexing.stories``) are ranked by how many of the period's articles tell them (the news that
several outlets and languages report is the news of the period), the ``DIGEST_STORIES`` most told
are listed oldest first, each by the first quotable sentence of its newest telling in the question's
language, or of its newest telling when none is in that language, with its other tellings named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answer.evidence import Sentence, passage_sentences
from assistant.answer.question_cues import WHAT_HAPPENED
from assistant.indexing.store import Store, date_bounds
from assistant.search.retriever import ArticleInfo, Passage
from assistant.text.periods import Period

DIGEST_STORIES = 6

# Prepositions and articles left around the time phrase: they name no topic.
_FILLER = re.compile(r"\b(?:in|on|at|the|en|le|la|les|au|du|de|im|am|der|den|el|los|las|a|в|во|за)\b", re.I)


def asks_what_happened(question: str, period: Period | None = None) -> bool:
    """Whether ``question`` asks what happened in ``period`` and names nothing else; without a
    period, whether it asks what is new ("What's the latest news?", "Quoi de neuf ?")."""
    # The time phrase and its prepositions out first: German puts them inside ("Was ist im Oktober
    # passiert?").
    phrase = period.phrase if period else ""
    rest = " ".join(_FILLER.sub(" ", question.replace(phrase, " ") if phrase else question).split())
    found = WHAT_HAPPENED.search(rest)
    return bool(found) and not re.search(r"\w", rest[: found.start()] + " " + rest[found.end() :])


@dataclass(frozen=True)
class DigestEntry:
    passage: Passage  # the telling quoted (its first chunk)
    sentence: Sentence
    others: tuple[ArticleInfo, ...]  # the story's other tellings in the period


def build_digest(store: Store, period: Period, language: str, limit: int = DIGEST_STORIES) -> list[DigestEntry]:
    """The period's ``limit`` most told stories, oldest first (``period`` holds whole articles only:
    one dated "2023-09" is not of 14 September)."""
    first, last = date_bounds(period.since.isoformat())[0], date_bounds(period.until.isoformat())[1]
    ledes = store.first_chunks(first, last)
    records = store.records_of(chunk.metadata["article_id"] for chunk in ledes)
    stories: dict[str, list[Passage]] = {}
    for chunk in ledes:
        record = records.get(chunk.metadata["article_id"])
        if record is None or record.version != chunk.metadata.get("version"):
            continue  # an old version, or an article removed meanwhile
        passage = Passage.from_stored(chunk, 0, record)
        stories.setdefault(passage.article.story_key, []).append(passage)
    ranked = sorted(stories.values(), key=lambda told: (len(told), max(p.article.date or "" for p in told)),
                    reverse=True)
    entries = []
    for told in ranked:
        told.sort(key=lambda p: (p.article.lang == language, p.article.date or ""), reverse=True)
        for passage in told:
            sentence = next((s for s in passage_sentences([passage]) if s.quotable), None)
            if sentence is not None:
                others = tuple(p.article for p in told if p.article.id != passage.article.id)
                entries.append(DigestEntry(passage, sentence, others))
                break
        if len(entries) == limit:
            break
    return sorted(entries, key=lambda e: (e.passage.article.date or "", e.sentence.start))
