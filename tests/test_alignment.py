"""The token aligner: how well a question's words find their counterparts in a sentence, in any
pair of languages, through the bundled encoder (nothing downloaded)."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.answer.question_cues import interrogative_first
from assistant.embed.alignment import TokenAligner, default_aligner

QUESTION = "Who denied the shell deliveries?"
DENIAL = "Ces allégations ont été démenties par le Kremlin."


@pytest.fixture(scope="module")
def aligner() -> TokenAligner:
    return default_aligner()


def test_a_translation_covers_the_questions_words_better_than_a_sentence_on_the_same_topic(aligner):
    restating = "Les livraisons d’obus à la Russie ont fait l’objet d’un rapport."
    unrelated = "Il a fait beau toute la semaine à Lyon."
    denial, topic, other = (m.mean() for m in aligner.best_matches(QUESTION, [DENIAL, restating, unrelated]))
    assert denial > other and topic > other
    # Word by word: "denied" finds "démenties" in the denial and nothing as close in the report.
    words = aligner.best_matches("denied", [DENIAL, restating])
    assert words[0].max() > words[1].max()


def test_one_similarity_per_word_piece_of_the_question_and_none_for_the_prompt_or_punctuation(aligner):
    # "shell" and "deliveries" are two pieces each in this vocabulary: the question has more pieces
    # than words, but "?", the "query: " prompt and the special tokens are not among them.
    (matches,) = aligner.best_matches(QUESTION, [DENIAL])
    assert 5 <= len(matches) <= 12
    assert np.all(matches <= 1.0 + 1e-5) and np.all(matches > 0)
    (nothing,) = aligner.best_matches("¿?", [DENIAL])
    assert len(nothing) == 0


def test_a_sentences_first_word_is_matched_like_any_other(aligner):
    # A word's first piece spans the space before it, so a text's first word begins inside the
    # "passage: " prompt; it is still the sentence's word (often its subject).
    first, later = aligner.best_matches("Has the Kremlin denied it?", ["Kremlin denied it.", "Yesterday Kremlin denied it."])
    assert np.abs(first - later).max() < 0.1


def test_a_questions_first_word_its_interrogative_is_left_out(aligner):
    pieces = len(aligner._tokenizer.encode("denied the deliveries?", add_special_tokens=False).ids) - 1  # "?"
    for question in ("Who denied the deliveries?", "¿Quién denied the deliveries?"):
        (matches,) = aligner.best_matches(question, [DENIAL])
        assert len(matches) == pieces
    # A question of one word, or in a script without spaces, keeps all its words.
    assert len(aligner.best_matches("Vladivostok?", [DENIAL])[0]) >= 1
    assert len(aligner.best_matches("日本の首相は誰ですか", [DENIAL])[0]) >= 3


def test_a_question_whose_interrogative_stands_later_keeps_its_first_word(aligner):
    # Turkish puts "kaç" (how many) mid-question: the first word, "Depremde" (in the earthquake),
    # is what it asks about.
    question = "Depremde kaç kişi öldü?"
    assert not interrogative_first(question) and interrogative_first(QUESTION)
    (whole,) = aligner.best_matches(question, [DENIAL], interrogative_first=False)
    (cut,) = aligner.best_matches(question, [DENIAL])
    first_word = len(aligner._tokenizer.encode("Depremde", add_special_tokens=False).ids)
    assert len(whole) == len(cut) + first_word


@pytest.mark.parametrize("text", ["", "…", "\x00\x01 control", "日本の首相は東京にいる。", "Ça va 😀 " * 400],
                         ids=["empty", "ellipsis", "control", "japanese", "longer-than-the-window"])
def test_any_text_gets_one_similarity_per_question_piece(aligner, text: str):
    (matches,) = aligner.best_matches(QUESTION, [text])
    (reference,) = aligner.best_matches(QUESTION, [DENIAL])
    assert matches.shape == reference.shape and np.all(np.isfinite(matches))


def test_vectors_are_cached_and_the_same_in_any_batch(aligner):
    calls = []
    encode = aligner._encode

    def counting(prefix, texts, *rest):
        calls.append(list(texts))
        return encode(prefix, texts, *rest)

    fresh = TokenAligner()
    fresh._model, fresh._tokenizer = aligner._model, aligner._tokenizer
    fresh._encode = counting  # type: ignore[method-assign]
    alone = fresh.best_matches(QUESTION, [DENIAL])[0]
    batched = fresh.best_matches(QUESTION, ["Un autre texte, bien plus long que le premier.", DENIAL])[1]
    assert calls == [[QUESTION], [DENIAL], ["Un autre texte, bien plus long que le premier."]]
    assert np.allclose(alone, batched)
    # Padding in a batch does not change a text's vectors (beyond bf16's rounding, where it is used).
    assert np.allclose(aligner._encode("passage: ", [DENIAL])[0],
                       aligner._encode("passage: ", [DENIAL, "Un texte bien plus long. " * 20])[0], atol=2e-3)


def test_an_encoder_loading_in_the_background_serves_the_first_alignment(aligner):
    # `ask` starts loading it while the index opens; the first alignment waits for it.
    fresh = TokenAligner()
    fresh.load_in_background()
    fresh.load_in_background()  # already loading: nothing more starts
    (matches,) = fresh.best_matches(QUESTION, [DENIAL])
    assert fresh._model is not None
    assert np.allclose(matches, aligner.best_matches(QUESTION, [DENIAL])[0], atol=2e-3)


def test_answers_in_threads_share_the_aligner_safely():
    # The web app answers in threads; a small cache is reordered and trimmed by all of them at once.
    from concurrent.futures import ThreadPoolExecutor

    shared = default_aligner()
    small = TokenAligner(cache_size=3)
    small._model, small._tokenizer, small._bf16 = shared._model, shared._tokenizer, shared._bf16
    texts = [f"Le Kremlin a démenti pour la {n}e fois." for n in range(12)]
    expected = [shared.best_matches(QUESTION, [t])[0] for t in texts]
    with ThreadPoolExecutor(4) as pool:
        found = list(pool.map(lambda t: small.best_matches(QUESTION, [t, DENIAL])[0], texts * 3))
    assert all(np.allclose(f, e, atol=2e-3) for f, e in zip(found, expected * 3))
    assert len(small._cache) <= 3
