"""news-assistant: question answering over news articles, across languages, with exact citations.

    from assistant import Assistant
    a = Assistant()
    a.index(["seeds/"])
    a.retrieve("who denied the shell deliveries?")
    print(a.ask("Who denied the allegations of shell deliveries?").text)
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.api import Assistant, IndexInfo, load_settings
from assistant.config import Settings
from assistant.errors import AssistantError

if TYPE_CHECKING:
    from assistant.answer.results import Answer
    from assistant.indexing.indexer import IndexReport
    from assistant.search.retriever import Passage

__all__ = [
    "Assistant", "AssistantError", "IndexInfo", "Settings", "ask", "index_articles", "load_settings", "retrieve",
]

_default: Assistant | None = None


def _default_assistant() -> Assistant:
    global _default
    if _default is None:
        _default = Assistant()
    return _default


def index_articles(paths: list[str | Path] | str | Path, **kwargs: Any) -> IndexReport:
    """``Assistant().index(...)`` on a default instance configured from the environment."""
    return _default_assistant().index(paths, **kwargs)


def retrieve(question: str, **kwargs: Any) -> list[Passage]:
    """``Assistant().retrieve(...)`` on a default instance configured from the environment."""
    return _default_assistant().retrieve(question, **kwargs)


def ask(question: str, history: list | None = None, **kwargs: Any) -> Answer:
    """``Assistant().ask(...)`` on a default instance configured from the environment."""
    return _default_assistant().ask(question, history, **kwargs)
