"""Sentence boundaries scored against Universal Dependencies' gold (tests/data/ud_sentences.json).

A document's gold sentences are joined into running text, with a space inside a paragraph and a
blank line between paragraphs (where the treebank marks them); a boundary is the offset at which a
sentence starts. Two scores:
- ``all``: every gold boundary. Some have no punctuation at all in the running text ("... wie immer
  :) Also für eine Nacht", headlines of the German set): no punctuation-based segmenter can see them.
- ``marked``: only the boundaries the text marks (the sentence before ends in terminal punctuation,
  or a paragraph ends); a predicted boundary elsewhere than at a gold one is still a false positive.

Documents are split in two halves (the first half of a treebank's documents, or of its sentences
where it is one document): ``dev`` is what the rules were written against, ``held_out`` the rest.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "ud_sentences.json"
# The same shape, from Wikipedia's one-sentence "In the news" blurbs in 27 languages.
ITN = DATA.with_name("itn_sentences.json")
_MARKED = re.compile(r"[.!?…。！？।॥۔؟։።፧။។៕][\"'»”’)\]」』）\s]*$")

Splitter = Callable[[str, str], list[tuple[int, int]]]  # (text, lang) -> spans


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float

    @classmethod
    def of(cls, tp: int, fp: int, fn: int) -> Score:
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return cls(round(p, 4), round(r, 4), round(2 * p * r / (p + r), 4) if p + r else 0.0)


def treebanks(path: Path = DATA) -> dict[str, list[list[list[str]]]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {lang: bank["documents"] for lang, bank in data["treebanks"].items()}


def halves(documents: list[list[list[str]]]) -> dict[str, list[list[list[str]]]]:
    if len(documents) == 1:
        sentences = [s for paragraph in documents[0] for s in paragraph]
        middle = len(sentences) // 2
        return {"dev": [[sentences[:middle]]], "held_out": [[sentences[middle:]]]}
    middle = len(documents) // 2
    return {"dev": documents[:middle], "held_out": documents[middle:]}


def running_text(document: list[list[str]]) -> tuple[str, set[int], set[int]]:
    """The document's text, its gold boundaries, and the subset of them its text marks."""
    text, gold, marked = "", set(), set()
    for paragraph in document:
        for i, sentence in enumerate(paragraph):
            if text:
                new_paragraph = i == 0
                if new_paragraph or _MARKED.search(text):
                    marked.add(len(text) + (2 if new_paragraph else 1))
                text += "\n\n" if new_paragraph else " "
                gold.add(len(text))
            text += sentence
    return text, gold, marked


def score(split: Splitter, lang: str, documents: list[list[list[str]]]) -> dict[str, Score]:
    counts = {"all": [0, 0, 0], "marked": [0, 0, 0]}
    for document in documents:
        text, gold, marked = running_text(document)
        predicted = {start for start, _ in split(text, lang)[1:]}
        for name, truth in (("all", gold), ("marked", marked)):
            counts[name][0] += len(predicted & truth)
            counts[name][1] += len(predicted - gold)
            counts[name][2] += len(truth - predicted)
    return {name: Score.of(*c) for name, c in counts.items()}
