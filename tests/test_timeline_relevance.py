"""Which retrieved articles a timeline keeps: the stories one of whose sentences the relevance model
finds to be about the topic, every telling of them, and nothing else; its file is checked on load."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers.hashing import HashEmbeddings

from assistant.answer.evidence import EvidenceScorer, Sentence
from assistant.answer.judgement import Logistic
from assistant.answer.timeline import (
    RELEVANCE_FEATURES, Closest, Relevance, closest_sentences, load_relevance, on_topic,
)
from assistant.errors import ConfigError
from assistant.search.retriever import ArticleInfo, Passage

# Probability above one half exactly when the similarity is above 0.8.
MODEL = Relevance(Logistic(RELEVANCE_FEATURES, (0.8, 0.0, 0.0), (0.01, 1.0, 1.0), (10.0, 0.0, 0.0), 0.0), 0.5)


def passage(article: str, text: str, day: str | None = "2023-02-06", story: str | None = None) -> Passage:
    info = ArticleInfo(article, article, day, f"/news/{article}.md", "en", story)
    return Passage(f"{article}:0", text, 0.8, 1, info, 0, 0, len(text))


def closest(article: str, story: str | None, similarity: float) -> Closest:
    text = "Something happened."
    return Closest(passage(article, text, story=story), Sentence(0, article, 0, len(text), text, ""),
                   (similarity, 1.0, 0.0))


def test_a_story_with_one_sentence_about_the_topic_is_kept_with_all_its_tellings():
    wire, translation = closest("wire", "quake", 0.9), closest("fr", "quake", 0.7)
    other = closest("balloon", "balloon", 0.7)
    assert on_topic([wire, translation, other], MODEL) == [wire, translation]


def test_an_article_without_a_known_story_is_a_story_of_its_own():
    kept, alone = closest("a", None, 0.9), closest("b", None, 0.7)
    assert on_topic([kept, alone], MODEL) == [kept]
    assert on_topic([alone], MODEL) == [] and on_topic([], MODEL) == []


def test_an_articles_year_counts_as_written_for_the_topics_names_and_undated_articles_are_left_out():
    text = "A Chinese balloon suspected of espionage is shot down off South Carolina."
    found = closest_sentences("2023 China balloon incident", [
        passage("this-year", text, "2023-02-05"), passage("other-year", text, "2021-02-05"),
        passage("undated", text, None),
    ], EvidenceScorer(HashEmbeddings()))
    names = {c.passage.article.id: c.features[RELEVANCE_FEATURES.index("names")] for c in found}
    assert set(names) == {"this-year", "other-year"}
    assert names["this-year"] == 1.0 and names["other-year"] < 1.0


def test_the_shipped_model_weighs_similarity_and_the_topics_names_up():
    shipped = load_relevance()
    assert shipped.model.features == RELEVANCE_FEATURES and 0 < shipped.threshold < 1
    weights = dict(zip(RELEVANCE_FEATURES, shipped.model.weights))
    assert weights["similarity"] > 0 and weights["names"] > 0
    assert "benchmarks/timeline.py" in shipped.provenance["fitted_on"]
    assert Relevance.from_dict(json.loads(json.dumps(shipped.to_dict()))) == shipped


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("not json", "unusable"),
        (json.dumps({**MODEL.to_dict(), "features": ["similarity", "names"]}), "re-fit"),
        (json.dumps({**MODEL.to_dict(), "weights": [1.0]}), "one value per feature"),
        (json.dumps({"threshold": 0.5}), "features"),
    ],
)
def test_an_unusable_model_file_is_a_clear_error_naming_it(tmp_path: Path, content: str, problem: str):
    path = tmp_path / "timeline.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=problem) as error:
        load_relevance(path)
    assert str(path) in str(error.value)
