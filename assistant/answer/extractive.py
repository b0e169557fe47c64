"""The offline answerer: it answers with the articles' own sentences, quoted and cited.

No package bundles a generative model that answers these questions without inventing (see
DESIGN.md), so the default never writes a claim of its own: it frames the best supporting
sentence(s) in the question's language ("According to “<title>” (<date>): “<sentence>” [1]"). It
declines when no sentence scores above ``refusal_threshold`` or when the best ones cannot hold the
kind of answer the question asks for (a number, a date, a name), and then shows what came closest.
"""

from __future__ import annotations

from pathlib import Path

from assistant.answer.question_cues import can_answer, expected_types
from assistant.answer.results import Answer, Citation
from assistant.answer.evidence import Evidence, EvidenceScorer, passage_sentences
from assistant.answer.prompts import load_phrases
from assistant.search.retriever import Passage

PHRASES = "extractive.toml"
# A sentence this close to the best may be quoted instead of it when only it holds the kind of
# answer asked for (a number, a date, a name); further down, the evidence is too weak to prefer.
TYPE_SLACK = 0.015
# A second sentence this close to the first is as good an answer: both are quoted.
TIE = 0.005
MAX_QUOTES = 2


class ExtractiveAnswerer:
    def __init__(self, scorer: EvidenceScorer, prompts_dir: Path, threshold: float):
        self.scorer = scorer
        self.prompts_dir = prompts_dir
        self.threshold = threshold

    def choose(self, question: str, query: str, passages: list[Passage]) -> tuple[list[Evidence], list[Evidence]]:
        """(the evidence to quote, everything ranked): an empty first list means decline."""
        ranked = self.scorer.rank(query, passage_sentences(passages))
        if not ranked or ranked[0].score < self.threshold:
            return [], ranked
        kinds = expected_types(question)
        floor = max(self.threshold, ranked[0].score - TYPE_SLACK)
        eligible = [e for e in ranked if e.score >= floor and can_answer(e.sentence.text, kinds)]
        if not eligible:
            return [], ranked
        first = eligible[0]
        return [first] + [e for e in eligible[1:] if e.score >= first.score - TIE][: MAX_QUOTES - 1], ranked

    def answer(self, question: str, query: str, language: str, passages: list[Passage]) -> Answer:
        phrases = load_phrases(self.prompts_dir, PHRASES, language)
        if not passages:
            return Answer(question, phrases["empty"], [], False, language, [], query)
        chosen, ranked = self.choose(question, query, passages)
        if not chosen:
            return Answer(question, self._decline(question, ranked, passages, phrases), [], False, language, passages, query)
        # Quotes in article order, grouped by article, so the answer reads like the source.
        chosen.sort(key=lambda e: (e.sentence.passage, e.sentence.start))
        citations: list[Citation] = []
        parts: list[str] = []
        for evidence in chosen:
            passage = passages[evidence.sentence.passage]
            if not citations or citations[-1].id != passage.article.id:
                parts.append(_fill(phrases, "source", passage))
            number = len(citations) + 1
            s = evidence.sentence
            citations.append(
                Citation(number, s.article_id, passage.article.title, passage.article.date, passage.article.source,
                         s.text, s.start, s.end, True, round(evidence.score, 4))
            )
            parts.append(phrases["quote"].format(quote=s.text, markers=f"[{number}]"))
        return Answer(question, " ".join(parts), citations, True, language, passages, query)

    def _decline(self, question: str, ranked: list[Evidence], passages: list[Passage], phrases: dict[str, str]) -> str:
        text = phrases["decline"].format(question=question.strip())
        if ranked:
            closest = ranked[0].sentence
            text += "\n" + _fill(phrases, "closest", passages[closest.passage], quote=closest.text)
        return text


def _fill(phrases: dict[str, str], key: str, passage: Passage, **extra: str) -> str:
    article = passage.article
    template = phrases[key] if article.date else phrases[f"{key}_undated"]
    return template.format(title=article.title, date=article.date or "", **extra)
