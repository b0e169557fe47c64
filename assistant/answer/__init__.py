"""Answers: evidence sentences, the extractive and LLM answerers, citations, follow-ups."""
