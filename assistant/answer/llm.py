"""LLM answerers through LangChain chat models: Ollama, OpenAI-compatible servers, local GGUF files.

The chain is plain LCEL: prompt (files in prompts/) | chat model | string. The model's draft is
then cited by code (citations.py), never trusted as is. The model is only asked when the judge
(``answer.judgement``) finds the passages able to answer, and a draft with a claim its citation
does not support, or with no citation at all, is declined: in both cases with the extractive
answerer's own words.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.runnables import Runnable

from assistant.answer.results import Answer
from assistant.answer.citations import cite
from assistant.config import Settings
from assistant.answer.conversation import Message, transcript
from assistant.errors import ConfigError, LLMError
from assistant.answer.evidence import EvidenceScorer
from assistant.answer.judgement import Judge, Judgement
from assistant.answer.prompts import load_prompt
from assistant.answer.wording import decline, phrases
from assistant.search.retriever import Passage

NO_ANSWER = "NO_ANSWER"
LANGUAGE_NAMES = {
    "en": "English", "fr": "French", "de": "German", "es": "Spanish", "it": "Italian", "pt": "Portuguese",
    "nl": "Dutch",
}


def chat_model(settings: Settings) -> BaseChatModel:
    """The chat model named by ``ASSISTANT_LLM`` (``ollama:<model>``, ``openai:<model>``, ``gguf:<path>``)."""
    kind, _, model = settings.llm.partition(":")
    try:
        if kind == "openai":
            from langchain_openai import ChatOpenAI

            key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
            if settings.openai_base_url:
                # A local server (llama.cpp, vLLM, LM Studio) needs some key, and llama.cpp reads
                # max_tokens, not the max_completion_tokens that ChatOpenAI sends.
                return ChatOpenAI(
                    model=model, base_url=settings.openai_base_url, api_key=key or "not-needed",
                    temperature=settings.llm_temperature, timeout=settings.llm_timeout, max_retries=1,
                    extra_body={"max_tokens": settings.llm_max_tokens},
                )
            if key is None:
                raise ConfigError(f"ASSISTANT_LLM={settings.llm!r} needs ASSISTANT_OPENAI_API_KEY (or a base URL)")
            return ChatOpenAI(
                model=model, api_key=key, temperature=settings.llm_temperature, timeout=settings.llm_timeout,
                max_tokens=settings.llm_max_tokens, max_retries=1,
            )
        if kind == "ollama":
            from langchain_ollama import ChatOllama

            return ChatOllama(
                model=model, base_url=settings.ollama_url, temperature=settings.llm_temperature,
                num_predict=settings.llm_max_tokens,
            )
        from assistant.answer.gguf import GGUFChatModel

        return GGUFChatModel.load(Path(model).expanduser(), settings)
    except ImportError as err:
        extra = "gguf" if kind == "gguf" else "llm"
        raise ConfigError(
            f"ASSISTANT_LLM={settings.llm!r} needs the {err.name} package: pip install 'news-assistant[{extra}]'"
        ) from None


def _sources(passages: list[Passage]) -> str:
    blocks = []
    for n, p in enumerate(passages, start=1):
        date = f' date="{p.article.date}"' if p.article.date else ""
        title = p.article.title.replace('"', "'")
        blocks.append(f'<source id="{n}" title="{title}"{date}>\n{p.text}\n</source>')
    return "\n".join(blocks)


class LLMAnswerer:
    def __init__(self, model: BaseChatModel, scorer: EvidenceScorer, judge: Judge, settings: Settings):
        self.model = model
        self.scorer = scorer
        self.judge = judge
        self.settings = settings
        prompts = settings.prompts_dir
        self.prompt = ChatPromptTemplate.from_messages(
            [("system", load_prompt(prompts, "answer_system.md")), ("human", load_prompt(prompts, "answer_user.md"))]
        )
        self.chain: Runnable = self.prompt | model | StrOutputParser()
        self.condense_chain: Runnable = (
            ChatPromptTemplate.from_messages([("human", load_prompt(prompts, "condense.md"))]) | model | StrOutputParser()
        )

    def _failed(self, err: Exception) -> LLMError:
        where = f" at {self.settings.openai_base_url or self.settings.ollama_url}" if not self.settings.llm.startswith("gguf:") else ""
        detail = str(err).splitlines()[0] if str(err) else ""
        return LLMError(f"ASSISTANT_LLM={self.settings.llm!r}{where} failed: {type(err).__name__}: {detail}")

    def standalone(self, question: str, history: list[Message] | None) -> str:
        if not history:
            return question.strip()
        try:
            rewritten = self.condense_chain.invoke({"history": transcript(history), "question": question}).strip()
        except Exception as err:  # any client or server failure of the model
            raise self._failed(err) from err
        return rewritten.splitlines()[0].strip() if rewritten else question.strip()

    def _inputs(self, query: str, language: str, passages: list[Passage]) -> dict[str, Any]:
        return {"sources": _sources(passages), "question": query, "language": LANGUAGE_NAMES.get(language, "English")}

    def answer(self, question: str, query: str, language: str, passages: list[Passage]) -> Answer:
        judgement = self.judge.judge(question, query, passages)
        if not judgement.answer:
            return self._decline(question, query, language, passages, judgement)
        try:
            draft = self.chain.invoke(self._inputs(query, language, passages))
        except Exception as err:  # any client or server failure of the model
            raise self._failed(err) from err
        return self.finish(question, query, language, passages, draft, judgement)

    def stream(self, question: str, query: str, language: str, passages: list[Passage]) -> Iterator[str | Answer]:
        judgement = self.judge.judge(question, query, passages)
        if not judgement.answer:
            yield self._decline(question, query, language, passages, judgement)
            return
        draft = []
        try:
            for piece in self.chain.stream(self._inputs(query, language, passages)):
                draft.append(piece)
                yield piece
        except Exception as err:  # any client or server failure of the model
            raise self._failed(err) from err
        yield self.finish(question, query, language, passages, "".join(draft), judgement)

    def finish(self, question: str, query: str, language: str, passages: list[Passage], draft: str,
               judgement: Judgement | None = None) -> Answer:
        if draft.strip().startswith(NO_ANSWER) or not draft.strip():
            return self._decline(question, query, language, passages, judgement)
        cited = cite(draft.strip(), passages, self.scorer, self.settings.support_threshold)
        if not cited.citations or cited.unsupported_claims:
            # Truth over fluency: a claim whose quote does not back it is not shown at all.
            declined = self._decline(question, query, language, passages, judgement)
            return Answer(question, declined.text, [], False, language, passages, query,
                          [*cited.warnings, "the draft was declined: " + (
                              "it cites no source" if not cited.citations else "a citation does not support its claim")])
        return Answer(question, cited.text, cited.citations, True, language, passages, query, cited.warnings)

    def _decline(self, question: str, query: str, language: str, passages: list[Passage],
                 judgement: Judgement | None) -> Answer:
        closest = judgement.best.evidence.sentence if judgement and judgement.best else None
        text = decline(phrases(self.settings.prompts_dir, language), question, passages, closest)
        return Answer(question, text, [], False, language, passages, query)
