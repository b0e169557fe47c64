"""Sentence boundaries: measured against gold in five languages, and the cases news text is full of."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.text.sentences import split_sentences
from helpers.boundaries import ITN, score, treebanks

# The bar of issue 11, on the boundaries the text marks (see helpers/boundaries.py for why the
# unpunctuated ones cannot count); every treebank whole, both its halves.
F1_GOAL = {"fr": 0.97, "de": 0.97, "es": 0.97, "ru": 0.97, "en": 0.95}


def _sentences(text: str, lang: str | None = None) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text, lang=lang)]


@pytest.mark.parametrize("lang", sorted(F1_GOAL))
def test_boundaries_match_universal_dependencies_gold(lang):
    documents = treebanks()[lang]
    result = score(lambda text, language: split_sentences(text, lang=language), lang, documents)
    assert result["marked"].f1 >= F1_GOAL[lang], result
    # Almost nothing is cut that the gold keeps whole: a wrong cut splits a quote in two.
    assert result["marked"].precision >= 0.98, result


# Languages of Wikipedia's one-sentence news blurbs (tests/data/itn_sentences.json) whose sentences
# end in a mark of their own script (Nepali's danda, Urdu's full stop, Chinese), or where a rule
# shared by all languages once misread the script: every Georgian letter is lower case to Unicode
# (no sentence ever started), and a word ending in a combining mark (Arabic "عامًا") looked like an
# initial. Before: F1 0 for ka, ne and ur, 0.93 for ar.
ITN_F1_GOAL = 0.95
ITN_LANGUAGES = ("ar", "fa", "ka", "ne", "ur", "zh")


@pytest.mark.parametrize("lang", ITN_LANGUAGES)
def test_boundaries_match_news_blurbs_in_other_scripts(lang):
    result = score(lambda text, language: split_sentences(text, lang=language), lang, treebanks(ITN)[lang])
    assert result["marked"].f1 >= ITN_F1_GOAL, result


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("de", "Das begann Mitte des 18. Jahrhunderts in England. Danach kam die Bahn.",
         ["Das begann Mitte des 18. Jahrhunderts in England.", "Danach kam die Bahn."]),
        ("de", "Der Staat gab 30 Mio. GBP für die Kanäle aus. Das reichte nicht.",
         ["Der Staat gab 30 Mio. GBP für die Kanäle aus.", "Das reichte nicht."]),
        ("de", "Die Wahl findet am 5. Juli statt. Die 27. Große Strafkammer tagte. Er war 7000. Die Zahl stieg.",
         ["Die Wahl findet am 5. Juli statt.", "Die 27. Große Strafkammer tagte.", "Er war 7000.", "Die Zahl stieg."]),
        ("ru", "Он родился в 1950 г. в Москве. В 1970-х гг. Он переехал. Это было до н. э. Потом всё изменилось.",
         ["Он родился в 1950 г. в Москве.", "В 1970-х гг.", "Он переехал.", "Это было до н. э.",
          "Потом всё изменилось."]),
        ("ru", "Памятник А. С. Пушкину стоит здесь. Т. е. давно.", ["Памятник А. С. Пушкину стоит здесь.", "Т. е. давно."]),
        ("fr", "Il a dit « Oui. » Puis il est parti. M. Dupont l’a vu le 5 sept. à Paris.",
         ["Il a dit « Oui. »", "Puis il est parti.", "M. Dupont l’a vu le 5 sept. à Paris."]),
        ("en", 'He said "Yes." Then he left. (He was tired.) J. K. Rowling met Dr. Smith of Acme Inc. in the U.S. today.',
         ['He said "Yes."', "Then he left.", "(He was tired.)",
          "J. K. Rowling met Dr. Smith of Acme Inc. in the U.S. today."]),
        ("es", "¿Quién ganó? ¡Nadie lo sabe! La Sra. Pérez llegó.", ["¿Quién ganó?", "¡Nadie lo sabe!", "La Sra. Pérez llegó."]),
        ("zh", "北京今天下雨。明天会晴吗？会的！“好。”他说。",
         ["北京今天下雨。", "明天会晴吗？", "会的！", "“好。”", "他说。"]),
        ("ja", "東京は晴れです。大阪は雨でした！", ["東京は晴れです。", "大阪は雨でした！"]),
        ("en", "Great food! :) Will come again.", ["Great food! :)", "Will come again."]),
        ("hi", "भारत ने मैच जीता। टीम बहुत खुश है॥ अगला मैच कल है।",
         ["भारत ने मैच जीता।", "टीम बहुत खुश है॥", "अगला मैच कल है।"]),
        ("ur", "کل بارش ہوئی۔ سڑکیں بند ہیں؟ جی ہاں۔", ["کل بارش ہوئی۔", "سڑکیں بند ہیں؟", "جی ہاں۔"]),
        ("ar", "هل انتهت الحرب؟ توفي عن عمر 95 عامًا. 3 أكتوبر فوز العالم.",
         ["هل انتهت الحرب؟", "توفي عن عمر 95 عامًا.", "3 أكتوبر فوز العالم."]),
        ("ka", "თბილისში წვიმს. ხვალ მზე იქნება.", ["თბილისში წვიმს.", "ხვალ მზე იქნება."]),
        ("hy", "Երևանում անձրև է։ Վաղը արև կլինի։", ["Երևանում անձրև է։", "Վաղը արև կլինի։"]),
        # Greek asks with ";", which elsewhere only joins clauses.
        ("el", "Ποιος κέρδισε; Κανείς δεν ξέρει. Ήταν δύσκολη μέρα; ναι, πολύ.",
         ["Ποιος κέρδισε;", "Κανείς δεν ξέρει.", "Ήταν δύσκολη μέρα; ναι, πολύ."]),
        ("en", "He came; Then he left.", ["He came; Then he left."]),
        (None, "Ποιος κέρδισε\u037e Κανείς δεν ξέρει.", ["Ποιος κέρδισε\u037e", "Κανείς δεν ξέρει."]),
    ],
)
def test_news_sentences_end_where_a_reader_says_they_do(lang, text, expected):
    assert _sentences(text, lang) == expected


def test_the_language_rules_never_need_the_language_for_what_all_languages_share():
    # Month names are known in every language, so a date is never cut even without ``lang``.
    assert _sentences("Am 5. Juli kam er. Le 3. mars.") == ["Am 5. Juli kam er.", "Le 3. mars."]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab AB.!?;。？।۔»«\"')(\n:-5гًაΚ")), max_size=80),
       st.sampled_from([None, "de", "ru", "en", "zh", "el"]))
def test_spans_are_exact_ordered_and_never_overlap(text, lang):
    spans = split_sentences(text, lang=lang)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        sentence = text[start:end]
        assert sentence == sentence.strip() and sentence
        previous_end = end
    # Nothing but whitespace lies outside the sentences.
    covered = set().union(*(range(a, b) for a, b in spans)) if spans else set()
    assert all(text[i].isspace() for i in range(len(text)) if i not in covered)
