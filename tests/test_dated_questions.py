"""A question that names a time is answered from the articles of that time, and says which; one
that asks for the latest news is answered from the newest article that answers it.

The corpus is 55 dated English news items (tests/data/itn_en.jsonl: October 2022, and from 15
January to the end of February 2023) and three stories retold over several days as their death
tolls grew (itn_en_updates.jsonl), answered by the offline default.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Iterator

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from conftest import DATA, SEED, write_xquad_paragraphs

from assistant import Assistant, Settings
from assistant.answer import llm
from assistant.answer.llm import NO_ANSWER
from assistant.embed.embeddings import E5Embeddings
from assistant.ingest.articles import read_article
from helpers.hashing import HashEmbeddings

def _lines(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines()]


NEWS = _lines("itn_en.jsonl") + _lines("itn_en_updates.jsonl")
UPDATES = _lines("itn_en_updates.jsonl")


def write_news(folder: Path) -> Path:
    folder.mkdir()
    for n, item in enumerate(NEWS):
        (folder / f"{n:03d}.md").write_text(
            f"---\ntitle: {item['title']}\ndate: {item['date']}\n---\n{item['text']}\n", encoding="utf-8"
        )
    return folder


@pytest.fixture(scope="module")
def news(tmp_path_factory: pytest.TempPathFactory, e5: E5Embeddings) -> Assistant:
    folder = tmp_path_factory.mktemp("dated")
    assistant = Assistant(Settings(index_dir=folder / "index"), embeddings=e5)
    assistant.index([write_news(folder / "news")])
    return assistant


def _dates(answer) -> list[str]:
    return [p.article.date for p in answer.passages]


def test_a_month_in_the_question_limits_the_answer_to_that_month(news: Assistant):
    answer = news.ask("Where did an earthquake kill people in February 2023?")
    assert answer.grounded and answer.citations
    assert all(d.startswith("2023-02") for d in _dates(answer))
    assert "Turkey" in " ".join(c.quote for c in answer.citations)
    assert answer.period["since"] == "2023-02-01" and answer.period["until"] == "2023-02-28"
    assert answer.text.startswith("Articles from February 2023:")
    assert answer.problems() == []


def test_the_same_question_about_another_month_does_not_quote_february(news: Assistant):
    answer = news.ask("Where did an earthquake kill people in October 2022?")
    assert all(d.startswith("2022-10") for d in _dates(answer))
    assert all(c.date.startswith("2022-10") for c in answer.citations)


def test_nothing_from_the_period_is_said_instead_of_quoting_another_period(news: Assistant):
    answer = news.ask("What happened in December 2022?")
    assert not answer.grounded and answer.citations == [] and answer.passages == []
    assert answer.text == "No indexed article is from December 2022, so none can say."
    french = news.ask("Que s'est-il passé en décembre 2022 ?")
    assert french.text == "Aucun article indexé ne date de décembre 2022 : aucun ne peut le dire."


def test_last_autumn_is_read_against_as_of_and_named_in_the_answer(news: Assistant):
    answer = news.ask("Which hurricane hit Florida last autumn?", as_of="2023-02-13")
    assert answer.text.startswith("Articles from autumn 2022:")
    assert answer.passages and all(d.startswith("2022-") and "2022-09" <= d[:7] <= "2022-11" for d in _dates(answer))


def test_last_week_is_read_against_as_of(news: Assistant):
    answer = news.ask("What happened last week?", as_of="2023-02-13")
    assert answer.period["since"] == "2023-02-06" and answer.period["until"] == "2023-02-12"
    assert answer.passages and all("2023-02-06" <= d <= "2023-02-12" for d in _dates(answer))
    assert news.ask("What happened last week?", as_of=date(2022, 12, 20)).passages == []


def test_what_happened_in_a_period_is_its_most_told_stories_a_line_each(news: Assistant):
    # The week Hurricane Ian struck, retold five times that week: the week's most told story.
    answer = news.ask("What happened last week?", as_of="2022-10-05")
    assert answer.grounded and answer.problems() == []
    assert (answer.period["since"], answer.period["until"]) == ("2022-09-26", "2022-10-02")
    lines = answer.text.splitlines()
    assert lines[0].startswith("Articles from ")
    assert len(lines[1:]) == len(answer.citations) >= 2
    dates = [c.date for c in answer.citations]
    assert dates == sorted(dates) and all("2022-09-26" <= d <= "2022-10-02" for d in dates)
    ian = [c for c in answer.citations if c.title == "Hurricane Ian"]
    assert len(ian) == 1 and len(ian[0].also_in) >= 2  # one line for the story, its other tellings named
    for citation, line in zip(answer.citations, lines[1:]):
        assert line.startswith(f"{citation.date}: “{citation.quote}”")
        assert read_article(Path(citation.source)).text[citation.start : citation.end] == citation.quote
    french = news.ask("Qu'est-ce qui s'est passé la semaine dernière ?", as_of="2022-10-05")
    assert [c.id for c in french.citations] == [c.id for c in answer.citations]
    # since/until give the period as well.
    ranged = news.ask("What happened?", since="2022-09-26", until="2022-10-02")
    assert [c.id for c in ranged.citations] == [c.id for c in answer.citations]


def test_what_happened_to_something_in_a_period_is_answered_about_it(news: Assistant):
    answer = news.ask("What happened to Hurricane Ian last week?", as_of="2022-10-05")
    assert answer.grounded and {c.title for c in answer.citations} == {"Hurricane Ian"}


def test_explicit_since_and_until_win_over_the_question(news: Assistant):
    answer = news.ask("Where did an earthquake kill people in February 2023?", since="2022-10", until="2022-10")
    assert answer.period is None
    assert answer.passages and all(d.startswith("2022-10") for d in _dates(answer))


def test_an_explicit_range_without_articles_says_so_rather_than_that_the_index_is_empty(news: Assistant):
    answer = news.ask("Where did an earthquake kill people?", since="2024-03")
    assert not answer.grounded and not answer.passages
    assert answer.text == "No indexed article is from March 1, 2024 – …, so none can say."
    assert answer.period["since"] == "2024-03-01"
    french = news.ask("Où un séisme a-t-il fait des morts ?", since="2021-01", until="2021-06")
    # (Babel writes French with no-break spaces.)
    assert " ".join(french.text.split()) == "Aucun article indexé ne date de 1 janv. – 30 juin 2021 : aucun ne peut le dire."


def test_a_question_without_a_time_reads_every_period(news: Assistant):
    answer = news.ask("Who won the Nobel Prize in Physiology or Medicine?")
    assert answer.period is None and answer.grounded
    assert "Pääbo" in answer.citations[0].quote


@pytest.fixture(scope="module")
def reported_later(tmp_path_factory: pytest.TempPathFactory, e5: E5Embeddings) -> Assistant:
    """A coup of 30 September reported on 1 October, a hurricane reported twelve days after
    September, and a record of September reported on its day."""
    return _indexed_items(tmp_path_factory.mktemp("reported"), e5, [
        ("record", "2022-09-25", "Kenyan runner Eliud Kipchoge sets a new world record at the Berlin Marathon."),
        ("coup", "2022-10-01", "In Burkina Faso, a coup d'état led by captain Ibrahim Traoré deposes the interim "
                               "president Paul-Henri Damiba."),
        ("julia", "2022-10-12", "Hurricane Julia leaves more than 70 people dead across Central America."),
    ])


def _indexed_items(folder: Path, e5: E5Embeddings, items: list[tuple[str, str, str]]) -> Assistant:
    """An assistant over dated news items (name, which is also the title; date; text), indexed in
    ``folder``."""
    (folder / "news").mkdir()
    for name, day, text in items:
        (folder / "news" / f"{name}.md").write_text(f"---\ntitle: {name}\ndate: {day}\n---\n{text}\n",
                                                    encoding="utf-8")
    assistant = Assistant(Settings(index_dir=folder / "index"), embeddings=e5)
    assistant.index([folder / "news"])
    return assistant


def test_news_of_a_period_reported_in_the_days_after_it_answers_when_the_period_itself_does_not(
    reported_later: Assistant,
):
    answer = reported_later.ask("Who led the coup in Burkina Faso in September 2022?", as_of="2022-12-01")
    assert answer.grounded and [c.title for c in answer.citations] == ["coup"]
    assert answer.text.startswith("Articles from September 2022 and the days after it, to October 5, 2022:\n")
    assert answer.period["until"] == "2022-09-30" and answer.period["reported_until"] == "2022-10-05"
    # A day no article is from: its news too is read from the days after it.
    day = reported_later.ask("Qui a mené le coup d'État au Burkina Faso le 30 septembre 2022 ?", as_of="2022-12-01")
    assert day.grounded and [c.title for c in day.citations] == ["coup"]
    assert day.text.startswith("Articles de 30 septembre 2022 et des jours suivants, jusqu’au 5 octobre 2022 :")
    # Never past as_of: on 30 September the report of 1 October is not written yet.
    early = reported_later.ask("Who led the coup in Burkina Faso in September 2022?", as_of="2022-10-02")
    assert early.period["reported_until"] == "2022-10-02"
    assert not reported_later.ask("Who led the coup in Burkina Faso in September 2022?", as_of="2022-09-30").grounded


def test_the_days_after_a_period_are_read_only_when_the_period_answers_nothing(reported_later: Assistant):
    own = reported_later.ask("Who set a world record at the Berlin Marathon in September 2022?", as_of="2022-12-01")
    assert own.grounded and own.text.startswith("Articles from September 2022:\n")
    assert "reported_until" not in own.period
    # Twelve days after is no report of September's news, and a period's digest is its own articles.
    assert not reported_later.ask("How many people did Hurricane Julia kill in September 2022?",
                                  as_of="2022-12-01").grounded
    digest = reported_later.ask("What happened in September 2022?", as_of="2022-12-01")
    assert [c.title for c in digest.citations] == ["record"]


class SourceQuotingChatModel(GenericFakeChatModel):
    """A chat model that writes ``claim`` citing the source holding ``needle``, by the number the
    prompt gives it, and declines when no source holds it."""

    needle: str
    claim: str
    messages: Iterator[Any] = iter(())

    def _generate(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> ChatResult:
        held = re.search(rf'<source id="(\d+)"[^>]*>[^<]*{re.escape(self.needle)}', str(messages[-1].content))
        draft = f"{self.claim} [{held.group(1)}]." if held else NO_ANSWER
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=draft))])


def test_a_streamed_llm_answer_reads_the_days_after_a_period_too(
    reported_later: Assistant, monkeypatch: pytest.MonkeyPatch
):
    model = SourceQuotingChatModel(needle="Ibrahim Traoré", claim="Captain Ibrahim Traoré led the coup")
    monkeypatch.setattr(llm, "chat_model", lambda settings: model)
    question = "Who led the coup in Burkina Faso in September 2022?"
    *pieces, final = reported_later.stream(question, llm="openai:source-quoting", as_of="2022-12-01")
    # The judge declines September's own articles before the model writes a word, so the line
    # naming what was read comes first and says so.
    assert pieces[0] == "Articles from September 2022 and the days after it, to October 5, 2022:\n"
    assert "".join(pieces[1:]) == "Captain Ibrahim Traoré led the coup [1]."
    assert final.grounded and [c.title for c in final.citations] == ["coup"]
    assert final.period["reported_until"] == "2022-10-05" and final.text == "".join(pieces)
    asked = reported_later.ask(question, llm="openai:source-quoting", as_of="2022-12-01")
    assert (asked.text, asked.period) == (final.text, final.period)
    # On 30 September no day after it can be read: declined, under the period's own line.
    *pieces, early = reported_later.stream(question, llm="openai:source-quoting", as_of="2022-09-30")
    assert pieces == ["Articles from September 2022:\n"] and not early.grounded
    assert "reported_until" not in early.period


def test_a_month_dated_article_is_from_its_month_never_from_one_of_its_days(tmp_path: Path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "month.md").write_text("---\ntitle: A month\ndate: 2023-02\n---\nThe summit was held.\n")
    (folder / "day.md").write_text("---\ntitle: A day\ndate: 2023-02-07\n---\nThe summit was held.\n")
    assistant = Assistant(Settings(index_dir=tmp_path / "index"), embeddings=HashEmbeddings())
    assistant.index([folder])

    def titles(question: str) -> set[str]:
        return {p.article.title for p in assistant.ask(question).passages}

    assert titles("Was the summit held in February 2023?") == {"A month", "A day"}
    assert titles("Was the summit held in 2023?") == {"A month", "A day"}
    assert titles("Was the summit held on 7 February 2023?") == {"A day"}
    assert titles("Was the summit held on 8 February 2023?") == set()
    # A season holds the months it spans, whole.
    assert titles("Was the summit held in the winter of 2022?") == {"A month", "A day"}
    assert titles("Was the summit held in autumn 2022?") == set()


def test_a_bad_as_of_is_a_clear_error(news: Assistant):
    from assistant.errors import QueryError

    with pytest.raises(QueryError, match="as_of='last tuesday' is not a date"):
        news.ask("What happened yesterday?", as_of="last tuesday")


def _cli_over_news(tmp_path: Path):
    """``assistant`` as a command over the news indexed by the CLI in a new index."""
    cli = [str(Path(sys.executable).with_name("assistant"))]
    env = {**os.environ, "ASSISTANT_INDEX_DIR": str(tmp_path / "index")}

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*cli, *args], env=env, capture_output=True, text=True, timeout=600)

    assert run("index", str(write_news(tmp_path / "news"))).returncode == 0
    return run


@pytest.mark.integration
def test_the_cli_reads_the_period_and_reports_it_in_json(tmp_path: Path):
    run = _cli_over_news(tmp_path)
    out = run("ask", "--json", "--as-of", "2023-02-13", "What happened last week?")
    assert out.returncode == 0, out.stderr
    answer = json.loads(out.stdout)
    assert answer["period"]["since"] == "2023-02-06" and answer["period"]["label"]
    assert all("2023-02-06" <= p["article"]["date"] <= "2023-02-12" for p in answer["passages"])
    bad = run("ask", "--as-of", "13/02/2023", "What happened last week?")
    assert bad.returncode != 0 and "as_of='13/02/2023' is not a date" in bad.stderr


def test_a_month_without_its_year_is_the_time_of_the_event_when_no_article_is_from_it(news: Assistant):
    """ "In October" (last October, as of 2023-02-13) has articles: they alone are read. "In July"
    has none: the question is about events of July, told in articles of any time."""
    october = news.ask("Who won the Nobel Prize in Physiology or Medicine in October?", as_of="2023-02-13")
    assert october.period["since"] == "2022-10-01" and all(d.startswith("2022-10") for d in _dates(october))
    july = news.ask("Who won the Nobel Prize in Physiology or Medicine in July?", as_of="2023-02-13")
    assert july.period is None and july.passages
    assert "Pääbo" in july.citations[0].quote
    firm = news.ask("Who won the Nobel Prize in Physiology or Medicine in July 2022?")
    assert firm.passages == [] and firm.text == "No indexed article is from July 2022, so none can say."


def test_a_period_is_no_filter_over_articles_without_dates(tmp_path: Path):
    undated = tmp_path / "undated"
    undated.mkdir()
    (undated / "a.txt").write_text("In 1973 the oil embargo made prices quadruple within months.\n")
    assistant = Assistant(Settings(index_dir=tmp_path / "index"), embeddings=HashEmbeddings())
    assistant.index([undated])
    answer = assistant.ask("What happened to oil prices in 1973?")
    assert answer.period is None and answer.passages


def test_the_latest_news_comes_from_the_newest_article_that_answers(news: Assistant):
    ian = sorted(u["date"] for u in UPDATES if u["title"] == "Hurricane Ian")
    answer = news.ask("What is the latest death toll of Hurricane Ian?")
    assert answer.grounded
    assert answer.citations[0].date == ian[-1] and "87" in answer.citations[0].quote
    assert answer.problems() == []
    julia = news.ask("How many people has Hurricane Julia killed, according to the most recent reports?")
    assert julia.grounded and julia.citations[0].date == max(u["date"] for u in UPDATES if "Julia" in u["title"])


@pytest.mark.parametrize(
    "question",
    [
        "Who is the new prime minister of the United Kingdom?",
        "¿Quién es el nuevo primer ministro del Reino Unido?",
        "Qui est le nouveau Premier ministre du Royaume-Uni ?",
        "Who is the prime minister of the United Kingdom now?",
        "Who is the prime minister of the United Kingdom?",
        "Wer ist der Premierminister des Vereinigten Königreichs?",
    ],
)
def test_the_new_holder_of_an_office_is_the_one_the_newest_news_names(news: Assistant, question: str):
    # Truss's resignation and Sunak's succession are one story, and its first telling names Truss.
    answer = news.ask(question)
    assert answer.grounded and "Rishi Sunak" in answer.citations[0].quote


def test_the_newest_news_that_answers_is_news_of_what_was_asked(tmp_path: Path, e5: E5Embeddings):
    # The question names the United Kingdom in Spanish, which no English quote names; the newest
    # article of all, an election elsewhere, answers "who" too, and is no news of the question's.
    assistant = _indexed_items(tmp_path, e5, [
        ("truss", "2022-10-20", "Prime Minister of the United Kingdom Liz Truss announces her resignation."),
        ("sunak", "2022-10-25", "Rishi Sunak succeeds Liz Truss as Prime Minister of the United Kingdom."),
        ("pavel", "2023-01-29", "Petr Pavel is elected as President of the Czech Republic, defeating Andrej Babiš."),
    ])
    answer = assistant.ask("¿Quién es el nuevo primer ministro del Reino Unido?")
    assert answer.grounded and [c.title for c in answer.citations] == ["sunak"]


def test_the_newest_news_of_a_question_naming_nothing_keeps_to_what_the_first_answer_named(
    tmp_path: Path, e5: E5Embeddings,
):
    # Nothing in these questions names whom or where: the newest article that answers "who" on its
    # own, a man indicted, is no news of the richest man.
    assistant = _indexed_items(tmp_path, e5, [
        ("population", "2022-11-15", "The world population reaches eight billion people, according to UN estimates."),
        ("musk", "2022-12-01", "Elon Musk remains the richest man in the world, with a fortune of 180 billion dollars."),
        ("trump", "2023-03-31", "Donald Trump is the first former President of the United States to be indicted."),
    ])
    for question in ["Who is the richest man in the world?", "Qui est l'homme le plus riche du monde ?"]:
        answer = assistant.ask(question)
        assert answer.grounded and [c.title for c in answer.citations] == ["musk"], question


def test_the_prime_minister_now_is_news_of_a_prime_minister(news: Assistant):
    answer = news.ask("Who is the prime minister now?")
    assert answer.grounded and "Prime Minister" in answer.citations[0].quote


@pytest.mark.parametrize(
    "question",
    ["What's new?", "What is the latest news?", "Quelles sont les dernières nouvelles ?", "Quoi de neuf ?",
     "Was gibt es Neues?", "¿Cuáles son las últimas noticias?", "Что нового?"],
)
def test_what_is_new_is_the_most_told_stories_of_the_newest_week(news: Assistant, question: str):
    answer = news.ask(question, as_of="2022-10-05")
    # The week is the seven days to the newest article by then.
    newest = max(item["date"] for item in NEWS if item["date"] <= "2022-10-05")
    since = (date.fromisoformat(newest) - timedelta(days=6)).isoformat()
    assert (answer.period["since"], answer.period["until"]) == (since, newest)
    assert answer.grounded and answer.problems() == []
    lines = answer.text.splitlines()
    assert len(lines[1:]) == len(answer.citations) >= 2
    assert all(since <= c.date <= newest for c in answer.citations)
    assert "Hurricane Ian" in {c.title for c in answer.citations}


def test_the_latest_news_of_something_is_news_of_it_not_the_newest_week(news: Assistant):
    answer = news.ask("What is the latest news about Hurricane Julia?")
    assert answer.grounded and {c.title for c in answer.citations} == {"Hurricane Julia (2022)"}
    assert answer.period is None


def test_what_is_new_over_undated_articles_is_no_week_of_news(tmp_path: Path, fast_assistant: Assistant):
    # An encyclopedia has no newest week.
    fast_assistant.index([write_xquad_paragraphs(tmp_path / "paragraphs", "en")])
    answer = fast_assistant.ask("What's new?")
    assert answer.period is None and not answer.text.startswith("Articles from")


def test_a_figure_a_story_updates_is_given_from_its_newest_telling(news: Assistant):
    # Unasked for "the latest", a toll is still the newest one: the first day's count is not the toll.
    for question, title, figure in [
        ("What is the death toll of Hurricane Ian?", "Hurricane Ian", "87"),
        ("How many people were injured in the Seoul Halloween crowd crush?", "Seoul Halloween crowd crush", "150"),
        ("How many people has Hurricane Julia killed?", "Hurricane Julia (2022)", "90"),
    ]:
        answer = news.ask(question)
        assert answer.grounded and answer.problems() == []
        # Only the story's own tellings: Julia's later toll never answers for Ian.
        assert {c.title for c in answer.citations} == {title}
        assert answer.citations[0].date == max(u["date"] for u in UPDATES if u["title"] == title)
        assert figure in answer.citations[0].quote


def test_a_figure_asked_for_a_day_is_that_days_figure(news: Assistant):
    answer = news.ask("How many people had Hurricane Ian killed on 1 October 2022?")
    assert answer.grounded and {c.date for c in answer.citations} == {"2022-10-01"}


def test_asking_for_the_latest_gives_no_second_chance_to_a_question_the_articles_do_not_answer(news: Assistant):
    answer = news.ask("What is the latest news about the crewed mission to Mars?")
    assert not answer.grounded and answer.citations == []


def test_a_timeline_puts_one_entry_per_event_in_date_order_with_every_telling(news: Assistant):
    found = news.timeline("Hurricane Ian death toll")
    dates = [e.date for e in found.entries]
    assert dates == sorted(dates) and len(found.entries) >= 2
    ian = [e for e in found.entries if "Hurricane Ian" in e.quote]
    tellings = [t for e in ian for t in [e, *e.also]]
    assert len(ian) < len(tellings)  # retellings of the same sentence are merged into one entry
    assert len({t.date for t in tellings}) >= 3
    for entry in found.entries:
        assert set(entry.to_dict()) >= {"date", "quote", "title", "source", "start", "end", "also"}
        for telling in [entry, *entry.also]:
            assert telling.date and read_article(telling.source).text[telling.start : telling.end] == telling.quote
    narrowed = news.timeline("Hurricane Ian death toll", since="2022-10-02", until="2022-10-31")
    assert narrowed.entries and all("2022-10-02" <= t.date <= "2022-10-31"
                                    for e in narrowed.entries for t in [e, *e.also])


def test_a_death_toll_retold_higher_is_an_entry_of_its_own_and_the_same_toll_is_one(news: Assistant):
    entries = [e for e in news.timeline("Hurricane Ian death toll").entries if "Hurricane Ian" in e.quote]
    tolls = [re.findall(r"\d+", e.quote) for e in entries]
    assert len(entries) >= 4 and all(tolls) and len({tuple(t) for t in tolls}) == len(entries)
    assert all(re.findall(r"\d+", t.quote) == toll for e, toll in zip(entries, tolls) for t in e.also)
    assert any(e.also for e in entries)


@pytest.mark.parametrize(
    ("question", "topic", "heading"),
    [
        ("Timeline of the Hurricane Ian death toll?", "the Hurricane Ian death toll", "Timeline of the Hurricane Ian death toll:"),
        ("Chronologie de l'ouragan Ian", "l'ouragan Ian", "Chronologie : l'ouragan Ian"),
        ("How did Hurricane Ian unfold?", "Hurricane Ian", "Timeline of Hurricane Ian:"),
    ],
)
def test_a_question_asking_for_a_timeline_gets_one_dated_line_per_event_with_all_its_citations(
    news: Assistant, question: str, topic: str, heading: str
):
    answer = news.ask(question)
    timeline = news.timeline(topic)
    heading_line, *lines = answer.text.split("\n")
    assert answer.grounded and heading_line == heading and answer.problems() == []
    assert len(lines) == len(timeline.entries)
    number = 0
    for line, entry in zip(lines, timeline.entries):
        markers = "".join(f"[{n}]" for n in range(number + 1, number + 2 + len(entry.also)))
        assert line.startswith(f"{entry.date}: ") and entry.quote in line and line.endswith(markers)
        for telling in [entry, *entry.also]:
            citation = answer.citations[number]
            assert (citation.quote, citation.date, citation.start) == (telling.quote, telling.date, telling.start)
            assert read_article(citation.source).text[citation.start : citation.end] == citation.quote
            number += 1
    assert number == len(answer.citations)


def test_a_timeline_question_naming_a_period_keeps_to_it(news: Assistant):
    answer = news.ask("Timeline of the Hurricane Ian death toll in October 2022")
    assert answer.period and answer.citations
    assert all(c.date.startswith("2022-10") for c in answer.citations)


def test_a_timeline_of_a_topic_no_article_is_about_has_no_entries_and_is_declined(news: Assistant):
    # Retrieval fills its thirty slots from any article; none of them is an event of this topic.
    assert news.timeline("the crewed mission to Mars").entries == []
    answer = news.ask("Timeline of the crewed mission to Mars")
    assert not answer.grounded and answer.citations == []


CHAMBER = ("A hyperbaric chamber is a sealed room in which patients breathe pure oxygen at high pressure. "
           "Carbon monoxide poisoning is sometimes treated using these devices.")


def test_a_dated_article_on_another_subject_is_no_event_of_the_timeline(tmp_path: Path, e5: E5Embeddings):
    # Found in the web chat: over the seed and one article on medicine, the medicine article's
    # sentence was the first "event" of Kim Jong-un's plans to meet Putin (a small index retrieves
    # every article, and every dated article gave its closest sentence).
    folder = tmp_path / "news"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    (folder / "chambers.md").write_text(f"---\ntitle: Hyperbaric medicine\ndate: 2023-08-15\n---\n{CHAMBER}\n",
                                        encoding="utf-8")
    assistant = Assistant(Settings(index_dir=tmp_path / "index"), embeddings=e5)
    assistant.index([folder])
    answer = assistant.ask("How did Kim Jong-un's plans to meet Putin unfold?")
    assert answer.grounded and answer.citations
    assert {Path(c.source).name for c in answer.citations} == {SEED.name}
    assert "chamber" not in answer.text
    assert [Path(e.source).name for e in assistant.timeline("Kim Jong-un and Putin").entries] == [SEED.name]


@pytest.mark.integration
def test_the_cli_prints_a_timeline_as_json(tmp_path: Path):
    out = _cli_over_news(tmp_path)("timeline", "Hurricane Julia", "--since", "2022-10", "--json")
    assert out.returncode == 0, out.stderr
    found = json.loads(out.stdout)
    assert found["topic"] == "Hurricane Julia" and found["since"] == "2022-10" and found["entries"]
    assert [e["date"] for e in found["entries"]] == sorted(e["date"] for e in found["entries"])
    assert any("Julia" in e["quote"] and e["also"] for e in found["entries"])
