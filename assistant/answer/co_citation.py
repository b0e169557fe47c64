"""One fact, several outlets: a quote's other tellings cited beside it.

Retrieval gives a story one place (``search.retriever``), naming the story's other articles in the
passage's ``also_in``. For each quote of an answer, the sentence of each such article that says the
same is cited too, its marker right after the quote's: "“…” [1][2]". The same is
``timeline.says_the_same``: a cosine of at least ``timeline.SAME_EVENT`` to the quote, or to its
last sentence when it quotes two (on the ITN blurbs, retellings of one event measured 0.963 or more,
and 99 % of pairs from different events 0.897 or less), and the same numbers ("87 dead" is no
citation of "23 deaths"). An article whose closest sentence is further away stays in ``also_in``
only: it tells the story, but no sentence of it says this.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from assistant.answer.evidence import EvidenceScorer, passage_sentences, with_before
from assistant.answer.results import MARKER, Answer, Citation
from assistant.answer.timeline import says_the_same
from assistant.search.retriever import Passage
from assistant.text.sentences import split_sentences


def cite_other_tellings(answer: Answer, tellings: list[Passage], scorer: EvidenceScorer) -> Answer:
    """``answer`` with, after each quote's marker, markers for the same sentence in other articles
    of its story found in ``tellings`` (passages retrieved without folding stories)."""
    if not answer.grounded or not any(c.also_in for c in answer.citations):
        return answer
    groups: dict[int, list[Citation]] = {}
    used: list[Passage] = []
    for citation in answer.citations:
        found = [citation]
        # A quote of two sentences (the one the answer rests on, after the one it points back to) is
        # said again by a sentence that says the last.
        pieces = [citation.quote[a:b] for a, b in split_sentences(citation.quote)]
        told = list(dict.fromkeys([citation.quote, *pieces[-1:]]))
        said = scorer.vectors(told)
        for other in citation.also_in:
            own = [p for p in tellings if p.article.id == other["id"]]
            sentences = [s for s in passage_sentences(own) if s.quotable]
            if not sentences:
                continue
            similarities = scorer.vectors([s.text for s in sentences]) @ said.T
            similarity = similarities.max(axis=1)
            best = int(np.argmax(similarity))
            if says_the_same(told[int(np.argmax(similarities[best]))], sentences[best].text, float(similarity[best])):
                s, passage = sentences[best], own[sentences[best].passage]
                start, text = s.start, s.text
                # A copy of both sentences is cited as both, as the quote is.
                found_both = with_before(own, s) if len(pieces) > 1 else None
                if found_both and says_the_same(citation.quote, found_both[1],
                                                float(scorer.vectors([found_both[1]])[0] @ said[0])):
                    passage, text = found_both
                    start = s.before_start
                found.append(Citation(0, s.article_id, passage.article.title, passage.article.date,
                                      passage.article.source, text, start, s.end, True,
                                      round(float(similarity[best]), 4)))
                used.append(passage)
        groups[citation.number] = found
    if len(groups) == sum(len(g) for g in groups.values()):
        return answer
    numbered: list[Citation] = []
    markers: dict[int, str] = {}
    for number in sorted(groups):
        first = len(numbered) + 1
        numbered += [replace(c, number=first + i) for i, c in enumerate(groups[number])]
        markers[number] = "".join(f"[{n}]" for n in range(first, len(numbered) + 1))
    text = MARKER.sub(lambda m: markers.get(int(m.group(1)), m.group(0)), answer.text)
    known = {(p.article.id, p.start, p.end) for p in answer.passages}
    extra = [p for p in used if (p.article.id, p.start, p.end) not in known]
    return replace(answer, text=text, citations=numbered, passages=answer.passages + extra)
