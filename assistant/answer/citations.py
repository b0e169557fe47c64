"""Turning a model's draft with source markers into an answer whose citations can be checked.

The model writes ``[n]`` where n numbers the sources it was shown. Code, not the model, then
decides what each marker means: a number with no source is dropped (and reported), each cited
source is narrowed to the sentence in it that best supports the claim the marker closes, the
quoted sentences are numbered 1..N in order of first appearance, and a quote is flagged
``supported=False`` when it scores too low against its claim or lacks a number the claim states
("600,000 inhabitants" is not supported by a sentence without 600,000).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from assistant.answer.results import Citation
from assistant.answer.evidence import EvidenceScorer, passage_sentences
from assistant.answer.question_cues import numbers_found
from assistant.search.retriever import Passage
from assistant.text.sentences import split_sentences

# "[1]", "[1, 2]", "[1; 3]", "[1][2]" (the last is two markers); "[-1]" too, to be dropped.
DRAFT_MARKER = re.compile(r"\[\s*(-?\d+(?:\s*[,;]\s*-?\d+)*)\s*\]")


@dataclass(frozen=True)
class Cited:
    text: str
    citations: list[Citation]
    warnings: list[str]
    unsupported_claims: list[str]  # claims none of whose citations supports them


def _claim(draft: str, marker_start: int, sentences: list[tuple[int, int]]) -> str:
    """The sentence of the draft that a marker closes, without markers.

    A marker opening a sentence ("... a claim. [1] Next") belongs to the sentence before it.
    """
    index = 0
    for i, (start, _) in enumerate(sentences):
        if start <= marker_start:
            index = i
    start, _ = sentences[index]
    if not DRAFT_MARKER.sub("", draft[start:marker_start]).strip() and index > 0:
        index -= 1
    start, end = sentences[index]
    return " ".join(DRAFT_MARKER.sub("", draft[start:end]).split())


def cite(draft: str, passages: list[Passage], scorer: EvidenceScorer, support_threshold: float) -> Cited:
    sentences = split_sentences(draft) or [(0, len(draft))]
    # Sentences are read across all passages, so one at the start of a chunk still gets the sentence
    # before it from an overlapping chunk.
    every = passage_sentences(passages)
    per_passage = [
        [s for s in every if s.article_id == p.article.id and p.start <= s.start and s.end <= p.end] for p in passages
    ]
    numbers: dict[tuple[str, int, int], Citation] = {}
    warnings: list[str] = []
    unsupported: list[str] = []
    pieces: list[str] = []
    position = 0
    for match in DRAFT_MARKER.finditer(draft):
        pieces.append(draft[position : match.start()])
        position = match.end()
        claim = _claim(draft, match.start(), sentences)
        replaced: list[int] = []
        backed = False  # does any citation of this marker support this claim
        for raw in re.split(r"\s*[,;]\s*", match.group(1)):
            n = int(raw)
            if not 1 <= n <= len(passages):
                warnings.append(f"dropped marker [{n}]: there is no source {n}")
                continue
            ranked = scorer.rank(claim or draft, per_passage[n - 1])
            if not ranked:
                warnings.append(f"dropped marker [{n}]: source {n} has no sentence")
                continue
            best, passage = ranked[0], passages[n - 1]
            key = (best.sentence.article_id, best.sentence.start, best.sentence.end)
            supported = best.score >= support_threshold and numbers_found(
                claim or draft, f"{best.sentence.before} {best.sentence.text}"
            )
            backed = backed or supported
            if key not in numbers:
                numbers[key] = Citation(
                    len(numbers) + 1, passage.article.id, passage.article.title, passage.article.date,
                    passage.article.source, best.sentence.text, best.sentence.start, best.sentence.end,
                    supported, round(best.score, 4), [asdict(a) for a in passage.also_in],
                )
                if not supported:
                    warnings.append(f"citation [{numbers[key].number}] may not support the claim: {claim!r}")
            if numbers[key].number not in replaced:
                replaced.append(numbers[key].number)
        if replaced:
            pieces.append("".join(f"[{k}]" for k in replaced))
            if not backed:
                unsupported.append(claim)
                warnings.append(f"no citation supports the claim: {claim!r}")
        else:  # the whole marker went: take the space before it too ("claim [9]." -> "claim.")
            pieces[-1] = pieces[-1].rstrip(" \t")
    pieces.append(draft[position:])
    text = "".join(pieces).strip()
    if not numbers:
        warnings.append("the answer cites no source")
    return Cited(text, list(numbers.values()), warnings, unsupported)
