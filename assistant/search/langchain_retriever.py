"""The retriever as a LangChain Runnable (kept apart: importing LangChain's retriever machinery
costs most of a second that ``assistant search`` does not need)."""

from __future__ import annotations

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.search.retriever import Retriever


class ArticleRetriever(BaseRetriever):
    """The retriever as a LangChain Runnable: ``invoke(question) -> list[Document]``."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    retriever: Retriever
    k: int = 5
    since: str | None = None
    until: str | None = None
    sources: list[str] | None = None

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun, k: int | None = None
    ) -> list[Document]:
        passages = self.retriever.retrieve(query, k or self.k, self.since, self.until, self.sources)
        documents = []
        for passage in passages:
            metadata = passage.to_dict()
            del metadata["text"]
            documents.append(Document(page_content=passage.text, metadata=metadata, id=passage.id))
        return documents
