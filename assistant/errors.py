"""Errors a user can cause. The CLI prints their message on one line and exits with code 2."""

from __future__ import annotations

from pathlib import Path


class AssistantError(Exception):
    """Base of every error caused by input, configuration or the state of the index."""


class ConfigError(AssistantError):
    """A setting is invalid or names something that cannot be used."""


class InputFileError(AssistantError):
    """A file given by the user cannot be read or parsed; the message starts with its path."""

    def __init__(self, path: Path | str, problem: str):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class ArticleError(InputFileError):
    """An article file cannot be read or parsed."""


class EmbedderMismatchError(AssistantError):
    """The index was built with another embedder than the one configured."""


class StoreError(AssistantError):
    """The vector store cannot be reached or is not in a usable state."""


class QueryError(AssistantError):
    """A retrieval request is malformed (empty question, bad date filter, k out of range)."""


class LLMError(AssistantError):
    """The configured LLM answerer failed (server unreachable, model missing, bad reply)."""


class IndexBusyError(AssistantError):
    """Another writer holds the index."""


class UploadError(AssistantError):
    """An uploaded file is refused; the message names the file as the user named it."""
