"""Sentences and chunks: whole sentences, exact offsets, overlap, sizes that fit the embedder."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from assistant.ingest.articles import Article, read_article
from assistant.ingest.chunking import chunk_article, embedding_text
from assistant.text.sentences import split_sentences
from conftest import SEED


def _article(text: str, title: str = "T", date: str | None = None) -> Article:
    return Article("id", "/x.txt", title, date, "en", text, "text", "hash")


def test_sentences_of_the_seed_are_split_at_their_ends():
    text = read_article(SEED).text
    sentences = [text[a:b] for a, b in split_sentences(text)]
    assert len(sentences) == 13
    assert sentences[0] == "Les dirigeants devraient tenir des négociations à Vladivostok plus tard ce mois-ci."
    assert (
        "Ces allégations ont été démenties par le Kremlin puis par Alexandre Matsegora, "
        "l’ambassadeur de Russie à Pyongyang."
    ) in sentences
    # A quotation opening in lower case continues the sentence before it.
    assert sentences[-2].endswith("pourraient déclencher des tensions. « une guerre nucléaire ».")
    assert sentences[-1].startswith("Pyongyang a également accusé")


def test_abbreviations_initials_and_lowercase_continuations_do_not_end_sentences():
    text = "Dr. Smith met M. Dupont in the U.S. capital. Then etc. and so on. J. R. Tolkien wrote it!"
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "Dr. Smith met M. Dupont in the U.S. capital.",
        "Then etc. and so on.",
        "J. R. Tolkien wrote it!",
    ]


def test_paragraphs_and_markdown_blocks_always_end_sentences():
    text = "# Heading without stop\nFirst line of body\n\nSecond paragraph\n- item one\n- item two"
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "# Heading without stop",
        "First line of body",
        "Second paragraph",
        "- item one",
        "- item two",
    ]


def test_chunks_are_whole_sentences_with_exact_offsets_and_one_sentence_overlap():
    article = read_article(SEED)
    sentences = {article.text[a:b] for a, b in split_sentences(article.text)}
    chunks = chunk_article(article, chunk_chars=600, overlap=1)
    assert [c.n for c in chunks] == list(range(len(chunks)))
    for chunk in chunks:
        assert article.text[chunk.start : chunk.end] == chunk.text
        assert len(chunk.text) <= 600
        first_sentence = next(s for s in sentences if chunk.text.startswith(s))
        last_sentence = next(s for s in sentences if chunk.text.endswith(s))
        assert first_sentence and last_sentence
    for before, after in zip(chunks, chunks[1:]):
        # The next chunk starts at the last sentence of the one before.
        assert before.start < after.start < before.end
    assert chunks[0].start == 0 and chunks[-1].end == len(article.text.rstrip())


def test_a_sentence_longer_than_a_chunk_is_cut_at_spaces():
    text = "word " * 1000
    chunks = chunk_article(_article(text), chunk_chars=300, overlap=1)
    assert len(chunks) > 10
    assert all(len(c.text) <= 300 and not c.text.startswith(" ") for c in chunks)
    assert all(text[c.start : c.end] == c.text for c in chunks)


def test_title_and_date_are_embedded_but_not_stored():
    article = _article("Body sentence one. Body sentence two.", title="A headline", date="2024-05")
    chunk = chunk_article(article)[0]
    assert chunk.text == "Body sentence one. Body sentence two."
    assert embedding_text(article, chunk) == "A headline · 2024-05\nBody sentence one. Body sentence two."


def test_a_title_already_in_the_chunk_is_not_repeated():
    article = read_article(SEED)
    first = chunk_article(article)[0]
    assert embedding_text(article, first).count("Les dirigeants devraient tenir") == 1
    assert embedding_text(article, first).startswith("2023-09\n")


_text = st.lists(
    st.one_of(
        st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=80),
        st.sampled_from([". ", "! ", "? ", "\n", "\n\n", " « Oui. » ", "M. ", "# ", "- ", "…", "   "]),
    ),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_text, st.integers(min_value=100, max_value=700), st.integers(min_value=0, max_value=3))
@example("0" * 70 + " \n" + "0" * 29, 100, 0)  # a cut at a newline once kept the space before it
def test_any_text_chunks_into_exact_in_order_spans_that_cover_every_sentence(text, size, overlap):
    chunks = chunk_article(_article(text), chunk_chars=size, overlap=overlap)
    for chunk in chunks:
        assert text[chunk.start : chunk.end] == chunk.text
        assert chunk.text.strip() == chunk.text and chunk.text
        assert len(chunk.text) <= size
    assert [c.start for c in chunks] == sorted(c.start for c in chunks)
    for a, b in split_sentences(text):
        # Every non-blank character lies in some chunk.
        assert any(c.start <= a and b <= c.end for c in chunks) or b - a > size
    if text.strip():
        assert chunks
