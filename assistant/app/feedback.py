"""What users think of answers: 👍/👎 with an optional comment, kept as JSON lines.

Each rating is one line holding everything needed to ask the question again (question, answer text,
citations, time), so the file doubles as a regression set: ``assistant eval FEEDBACK_FILE``. A
comment added after the rating is a new line with the same ``id``; readers keep the last line of
each id.
"""

from __future__ import annotations

import json
import threading
import uuid
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal

from assistant.answer.results import Answer
from assistant.errors import InputFileError

Rating = Literal["up", "down"]
RATINGS = ("up", "down")
MAX_COMMENT_CHARS = 2000


@dataclass(frozen=True)
class Feedback:
    id: str
    time: str  # when it was given, ISO 8601 in UTC
    rating: Rating
    question: str
    answer: str
    grounded: bool
    citations: list[dict[str, Any]] = field(default_factory=list)  # Citation.to_dict() of the answer
    comment: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Feedback:
        if data.get("rating") not in RATINGS:
            raise ValueError(f"rating must be one of {RATINGS}, not {data.get('rating')!r}")
        if not isinstance(data.get("question"), str) or not data["question"].strip():
            raise ValueError("the question is missing")
        return cls(
            id=str(data["id"]), time=str(data.get("time", "")), rating=data["rating"], question=data["question"],
            answer=str(data.get("answer", "")), grounded=bool(data.get("grounded", False)),
            citations=list(data.get("citations", [])), comment=str(data.get("comment", "")),
        )


class FeedbackLog:
    """Appends ratings to a JSON Lines file; safe to share between the server's threads."""

    def __init__(self, path: Path):
        self.path = path
        self._lock = threading.Lock()

    def rate(self, answer: Answer, rating: Rating, comment: str = "") -> Feedback:
        if rating not in RATINGS:
            raise ValueError(f"rating must be one of {RATINGS}, not {rating!r}")
        feedback = Feedback(
            id=uuid.uuid4().hex, time=datetime.now(timezone.utc).isoformat(timespec="seconds"), rating=rating,
            question=answer.question, answer=answer.text, grounded=answer.grounded,
            citations=[c.to_dict() for c in answer.citations], comment=comment.strip()[:MAX_COMMENT_CHARS],
        )
        self._append(feedback)
        return feedback

    def comment(self, feedback: Feedback, comment: str) -> Feedback:
        """The same rating with a comment: a new line that supersedes the first."""
        updated = replace(feedback, comment=comment.strip()[:MAX_COMMENT_CHARS])
        self._append(updated)
        return updated

    def _append(self, feedback: Feedback) -> None:
        line = json.dumps(feedback.to_dict(), ensure_ascii=False) + "\n"
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # One write of one whole line: a reader never sees half a rating.
            with self.path.open("a", encoding="utf-8") as out:
                out.write(line)


def is_feedback(data: dict[str, Any]) -> bool:
    """Whether a parsed JSON line is a rating (rather than an evaluation case)."""
    return "rating" in data and "id" in data


def latest(lines: list[tuple[int, dict[str, Any]]], path: Path) -> list[Feedback]:
    """The last line of each rating's id, in the order the ratings were first given.
    ``lines`` are (line number, parsed line); a malformed one is an error naming its line."""
    found: dict[str, Feedback] = {}
    for number, data in lines:
        try:
            feedback = Feedback.from_dict(data)
        except (ValueError, KeyError, TypeError) as err:
            raise InputFileError(path, f"line {number}: not a rating ({err})") from None
        found[feedback.id] = feedback
    return list(found.values())
