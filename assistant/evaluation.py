"""Scoring retrieval against questions whose answering article is known."""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.api import Assistant


@dataclass(frozen=True)
class RetrievalCase:
    question: str
    source: str  # the path (or id) of the article that answers it


@dataclass(frozen=True)
class RetrievalScores:
    """Recall@k counts a hit when the answering article is among the top k passages (not articles)."""

    questions: int
    recall: dict[int, float]
    mrr: float
    mrr_at: int
    median_query_ms: float
    misses: list[str]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def score_retrieval(
    assistant: Assistant, cases: Iterable[RetrievalCase], ks: tuple[int, ...] = (1, 5), mrr_at: int = 10
) -> RetrievalScores:
    depth = max(*ks, mrr_at)
    ranks: list[int | None] = []
    latencies: list[float] = []
    misses: list[str] = []
    for case in cases:
        started = time.perf_counter()
        passages = assistant.retrieve(case.question, k=depth)
        latencies.append((time.perf_counter() - started) * 1000)
        rank = next((p.rank for p in passages if case.source in (p.article.source, p.article.id)), None)
        ranks.append(rank)
        if rank is None or rank > max(ks):
            misses.append(case.question)
    n = len(ranks)
    if n == 0:
        raise ValueError("no questions to score")
    return RetrievalScores(
        questions=n,
        recall={k: sum(1 for r in ranks if r is not None and r <= k) / n for k in ks},
        mrr=sum(1 / r for r in ranks if r is not None and r <= mrr_at) / n,
        mrr_at=mrr_at,
        median_query_ms=statistics.median(latencies),
        misses=misses,
    )
