"""LangChain's own standard test suites (langchain-tests), run against our embeddings and retriever."""

from __future__ import annotations

import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

from conftest import SEED
from langchain_tests.integration_tests import EmbeddingsIntegrationTests, RetrieversIntegrationTests
from langchain_tests.unit_tests import EmbeddingsUnitTests

from assistant import Assistant, Settings
from assistant.embed.embeddings import E5Embeddings
from assistant.search.langchain_retriever import ArticleRetriever
from assistant.search.retriever import Retriever


@lru_cache(maxsize=1)
def seeded_retriever() -> Retriever:
    folder = Path(tempfile.mkdtemp(prefix="conformance-"))
    (folder / "articles").mkdir()
    shutil.copy(SEED, folder / "articles" / SEED.name)
    assistant = Assistant(Settings(index_dir=folder / "index"))
    assistant.index([folder / "articles"])
    return assistant._retriever


class E5Model:
    @property
    def embeddings_class(self) -> type[E5Embeddings]:
        return E5Embeddings

    @property
    def embedding_model_params(self) -> dict:
        return {"precision": "fp32"}


class TestE5EmbeddingsUnit(E5Model, EmbeddingsUnitTests):
    pass


class TestE5EmbeddingsIntegration(E5Model, EmbeddingsIntegrationTests):
    pass


class TestArticleRetriever(RetrieversIntegrationTests):
    @property
    def retriever_constructor(self) -> type[ArticleRetriever]:
        return ArticleRetriever

    @property
    def retriever_constructor_params(self) -> dict:
        return {"retriever": seeded_retriever()}

    @property
    def retriever_query_example(self) -> str:
        return "who denied the shell deliveries?"
