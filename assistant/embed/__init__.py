"""Texts to vectors: the bundled multilingual model and other sentence-transformers models."""
