"""The offline answerer: it answers with the articles' own sentences, quoted and cited.

No package bundles a generative model that answers these questions without inventing (see
DESIGN.md), so the default never writes a claim of its own: it frames the sentence that the
calibrated judge (``answer.judgement``) finds most likely to hold the answer (“<sentence>” [1]: the
title, date and source are the citation's), and the runner-up when it is at least half as likely. It
declines when the judge finds the question unanswerable from the passages, and then shows what
came closest.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from assistant.answer.judgement import Candidate, Judge, Judgement, runner_up
from assistant.answer.results import Answer, Citation
from assistant.answer.wording import decline, phrases
from assistant.search.retriever import Passage

# The runner-up is quoted too when the judge finds it at least half as likely as the best to hold
# the answer: on the development sets (benchmarks/calibrate.py) that quotes two sentences in about
# one answer in fourteen and turns two or three wrong answers in a hundred into right ones.
SECOND_QUOTE = 0.5


def quoted(judgement: Judgement) -> list[Candidate]:
    """The candidates an answer quotes: the best, and the next when it is as likely to answer."""
    if judgement.best is None:
        return []
    first = judgement.best
    second = runner_up(judgement.candidates)
    return [first] + ([second] if second and second.probability >= SECOND_QUOTE * first.probability else [])


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
        chosen = quoted(judgement)
        # Quotes in article order, grouped by article, so the answer reads like the source.
        chosen.sort(key=lambda c: (c.evidence.sentence.passage, c.evidence.sentence.start))
        citations: list[Citation] = []
        parts: list[str] = []
        for candidate in chosen:
            s = candidate.evidence.sentence
            passage = passages[s.passage]
            number = len(citations) + 1
            citations.append(
                Citation(number, s.article_id, passage.article.title, passage.article.date, passage.article.source,
                         s.text, s.start, s.end, True, round(candidate.probability, 4),
                         [asdict(a) for a in passage.also_in])
            )
            parts.append(table["quote"].format(quote=s.text, markers=f"[{number}]"))
        return Answer(question, " ".join(parts), citations, True, language, passages, query)
