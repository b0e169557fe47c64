"""Scoring retrieval and answers against questions whose answer (or its absence) is known."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.app.feedback import Feedback, is_feedback, latest
from assistant.errors import InputFileError

if TYPE_CHECKING:
    from assistant.api import Assistant
    from assistant.search.retriever import Passage


@dataclass(frozen=True)
class RetrievalCase:
    question: str
    source: str  # the answering article: its id, its path, or the end of its path ("seeds/a.txt")
    evidence: str | None = None  # when set, the passage must also contain it (the answering chunk)


@dataclass(frozen=True)
class RetrievalScores:
    """Recall@k counts a hit when the answering article (and its evidence, if the case names it) is
    among the top k passages (not articles). ``article_recall`` ignores the evidence: any passage of
    the answering article counts, even one that cannot support a citation of the answer."""

    questions: int
    recall: dict[int, float]
    article_recall: dict[int, float]
    mrr: float
    mrr_at: int
    median_query_ms: float
    misses: list[str]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _is_source(passage: Passage, source: str) -> bool:
    article = passage.article
    return source in (article.source, article.id) or article.source.endswith("/" + source.lstrip("/"))


def score_retrieval(
    assistant: Assistant, cases: Iterable[RetrievalCase], ks: tuple[int, ...] = (1, 5), mrr_at: int = 10
) -> RetrievalScores:
    depth = max(*ks, mrr_at)
    ranks: list[int | None] = []
    article_ranks: list[int | None] = []
    latencies: list[float] = []
    misses: list[str] = []
    for case in cases:
        started = time.perf_counter()
        passages = assistant.retrieve(case.question, k=depth)
        latencies.append((time.perf_counter() - started) * 1000)
        from_source = [p for p in passages if _is_source(p, case.source)]
        rank = next((p.rank for p in from_source if case.evidence is None or case.evidence in p.text), None)
        ranks.append(rank)
        article_ranks.append(from_source[0].rank if from_source else None)
        if rank is None or rank > max(ks):
            misses.append(case.question)
    n = len(ranks)
    if n == 0:
        raise ValueError("no questions to score")

    def recall(found: list[int | None]) -> dict[int, float]:
        return {k: sum(1 for r in found if r is not None and r <= k) / n for k in ks}

    return RetrievalScores(
        questions=n,
        recall=recall(ranks),
        article_recall=recall(article_ranks),
        mrr=sum(1 / r for r in ranks if r is not None and r <= mrr_at) / n,
        mrr_at=mrr_at,
        median_query_ms=statistics.median(latencies),
        misses=misses,
    )


@dataclass(frozen=True)
class QACase:
    """One line of an evaluation file (JSON Lines).

    ``expected``: strings of which one must appear in the answer or its quotes (answer accuracy);
    ``evidence``: a string the cited quotes should contain (citation precision); ``source``: the path
    or id of the answering article (retrieval recall). ``answerable: false`` marks a question the
    articles do not answer, which should be declined. ``rejected``: quotes a user flagged as a wrong
    answer; the answer must quote none of them again (declining is fine).

    The users' ratings the web chat stores (``app.feedback``) read as cases too (``feedback_case``).
    """

    question: str
    answerable: bool = True
    expected: tuple[str, ...] = ()
    evidence: str | None = None
    source: str | None = None
    history: tuple[tuple[str, str], ...] = ()
    rejected: tuple[str, ...] = ()
    comment: str = ""  # what the user who rated the answer said


@dataclass(frozen=True)
class QAScores:
    questions: int
    answerable: int
    unanswerable: int
    retrieval_recall: dict[int, float]
    answer_accuracy: float  # answerable questions answered with an expected string
    citation_precision: float  # cited quotes holding the evidence, over answered questions
    refusal_rate: float  # unanswerable questions declined
    false_answer_rate: float  # unanswerable questions answered anyway
    over_refusal_rate: float  # answerable questions declined
    median_ask_ms: float
    failures: list[dict[str, Any]]
    flagged: int = 0  # questions whose answer a user flagged as wrong
    repeated_rate: float = 0.0  # of those, answered again with a flagged quote

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def table(self) -> str:
        rows = [
            ("questions (answerable / unanswerable)", f"{self.questions} ({self.answerable} / {self.unanswerable})"),
            *((f"retrieval recall@{k}", f"{v:.3f}") for k, v in self.retrieval_recall.items()),
            ("answer accuracy", f"{self.answer_accuracy:.3f}"),
            ("citation precision", f"{self.citation_precision:.3f}"),
            ("refusal rate (unanswerable)", f"{self.refusal_rate:.3f}"),
            ("false-answer rate (unanswerable)", f"{self.false_answer_rate:.3f}"),
            ("over-refusal rate (answerable)", f"{self.over_refusal_rate:.3f}"),
            ("median ask latency (ms)", f"{self.median_ask_ms:.0f}"),
        ]
        if self.flagged:
            rows.insert(-1, (f"flagged answers repeated (of {self.flagged})", f"{self.repeated_rate:.3f}"))
        width = max(len(name) for name, _ in rows)
        return "\n".join(f"{name:<{width}}  {value}" for name, value in rows)


def read_cases(path: Path) -> list[QACase]:
    """Parse an evaluation file, or a file of users' ratings (``feedback.jsonl`` in the index
    folder); a malformed line is an error naming the file and line."""
    cases = []
    ratings: list[tuple[int, dict[str, Any]]] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise InputFileError(path, f"cannot be read as UTF-8 text ({err})") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            if isinstance(data, dict) and is_feedback(data):
                ratings.append((number, data))
                continue
            cases.append(
                QACase(
                    question=data["question"],
                    answerable=bool(data.get("answerable", True)),
                    expected=tuple(data.get("expected", ())),
                    evidence=data.get("evidence"),
                    source=data.get("source"),
                    history=tuple(tuple(turn) for turn in data.get("history", ())),
                )
            )
        except (ValueError, KeyError, TypeError, AttributeError) as err:
            raise InputFileError(path, f"line {number}: not an evaluation case ({type(err).__name__}: {err})") from None
    cases += [feedback_case(f) for f in latest(ratings, path)]
    if not cases:
        raise InputFileError(path, "holds no evaluation cases")
    return cases


def feedback_case(feedback: Feedback) -> QACase:
    """A user's rating as a regression case: a 👍 answer must keep quoting what it quoted, a 👍
    refusal must stay one; a 👎 answer must not quote the same again; a 👎 refusal must answer."""
    quotes = tuple(c["quote"] for c in feedback.citations if c.get("quote"))
    source = feedback.citations[0].get("source") if feedback.citations else None
    if feedback.rating == "up":
        if feedback.grounded and quotes:
            return QACase(feedback.question, True, quotes, quotes[0], source, comment=feedback.comment)
        return QACase(feedback.question, False, comment=feedback.comment)
    if feedback.grounded and quotes:
        return QACase(feedback.question, True, rejected=quotes, comment=feedback.comment)
    return QACase(feedback.question, True, comment=feedback.comment)


def holds(text: str, needle: str) -> bool:
    return " ".join(needle.split()).casefold() in " ".join(text.split()).casefold()


def score_answers(assistant: Assistant, cases: list[QACase], llm: str | None = None) -> QAScores:
    flagged = [c for c in cases if c.rejected]
    answerable = [c for c in cases if c.answerable and not c.rejected]
    unanswerable = [c for c in cases if not c.answerable and not c.rejected]
    repeated = 0
    with_source = [RetrievalCase(c.question, c.source) for c in answerable if c.source and not c.history]
    k = assistant.settings.answer_k
    recall = score_retrieval(assistant, with_source, ks=(1, k)).recall if with_source else {}

    correct = declined_answerable = answered_unanswerable = 0
    precisions: list[float] = []
    latencies: list[float] = []
    failures: list[dict[str, Any]] = []
    for case in cases:
        history = [{"role": r, "content": t} for turn in case.history for r, t in zip(("user", "assistant"), turn)]
        started = time.perf_counter()
        answer = assistant.ask(case.question, history or None, llm=llm)
        latencies.append((time.perf_counter() - started) * 1000)
        quotes = " ".join(c.quote for c in answer.citations)
        said = {"comment": case.comment} if case.comment else {}
        if case.rejected:
            if any(holds(quotes, r) for r in case.rejected):
                repeated += 1
                failures.append({"question": case.question, "problem": "flagged answer repeated", "answer": answer.text, **said})
            continue
        if not case.answerable:
            if answer.grounded:
                answered_unanswerable += 1
                failures.append({"question": case.question, "problem": "answered", "answer": answer.text, **said})
            continue
        if not answer.grounded:
            declined_answerable += 1
            failures.append({"question": case.question, "problem": "declined", "answer": answer.text, **said})
            continue
        if not case.expected or any(holds(answer.text, e) or holds(quotes, e) for e in case.expected):
            correct += 1
        else:
            failures.append({"question": case.question, "problem": "wrong answer", "answer": answer.text, **said})
        if case.evidence is not None and answer.citations:
            precisions.append(sum(holds(c.quote, case.evidence) for c in answer.citations) / len(answer.citations))
    return QAScores(
        questions=len(cases),
        answerable=len(answerable),
        unanswerable=len(unanswerable),
        retrieval_recall=recall,
        answer_accuracy=correct / len(answerable) if answerable else 0.0,
        citation_precision=sum(precisions) / len(precisions) if precisions else 0.0,
        refusal_rate=1 - answered_unanswerable / len(unanswerable) if unanswerable else 0.0,
        false_answer_rate=answered_unanswerable / len(unanswerable) if unanswerable else 0.0,
        over_refusal_rate=declined_answerable / len(answerable) if answerable else 0.0,
        median_ask_ms=statistics.median(latencies),
        failures=failures,
        flagged=len(flagged),
        repeated_rate=repeated / len(flagged) if flagged else 0.0,
    )
