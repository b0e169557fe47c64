"""Answers from the offline default (extractive), end to end: quotes, offsets, refusals, follow-ups."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA, SEED

import assistant as assistant_module
from assistant import Assistant, Settings
from assistant.answer.results import Answer
from assistant.ingest.articles import read_article
from assistant.answer.conversation import is_follow_up, rewrite_follow_up
from assistant.embed.embeddings import E5Embeddings
from assistant.errors import QueryError
from assistant.app.evaluation import read_cases, score_answers

DENIAL = "Ces allégations ont été démenties par le Kremlin puis par Alexandre Matsegora, l’ambassadeur de Russie à Pyongyang."
LAST_MEETING = "a rencontré Poutine pour la dernière fois à Vladivostok en 2019"




def _article_text(answer: Answer, number: int) -> str:
    return read_article(answer.citations[number - 1].source).text


def test_the_seed_question_is_answered_with_the_denial_quoted_and_cited(seeded: Assistant):
    answer = seeded.ask("Who denied the allegations of shell deliveries?")
    assert answer.grounded and answer.language == "en"
    assert answer.problems() == []
    first = answer.citations[0]
    assert first.number == 1 and first.quote == DENIAL
    assert _article_text(answer, 1)[first.start : first.end] == first.quote
    # The answer is the quote and its marker; the title and date are the citation's.
    assert answer.text == f"“{DENIAL}” [1]"
    assert (first.date, first.title) == ("2023-09", read_article(SEED).title)
    assert answer.passages and answer.passages[0].rank == 1


def test_a_question_whose_answer_leans_on_the_sentence_before_still_shows_that_sentence(seeded: Assistant):
    # "Who denied the shell deliveries?" is answered by "These allegations were denied by the
    # Kremlin…", whose subject is in the sentence before: the offline judge may find it too unsure
    # to answer (benchmarks/results/answers.json), but what it shows, answer or closest, is the denial.
    answer = seeded.ask("who denied the shell deliveries?")
    if answer.grounded:
        assert answer.citations[0].quote == DENIAL
    else:
        assert answer.text.split("\n")[1].endswith(f"“{DENIAL}”")


def test_the_answer_is_framed_in_the_questions_language(seeded: Assistant):
    french = seeded.ask("Qui a démenti les allégations de livraisons d'obus ?")
    assert french.language == "fr" and french.text == f"« {DENIAL} » [1]"
    assert french.citations[0].quote == DENIAL
    german = seeded.ask("Wen beschuldigte Pjöngjang, den Ukraine-Konflikt angezettelt zu haben?")
    assert german.language == "de" and german.grounded
    assert german.text.startswith(f"„{german.citations[0].quote}“ [1]") and "États-Unis" in german.citations[0].quote


@pytest.mark.parametrize(
    "question",
    ["What is the population of Vladivostok?", "Combien coûte un billet de train entre Moscou et Vladivostok ?"],
)
def test_questions_the_article_does_not_answer_are_declined(seeded: Assistant, question: str):
    answer = seeded.ask(question)
    assert not answer.grounded
    assert answer.citations == [] and "[1]" not in answer.text
    assert answer.text.split("\n")[0] in (
        f"The indexed articles do not say: none of their sentences answers “{question}”.",
        f"Les articles indexés ne le disent pas : aucune de leurs phrases ne répond à « {question} ».",
    )
    # What came closest is shown, and the passages are kept for the sources panel.
    assert len(answer.text.split("\n")) == 2 and answer.passages


def test_a_follow_up_is_understood_from_the_previous_question(seeded: Assistant):
    history = [
        {"role": "user", "content": "Where will Kim meet Putin?"},
        {"role": "assistant", "content": "In Vladivostok [1]."},
    ]
    answer = seeded.ask("And when did he last meet him?", history)
    assert answer.standalone_question == "Where will Kim meet Putin? And when did he last meet him?"
    assert answer.grounded and LAST_MEETING in answer.citations[0].quote
    # The same history as (user, assistant) pairs.
    pairs = seeded.ask("And when did he last meet him?", [("Where will Kim meet Putin?", "In Vladivostok [1].")])
    assert pairs.citations[0].quote == answer.citations[0].quote


@pytest.mark.parametrize(
    ("question", "follow_up"),
    [
        ("And when did he last meet him?", True),
        ("Et quand l’a-t-il rencontré ?", True),
        ("Why?", True),
        ("When did Kim last meet Putin?", False),
        ("Quel anniversaire le défilé militaire marquait-il ?", False),
        ("Who denied the shell deliveries?", False),
    ],
)
def test_what_counts_as_a_follow_up(question: str, follow_up: bool):
    assert is_follow_up(question) is follow_up
    rewritten = rewrite_follow_up(question, [{"role": "user", "content": "Where will Kim meet Putin?"}])
    assert (rewritten != question) is follow_up
    assert rewrite_follow_up(question, None) == question


def test_streaming_yields_the_text_then_the_final_answer(seeded: Assistant):
    parts = list(seeded.stream("Who denied the allegations of shell deliveries?"))
    *texts, final = parts
    assert all(isinstance(t, str) for t in texts) and len(texts) > 5
    assert isinstance(final, Answer) and "".join(texts) == final.text
    assert final.citations[0].quote == DENIAL


def test_answers_serialise_to_json_ready_dicts(seeded: Assistant):
    data = seeded.ask("Who denied the allegations of shell deliveries?").to_dict()
    assert data["grounded"] is True and data["citations"][0]["quote"] == DENIAL
    assert set(data["citations"][0]) >= {"number", "id", "title", "date", "source", "quote", "start", "end"}
    assert data["passages"][0]["rank"] == 1


def test_an_empty_index_says_so(tmp_path: Path, e5: E5Embeddings):
    answer = Assistant(Settings(index_dir=tmp_path / "empty"), embeddings=e5).ask("Who denied it?")
    assert not answer.grounded and "assistant index" in answer.text and answer.passages == []


@pytest.mark.parametrize(("question", "message"), [("   ", "the question is empty"), ("x" * 2001, "the limit is 2000")])
def test_bad_questions_are_refused_with_a_reason(seeded: Assistant, question: str, message: str):
    with pytest.raises(QueryError, match=message):
        seeded.ask(question)


def test_module_level_ask(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, corpus: Path):
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(tmp_path / "env-index"))
    monkeypatch.setattr(assistant_module, "_default", None)
    assistant_module.index_articles([corpus])
    assert assistant_module.ask("Who denied the allegations of shell deliveries?").citations[0].quote == DENIAL


def test_the_seed_evaluation_meets_its_thresholds(seeded: Assistant):
    """tests/data/seed_qa.jsonl: 21 answerable questions (English, French, one follow-up) and 7 not.

    Thresholds sit just under what benchmarks/answers.py measures (recorded in
    benchmarks/results/answers.json): everything answerable is answered and right, one citation of
    the 21 is imprecise, and topical unanswerable questions are the extractive answerer's weak spot.
    """
    scores = score_answers(seeded, read_cases(DATA / "seed_qa.jsonl"))
    assert (scores.answerable, scores.unanswerable) == (21, 7)
    assert scores.retrieval_recall[5] == 1.0
    assert scores.answer_accuracy >= 0.95
    assert scores.over_refusal_rate <= 0.05
    assert scores.citation_precision >= 0.9
    assert scores.refusal_rate >= 0.5, scores.failures


def test_the_web_chats_example_is_answered_with_the_place(seeded: Assistant):
    # Issue 11: this quoted a sentence that names no place at all. The article says Kim would go to
    # Russia, to Vladivostok: either place answers "where".
    answer = seeded.ask("Où Kim va-t-il rencontrer Poutine ?")
    assert answer.grounded and answer.language == "fr"
    assert all("Vladivostok" in c.quote or "en Russie" in c.quote for c in answer.citations), answer.text
