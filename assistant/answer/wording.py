"""The phrases answers are framed in (prompts/extractive.toml), shared by every answerer, so a
declined question reads the same whichever answerer declined it."""

from __future__ import annotations

from pathlib import Path

from assistant.answer.evidence import Sentence
from assistant.answer.prompts import load_phrases
from assistant.search.retriever import Passage

PHRASES = "extractive.toml"


def phrases(prompts_dir: Path | None, language: str) -> dict[str, str]:
    return load_phrases(prompts_dir, PHRASES, language)


def fill(table: dict[str, str], key: str, passage: Passage, **extra: str) -> str:
    """``key`` (or ``key_undated`` for an article without a date) filled in for the passage's article."""
    article = passage.article
    template = table[key] if article.date else table[f"{key}_undated"]
    return template.format(title=article.title, date=article.date or "", **extra)


def decline(table: dict[str, str], question: str, passages: list[Passage], closest: Sentence | None) -> str:
    """"The indexed articles do not say…", then what came closest, if anything did."""
    if not passages:
        return table["empty"]
    text = table["decline"].format(question=question.strip())
    if closest is not None:
        text += "\n" + fill(table, "closest", passages[closest.passage], quote=closest.text)
    return text
