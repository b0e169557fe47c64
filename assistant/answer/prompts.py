"""Prompt templates and answer phrases, read by name from the package (``assistant/prompts``) or
from the folder ``ASSISTANT_PROMPTS_DIR`` names instead.

The package's own are read through ``importlib.resources``, so an installed wheel finds them
wherever it lives.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from assistant.errors import ConfigError


def _source(prompts_dir: Path | None, name: str) -> Traversable:
    return resources.files("assistant").joinpath("prompts", name) if prompts_dir is None else prompts_dir / name


@lru_cache(maxsize=32)
def _read(prompts_dir: Path | None, name: str) -> str:
    source = _source(prompts_dir, name)
    try:
        return source.read_text(encoding="utf-8")
    except OSError as err:
        raise ConfigError(
            f"prompt file {source} cannot be read ({err.strerror or err}); check ASSISTANT_PROMPTS_DIR"
        ) from None


def load_prompt(prompts_dir: Path | None, name: str) -> str:
    return _read(prompts_dir, name)


def load_phrases(prompts_dir: Path | None, name: str, language: str) -> dict[str, str]:
    """One language's table of a TOML phrase file, English for languages it lacks."""
    try:
        tables = tomllib.loads(_read(prompts_dir, name))
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{_source(prompts_dir, name)}: {err}") from None
    return tables.get(language) or tables["en"]
