"""What an answer quotes: a sentence that points back to the one before it is quoted with it.

"Carbon monoxide poisoning is sometimes treated using these devices" answers "What device treats
carbon monoxide poisoning?" only with the sentence that names the devices.
"""

from __future__ import annotations

import pytest

from assistant.answer.evidence import Evidence, EvidenceScorer, passage_sentences
from assistant.answer.extractive import ExtractiveAnswerer, answer_quotes
from assistant.answer.judgement import Candidate, Judge, Judgement, load_calibration
from assistant.search.retriever import ArticleInfo, Passage
from assistant.text.reference import refers_back

CHAMBER = "A hyperbaric chamber is a sealed room in which patients breathe pure oxygen at high pressure."
TREATED = ("Carbon monoxide poisoning, gas gangrene and decompression sickness are sometimes treated using "
           "these devices.")
OPENED = "The first one in the city opened at the general hospital in 1962."
ARTICLE = f"Hyperbaric medicine\n\n{CHAMBER} {TREATED} {OPENED}\n"


@pytest.mark.parametrize(("sentence", "lang"), [
    (TREATED, "en"),
    ("All of this set the stage for the project.", "en"),
    ("Dieser Name wird aber auch für das Flussdelta verwendet.", "de"),
    ("Esas acusaciones fueron negadas por el Kremlin.", "es"),
    ("Ces allégations ont été démenties par le Kremlin.", "fr"),
    ("Ce projet a échoué.", "fr"),
    ("Эти обвинения опровергли в Кремле.", "ru"),
    ("Ці звинувачення спростували в Кремлі.", "uk"),
])
def test_a_demonstrative_points_back(sentence: str, lang: str):
    assert refers_back(sentence, lang)


@pytest.mark.parametrize(("sentence", "lang"), [
    ("Drugs such as aspirin thin the blood.", "en"),  # examples, not a reference
    ("He said the talks would go on.", "en"),  # a pronoun alone is not counted
    ("Ce que dit le ministre est faux.", "fr"),  # a clause, not a reference
    ("Der Kreml bestritt die Vorwürfe.", "de"),
    ("这些指控被克里姆林宫否认。", "zh"),  # a language without a list: never said to point back
])
def test_other_sentences_do_not_point_back(sentence: str, lang: str):
    assert not refers_back(sentence, lang)


def _passages(text: str, size: int | None = None) -> list[Passage]:
    """``text`` as one article's passages of ``size`` characters (all of it when None)."""
    size = size or len(text)
    info = ArticleInfo("a", "Hyperbaric medicine", "2024-05-02", "/news/a.txt", "en")
    return [Passage(f"c{i}", text[start : start + size], 0.8, i + 1, info, i, start, min(len(text), start + size))
            for i, start in enumerate(range(0, len(text), size))]


def _judged(passages: list[Passage], *chosen: tuple[str, float, float]) -> Judgement:
    """A judgement choosing the sentences ``(text, probability, type_fit)``, best first."""
    sentences = {s.text: s for s in passage_sentences(passages)}
    candidates = [Candidate(Evidence(sentences[text], 0.8, 0.8), {"type_fit": fit}, p) for text, p, fit in chosen]
    return Judgement(candidates, {}, candidates[0].probability, True)


def test_a_sentence_that_points_back_is_quoted_with_the_one_before_it():
    passages = _passages(ARTICLE)
    (quote,) = answer_quotes(_judged(passages, (TREATED, 0.9, 0.0)), passages)
    assert quote.text == f"{CHAMBER} {TREATED}"
    assert ARTICLE[quote.start : quote.end] == quote.text


def test_it_is_quoted_alone_when_it_holds_the_kind_of_answer_asked_for():
    # "Which hospital…?" asks for a name, and the sentence names one: it needs nothing before it.
    pointing = f"{CHAMBER} This one opened at the Charité in 1962."
    passages = _passages(f"Hyperbaric medicine\n\n{pointing}\n")
    (quote,) = answer_quotes(_judged(passages, ("This one opened at the Charité in 1962.", 0.9, 1.0)), passages)
    assert quote.text == "This one opened at the Charité in 1962."


@pytest.mark.parametrize("article", [
    f"Hyperbaric medicine\n\n{CHAMBER}\n\n{TREATED}\n",  # the paragraph ends between them
    f"# Hyperbaric chambers\n{TREATED}\n",  # the line before is a heading, not a sentence
    f"{TREATED} {OPENED}",  # there is nothing before it
])
def test_it_is_quoted_alone_when_nothing_before_it_says_what_it_points_to(article: str):
    passages = _passages(article)
    (quote,) = answer_quotes(_judged(passages, (TREATED, 0.9, 0.0)), passages)
    assert quote.text == TREATED and article[quote.start : quote.end] == TREATED


def test_the_sentence_before_is_found_in_the_chunk_that_holds_both():
    # Retrieval found the sentence first in a chunk that starts with it, and also an overlapping
    # chunk holding the sentence before it too: the quote is read from that one.
    info = _passages(ARTICLE)[0].article

    def chunk(i: int, start: int, end: int) -> Passage:
        return Passage(f"c{i}", ARTICLE[start:end], 0.8 - i / 10, i + 1, info, i, start, end)

    own, both = ARTICLE.index(TREATED), ARTICLE.index(CHAMBER)
    passages = [chunk(0, own, len(ARTICLE)), chunk(1, both, own + len(TREATED))]
    (quote,) = answer_quotes(_judged(passages, (TREATED, 0.9, 0.0)), passages)
    assert quote.text == f"{CHAMBER} {TREATED}" and ARTICLE[quote.start : quote.end] == quote.text


def test_a_runner_up_already_quoted_as_the_sentence_before_is_not_quoted_twice():
    passages = _passages(ARTICLE)
    quotes = answer_quotes(_judged(passages, (TREATED, 0.5, 0.0), (CHAMBER, 0.4, 0.0)), passages)
    assert [q.text for q in quotes] == [f"{CHAMBER} {TREATED}"]
    # The other way round, the best is quoted alone before the runner-up that points back to it.
    quotes = answer_quotes(_judged(passages, (CHAMBER, 0.5, 0.0), (TREATED, 0.4, 0.0)), passages)
    assert [q.text for q in quotes] == [CHAMBER, TREATED]


def test_the_offline_answerer_quotes_what_the_sentence_points_to(e5):
    question = "What device is used to treat carbon monoxide poisoning?"
    passages = _passages(ARTICLE)
    answer = ExtractiveAnswerer(Judge(EvidenceScorer(e5), load_calibration()), None).answer(
        question, question, "en", passages)
    assert answer.grounded, answer.text
    (citation,) = answer.citations
    assert citation.quote == f"{CHAMBER} {TREATED}"
    assert ARTICLE[citation.start : citation.end] == citation.quote
    assert answer.text == f"“{CHAMBER} {TREATED}” [1]" and answer.problems() == []


RIVALS = "Their local rivals, Polonia Warsaw, have significantly fewer supporters."
WON = "Nevertheless, they managed to win the Ekstraklasa championship in 2000."
CLUB = f"Football in Warsaw\n\nLegia Warsaw is the most popular club in the city. {RIVALS} {WON}\n"


def test_a_sentence_without_the_kind_of_answer_asked_for_is_quoted_with_the_one_before_that_has_it(e5):
    # "Who won…?" asks for a name; the sentence that restates the question names no one but its
    # pronoun's referent is in the sentence before it. Quoted alone, it would tell the reader nothing.
    question = "Who won the Ekstraklasa championship in 2000?"
    passages = _passages(CLUB)
    judge = Judge(EvidenceScorer(e5), load_calibration())
    judgement = judge.judge(question, question, passages)
    assert judgement.best.evidence.sentence.text == WON
    assert judgement.best.features["answer_before"] == 1.0
    (quote,) = answer_quotes(judgement, passages)
    assert quote.text == f"{RIVALS} {WON}" and CLUB[quote.start : quote.end] == quote.text


def test_the_sentence_before_is_not_added_when_it_does_not_hold_that_kind_either(e5):
    question = "Who won the Ekstraklasa championship in 2000?"
    article = "Football in Warsaw\n\nThe city has many supporters of football. " + WON + "\n"
    passages = _passages(article)
    judgement = Judge(EvidenceScorer(e5), load_calibration()).judge(question, question, passages)
    assert judgement.best.evidence.sentence.text == WON and judgement.best.features["answer_before"] == 0.0
    (quote,) = answer_quotes(judgement, passages)
    assert quote.text == WON
