"""RSS and Atom feeds indexed as articles, against a local HTTP server serving feeds shaped like real
sites' (RSS 2.0 with Dublin Core and media fields, Atom, a Latin-1 feed dated in Portuguese).
Nothing reaches the internet."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import DATA, SEED
from helpers.feed_server import FeedServer, Route, start

from assistant import Assistant, Settings

FEEDS = DATA / "feeds"
ASSISTANT = str(Path(sys.executable).with_name("assistant"))


def _feed(name: str, base: str) -> bytes:
    return (FEEDS / name).read_text(encoding="utf-8").replace("{base}", base).encode("utf-8")


@pytest.fixture
def site() -> Iterator[FeedServer]:
    httpd, server = start(FeedServer())
    base = server.url
    server.routes.update({
        "/rss.xml": Route(_feed("rss.xml", base)),
        "/atom.xml": Route(_feed("atom.xml", base), "application/atom+xml"),
        # Latin-1 bytes, no charset in the header, no encoding in the XML declaration.
        "/latin1.xml": Route((FEEDS / "latin1.xml").read_bytes().replace(b"{base}", base.encode()), "text/xml"),
        "/articles/pont.html": Route((FEEDS / "pont.html").read_bytes(), "text/html; charset=utf-8", validators=False),
        "/page.html": Route(b"<html><body><h1>Bienvenue</h1><p>Ceci est une page d'accueil.</p></body></html>",
                            "text/html", validators=False),
        "/slow.xml": Route(_feed("rss.xml", base), delay=3.0),
        "/broken-item.xml": Route(_feed("rss.xml", base).replace(
            b"<item>", b"<item><title></title><description></description></item><item>", 1)),
    })
    yield server
    httpd.shutdown()


@pytest.fixture
def news(tmp_path: Path, hashing) -> Assistant:
    return Assistant(Settings(index_dir=tmp_path / "index", feed_timeout=1.0), embeddings=hashing)


def _record(assistant: Assistant, source: str):
    return next(r for r in assistant.articles() if r.source == source)


def test_an_rss_feed_becomes_articles_with_title_date_link_language_and_text(news: Assistant, site: FeedServer):
    base = site.url
    report = news.index([f"{base}/rss.xml"])
    assert report.added == [f"{base}/articles/terminal.html", f"{base}/articles/pont.html", f"{base}/articles/gone.html"]
    assert report.skipped == []

    terminal = _record(news, f"{base}/articles/terminal.html")
    assert (terminal.title, terminal.date, terminal.lang, terminal.format) == (
        "Le port de Vladivostok inaugure un terminal", "2023-10-02", "fr", "feed")
    text = news.article_text(terminal.id)
    assert "inauguré lundi par la gouverneure Anna Petrova" in text and "<p>" not in text
    assert site.hits("/articles/terminal.html") == [], "an item whose feed carries its text was fetched"

    # The feed gives only a summary: the text is the page's article, without its menus and footer.
    pont = _record(news, f"{base}/articles/pont.html")
    assert pont.date == "2023-10-05"  # from dc:date
    page = news.article_text(pont.id)
    assert "plus de vingt mille personnes traversent chaque jour" in page
    assert "Abonnez-vous" not in page and "Accueil" not in page

    # The page is gone: the feed's own text is indexed, and the report says so.
    gone = _record(news, f"{base}/articles/gone.html")
    assert news.article_text(gone.id).startswith("Le festival du film Pacific Meridian s'est ouvert")
    assert report.warnings == [f"{base}/articles/gone.html: HTTP 404 Not Found; indexed the feed's own text"]

    passages = news.retrieve("Anna Petrova terminal", k=1)
    assert passages[0].article.source == f"{base}/articles/terminal.html" and passages[0].article.date == "2023-10-02"


def test_a_rerun_asks_conditionally_and_indexes_only_what_changed(news: Assistant, site: FeedServer):
    base = site.url
    news.index([f"{base}/rss.xml"])
    first = site.hits("/rss.xml")[-1]
    assert "If-None-Match" not in first

    again = news.index([f"{base}/rss.xml"])
    sent = site.hits("/rss.xml")[-1]
    assert sent["If-None-Match"] and sent["If-Modified-Since"] == "Mon, 09 Oct 2023 12:00:00 GMT"
    assert again.feeds_not_modified == [f"{base}/rss.xml"]
    assert (again.added, again.updated, again.chunks_embedded) == ([], [], 0)

    # The feed changes: one item's text, one new item. Only those are read and embedded.
    changed = _feed("rss.xml", base).replace(b"400 000 conteneurs", b"450 000 conteneurs").replace(
        b"<item>", b"<item><title>Nouvelle ligne de ferry vers Sakhaline</title><link>" + base.encode()
        + b"/articles/ferry.html</link><pubDate>Tue, 10 Oct 2023 07:00:00 +0000</pubDate><description>"
        b"Une ligne de ferry relie Vladivostok \xc3\xa0 Sakhaline.</description></item><item>", 1)
    site.routes["/rss.xml"] = Route(changed)
    pages_before = len(site.hits("/articles/pont.html"))
    third = news.index([f"{base}/rss.xml"])
    assert third.added == [f"{base}/articles/ferry.html"]
    assert third.updated == [f"{base}/articles/terminal.html"]
    assert sorted(third.unchanged) == [f"{base}/articles/gone.html", f"{base}/articles/pont.html"]
    assert len(site.hits("/articles/pont.html")) == pages_before, "an unchanged item's page was fetched again"
    assert "450 000 conteneurs" in news.article_text(_record(news, f"{base}/articles/terminal.html").id)


def test_an_atom_feed_and_a_latin1_feed_dated_in_portuguese(news: Assistant, site: FeedServer):
    base = site.url
    report = news.index([f"{base}/atom.xml", f"{base}/latin1.xml"])
    assert report.skipped == []
    kim = _record(news, f"{base}/wire/kim-train")
    assert (kim.title, kim.date, kim.lang) == ("Kim Jong-un arrives in Vladivostok by armoured train", "2023-09-12", "en")
    assert "armoured train" in news.article_text(kim.id)
    cupula = _record(news, f"{base}/pt/cupula")
    assert (cupula.title, cupula.date, cupula.lang) == ("Vladivostok recebe a cúpula econômica do Oriente", "2024-09-05", "pt")
    assert "Fórum Econômico Oriental começou nesta quinta-feira" in news.article_text(cupula.id)
    assert _record(news, f"{base}/pt/porto").date == "2024-09-07"


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/page.html", "not an RSS or Atom feed"),
        ("/missing.xml", "HTTP 404 Not Found"),
        ("/slow.xml", "no answer within 1 s (timed out)"),
    ],
)
def test_a_bad_feed_is_a_clear_message_and_the_other_sources_are_indexed(
    news: Assistant, site: FeedServer, tmp_path: Path, path: str, reason: str
):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / SEED.name).write_bytes(SEED.read_bytes())
    report = news.index([f"{site.url}{path}", folder, f"{site.url}/atom.xml"])
    assert [(s.path, s.reason[: len(reason)]) for s in report.skipped] == [(f"{site.url}{path}", reason)]
    assert str(folder / SEED.name) in report.added and f"{site.url}/wire/kim-train" in report.added
    assert news.info().articles == 3


def test_one_broken_item_is_skipped_and_the_rest_of_its_feed_indexed(news: Assistant, site: FeedServer):
    report = news.index([f"{site.url}/broken-item.xml"])
    assert [(s.path, s.reason) for s in report.skipped] == [
        (f"{site.url}/broken-item.xml (item 1)", "unreadable item (ValueError: it has neither a link nor an id)")
    ]
    assert len(report.added) == 3


def test_a_run_that_fails_keeps_no_validators_so_the_next_one_reads_the_feed_again(
    news: Assistant, site: FeedServer, monkeypatch
):
    from assistant.indexing.indexer import Indexer

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Indexer, "_write", fail)
    with pytest.raises(RuntimeError):
        news.index([f"{site.url}/rss.xml"])
    monkeypatch.undo()
    report = news.index([f"{site.url}/rss.xml"])
    assert "If-None-Match" not in site.hits("/rss.xml")[-1]
    assert len(report.added) == 3 and news.info().articles == 3


@pytest.mark.integration  # a process
def test_the_cli_indexes_a_feed_url_next_to_paths(site: FeedServer, tmp_path: Path):
    env = {**os.environ, "ASSISTANT_INDEX_DIR": str(tmp_path / "index")}
    out = subprocess.run([ASSISTANT, "index", f"{site.url}/atom.xml", str(SEED), "--json"],
                         env=env, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert sorted(report["added"]) == sorted([f"{site.url}/wire/kim-train", f"{site.url}/wire/cosmodrome", str(SEED)])
    assert report["warnings"] == [f"{site.url}/wire/cosmodrome: HTTP 404 Not Found; indexed the feed's own text"]
