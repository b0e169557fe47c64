"""One story, many tellings: articles telling the same event (a syndicated copy, another outlet,
another language) are recognised when indexed, and answers do not fill their slots with copies."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from assistant import Assistant, Settings
from assistant.embed.embeddings import E5Embeddings

BALLOON = ("A US fighter jet shot down a Chinese high-altitude balloon off the coast of South Carolina on "
           "Saturday, days after it was spotted over Montana. China said this craft was a civilian weather "
           "balloon that had strayed off course.")
ARTICLES = {
    "wire.md": ("Earthquake of magnitude 7.8 strikes southern Turkey and northern Syria", "2023-02-06",
                "A magnitude 7.8 earthquake struck southern Turkey near the Syrian border early on Monday, "
                "killing more than 1,300 people in Turkey and Syria, officials said. Buildings collapsed in "
                "Gaziantep, Kahramanmaraş and Aleppo, and rescuers searched the rubble through the night."),
    "copy.md": ("Powerful quake kills hundreds in Turkey and Syria", "2023-02-06",
                "A magnitude 7.8 earthquake struck southern Turkey near the Syrian border early on Monday, "
                "killing more than 1,300 people in Turkey and Syria, officials said. Buildings collapsed in "
                "Gaziantep, Kahramanmaraş and Aleppo, and rescuers searched the rubble through the night."),
    "fr.md": ("Un séisme de magnitude 7,8 frappe la Turquie et la Syrie", "2023-02-07",
              "Un tremblement de terre de magnitude 7,8 a frappé lundi le sud de la Turquie, près de la "
              "frontière syrienne, faisant plus de 1 300 morts en Turquie et en Syrie. Des immeubles se sont "
              "effondrés à Gaziantep, Kahramanmaraş et Alep."),
    "balloon.md": ("US shoots down Chinese balloon off South Carolina", "2023-02-04", BALLOON),
    "balloon-copy.md": ("Fighter jet downs Chinese balloon", "2023-02-04", BALLOON),
    "later.md": ("Earthquake of magnitude 6.1 strikes eastern Turkey", "2023-05-20",
                 "An earthquake of magnitude 6.1 struck eastern Turkey on Saturday, damaging houses in Malatya; "
                 "no deaths were reported, the disaster agency said."),
}


@pytest.fixture(scope="module")
def news(tmp_path_factory: pytest.TempPathFactory, e5: E5Embeddings) -> Assistant:
    return _indexed(tmp_path_factory.mktemp("stories"), e5, ARTICLES)


def _indexed(folder: Path, e5: E5Embeddings, articles: dict[str, tuple[str, str, str]]) -> Assistant:
    """An assistant over ``articles`` (file name: title, date, text), indexed in ``folder``."""
    (folder / "news").mkdir()
    for name, (title, day, text) in articles.items():
        (folder / "news" / name).write_text(f"---\ntitle: {title}\ndate: {day}\n---\n{text}\n", encoding="utf-8")
    assistant = Assistant(Settings(index_dir=folder / "index"), embeddings=e5)
    assistant.index([folder / "news"])
    return assistant


def _stories(assistant: Assistant) -> dict[str, str]:
    return {Path(r.source).name: r.story or r.id for r in assistant.articles()}


def test_a_copy_and_a_translation_of_one_event_are_one_story_and_other_events_are_not(news: Assistant):
    stories = _stories(news)
    assert stories["wire.md"] == stories["copy.md"] == stories["fr.md"]
    assert len({stories["wire.md"], stories["balloon.md"], stories["later.md"]}) == 3


def test_retrieval_gives_one_story_one_slot_and_names_its_other_tellings(news: Assistant):
    passages = news.retrieve("How many people did the earthquake in Turkey and Syria kill?", k=5)
    tellings = [p for p in passages if Path(p.article.source).name in ("wire.md", "copy.md", "fr.md")]
    assert len(tellings) == 1
    also = {Path(a.source).name for a in tellings[0].also_in}
    assert also == {"wire.md", "copy.md", "fr.md"} - {Path(tellings[0].article.source).name}
    assert tellings[0].to_dict()["also_in"][0]["title"]
    # A timeline wants every telling.
    assert len({p.article.id for p in news.retrieve("earthquake Turkey Syria", k=5, one_per_story=False)}) >= 3


def test_a_timeline_keeps_every_telling_of_a_story_about_its_topic_and_no_other_story(news: Assistant):
    passages = news.retrieve("earthquake Turkey Syria", k=10, one_per_story=False)
    stories = _stories(news)
    assert all(p.article.story == stories[Path(p.article.source).name] for p in passages)
    found = news.timeline("the earthquake in Turkey and Syria")
    told = {Path(t.source).name for e in found.entries for t in [e, *e.also]}
    # The French telling is kept with its story, though a sentence in another language than the
    # topic's sits further from it; the balloon, dated the same week, is no event of the quake.
    assert {"wire.md", "copy.md", "fr.md"} <= told
    assert not told & {"balloon.md", "balloon-copy.md"}


def test_a_citation_says_which_other_articles_tell_the_same_and_cites_the_outlet_saying_it_too(news: Assistant):
    answer = news.ask("How many people did the earthquake in Turkey and Syria kill?")
    assert answer.grounded and answer.problems() == []
    first, second = answer.citations[:2]
    assert "1,300" in first.quote and len(first.also_in) == 2
    assert {a["date"] for a in first.also_in} <= {"2023-02-06", "2023-02-07"}
    # The copy says the same sentence: cited beside it. The French telling says it in other words
    # (no sentence of it close enough to be the same claim): named in also_in only.
    assert second.quote == first.quote and second.id != first.id and second.id in {a["id"] for a in first.also_in}
    assert answer.text.startswith(f"“{first.quote}” [1][2]")
    assert all(c.id != _id(news, "fr.md") for c in answer.citations)


def test_a_later_telling_with_another_toll_is_no_citation_of_the_quote(tmp_path: Path, e5: E5Embeddings):
    # One story (the same sentence a day later, near-identical) whose death toll rose: whichever
    # telling is quoted, the other's toll is not what the quote says, so it is not cited for it.
    title, day, text = ARTICLES["wire.md"]
    (tmp_path / "news").mkdir()
    tellings = {"wire.md": (text, day), "update.md": (text.replace("1,300", "2,300"), "2023-02-07")}
    for name, (told, on) in tellings.items():
        (tmp_path / "news" / name).write_text(f"---\ntitle: {title}\ndate: {on}\n---\n{told}\n", encoding="utf-8")
    assistant = Assistant(Settings(index_dir=tmp_path / "index"), embeddings=e5)
    assistant.index([tmp_path / "news"])
    assert len(set(_stories(assistant).values())) == 1
    answer = assistant.ask("How many people did the earthquake in Turkey and Syria kill?")
    assert answer.grounded and answer.problems() == []
    assert len(answer.citations) == 1 and len(answer.citations[0].also_in) == 1
    quoted, other = ("1,300", "2,300") if "1,300" in answer.citations[0].quote else ("2,300", "1,300")
    assert quoted in answer.citations[0].quote and other not in answer.text


def test_a_quote_of_two_sentences_is_cited_as_both_in_the_copy_that_says_both(news: Assistant):
    # "this craft" points back to the sentence before it, which is quoted with it; the copy is cited
    # for the same two sentences, not for one of them.
    from assistant.ingest.articles import read_article

    answer = news.ask("What did China say the craft was?")
    assert answer.grounded and answer.problems() == []
    first, second = answer.citations[:2]
    assert first.quote.startswith("A US fighter jet") and first.quote.endswith("strayed off course.")
    assert second.quote == first.quote
    assert {first.id, second.id} == {_id(news, "balloon.md"), _id(news, "balloon-copy.md")}
    assert all(read_article(Path(c.source)).text[c.start : c.end] == c.quote for c in (first, second))
    assert answer.text == f"“{first.quote}” [1][2]"


def _id(news: Assistant, name: str) -> str:
    return next(r.id for r in news.articles() if r.source.endswith(name))


def test_an_index_from_before_stories_keeps_working(news: Assistant, tmp_path: Path):
    # Records without a story (an older index) are each their own story.
    from dataclasses import replace

    records = news.store.records()
    news.store._registry.delete(ids=list(records))
    news.store.put_records([replace(r, story=None) for r in records.values()])
    try:
        passages = news.retrieve("earthquake in Turkey and Syria", k=5)
        assert all(p.also_in == () for p in passages)
    finally:
        news.store.put_records(list(records.values()))


def test_the_same_articles_in_another_folder_tell_the_same_stories(tmp_path: Path, e5: E5Embeddings):
    # An article's id is a hash of where it is: placed in the order of their ids, same-day articles
    # started different stories when the same news was indexed from another folder (4 of 77
    # stories differed between these two folders).
    import json

    from conftest import DATA
    from test_dated_questions import write_news

    blurbs = json.loads((DATA / "itn_questions.json").read_text(encoding="utf-8"))["languages"]
    partitions = []
    for name in ("news", "other"):
        folder = write_news(tmp_path / name)
        for lang, told in blurbs.items():
            for file, text in told["articles"].items():
                (folder / f"{lang}-{file}").write_text(text, encoding="utf-8")
        assistant = Assistant(Settings(index_dir=tmp_path / f"index-{name}"), embeddings=e5)
        assistant.index([folder])
        grouped: dict[str, set[str]] = {}
        for file, story in _stories(assistant).items():
            grouped.setdefault(story, set()).add(file)
        partitions.append({frozenset(g) for g in grouped.values()})
    assert partitions[0] == partitions[1] and any(len(g) > 1 for g in partitions[0])


def test_a_later_article_put_in_the_story_by_mistake_gives_no_figure(tmp_path: Path, e5: E5Embeddings):
    # The story model can put another event in a story (average linkage, across languages). Asked
    # for a toll, the answer moves to a later telling only if it names what the quote names.
    articles = {
        "quake.md": ("Earthquake", "2023-03-25", "An earthquake in Afghanistan and Pakistan kills at least 30 people."),
        "well.md": ("Temple", "2023-04-04", "In Indore, India, 36 people die when a temple floor collapses into a well."),
    }
    assistant = _indexed(tmp_path, e5, articles)
    records = {Path(r.source).name: r for r in assistant.articles()}
    store = assistant._retriever.store
    store.put_records([replace(records["well.md"], story=records["quake.md"].story or records["quake.md"].id)])
    answer = assistant.ask("How many people died in the earthquake?")
    assert answer.grounded and answer.problems() == []
    assert [Path(c.source).name for c in answer.citations] == ["quake.md"] and "30" in answer.citations[0].quote


def test_a_quote_that_lacks_what_is_asked_makes_way_for_a_telling_that_says_it(tmp_path: Path, e5: E5Embeddings):
    # Outlets tell one event with different details: only the French telling says where the trains
    # collided; the German one names only the country the question names.
    articles = {
        "de.md": ("Zugunglück von Thessalien", "2023-03-01",
                  "Bei einem Zugunglück in Griechenland kam es zu zahlreichen Toten."),
        "fr.md": ("Accident ferroviaire de Larissa", "2023-03-02",
                  "28 février : une collision entre un train de voyageurs et un autre de fret près de Larissa "
                  "(Grèce) entraîne la mort d'au moins 46 personnes et en blesse au moins 80 autres."),
        "balloon.md": ARTICLES["balloon.md"],
        "later.md": ARTICLES["later.md"],
    }
    assistant = _indexed(tmp_path, e5, articles)
    assert _stories(assistant)["de.md"] == _stories(assistant)["fr.md"]
    answer = assistant.ask("Where did the train collision in Greece happen?")
    assert answer.grounded and answer.problems() == []
    assert Path(answer.citations[0].source).name == "fr.md" and "Larissa" in answer.citations[0].quote
    answer = assistant.ask("Wo ereignete sich das Zugunglück in Griechenland?")
    assert answer.grounded and Path(answer.citations[0].source).name == "fr.md"
    # Asked for what both say, the telling first chosen stands.
    answer = assistant.ask("Bei welchem Unglück gab es in Griechenland zahlreiche Tote?")
    assert answer.grounded and Path(answer.citations[0].source).name == "de.md"


def test_a_caption_s_bracketed_word_is_no_name_that_answers_who(tmp_path: Path, e5: E5Embeddings):
    # German capitalises every noun, so a caption's "(Bild)" looked like a name the question does not
    # name; the telling that says who is read instead.
    articles = {
        "de.md": ("Castillo abgesetzt", "2022-12-07",
                  "Der peruanische Präsident Pedro Castillo (Bild) ist seines Amtes enthoben und festgenommen worden."),
        "fr.md": ("Crise politique au Pérou", "2022-12-08",
                  "7 décembre : Dina Boluarte remplace Pedro Castillo en tant que présidente du Pérou après la "
                  "destitution de ce dernier."),
        "balloon.md": ARTICLES["balloon.md"],
        "later.md": ARTICLES["later.md"],
    }
    assistant = _indexed(tmp_path, e5, articles)
    assert _stories(assistant)["de.md"] == _stories(assistant)["fr.md"]
    answer = assistant.ask("Who became president of Peru after Pedro Castillo?")
    assert answer.grounded and answer.problems() == []
    assert Path(answer.citations[0].source).name == "fr.md" and "Boluarte" in answer.citations[0].quote
