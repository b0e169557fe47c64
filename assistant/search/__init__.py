"""Retrieval: questions to ranked passages (dense + language-aware BM25), and its LangChain retriever."""
