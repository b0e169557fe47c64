"""The period a question names, in the languages of news, read against a given day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from assistant.text.periods import asks_for_latest, question_period

AS_OF = date(2025, 4, 20)  # a Sunday


@pytest.mark.parametrize(
    ("question", "since", "until", "precision"),
    [
        ("What happened on 14 March 2025?", "2025-03-14", "2025-03-14", "day"),
        ("What happened on March 14, 2025?", "2025-03-14", "2025-03-14", "day"),
        ("What happened on 2025-03-14?", "2025-03-14", "2025-03-14", "day"),
        ("Was geschah am 14. März 2025?", "2025-03-14", "2025-03-14", "day"),
        ("¿Qué pasó el 3 de marzo de 2025?", "2025-03-03", "2025-03-03", "day"),
        ("What happened in April 2025?", "2025-04-01", "2025-04-30", "month"),
        ("Que s'est-il passé en avril 2025 ?", "2025-04-01", "2025-04-30", "month"),
        ("Что произошло в марте 2025 года?", "2025-03-01", "2025-03-31", "month"),
        ("Cosa è successo a febbraio 2025?", "2025-02-01", "2025-02-28", "month"),
        # A month with no year is its latest occurrence: March is this year's, May last year's.
        ("Was geschah im März?", "2025-03-01", "2025-03-31", "month"),
        ("What happened in May?", "2024-05-01", "2024-05-31", "month"),
        ("What happened in 2023?", "2023-01-01", "2023-12-31", "year"),
        ("What happened yesterday?", "2025-04-19", "2025-04-19", "day"),
        ("What happened 3 days ago?", "2025-04-17", "2025-04-17", "day"),
        # Last week is the whole of the week before this one, Monday to Sunday.
        ("What happened last week?", "2025-04-07", "2025-04-13", "week"),
        ("Was ist letzte Woche passiert ?", "2025-04-07", "2025-04-13", "week"),
        ("Qu'est-ce qui s'est passé la semaine dernière ?", "2025-04-07", "2025-04-13", "week"),
        ("¿Qué pasó la semana pasada?", "2025-04-07", "2025-04-13", "week"),
        ("Что случилось на прошлой неделе?", "2025-04-07", "2025-04-13", "week"),
        ("What happened last month?", "2025-03-01", "2025-03-31", "month"),
        ("Qu'est-ce qui a changé cette année ?", "2025-01-01", "2025-12-31", "year"),
        ("What happened since January?", "2025-01-01", "2025-04-20", "open"),
        ("Was ist seit 2024 passiert?", "2024-01-01", "2025-04-20", "open"),
        ("What happened before 2024?", "0001-01-01", "2023-12-31", "open"),
        ("What happened until March 2025?", "0001-01-01", "2025-03-31", "open"),
        ("What happened between March and April 2025?", "2025-03-01", "2025-04-30", "open"),
        # The first end of a range without its year takes the year of the other end.
        ("What happened between May and June 2023?", "2023-05-01", "2023-06-30", "open"),
        ("What happened between March 24 and March 26, 2023?", "2023-03-24", "2023-03-26", "open"),
        # Days of one month.
        ("What happened on 24–26 March 2025?", "2025-03-24", "2025-03-26", "day"),
        ("How many died in the tornado outbreak of March 24–26, 2023?", "2023-03-24", "2023-03-26", "day"),
        ("What happened from March 24 to 26, 2024?", "2024-03-24", "2024-03-26", "day"),  # "from" is no "since"
        ("Que s'est-il passé du 24 au 26 mars 2025 ?", "2025-03-24", "2025-03-26", "day"),
        ("Was geschah vom 24. bis 26. März 2025?", "2025-03-24", "2025-03-26", "day"),
        ("¿Qué pasó del 24 al 26 de marzo de 2025?", "2025-03-24", "2025-03-26", "day"),
        ("Что произошло с 24 по 26 марта 2025 года?", "2025-03-24", "2025-03-26", "day"),
        # Seasons are meteorological and northern; "last" is the one before the latest begun.
        ("What happened last autumn?", "2024-09-01", "2024-11-30", "season"),
        ("Que s'est-il passé l'automne dernier ?", "2024-09-01", "2024-11-30", "season"),
        ("¿Qué pasó el otoño pasado?", "2024-09-01", "2024-11-30", "season"),
        ("Что случилось прошлой осенью?", "2024-09-01", "2024-11-30", "season"),
        ("Was geschah im Herbst 2023?", "2023-09-01", "2023-11-30", "season"),
        ("What happened in the summer of 2024?", "2024-06-01", "2024-08-31", "season"),
        ("Qu'est-il arrivé à l'automne 2023 ?", "2023-09-01", "2023-11-30", "season"),
        ("Что было осенью 2023 года?", "2023-09-01", "2023-11-30", "season"),
        ("What happened this winter?", "2024-12-01", "2025-02-28", "season"),  # winter runs into the next year
        ("Qu'a fait Kim au printemps ?", "2025-03-01", "2025-05-31", "season"),
    ],
)
def test_a_time_the_question_names_becomes_a_period(question: str, since: str, until: str, precision: str):
    period = question_period(question, AS_OF)
    assert period is not None, question
    assert (period.since.isoformat(), period.until.isoformat(), period.precision) == (since, until, precision)
    assert period.phrase and period.phrase in question


@pytest.mark.parametrize(
    "question",
    [
        "Who denied the shell deliveries?",
        "Who won the 2018 FIFA World Cup?",  # a year in a name is not the time asked about
        "How many people may attend the summit?",  # "may" the verb
        "Quand Kim a-t-il rencontré Poutine pour la dernière fois ?",
        "What is the latest news about Ukraine?",
        "How many F-16 jets has Ukraine received?",
        "What led to the fall of Kabul?",  # seasons are words too, unless dated or "in"
        "What was the Arab Spring?",
        # Abbreviated months of other languages are words here: Italian "set", Portuguese "out",
        # Spanish "ago", Italian "mag" and "gen".
        "Who set the record?",
        "Who found out about the leak?",
        "Who won the Nobel Prize two years ago?",
        "Which mag published the leak?",
        "Who leads the gen Z protests?",
    ],
)
def test_a_question_without_a_time_names_no_period(question: str):
    assert question_period(question, AS_OF) is None


def test_a_word_that_abbreviates_a_month_elsewhere_does_not_widen_the_period_named():
    period = question_period("Who set a record in September 2022?", AS_OF)
    assert (period.since, period.until, period.precision) == (date(2022, 9, 1), date(2022, 9, 30), "month")
    period = question_period("Who found out about the leak in March 2023?", AS_OF)
    assert (period.since, period.until) == (date(2023, 3, 1), date(2023, 3, 31))
    # Written as a month, with a year, an abbreviation still is one.
    period = question_period("O que aconteceu em set. 2022?", AS_OF)
    assert (period.since, period.until) == (date(2022, 9, 1), date(2022, 9, 30))


def test_relative_expressions_read_against_as_of_and_today_by_default():
    assert question_period("What happened yesterday?", date(2023, 2, 7)).since == date(2023, 2, 6)
    assert question_period("What happened yesterday?").since == date.today() - timedelta(days=1)


def test_the_period_is_written_out_in_the_answer_language():
    march = question_period("What happened in March 2025?", AS_OF)
    assert march.label("en") == "March 2025"
    assert march.label("fr") == "mars 2025"
    assert march.label("de") == "März 2025"
    day = question_period("What happened on 14 March 2025?", AS_OF)
    assert "14" in day.label("en") and "March" in day.label("en")
    assert question_period("What happened in 2023?", AS_OF).label("es") == "2023"


@pytest.mark.parametrize(
    ("question", "latest"),
    [
        ("What is the latest news about Ukraine?", True),
        ("Who is the new prime minister of New Zealand?", True),
        ("¿Quién es el nuevo presidente de Perú?", True),
        ("Qui est le nouveau Premier ministre ?", True),
        ("Wer ist der neue Bundeskanzler?", True),
        ("Кто новый премьер-министр Великобритании?", True),
        ("Who leads Peru now?", True),
        # Who holds an office is who holds it now.
        ("Who is the prime minister of New Zealand?", True),
        ("Wer ist Bundeskanzler?", True),
        ("Who was the prime minister of New Zealand in 2020?", False),
        # A place's name is no news: New Zealand, Nueva York, Nouvelle-Calédonie.
        ("What is the capital of New Zealand?", False),
        ("¿Cuántos habitantes tiene Nueva York?", False),
        ("Qui préside la Nouvelle-Calédonie ?", False),
        ("Quand Kim a-t-il rencontré Poutine pour la dernière fois ?", False),
    ],
)
def test_a_question_asks_for_the_newest_news_by_its_words_not_by_a_place_s_name(question: str, latest: bool):
    assert asks_for_latest(question) is latest
