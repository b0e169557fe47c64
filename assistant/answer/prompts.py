"""Prompt templates and answer phrases, read from the prompts folder by name."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

from assistant.errors import ConfigError


@lru_cache(maxsize=32)
def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as err:
        raise ConfigError(
            f"prompt file {path} cannot be read ({err.strerror or err}); check ASSISTANT_PROMPTS_DIR"
        ) from None


def load_prompt(prompts_dir: Path, name: str) -> str:
    return _read(prompts_dir / name)


def load_phrases(prompts_dir: Path, name: str, language: str) -> dict[str, str]:
    """One language's table of a TOML phrase file, English for languages it lacks."""
    path = prompts_dir / name
    try:
        tables = tomllib.loads(_read(path))
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: {err}") from None
    return tables.get(language) or tables["en"]
