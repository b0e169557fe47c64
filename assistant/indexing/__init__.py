"""The index: the Chroma store, the incremental indexer, the write lock and the BM25 side."""
