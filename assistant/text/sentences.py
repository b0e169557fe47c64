"""Sentence boundaries as character spans, for the languages of news (Latin script first).

Spans index into the original text, so ``text[start:end]`` is always the sentence exactly as written:
chunks and citations are built from them and must round-trip.
"""

from __future__ import annotations

import re

# A sentence ends at terminal punctuation, optionally followed by closing quotes or brackets.
_END = re.compile(r"[.!?…]+[\"'»”’)\]]*(?=\s)")
_PARAGRAPH = re.compile(r"\n[ \t\r\f\v]*\n\s*")
# Lines that start a new block in Markdown or plain-text lists.
_BLOCK_START = re.compile(r"\n(?=[ \t]*(?:#{1,6}\s|[-*+]\s|\d{1,3}[.)]\s|>))")
# A Markdown heading is a block of its own, even without a blank line after it.
_HEADING_LINE = re.compile(r"^[ \t]*#{1,6}[ \t][^\n]*\n", re.M)
# Words after which a period rarely ends a sentence (titles, initials, common abbreviations).
_ABBREVIATIONS = frozenset(
    """m mm mme mmes mlle dr pr prof st ste mr mrs ms jr sr gen gén col lt sgt capt cpt gov sen rep
    etc cf vs env ca approx av apr bzw dh usw vgl nr no n° p pp vol art ch fig sr sra srta ud uds
    jan feb fév mar apr avr aug aoû sep sept oct nov dec déc""".split()
)
_LOWER_START = re.compile(r"\s*[\"'«“(\[]*\s*[a-zà-öø-ÿ]")


def _is_boundary(text: str, end: int) -> bool:
    """Whether the punctuation ending at ``end`` closes a sentence."""
    following = text[end : end + 12]
    if _LOWER_START.match(following):
        return False
    head = text[max(0, end - 12) : end]
    match = re.search(r"(\w+)\.[\"'»”’)\]]*$", head)
    if match:
        word = match.group(1)
        # "J." or "U.S." style initials, or a known abbreviation.
        if len(word) == 1 and word.isupper():
            return False
        if word.lower() in _ABBREVIATIONS:
            return False
    return True


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _blocks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Paragraphs and Markdown blocks: boundaries no sentence crosses."""
    cuts = [start]
    for pattern in (_PARAGRAPH, _BLOCK_START):
        cuts.extend(m.start() for m in pattern.finditer(text, start, end))
    cuts.extend(m.end() for m in _HEADING_LINE.finditer(text, start, end))
    cuts.append(end)
    cuts = sorted(set(cuts))
    blocks = []
    for a, b in zip(cuts, cuts[1:]):
        span = _trimmed(text, a, b)
        if span:
            blocks.append(span)
    return blocks


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of the sentences of ``text[start:end]``, without surrounding whitespace."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    for block_start, block_end in _blocks(text, start, end):
        sentence_start = block_start
        for match in _END.finditer(text, block_start, block_end):
            if match.end() >= block_end or not _is_boundary(text, match.end()):
                continue
            span = _trimmed(text, sentence_start, match.end())
            if span:
                spans.append(span)
            sentence_start = match.end()
        span = _trimmed(text, sentence_start, block_end)
        if span:
            spans.append(span)
    return spans
