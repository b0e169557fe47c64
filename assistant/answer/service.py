"""Question (and history) in, cited answer out: rewrite the follow-up, retrieve, answer."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Protocol

from assistant.answer.results import Answer
from assistant.config import EXTRACTIVE, Settings
from assistant.answer.conversation import Message, rewrite_follow_up
from assistant.errors import QueryError
from assistant.answer.evidence import EvidenceScorer
from assistant.answer.extractive import ExtractiveAnswerer
from assistant.answer.judgement import Judge, load_calibration
from assistant.text.language import question_language
from assistant.search.retriever import Passage, Retriever

MAX_QUESTION_CHARS = 2000


class Answerer(Protocol):
    def answer(self, question: str, query: str, language: str, passages: list[Passage]) -> Answer: ...


class AnswerService:
    def __init__(self, settings: Settings, retriever: Retriever, scorer: EvidenceScorer):
        self.settings = settings
        self.retriever = retriever
        self.llm = None
        # Every answerer decides whether to answer the same way (answer.judgement).
        judge = Judge(scorer, load_calibration(settings.calibration), settings.refusal_threshold)
        if settings.llm == EXTRACTIVE:
            self.answerer: Answerer = ExtractiveAnswerer(judge, settings.prompts_dir)
        else:
            from assistant.answer.llm import LLMAnswerer, chat_model

            self.llm = LLMAnswerer(chat_model(settings), scorer, judge, settings)
            self.answerer = self.llm

    def _prepare(self, question: str, history: list[Message] | None, k: int | None) -> tuple[str, str, list[Passage]]:
        if not isinstance(question, str) or not question.strip():
            raise QueryError("the question is empty")
        if len(question) > MAX_QUESTION_CHARS:
            raise QueryError(f"the question is {len(question)} characters long; the limit is {MAX_QUESTION_CHARS}")
        language = question_language(question)
        query = self.llm.standalone(question, history) if self.llm else rewrite_follow_up(question, history)
        return query, language, self.retriever.retrieve(query, k=k or self.settings.answer_k)

    def ask(self, question: str, history: list[Message] | None = None, k: int | None = None) -> Answer:
        query, language, passages = self._prepare(question, history, k)
        return self.answerer.answer(question.strip(), query, language, passages)

    def stream(
        self, question: str, history: list[Message] | None = None, k: int | None = None
    ) -> Iterator[str | Answer]:
        """Text as it is produced, then the final ``Answer`` (whose text is authoritative)."""
        query, language, passages = self._prepare(question, history, k)
        if self.llm:
            yield from self.llm.stream(question.strip(), query, language, passages)
            return
        answer = self.answerer.answer(question.strip(), query, language, passages)
        # The extractive answer exists whole at once; streaming it word by word keeps one contract.
        yield from re.findall(r"\S+\s*", answer.text)
        yield answer
