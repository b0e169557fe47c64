"""Reading articles: formats, metadata, exact text, and what is skipped or refused."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from conftest import SEED

from assistant.ingest.markdown import Link
from assistant.ingest.articles import Article, Skipped, parse_date, read_article, read_articles
from assistant.errors import ArticleError


def test_seed_format_gives_date_title_language_and_exact_text():
    article = read_article(SEED)
    raw = SEED.read_text(encoding="utf-8")
    assert isinstance(article, Article)
    assert article.format == "seed"
    assert article.date == "2023-09"
    assert article.title == "Les dirigeants devraient tenir des négociations à Vladivostok plus tard ce mois-ci."
    assert article.lang == "fr"
    # The text is the file from the lede on, byte for byte: offsets into it are offsets into the file.
    assert raw.endswith(article.text)
    assert raw[: len(raw) - len(article.text)] == " date 2023-09 "
    assert article.content_hash == hashlib.sha256(SEED.read_bytes()).hexdigest()
    assert article.source == str(SEED)


def test_article_id_is_stable_and_depends_on_the_source(tmp_path: Path):
    copy = tmp_path / "copy.txt"
    copy.write_bytes(SEED.read_bytes())
    assert read_article(SEED).id == read_article(SEED).id
    assert read_article(copy).id != read_article(SEED).id


def test_markdown_front_matter_and_heading(tmp_path: Path):
    path = tmp_path / "a.md"
    path.write_text("---\ndate: 2024-02-29\n---\n# Berlin hosts the summit\n\nLeaders met on Friday. They agreed.\n")
    article = read_article(path)
    assert (article.format, article.title, article.date, article.lang) == (
        "markdown",
        "Berlin hosts the summit",
        "2024-02-29",
        "en",
    )
    # The text is what a reader reads: the heading's words, not its Markdown.
    assert article.text == "Berlin hosts the summit\n\nLeaders met on Friday. They agreed."


NEWS_PAGE = """---
title: Ceasefire talks
date: 2025-03-14
---
# [Hamas](https://en.wikipedia.org/wiki/Hamas "Hamas") says it will *resume* talks

* [Russian invasion of Ukraine](https://en.wikipedia.org/wiki/Russian_invasion_of_Ukraine)
* [Gaza war](https://en.wikipedia.org/wiki/Gaza_war)

[Hamas](https://en.wikipedia.org/wiki/Hamas "Hamas") says that it has agreed to **resume**
[ceasefire](https://en.wikipedia.org/wiki/Ceasefire) talks with Israel in Cairo. ![A photo](p.jpg)

| city | talks |
|---|---|
| Cairo | resumed |
"""


def test_markdown_is_read_as_the_text_a_reader_sees_with_its_links_kept(tmp_path: Path):
    path = tmp_path / "news.md"
    path.write_text(NEWS_PAGE)
    article = read_article(path)
    assert article.text.split("\n\n") == [
        "Hamas says it will resume talks",
        "Russian invasion of Ukraine",
        "Gaza war",
        "Hamas says that it has agreed to resume ceasefire talks with Israel in Cairo.",
        "city | talks",
        "Cairo | resumed",
    ]
    assert not any(mark in article.text for mark in ("](", "http", "**", "* ", "![", "|---"))
    assert article.links[0] == Link("Hamas", "https://en.wikipedia.org/wiki/Hamas")
    assert Link("ceasefire", "https://en.wikipedia.org/wiki/Ceasefire") in article.links
    assert (article.title, article.date) == ("Ceasefire talks", "2025-03-14")


def test_html_is_read_like_markdown_without_bullets_or_urls(tmp_path: Path):
    path = tmp_path / "page.html"
    prose = "The council voted on Monday after a long debate about the new budget for schools."
    path.write_text(
        "<html><head><title>Council vote</title></head><body><article><h1>Council vote</h1>"
        f"<p>The <a href='https://example.org/council'>council</a> voted <b>yes</b>. {prose}</p>"
        "<ul><li><a href='/topics/budget'>Budget</a></li><li>Schools</li></ul></article></body></html>"
    )
    article = read_article(path)
    assert "The council voted yes." in article.text
    assert "- " not in article.text and "https://" not in article.text and "**" not in article.text
    assert "\n\nBudget\n\nSchools" in article.text
    assert Link("council", "https://example.org/council") in article.links


def test_html_keeps_the_article_text_and_drops_scripts(tmp_path: Path):
    path = tmp_path / "page.html"
    body = " ".join(["El gobierno anunció nuevas medidas económicas para el próximo año."] * 6)
    path.write_text(
        "<html><head><title>Nuevas medidas</title><script>var x = 'tracking';</script>"
        "<style>p{color:red}</style></head><body><nav>Inicio | Contacto</nav>"
        f"<article><h1>Nuevas medidas</h1><p>{body}</p></article></body></html>"
    )
    article = read_article(path)
    assert article.format == "html"
    assert article.title == "Nuevas medidas"
    assert "nuevas medidas económicas" in article.text
    assert "tracking" not in article.text and "color:red" not in article.text
    assert article.lang == "es"


def test_plain_text_without_header_takes_its_first_line_as_title(tmp_path: Path):
    path = tmp_path / "note.txt"
    path.write_text("Hochwasser in Bayern\n\nDie Pegel steigen weiter. Die Feuerwehr ist im Einsatz.\n")
    article = read_article(path)
    assert (article.format, article.title, article.date, article.lang) == ("text", "Hochwasser in Bayern", None, "de")
    assert article.text == path.read_text()


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2023-09", "2023-09"), ("2024-02-29", "2024-02-29"), ("2023-02-29", None), ("2023-13", None), ("09/2023", None)],
)
def test_dates_must_exist(value: str, expected: str | None):
    assert parse_date(value) == expected


def test_impossible_date_in_the_header_names_the_file_and_line(tmp_path: Path):
    path = tmp_path / "bad.txt"
    path.write_text(" date 2023-13 Un titre.\n\nDu texte.\n")
    with pytest.raises(ArticleError, match=r"bad\.txt: line 1: '2023-13' is not a valid date"):
        read_article(path)


def test_folders_are_walked_and_non_articles_skipped_with_a_reason(tmp_path: Path):
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "sub" / "deeper" / "a.txt").write_bytes(SEED.read_bytes())
    (tmp_path / "b.md").write_text("# Title\n\nSome text here.\n")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (tmp_path / "empty.txt").write_text("  \n")
    (tmp_path / ".hidden.txt").write_text("secret")
    found = read_articles([tmp_path])
    assert sorted(Path(a.source).name for a in found.articles) == ["a.txt", "b.md"]
    reasons = {Path(s.path).name: s.reason for s in found.skipped}
    assert reasons == {"empty.txt": "empty file", "photo.jpg": "not an article file (suffix '.jpg')"}


def test_an_explicitly_named_file_must_be_an_article(tmp_path: Path):
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8\xff")
    with pytest.raises(ArticleError, match="photo.jpg: not an article file"):
        read_articles([path])


def test_latin1_is_read_but_corrupt_utf8_and_binary_files_are_errors_naming_the_file(tmp_path: Path):
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Le président a déclaré".encode("latin-1"))
    assert read_articles([tmp_path]).articles[0].text == "Le président a déclaré"
    latin.write_bytes("Le président".encode() + b" a d\xe9clar\xe9")  # UTF-8, then Latin-1: corrupt
    with pytest.raises(ArticleError, match=r"latin\.txt: not valid UTF-8 \(byte 0xe9 at offset 17\)"):
        read_articles([tmp_path])
    latin.unlink()
    (tmp_path / "blob.txt").write_bytes(b"abc\x00\x01\x02")
    with pytest.raises(ArticleError, match=r"blob\.txt: binary file"):
        read_articles([tmp_path])


def test_missing_path_is_an_error(tmp_path: Path):
    with pytest.raises(ArticleError, match="nope: no such file or folder"):
        read_articles([tmp_path / "nope"])


def test_symlink_loops_are_not_followed(tmp_path: Path):
    (tmp_path / "a.txt").write_bytes(SEED.read_bytes())
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    found = read_articles([tmp_path])
    assert [Path(a.source).name for a in found.articles] == ["a.txt"]


def test_the_same_file_named_twice_is_one_article(tmp_path: Path):
    found = read_articles([SEED, SEED.parent])
    assert [a.source for a in found.articles] == [str(SEED)]
    assert not isinstance(read_article(SEED), Skipped)
