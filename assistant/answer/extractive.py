"""The offline answerer: it answers with the articles' own sentences, quoted and cited.

No package bundles a generative model that answers these questions without inventing (see
DESIGN.md), so the default never writes a claim of its own: it frames the sentence that the
calibrated judge (``answer.judgement``) finds most likely to hold the answer (“<sentence>” [1]: the
title, date and source are the citation's), and the runner-up when it is at least half as likely. A
sentence that points back to the one before it ("…treated using these devices", ``text.reference``)
is quoted with that sentence, which says what it points to; so is one that lacks the kind of answer
asked for when the sentence before holds it ("Who won…?": "Nevertheless, they won the title in
2000." after "Their rivals, Polonia Warsaw, …"). It declines when the judge finds the
question unanswerable from the passages, and then shows what came closest.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from assistant.answer.evidence import is_prose, with_before
from assistant.answer.judgement import Candidate, Judge, Judgement, runner_up
from assistant.answer.results import Answer, Citation
from assistant.answer.wording import decline, phrases
from assistant.search.retriever import Passage
from assistant.text.reference import refers_back

# The runner-up is quoted too when the judge finds it at least half as likely as the best to hold
# the answer: on the development sets (benchmarks/calibrate.py) that quotes two sentences in about
# one answer in fourteen and turns two or three wrong answers in a hundred into right ones. Quoting
# it only when it lacks none of the question's names the best has (December 2026, development
# questions): of the 51 runners-up that lack more, 43 do not hold the answer, but 8 do where the
# best does not, names being renamed in translation; so a runner-up of another place ("floods in
# Pakistan": one in Kinshasa) is still quoted beside the best.
SECOND_QUOTE = 0.5


def quoted(judgement: Judgement) -> list[Candidate]:
    """The candidates an answer quotes: the best, and the next when it is as likely to answer."""
    if judgement.best is None:
        return []
    first = judgement.best
    second = runner_up(judgement.candidates)
    return [first] + ([second] if second and second.probability >= SECOND_QUOTE * first.probability else [])


@dataclass(frozen=True)
class Quote:
    """What one citation quotes: ``text`` is the article's text from ``start`` to ``end``."""

    candidate: Candidate
    text: str
    start: int
    end: int

    def overlaps(self, other: Quote) -> bool:
        same = self.candidate.evidence.sentence.article_id == other.candidate.evidence.sentence.article_id
        return same and self.start < other.end and other.start < self.end


def quotes_of(candidate: Candidate, passages: list[Passage]) -> list[Quote]:
    """The ways to quote a candidate, the preferred first: with the sentence before it when it points
    back to that one and does not itself hold the kind of answer asked for (a name, a date, a number:
    "Ces allégations ont été démenties par le Kremlin" answers "Who denied…?" alone), or when it
    lacks that kind and the sentence before holds it (``answer_before``), then alone. The sentence
    before must be prose of the same paragraph, held by a retrieved passage.

    ``answer_before``, on the development questions (benchmarks/calibrate.py's, every set and half,
    about 9,500 questions, December 2026): 41 quotes gain the sentence before; 6 answers become
    right (two paragraphs, asked in several sets: who won the Ekstraklasa in 2000, who decides how
    land may be used), none becomes wrong, as the quote keeps the sentence chosen."""
    s = candidate.evidence.sentence
    alone = Quote(candidate, s.text, s.start, s.end)
    leans = bool(candidate.features.get("answer_before")) or (
        not candidate.features.get("type_fit") and refers_back(s.text, passages[s.passage].article.lang))
    found = with_before(passages, s) if leans and is_prose(s.before) else None
    text = found[1] if found else ""
    if not text or text[len(s.before) : -len(s.text)].count("\n") > 1:  # a paragraph ends between them
        return [alone]
    return [Quote(candidate, text, s.before_start, s.end), alone]


def answer_quotes(judgement: Judgement, passages: list[Passage]) -> list[Quote]:
    """What an answer quotes (``quoted``, each as ``quotes_of`` prefers), in article order and grouped
    by article, so the answer reads like the source."""
    chosen: list[Quote] = []
    for candidate in quoted(judgement):
        # A quote that would repeat words of one already chosen is quoted alone, or not at all.
        quote = next((q for q in quotes_of(candidate, passages) if not any(q.overlaps(c) for c in chosen)), None)
        if quote:
            chosen.append(quote)
    return sorted(chosen, key=lambda q: (q.candidate.evidence.sentence.passage, q.start))


class ExtractiveAnswerer:
    def __init__(self, judge: Judge, prompts_dir: Path | None):
        self.judge = judge
        self.prompts_dir = prompts_dir

    def answer(self, question: str, query: str, language: str, passages: list[Passage]) -> Answer:
        table = phrases(self.prompts_dir, language)
        judgement = self.judge.judge(question, query, passages)
        if not judgement.answer or judgement.best is None:
            closest = judgement.best.evidence.sentence if judgement.best else None
            return Answer(question, decline(table, question, passages, closest), [], False, language, passages, query)
        citations: list[Citation] = []
        parts: list[str] = []
        for quote in answer_quotes(judgement, passages):
            passage = passages[quote.candidate.evidence.sentence.passage]
            article = passage.article
            number = len(citations) + 1
            citations.append(
                Citation(number, article.id, article.title, article.date, article.source, quote.text, quote.start,
                         quote.end, True, round(quote.candidate.probability, 4), [asdict(a) for a in passage.also_in])
            )
            parts.append(table["quote"].format(quote=quote.text, markers=f"[{number}]"))
        return Answer(question, " ".join(parts), citations, True, language, passages, query)
