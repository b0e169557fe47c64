"""What the web chat shows of an answer, and what it keeps of users' ratings (no browser here:
tests/test_web.py drives both through a real one)."""

from __future__ import annotations

import json
import re
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from assistant import Assistant
from assistant.answer.results import Answer, Citation
from assistant.app.chat_html import answer_id_of, answer_markdown, new_answer_id, plain_text
from assistant.app.evaluation import QACase, read_cases, score_answers
from assistant.app.feedback import FeedbackLog
from assistant.errors import InputFileError
from assistant.search.retriever import ArticleInfo, Passage

TEXT = "Premier paragraphe.\n\nLe maire <b>a dit</b> : « Oui. » Puis il est parti.\n\nDernier & fin."
QUOTE = "Le maire <b>a dit</b> : « Oui. »"
ARTICLE = ArticleInfo("art1", "Un titre *étoilé*", "2024-05", "/srv/news/a.txt", "fr")


def _answer(text: str = f"“{QUOTE}” [1]", grounded: bool = True) -> Answer:
    start = TEXT.index(QUOTE)
    passage = Passage("c1", TEXT, 0.8, 1, ARTICLE, 0, 0, len(TEXT))
    citations = [Citation(1, "art1", ARTICLE.title, ARTICLE.date, ARTICLE.source, QUOTE, start, start + len(QUOTE), True, 0.9)]
    return Answer("Qu'a dit le maire ?", text, citations if grounded else [], grounded, "fr", [passage])


def test_an_answer_links_each_marker_to_its_own_source_and_highlights_the_quote_in_its_paragraph():
    answer_id = new_answer_id()
    message = answer_markdown(_answer(), answer_id, {"art1": TEXT}.get)
    assert answer_id_of(message) == answer_id
    assert f'<a class="cite" href="#{answer_id}-1">[1]</a>' in message
    source = re.search(rf"<div class='source' id='{answer_id}-1'>.*", message).group(0)
    paragraph = re.search(r"<p class='paragraph' dir='auto'>(.*?)</p>", source).group(1)
    assert paragraph == "<mark>Le maire &lt;b&gt;a dit&lt;/b&gt; : « Oui. »</mark> Puis il est parti."
    whole = re.search(r"<div class='article-text' dir='auto'>(.*?)</div>", source).group(1)
    assert whole.startswith("Premier paragraphe.<br><br><mark>") and whole.endswith("Dernier &amp; fin.")
    assert "<bdi>Un titre *étoilé*</bdi> — 2024-05" in source and "a.txt" in source and "/srv/news" not in source


def test_the_sources_are_one_html_block_so_markdown_leaves_them_alone():
    message = answer_markdown(_answer(), new_answer_id(), {"art1": TEXT}.get)
    text, sources = message.split("\n\n", 1)
    assert "\n" not in sources and sources.startswith('<details class="sources"')
    assert "<b>" not in message.replace("<b>[1]</b>", ""), "article text reached the page as HTML"


def test_what_an_answer_quotes_from_the_articles_is_laid_out_in_its_own_direction():
    # An Arabic quote in an English frame: isolated (<bdi>), so the frame's quotation marks and
    # markers stay where the frame puts them (tests/test_web.py measures the layout in a browser).
    quote = "توفي البابا الفخري بندكت السادس عشر عن عمر 95 عامًا."
    text = f"Premier paragraphe.\n\n{quote}"
    article = ArticleInfo("ar1", "بندكت السادس عشر", "2022-12-31", "/srv/news/b.md", "ar")
    start = text.index(quote)
    citation = Citation(1, "ar1", article.title, article.date, article.source, quote, start, start + len(quote), True, 0.9)
    answer = Answer("How old was he?", f"“{quote}” [1]", [citation], True, "en",
                    [Passage("c1", text, 0.8, 1, article, 0, 0, len(text))])
    message = answer_markdown(answer, "a1", {"ar1": text}.get)
    assert message.startswith(f'“<bdi>{quote}</bdi>” <a class="cite" href="#a1-1">[1]</a>')
    assert f"<bdi>{article.title}</bdi>" in message and "<div class='article-text' dir='auto'>" in message
    assert plain_text(message) == answer.text
    # A declined answer isolates the title and the sentence that came closest.
    declined = Answer("Who?", f"The indexed articles do not say.\nClosest, from “{article.title}”: “{quote}”", [], False,
                      "en", answer.passages)
    assert f"“<bdi>{article.title}</bdi>”: “<bdi>{quote}</bdi>”" in answer_markdown(declined, "a2", {}.get)


def test_a_message_reads_back_as_the_answers_own_text():
    answer = _answer(text="“2 * 3_4 <x>” [1]")
    message = answer_markdown(answer, new_answer_id(), {"art1": TEXT}.get)
    assert plain_text(message) == "“2 * 3_4 <x>” [1]"
    assert plain_text("Just text, no sources.") == "Just text, no sources."
    assert answer_id_of("Just text") is None


def test_a_quote_whose_article_changed_since_is_shown_alone_rather_than_misplaced():
    changed = "Un autre texte, plus court."
    message = answer_markdown(_answer(), "a1", {"art1": changed}.get)
    assert f"<p dir='auto'><mark>{QUOTE.replace('<', '&lt;').replace('>', '&gt;')}</mark></p>" in message
    assert "article-text" not in message
    assert "article-text" not in answer_markdown(_answer(), "a2", lambda _id: None)


def test_a_declined_answer_shows_what_came_closest_and_no_index_says_so():
    declined = answer_markdown(_answer("Les articles indexés ne le disent pas.", grounded=False), "a1", {}.get)
    assert "What came closest" in declined and "Premier paragraphe." in declined and "cite" not in declined
    empty = Answer("Q ?", "L’index ne contient encore aucun article.", [], False, "fr", [])
    assert "No articles are indexed yet." in answer_markdown(empty, "a2", {}.get)


def test_other_tellings_of_a_fact_are_shown_as_also_reporting_it():
    start = TEXT.index(QUOTE)
    citations = [Citation(n, "art1", f"Titre {n}", "2024-05", f"/srv/news/{n}.txt", QUOTE, start, start + len(QUOTE))
                 for n in (1, 2, 3, 4)]
    answer = Answer("Chronologie ?", f"2024-05-01: « {QUOTE} » [1][2][3]\n2024-05-04: « {QUOTE} » [4]", citations, True,
                    "fr", _answer().passages)
    sources = answer_markdown(answer, "a1", {"art1": TEXT}.get).split("\n\n", 1)[1]
    kinds = re.findall(r"<div class='(source(?: also)?)' id='a1-(\d)'>", sources)
    assert kinds == [("source", "1"), ("source also", "2"), ("source also", "3"), ("source", "4")]
    assert sources.count("Also reported by:") == 1
    assert sources.index("Also reported by:") < sources.index("id='a1-2'")


def test_a_source_names_the_other_articles_that_tell_the_same_story():
    answer = _answer()
    also = [{"id": "b", "title": "Le maire <dit> oui", "date": "2024-05-02", "source": "/x/b.txt", "lang": "fr"},
            {"id": "c", "title": "", "date": None, "source": "/x/c.md", "lang": "en"}]
    cited = Answer(answer.question, answer.text, [replace(answer.citations[0], also_in=also)], True, "fr", answer.passages)
    message = answer_markdown(cited, "a1", {"art1": TEXT}.get)
    assert "<div class='also-in'>Also reported by: <bdi>Le maire &lt;dit&gt; oui</bdi> (2024-05-02), <bdi>c.md</bdi></div>" in message


def test_a_rating_then_its_comment_read_back_as_one_rating(tmp_path: Path):
    log = FeedbackLog(tmp_path / "index" / "feedback.jsonl")
    rated = log.rate(_answer(), "up")
    log.comment(rated, "  Exact.  ")
    other = log.rate(_answer(grounded=False, text="Non."), "down")
    lines = [json.loads(line) for line in (tmp_path / "index" / "feedback.jsonl").read_text().splitlines()]
    assert [line["id"] for line in lines] == [rated.id, rated.id, other.id]
    assert lines[1]["comment"] == "Exact." and lines[1]["citations"][0]["quote"] == QUOTE
    cases = read_cases(tmp_path / "index" / "feedback.jsonl")
    assert cases == [
        QACase("Qu'a dit le maire ?", True, (QUOTE,), QUOTE, "/srv/news/a.txt", comment="Exact."),
        QACase("Qu'a dit le maire ?", True),  # 👎 on a refusal: the articles do answer it
    ]


def test_ratings_from_many_threads_are_whole_lines(tmp_path: Path):
    log = FeedbackLog(tmp_path / "feedback.jsonl")
    threads = [threading.Thread(target=lambda: [log.rate(_answer(), "down") for _ in range(25)]) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    lines = (tmp_path / "feedback.jsonl").read_text().splitlines()
    assert len(lines) == 200 and all(json.loads(line)["rating"] == "down" for line in lines)


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ('{"id": "x", "rating": "meh", "question": "Q?"}', "line 1: not a rating (rating must be one of"),
        ('{"id": "x", "rating": "up", "question": ""}', "line 1: not a rating (the question is missing)"),
    ],
)
def test_a_malformed_rating_is_an_error_naming_its_line(tmp_path: Path, line: str, problem: str):
    path = tmp_path / "feedback.jsonl"
    path.write_text(line + "\n")
    with pytest.raises(InputFileError, match=re.escape(problem)):
        read_cases(path)


def test_eval_replays_ratings_against_the_current_answers(seeded: Assistant, tmp_path: Path):
    log = FeedbackLog(tmp_path / "feedback.jsonl")
    good = seeded.ask("Who denied the allegations of shell deliveries?")
    log.rate(good, "up")
    log.rate(seeded.ask("When did Kim last meet Putin?"), "down")
    log.rate(seeded.ask("What is the population of Vladivostok?"), "up")
    scores = score_answers(seeded, read_cases(tmp_path / "feedback.jsonl"))
    assert (scores.answerable, scores.unanswerable, scores.flagged) == (1, 1, 1)
    assert scores.answer_accuracy == 1.0 and scores.refusal_rate == 1.0
    assert scores.repeated_rate == 1.0  # nothing changed since the 👎: the flagged answer comes back
    assert [f["problem"] for f in scores.failures] == ["flagged answer repeated"]
    assert "flagged answers repeated (of 1)" in scores.table()
