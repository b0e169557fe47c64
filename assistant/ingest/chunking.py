"""Splitting an article into overlapping chunks of whole sentences, with offsets into its text."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from assistant.ingest.articles import Article
from assistant.text.sentences import split_sentences

# Bump when the way chunks are cut changes: indexed articles are then re-chunked on the next run.
CHUNKER_VERSION = 3


@dataclass(frozen=True)
class Chunk:
    article_id: str
    n: int
    start: int
    end: int
    text: str

    def to_dict(self) -> dict:
        return asdict(self)


def chunker_signature(chunk_chars: int, overlap: int) -> str:
    return f"sentences-v{CHUNKER_VERSION}-{chunk_chars}-{overlap}"


def _bounded(text: str, spans: list[tuple[int, int]], limit: int) -> list[tuple[int, int]]:
    """Sentences longer than a whole chunk (a run-on line, a table) are cut at spaces.

    This is the one place a sentence is cut: there is no other way to fit it in the embedder's window.
    """
    out = []
    for start, end in spans:
        while end - start > limit:
            window = text[start : start + limit]
            space = max(window.rfind(" "), window.rfind("\n"))
            cut = start + space if space > limit // 2 else start + limit
            piece_end = cut
            while piece_end > start and text[piece_end - 1].isspace():
                piece_end -= 1
            out.append((start, piece_end))
            start = cut
            while start < end and text[start].isspace():
                start += 1
        if start < end:
            out.append((start, end))
    return out


def chunk_article(article: Article, chunk_chars: int = 600, overlap: int = 1) -> list[Chunk]:
    """Greedy packing of whole sentences up to ``chunk_chars``; consecutive chunks share ``overlap`` sentences."""
    text = article.text
    sentences = _bounded(text, split_sentences(text, lang=article.lang), chunk_chars)
    chunks: list[Chunk] = []
    first = 0
    while first < len(sentences):
        last = first
        while last + 1 < len(sentences) and sentences[last + 1][1] - sentences[first][0] <= chunk_chars:
            last += 1
        start, end = sentences[first][0], sentences[last][1]
        chunks.append(Chunk(article.id, len(chunks), start, end, text[start:end]))
        if last + 1 >= len(sentences):
            break
        # Step back by the overlap, but always move forward.
        first = max(first + 1, last + 1 - overlap)
    return chunks


def embedding_text(article: Article, chunk: Chunk) -> str:
    """What the embedder sees: the chunk under its article's title and date.

    The title is left out where the chunk already holds it (the seed's lede is its first line).
    """
    header = [] if _squash(article.title) in _squash(chunk.text) else [article.title]
    if article.date:
        header.append(article.date)
    body = " ".join(chunk.text.split())
    return f"{' · '.join(header)}\n{body}" if header else body


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
