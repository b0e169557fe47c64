"""What an answer is: text with ``[n]`` markers, and one citation per number, each an exact quote.

Invariants every answerer must keep (``Answer.problems`` lists any breach; tests lean on it):
- citation numbers are 1..N, in order of first appearance in the text, without gaps;
- every marker in the text has exactly one citation, and every citation has a marker;
- every citation quotes a sentence of one of the retrieved passages, with its article offsets.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from assistant.search.retriever import Passage

MARKER = re.compile(r"\[(\d+)\]")


@dataclass(frozen=True)
class Citation:
    number: int
    id: str  # the article's id
    title: str
    date: str | None
    source: str
    quote: str  # article text[start:end], exactly
    start: int
    end: int
    supported: bool = True  # False: the quoted sentence does not appear to support its claim
    score: float = 0.0  # the judge's probability (extractive) or the claim-to-quote similarity (LLM)
    # Other articles telling the same story (``id``, ``title``, ``date``, ``source``, ``lang``).
    also_in: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Answer:
    question: str
    text: str
    citations: list[Citation]
    grounded: bool
    language: str
    passages: list[Passage]
    standalone_question: str = ""  # the question as retrieval saw it (after a follow-up rewrite)
    warnings: list[str] = field(default_factory=list)
    # The period the question named and the answer was read from (``Period.to_dict`` plus its
    # ``label`` in the answer's language, and ``reported_until`` when the days after it were read
    # too, ``Period.reported``); None when the question named none.
    period: dict[str, str] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "standalone_question": self.standalone_question,
            "text": self.text,
            "grounded": self.grounded,
            "language": self.language,
            "citations": [c.to_dict() for c in self.citations],
            "passages": [p.to_dict() for p in self.passages],
            "warnings": list(self.warnings),
            "period": self.period,
        }

    def problems(self) -> list[str]:
        """Every way this answer breaks the citation invariants (an empty list when it keeps them)."""
        found = []
        markers = [int(m) for m in MARKER.findall(self.text)]
        first_seen = list(dict.fromkeys(markers))
        numbers = [c.number for c in self.citations]
        if numbers != list(range(1, len(numbers) + 1)):
            found.append(f"citation numbers {numbers} are not 1..N")
        if first_seen != numbers:
            found.append(f"markers in order of appearance {first_seen} differ from citations {numbers}")
        spans = {(p.article.id, p.start, p.end) for p in self.passages}
        for c in self.citations:
            if not any(a == c.id and s <= c.start and c.end <= e for a, s, e in spans):
                found.append(f"citation [{c.number}] quotes outside the retrieved passages")
        return found
