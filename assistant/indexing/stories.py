"""Which articles tell the same story: syndicated copies, and the same event told by another outlet
or in another language, recognised when an article is indexed.

Two dated articles at most ``WINDOW_DAYS`` apart are compared by a small logistic model over the
cosine of their lede vectors (the first chunk: title, date and opening), that cosine again for a
pair in two languages (the model learns that the same event scores lower across languages than
within one), how many of their names are shared (matched across scripts, ``text.names``), whether
they share a number, whether their languages differ, and how many days apart they are. It is fitted
by ``benchmarks/stories.py`` on the ITN corpus (the same events in many languages, Wikidata ids as
gold), on half of the events, and measured on the other half; the weights ship as
``indexing/stories.json``.

An article joins the story whose tellings within the window it matches best on average (average
linkage), when that probability is at least the model's threshold; otherwise it starts its own.
Undated articles are left alone: without a date, two reports of "the summit" cannot be told apart
from two summits.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

import numpy as np

from assistant.text.names import anchor_share, anchors

FEATURES = ("cos", "names", "cos_cross", "cross", "numbers", "gap")
WINDOW_DAYS = 14
# Only the tellings closest by cosine are weighed (the names and numbers cost far more than a
# cosine, and a busy fortnight of news holds thousands of articles).
CANDIDATES = 50
_NUMBER = re.compile(r"(?<![\d.,])\d[\d.,]*")


@dataclass(frozen=True)
class Telling:
    """What deciding an article's story needs of it."""

    article_id: str
    story: str
    vector: np.ndarray  # of its lede (normalised)
    text: str  # title and lede
    day: int  # the date's ordinal (a month-dated article: the middle of its month)
    lang: str


@dataclass(frozen=True)
class StoryModel:
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    threshold: float

    def probability(self, rows: np.ndarray) -> np.ndarray:
        z = ((rows - np.asarray(self.mean)) / np.asarray(self.scale)) @ np.asarray(self.weights) + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    def to_dict(self) -> dict:
        return {"features": list(FEATURES), "mean": list(self.mean), "scale": list(self.scale),
                "weights": list(self.weights), "bias": self.bias, "threshold": self.threshold}


@lru_cache(maxsize=1)
def shipped_model() -> StoryModel:
    data = json.loads(resources.files("assistant.indexing").joinpath("stories.json").read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError("indexing/stories.json was fitted on other features; re-run benchmarks/stories.py --write")
    return StoryModel(tuple(data["mean"]), tuple(data["scale"]), tuple(data["weights"]), data["bias"], data["threshold"])


def day_of(article_date: str | None) -> int | None:
    """The day an article's date stands for (its middle for a month or a year), as an ordinal."""
    if not article_date:
        return None
    parts = [int(p) for p in article_date.split("-")]
    if len(parts) == 3:
        return date(*parts).toordinal()
    if len(parts) == 2:
        return date(parts[0], parts[1], 15).toordinal()
    return date(parts[0], 7, 1).toordinal()


def pair_features(a: Telling, b: Telling) -> list[float]:
    cos = float(a.vector @ b.vector)
    names_a, names_b = anchors(a.text), anchors(b.text)
    # Each side's names found in the other (0 for a side that names nothing).
    shared = (anchor_share(names_a, b.text) if names_a else 0.0) + (anchor_share(names_b, a.text) if names_b else 0.0)
    cross = float(a.lang != b.lang)
    numbers = float(bool(_numbers(a.text) & _numbers(b.text)))
    gap = min(abs(a.day - b.day), WINDOW_DAYS) / WINDOW_DAYS
    return [cos, shared / 2, cos * cross, cross, numbers, gap]


def _numbers(text: str) -> set[str]:
    """Its numbers other than years (a death toll, a score, a count)."""
    found = {re.sub(r"\D", "", n) for n in _NUMBER.findall(text)}
    return {n for n in found if n and not (len(n) == 4 and n[:2] in ("19", "20"))}


def choose_story(new: Telling, told: list[Telling], model: StoryModel) -> str:
    """The story ``new`` belongs to among ``told`` (those within the window count), or its own."""
    near = [t for t in told if abs(t.day - new.day) <= WINDOW_DAYS and t.article_id != new.article_id]
    if not near:
        return new.story
    closest = np.argsort(-(np.stack([t.vector for t in near]) @ new.vector), kind="stable")[:CANDIDATES]
    near = [near[i] for i in closest]
    probabilities = model.probability(np.asarray([pair_features(new, t) for t in near]))
    by_story: dict[str, list[float]] = {}
    for telling, p in zip(near, probabilities):
        by_story.setdefault(telling.story, []).append(float(p))
    story, mean = max(((s, float(np.mean(ps))) for s, ps in by_story.items()), key=lambda sp: sp[1])
    return story if mean >= model.threshold else new.story
