"""Conversation history, and turning a follow-up question into one that stands alone.

History comes as OpenAI-style messages (``{"role": "user", "content": ...}``, what Gradio passes) or
as ``(user, assistant)`` pairs. With an LLM configured, the LLM rewrites a follow-up using the
history (prompts/condense.md). The offline default rewrites deterministically: a question that
leans on the one before ("And when did he last meet him?") is searched together with that previous
question, so "he" and "him" find Kim and Putin again through the embedding of both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, Union

from assistant.errors import QueryError

Message = Union[Mapping[str, Any], tuple[str, str], list[str]]

_CONJUNCTION_START = re.compile(
    r"^\W*(and|but|also|what about|how about|et|mais|aussi|und|aber|auch|y|pero|también|e|ma|anche|en|maar|ook)\b",
    re.IGNORECASE,
)
# Not after a hyphen: French inversion ("marquait-il") names its subject in the same question.
_PRONOUNS = re.compile(
    r"(?<!-)\b(he|him|his|she|her|hers|they|them|their|it|its|there|that one|this one"
    r"|il|elle|ils|elles|lui|leur|eux|celui|celle|cela|ça"
    r"|er|ihn|ihm|ihr|ihnen|sein|seine|dort|dies"
    r"|él|ella|ellos|ellas|allí|eso|esto"
    r"|lui|lei|loro|esso|essa|lì"
    r"|ele|ela|eles|elas|dele|dela|lá"
    r"|hij|hem|zij|hun|daar)\b",
    re.IGNORECASE,
)
# A capitalised word after the first: the question names someone or something itself.
_NAMED = re.compile(r"(?<=\s)[A-ZÀ-ÖØ-Þ][\w’'-]+")


def message_text(content: Any) -> str:
    """Message content as text: a string, or a list of parts (``{"type": "text", "text": ...}``)."""
    if isinstance(content, str):
        return content.strip()
    if isinstance(content, list):
        return " ".join(
            p.get("text", "") if isinstance(p, Mapping) else p for p in content if isinstance(p, (str, Mapping))
        ).strip()
    return ""


def user_turns(history: Iterable[Message] | None) -> list[str]:
    """The user's earlier questions, oldest first."""
    turns: list[str] = []
    for item in history or []:
        if isinstance(item, Mapping):
            if item.get("role") == "user" and message_text(item.get("content")):
                turns.append(message_text(item.get("content")))
        elif isinstance(item, (tuple, list)) and len(item) == 2:
            if isinstance(item[0], str) and item[0].strip():
                turns.append(item[0].strip())
        else:
            raise QueryError(
                f"history entries must be {{'role': ..., 'content': ...}} messages or (user, assistant) pairs, got {item!r}"
            )
    return turns


def transcript(history: Iterable[Message] | None) -> str:
    """History as plain lines for a prompt ("User: ...", "Assistant: ...")."""
    lines = []
    for item in history or []:
        if isinstance(item, Mapping):
            role, content = str(item.get("role", "")), message_text(item.get("content"))
            if content and role in ("user", "assistant"):
                lines.append(f"{role.capitalize()}: {content}")
        elif isinstance(item, (tuple, list)) and len(item) == 2:
            lines.extend(f"{who}: {str(text).strip()}" for who, text in zip(("User", "Assistant"), item) if text)
    return "\n".join(lines)


def is_follow_up(question: str) -> bool:
    if _CONJUNCTION_START.search(question) or _PRONOUNS.search(question):
        return True
    # A short question naming nothing ("And the date?", "Why?") cannot stand alone either.
    return len(question.split()) <= 4 and not _NAMED.search(question)


def rewrite_follow_up(question: str, history: Iterable[Message] | None) -> str:
    """The deterministic rewrite: a follow-up is searched together with the previous question."""
    previous = user_turns(history)
    if previous and is_follow_up(question):
        return f"{previous[-1]} {question.strip()}"
    return question.strip()
