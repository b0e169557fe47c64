"""Whether to answer, decided by the calibrated judge: measured end to end on questions with known answers.

XQuAD questions over German and Spanish paragraphs (tests/data/xquad_subset.json): English ones
over each, German over German (a pair the judge is fitted on) and Spanish over German (one it never
met); half of the asked paragraphs indexed (with 50 distractor paragraphs), so half the questions
are answerable and half are about a paragraph the index does not hold; plus questions from another
domain entirely (tests/data/off_domain.jsonl). The bounds sit a little under what the shipped
calibration measures here (en->de / en->es / de->de / es->de: 0.80 / 0.92 / 0.92 / 0.88 answered
right, 0.08 / 0.00 / 0.00 / 0.04 over-refused, 0.80 / 0.80 / 0.80 / 0.76 of the unanswerable and
0.98 / 0.98 / 0.98 / 0.98 of the off-domain questions declined; the full held-out figures are in
benchmarks/results/answers.json): a judge that answers everything or declines everything fails.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from conftest import DATA, XQUAD_SUBSET

from assistant import Assistant, Settings
from assistant.answer.evidence import Evidence, Sentence
from assistant.answer.judgement import (
    ANSWERABILITY_FEATURES, DATE_MISSING, YEAR_AFTER_ARTICLE, Candidate, Judge, Judgement, Tree, Trees, aligned_lift,
    answerability_features, declining_rule, distinct_coverage, load_calibration, passage_gap,
)
from assistant.answer.question_cues import expected_types
from assistant.app.evaluation import QACase, read_cases, score_answers
from assistant.embed.alignment import TokenAligner
from assistant.errors import ConfigError

# Indexes a hundred paragraphs twice with the real embedder: left out of `make test-fast`.
slow = pytest.mark.slow


# (language of the questions, language of the paragraphs). German over German is a pair the judge is
# fitted on beside the English ones; Spanish over German is one it never met.
@pytest.fixture(scope="module", params=[("en", "de"), ("en", "es"), ("de", "de"), ("es", "de")], ids="->".join)
def half_indexed(request, tmp_path_factory, e5) -> tuple[Assistant, list[QACase]]:
    asked_in, lang = request.param
    folder = tmp_path_factory.mktemp(f"xquad-{asked_in}-{lang}")
    asked = [q["paragraph"] for q in XQUAD_SUBSET["questions"]]
    held_out = set(asked[1::2])
    for paragraph in XQUAD_SUBSET["paragraphs"]:
        if paragraph["index"] not in held_out:
            (folder / f"{paragraph['index']:03d}.txt").write_text(paragraph[lang] + "\n", encoding="utf-8")
    assistant = Assistant(Settings(index_dir=tmp_path_factory.mktemp("index")), embeddings=e5)
    assistant.index([folder])
    key = "question" if asked_in == "en" else f"question_{asked_in}"
    cases = [
        QACase(q[key], True, (q[f"answer_{lang}"],), q[f"answer_{lang}"], f"{q['paragraph']:03d}.txt")
        if q["paragraph"] not in held_out else QACase(q[key], False)
        for q in XQUAD_SUBSET["questions"]
    ]
    return assistant, cases


@slow
def test_answerable_questions_are_answered_with_the_gold_answer_quoted(half_indexed):
    assistant, cases = half_indexed
    scores = score_answers(assistant, [c for c in cases if c.answerable])
    # Only the quotes count: English over German is at 20 of 25 (its accuracy over 212 held-out
    # questions is in benchmarks/results/answers.json); an article's title once counted too when
    # answers opened with it.
    assert scores.answer_accuracy >= 0.64, scores.failures
    assert scores.over_refusal_rate <= 0.12, scores.failures


@slow
def test_questions_about_paragraphs_not_indexed_are_mostly_declined(half_indexed):
    assistant, cases = half_indexed
    scores = score_answers(assistant, [c for c in cases if not c.answerable])
    assert scores.refusal_rate >= 0.60, scores.failures


@slow
def test_questions_from_another_domain_are_declined(half_indexed):
    assistant, _ = half_indexed
    scores = score_answers(assistant, read_cases(DATA / "off_domain.jsonl"))
    assert scores.refusal_rate >= 0.88, scores.failures


def _judged(assistant: Assistant, question: str) -> Judgement:
    """The judgement of ``question`` over the index's five closest passages, with no threshold: only
    a rule declines it."""
    passages = assistant.retrieve(question, k=5)
    return Judge(assistant._scorer, load_calibration(), threshold=0.0).judge(question, question, passages)


@pytest.mark.parametrize(
    "question",
    [
        "What is the population of Vladivostok?",
        "Hur mycket kostar en tågbiljett från Moskva till Vladivostok?",
        "Hvor mye koster en togbillett fra Moskva til Vladivostok?",
        "بلیط قطار از مسکو به ولادی‌وستوک چقدر است؟",
        "Quanto costa un biglietto del treno da Mosca a Vladivostok?",
        "Qual é a população de Vladivostok?",
        "Jaký je počet obyvatel Vladivostoku?",
        "Vladivostok'un nüfusu nedir?",
        "Wat is het aantal inwoners van Vladivostok?",
    ],
)
def test_a_number_asked_for_is_never_answered_by_a_sentence_without_one(seeded: Assistant, question: str):
    judgement = _judged(seeded, question)
    assert judgement.best is not None and judgement.probability == 0.0 and not judgement.answer
    assert not seeded.ask(question).grounded


@pytest.mark.parametrize(
    "question",
    [
        "Where will the president of Ukraine meet Putin?",
        "When did the president of Belarus last meet Kim Jong-un?",
        "Où Kim va-t-il rencontrer le président de la Chine ?",
    ],
)
def test_a_country_asked_about_is_never_answered_by_a_sentence_about_another(seeded: Assistant, question: str):
    # The seed tells of Kim and Putin in Russia: a sentence as close to these questions as to its own.
    judgement = _judged(seeded, question)
    assert judgement.features["country_contradicted"] and judgement.probability == 0.0
    assert not seeded.ask(question).grounded


def test_a_country_asked_about_under_its_name_in_the_article_s_language_is_answered(seeded: Assistant):
    answer = seeded.ask("Where will Kim meet the president of Russia?")
    assert answer.grounded and "Russie" in answer.citations[0].quote


QUAKE = """---
title: Magnitude 7.7 earthquake strikes Myanmar
date: 2025-03-28
---
A magnitude 7.7 earthquake struck central Myanmar on Friday, with its epicentre near the city of Mandalay, the
United States Geological Survey said.

More than 3,000 people were killed and thousands more injured, according to the military government. Tremors were
felt as far away as Bangkok, where a 30-storey building under construction collapsed.
"""


def test_a_count_or_a_population_is_not_answered_by_a_measure(tmp_path: Path, e5):
    # The quake's magnitude, 7.7, counts no dead and is no city's population.
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "quake.md").write_text(QUAKE, encoding="utf-8")
    assistant = Assistant(Settings(index_dir=tmp_path / "index"), embeddings=e5)
    assistant.index([tmp_path / "news"])
    for question in ("How many people died in the Myanmar earthquake?", "Сколько человек погибло при землетрясении?"):
        answer = assistant.ask(question)
        assert answer.grounded and answer.citations, question
        assert all("3,000" in c.quote and "7.7" not in c.quote for c in answer.citations), answer.text
    assert not assistant.ask("What is the population of Mandalay?").grounded


BUDGET = """---
title: Valmont adopte un budget de 48 millions d'euros
date: 2024-03-14
---
Le conseil municipal de Valmont a adopté mardi soir son budget primitif pour 2024, d'un montant de 48,2 millions
d'euros, par 27 voix contre 6. Les investissements atteignent 14 millions d'euros.

L'opposition, menée par le conseiller Marc Delorme, a voté contre. La dette de la commune s'élève à 31 millions
d'euros, soit 1 150 euros par habitant.
"""
CENSUS = """---
title: Valmont gagne des habitants
date: 2024-06-30
---
Selon le dernier recensement de l'Insee, Valmont compte désormais 12 400 habitants, soit 300 de plus qu'en 2019.
"""
POPULATION_QUESTIONS = (
    "What is the population of Valmont?", "Qual è la popolazione di Valmont?", "Jaká je populace Valmontu?",
    "Wie groß ist die Bevölkerung von Valmont?",
)


def test_a_population_is_a_number_of_people_not_of_euros_or_votes(tmp_path: Path, e5):
    # Budget figures, a vote count and a debt per inhabitant are numbers, and none of them is how many
    # live in Valmont.
    news = tmp_path / "news"
    news.mkdir()
    (news / "budget.md").write_text(BUDGET, encoding="utf-8")
    assistant = Assistant(Settings(index_dir=tmp_path / "index"), embeddings=e5)
    assistant.index([news])
    for question in POPULATION_QUESTIONS:
        assert not assistant.ask(question).grounded, question
    (news / "census.md").write_text(CENSUS, encoding="utf-8")
    assistant.index([news])
    for question in POPULATION_QUESTIONS:
        answer = assistant.ask(question)
        assert answer.grounded, question
        assert "12 400 habitants" in answer.citations[0].quote, answer.text


MILL = """---
title: Fermeture de la papeterie de Bellerive
date: 2024-07-03
---
Le groupe papetier Nordis a confirmé mardi la fermeture de son usine de Bellerive. Les 240 salariés ont appris la
nouvelle lors d'un comité social et économique extraordinaire.

La direction invoque la baisse de la demande de papier journal, qui a chuté de 40 % en cinq ans. L'usine produisait
180 000 tonnes de papier par an. La commune propose de racheter le terrain de 35 hectares.
"""


def test_how_many_people_is_not_answered_by_a_percentage_a_span_of_time_or_a_measure(tmp_path: Path, e5):
    # "40 % en cinq ans", "180 000 tonnes" and "35 hectares" are numbers, and none counts employees.
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "mill.md").write_text(MILL, encoding="utf-8")
    assistant = Assistant(Settings(index_dir=tmp_path / "index"), embeddings=e5)
    assistant.index([tmp_path / "news"])
    judge = Judge(assistant._scorer, load_calibration(), threshold=0.0)
    for question in ("How many employees will lose their jobs at the paper mill?",
                     "Wie viele Beschäftigte verlieren ihre Arbeit in der Papierfabrik?",
                     "Combien de salariés perdent leur emploi à la papeterie ?"):
        judgement = judge.judge(question, question, assistant.retrieve(question, k=5))
        assert judgement.best is not None and "240 salariés" in judgement.best.evidence.sentence.text, question
        answer = assistant.ask(question)
        assert all("240 salariés" in c.quote for c in answer.citations), answer.text


def test_a_year_asked_about_that_the_evidence_replaces_with_another_is_declined(seeded: Assistant):
    # The seed dates Shoigu's visit by the war it commemorates (1950-1953) and by its own date, 2023.
    passages = seeded.retrieve("Which parade did Kim and Shoigu attend in Pyongyang?", k=5)
    judge = Judge(seeded._scorer, load_calibration(), threshold=0.0)
    for year, contradicted in (("2021", True), ("2023", False)):
        question = f"Which parade did Kim and Shoigu attend in Pyongyang in {year}?"
        judgement = judge.judge(question, question, passages)
        assert judgement.best is not None and "défilé militaire" in judgement.best.evidence.sentence.text
        assert (judgement.probability == 0.0) is contradicted, year


NOBEL = """---
title: Le prix Nobel de la paix attribué à Alès Bialiatski, Memorial et au Centre pour les libertés civiles
date: 2022-10-07
---
Le prix Nobel de la paix est attribué au Biélorusse Alès Bialiatski, à l'association russe Memorial et à
l'association ukrainienne Centre pour les libertés civiles.
"""


def test_news_written_before_the_year_asked_about_does_not_answer_for_it(tmp_path: Path, e5):
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "nobel.md").write_text(NOBEL, encoding="utf-8")
    assistant = Assistant(Settings(index_dir=tmp_path / "index"), embeddings=e5)
    assistant.index([tmp_path / "news"])
    answered = assistant.ask("Who won the 2022 Nobel Peace Prize?")
    assert answered.grounded and "Bialiatski" in answered.citations[0].quote
    for question in ("Who won the 2023 Nobel Peace Prize?", "Wer erhielt den Friedensnobelpreis 2024?"):
        passages = assistant.retrieve(question, k=5)
        judgement = Judge(assistant._scorer, load_calibration(), threshold=0.0).judge(question, question, passages)
        assert judgement.best is not None and "Bialiatski" in judgement.best.evidence.sentence.text
        assert declining_rule(expected_types(question), judgement.features, judgement.best) == YEAR_AFTER_ARTICLE
        assert not assistant.ask(question).grounded, question


TESLA = """Tesla worked for the Edison Machine Works in New York.
The company installed arc lighting systems designed by Tesla and made dynamos to his plans.
In 1888 Tesla sold his alternating current patents to George Westinghouse.
"""


@pytest.mark.parametrize("dated", [False, True], ids=["undated", "dated"])
def test_when_is_not_answered_by_a_sentence_without_a_date_unless_its_article_has_one(tmp_path: Path, e5, dated):
    # An encyclopaedia's page says when, or does not say it; a news article's date answers "when"
    # for whatever it tells of that day.
    (tmp_path / "pages").mkdir()
    header = "---\ntitle: Tesla\ndate: 2025-03-28\n---\n" if dated else ""
    (tmp_path / "pages" / "tesla.md").write_text(header + TESLA, encoding="utf-8")
    assistant = Assistant(Settings(index_dir=tmp_path / "index"), embeddings=e5)
    assistant.index([tmp_path / "pages"])
    answered = assistant.ask("When did Tesla sell his patents to Westinghouse?")
    assert answered.grounded and "1888" in answered.citations[0].quote
    question = "When did the company install arc lighting systems designed by Tesla?"
    judgement = _judged(assistant, question)
    assert judgement.best is not None and "arc lighting" in judgement.best.evidence.sentence.text
    rule = declining_rule(expected_types(question), judgement.features, judgement.best)
    assert (rule == DATE_MISSING) is not dated
    if not dated:
        assert not assistant.ask(question).grounded


def test_a_name_alone_is_judged_as_the_question_what_happened_with_it(seeded: Assistant):
    # Judged as it stands, a name has no question for a sentence to answer.
    judge = Judge(seeded._scorer, load_calibration())
    for name in ("Vladimir Poutine", "Kim Jong-un"):
        passages = seeded.retrieve(name, k=5)
        alone, asked = judge.judge(name, name, passages), judge.judge(name, f"What happened with {name}?", passages)
        assert alone.features == asked.features and alone.probability == asked.probability
        assert alone.best is not None and alone.best.evidence == asked.best.evidence


BLURBS = {
    "vietnam": ("2023-03-02", "Президентом Вьетнама избран Во Ван Тхыонг."),
    "sunak": ("2022-10-25", "25 octobre : Rishi Sunak succède à Liz Truss comme Premier ministre du Royaume-Uni."),
    "quake": ("2023-02-24", "В результате землетрясения на территории Турции и Сирии погибло более 50 000 человек."),
    "meloni": ("2022-10-22", "22 octobre : Giorgia Meloni devient présidente du Conseil des ministres d'Italie."),
}


def test_news_that_never_names_a_name_asked_alone_does_not_answer_for_it(tmp_path: Path, e5):
    # Over news blurbs in nine languages the judge was never fitted on, names asked alone were
    # answered wrongly 42 times, 22 once judged as "What happened with <name>?" ("Kim Jong-un" was
    # answered with the election of Vietnam's president).
    (tmp_path / "news").mkdir()
    for name, (day, text) in BLURBS.items():
        article = f"---\ntitle: {name}\ndate: {day}\n---\n{text}\n"
        (tmp_path / "news" / f"{name}.md").write_text(article, encoding="utf-8")
    assistant = Assistant(Settings(index_dir=tmp_path / "index"), embeddings=e5)
    assistant.index([tmp_path / "news"])
    assert not assistant.ask("Kim Jong-un").grounded
    answered = assistant.ask("Rishi Sunak")
    assert answered.grounded and "Rishi Sunak" in answered.citations[0].quote


def test_the_shipped_calibration_is_package_data_and_another_can_be_named(tmp_path: Path, seeded: Assistant):
    shipped = load_calibration()
    assert 0 < shipped.threshold < 1 and shipped.provenance["fit_questions"] > 500
    strict = json.loads(json.dumps(shipped.to_dict()))
    strict["threshold"] = 1.0
    path = tmp_path / "strict.json"
    path.write_text(json.dumps(strict))
    settings = Settings(index_dir=seeded.settings.index_dir, calibration=path)
    answer = Assistant(settings, embeddings=seeded.embeddings).ask("Who denied the allegations of shell deliveries?")
    assert not answer.grounded, "a calibration that never answers was not used"


def test_a_damaged_calibration_file_is_a_clear_error(tmp_path: Path):
    path = tmp_path / "broken.json"
    path.write_text('{"selection": {}}')
    with pytest.raises(ConfigError, match=f"calibration file {path} is unusable"):
        load_calibration(path)


def test_a_tree_that_points_outside_itself_is_a_clear_error(tmp_path: Path):
    data = json.loads(json.dumps(load_calibration().to_dict()))
    data["answerability"]["trees"][0]["right"][0] = 10_000
    path = tmp_path / "outside.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ConfigError, match="points outside the tree"):
        load_calibration(path)


def test_trees_add_their_leaves_to_the_baseline_then_take_the_logistic():
    stump = Tree(feature=(1, 0, 0), threshold=(0.5, 0.0, 0.0), left=(1, -1, -1), right=(2, -1, -1), value=(0.0, -2.0, 3.0))
    model = Trees(("a", "b"), 0.5, (stump, stump))
    low, high = model.probabilities(np.asarray([[9.0, 0.5], [-9.0, 0.51]]))
    assert low == pytest.approx(1 / (1 + np.exp(-(0.5 - 4.0))))  # at the threshold: left
    assert high == pytest.approx(1 / (1 + np.exp(-(0.5 + 6.0))))


@pytest.mark.parametrize("bias", [-30.0, 30.0])
def test_a_calibration_file_with_a_logistic_answerability_still_works(tmp_path: Path, seeded: Assistant, bias: float):
    # Calibrations fitted before the trees (ASSISTANT_CALIBRATION files users re-fitted) keep working.
    data = json.loads(json.dumps(load_calibration().to_dict()))
    n = len(ANSWERABILITY_FEATURES)
    data["answerability"] = {"features": list(ANSWERABILITY_FEATURES), "mean": [0.0] * n, "scale": [1.0] * n,
                             "weights": [0.0] * n, "bias": bias}
    path = tmp_path / "logistic.json"
    path.write_text(json.dumps(data))
    settings = Settings(index_dir=seeded.settings.index_dir, calibration=path)
    answer = Assistant(settings, embeddings=seeded.embeddings).ask("Who denied the allegations of shell deliveries?")
    assert answer.grounded is (bias > 0)


@pytest.mark.parametrize(
    ("question", "same"),
    [
        ("Qui a démenti les allégations de livraisons d'obus ?", 1.0),
        ("Who denied the allegations of shell deliveries?", 0.0),
        ("Кто опроверг обвинения в поставках снарядов?", 0.0),
    ],
)
def test_the_judge_knows_whether_question_and_evidence_share_a_language(seeded: Assistant, question: str, same: float):
    # Similarity runs lower across languages: the same level means more there.
    passages = seeded.retrieve(question, k=seeded.settings.answer_k)
    assert Judge(seeded._scorer, load_calibration()).judge(question, question, passages).features["same_language"] == same


def test_the_judge_survives_no_passages(seeded: Assistant):
    judgement = Judge(seeded._scorer, load_calibration()).judge("Who?", "Who?", [])
    assert judgement.best is None and not judgement.answer


class _NoAlignment(TokenAligner):
    """An aligner that finds nothing anywhere: the judge is left with similarity and cues."""

    def best_matches(self, question: str, texts: list[str], interrogative_first: bool = True) -> list[np.ndarray]:
        return [np.zeros(3, dtype=np.float32) for _ in texts]


def test_the_judge_picks_the_sentence_that_says_what_was_asked_not_one_on_the_same_topic(seeded: Assistant):
    # "Neither Moscow nor Pyongyang commented" is as close to "Who denied the shell deliveries?" by
    # similarity as "These allegations were denied by the Kremlin…"; word by word, only the denial
    # has a counterpart for "denied".
    question = "Who denied the shell deliveries?"
    passages = seeded.retrieve(question, k=seeded.settings.answer_k)
    judgement = Judge(seeded._scorer, load_calibration()).judge(question, question, passages)
    assert judgement.best is not None and "démenties par le Kremlin" in judgement.best.evidence.sentence.text
    aligned = {c.evidence.sentence.text[:20]: c.features["aligned"] for c in judgement.candidates}
    assert aligned["Ces allégations ont "] > aligned["Ni Moscou ni Pyongya"]
    assert judgement.features["aligned_best"] == judgement.best.features["aligned"]
    # Without the word-by-word match the judge believes the denial less (0.21 against 0.47 when this
    # was written; the other signals still lean its way).
    blind = Judge(seeded._scorer, load_calibration(), aligner=_NoAlignment()).judge(question, question, passages)
    denial = next(c for c in blind.candidates if "démenties par le Kremlin" in c.evidence.sentence.text)
    assert denial.probability < judgement.best.probability


def test_a_question_word_only_one_candidate_matches_sets_that_candidate_apart():
    # Three question words: two of the topic, which every candidate matches, and the one asked about
    # ("the most powerful" / "die stärksten"), which only the first matches.
    answer = np.array([0.90, 0.85, 0.80], dtype=np.float32)
    on_topic = np.array([0.90, 0.86, 0.40], dtype=np.float32)
    also_on_topic = np.array([0.88, 0.85, 0.45], dtype=np.float32)
    distinct = distinct_coverage([answer, on_topic, also_on_topic])
    assert distinct[0] > 0 > max(distinct[1:])
    # Candidates alike in every word are not set apart, and a lone candidate has none to differ from.
    assert distinct_coverage([on_topic, on_topic]) == [0.0, 0.0]
    assert distinct_coverage([answer]) == [0.0]
    assert distinct_coverage([np.zeros(0), np.zeros(0)]) == [0.0, 0.0]  # a question without words


def _aligned(*pairs: tuple[str, float]) -> list[Candidate]:
    """Ranked candidates with only their text and word-by-word coverage set."""
    return [Candidate(Evidence(Sentence(0, "a", 0, len(text), text, ""), 0.8, 0.8), {"aligned": aligned})
            for text, aligned in pairs]


def test_the_best_sentences_coverage_counts_against_its_own_languages_level():
    # Words find closer counterparts in some languages than in others, in every sentence alike: the
    # judge reads the best candidate's coverage over the median of the question's other candidates.
    ranked = _aligned(("The Kremlin denied it.", 0.70), ("Talks went on.", 0.50), ("Kim left.", 0.55),
                      ("It rained.", 0.40))
    assert aligned_lift(ranked) == pytest.approx(0.70 - 0.50)
    higher = _aligned(*((c.evidence.sentence.text, c.features["aligned"] + 0.1) for c in ranked))
    assert aligned_lift(higher) == pytest.approx(aligned_lift(ranked))
    # A copy of the best sentence (wire copy reprinted) is not another candidate to compare it with.
    copied = _aligned(("The Kremlin denied it.", 0.70), ("The  Kremlin denied it.", 0.70), ("Talks went on.", 0.50),
                      ("It rained.", 0.40))
    assert aligned_lift(copied) == pytest.approx(0.70 - 0.45)
    # Alone, or with nothing, the best has no others to stand above.
    assert aligned_lift(ranked[:1]) == 0.0 and aligned_lift([]) == 0.0


def test_the_evidences_passage_counts_against_the_other_passages_retrieved():
    # How close a question comes to any text runs lower across scripts, and over some corpora: the
    # judge also reads how far the evidence's passage stands above the median of the others retrieved.
    from assistant.search.retriever import ArticleInfo, Passage

    def retrieved(*scores: float) -> list[Passage]:
        return [Passage(f"c{i}", "Text.", score, i + 1, ArticleInfo(f"a{i}", "T", None, f"/n/{i}.md", "en"), 0, 0, 5)
                for i, score in enumerate(scores)]

    assert passage_gap(retrieved(0.84, 0.78, 0.77, 0.76), 0) == pytest.approx(0.84 - 0.77)
    # The same standing at another script's level of similarity is the same gap.
    assert passage_gap(retrieved(0.80, 0.74, 0.73, 0.72), 0) == pytest.approx(0.84 - 0.77)
    # Evidence in a passage below the others stands below them.
    assert passage_gap(retrieved(0.84, 0.78, 0.70), 2) == pytest.approx(0.70 - 0.81)
    assert passage_gap(retrieved(0.84), 0) == 0.0


def test_a_year_the_question_names_is_held_by_the_date_of_the_evidences_article():
    # News rarely repeats the year of its own date: "the 2022 Morbi bridge collapse" is named by an
    # article dated 2022 that says "on Sunday", and counted missing, the year made right answers look
    # like guesses (a third of those said to lack a name, over news in nine languages).
    from assistant.search.retriever import ArticleInfo, Passage

    text = "A suspension bridge collapsed in Morbi on Sunday, killing 135 people."

    def missing(date: str | None) -> tuple[float, float]:
        passage = Passage("c0", text, 0.85, 1, ArticleInfo("a0", "Morbi", date, "/n/0.md", "en"), 0, 0, len(text))
        best = Candidate(Evidence(Sentence(0, "a0", 0, len(text), text, ""), 0.85, 0.85),
                         {"type_fit": 0.0, "type_misfit": 0.0, "aligned": 0.7, "aligned_in_context": 0.7,
                          "least_added": 0.0})
        features = answerability_features(set(), "What happened in the 2022 Morbi bridge collapse?", [passage],
                                          [best], [best.evidence])
        return features["missing_best"], features["missing_any"]

    assert missing("2022-10-31") == (0.0, 0.0)
    # Another year's article, or an undated one, does not name it.
    assert missing("2021-10-31") == (1.0, 1.0)
    assert missing(None) == (1.0, 1.0)


def test_a_sentence_printed_in_several_articles_is_one_answer_not_rivals(e5):
    # Wire copy reprinted by several outlets, or one article fetched from two feeds: the copies used
    # to split the selection's belief as rivals would (three copies here held 0.65 of it, one alone
    # all of it), and nothing kept a copy from being quoted as the runner-up.
    from assistant.answer.evidence import EvidenceScorer
    from assistant.answer.extractive import ExtractiveAnswerer
    from assistant.search.retriever import ArticleInfo, Passage

    blurb = ("Alain Aspect, John Clauser and Anton Zeilinger are awarded the Nobel Prize in Physics for "
             "experiments with entangled photons.")
    others = ["Heavy rain floods the north of Italy, and thousands leave their homes.",
              "The central bank raises its interest rate by half a point to fight inflation."]

    def passages(texts: list[str]) -> list[Passage]:
        return [Passage(f"c{i}", text, 0.85 - i / 100, i + 1,
                        ArticleInfo(f"a{i}", f"Story {i}", None, f"/news/{i}.md", "en"), i, 0, len(text))
                for i, text in enumerate(texts)]

    question = "What happened with John Clauser?"
    judge = Judge(EvidenceScorer(e5), load_calibration())
    once = judge.judge(question, question, passages([blurb, *others]))
    thrice = judge.judge(question, question, passages([blurb, blurb, *others, blurb]))
    assert once.best is not None and thrice.best is not None
    assert thrice.best.evidence.sentence.text == blurb
    # The copies hold together what the one copy held alone, and are no runner-up to one another.
    assert thrice.features["p_best"] == pytest.approx(once.features["p_best"], abs=0.05)
    assert thrice.features["p_margin"] == pytest.approx(once.features["p_margin"], abs=0.05)
    assert thrice.answer == once.answer
    answer = ExtractiveAnswerer(judge, None).answer(question, question, "en", passages([blurb, blurb, *others, blurb]))
    assert [c.quote for c in answer.citations] == [blurb]
    # News prints one blurb with and without its picture's note: still one answer.
    pictured = blurb.replace("Anton Zeilinger", "Anton Zeilinger (pictured)")
    noted = judge.judge(question, question, passages([blurb, pictured, *others, blurb.replace(".", " [de].")]))
    assert noted.features["p_best"] == pytest.approx(once.features["p_best"], abs=0.05)
    assert noted.features["p_margin"] == pytest.approx(once.features["p_margin"], abs=0.05)


def _blurbs_indexed(tmp_path: Path, e5, blurbs: dict[str, str], day: str) -> tuple[Assistant, Path]:
    """An assistant over ``blurbs``, one dated Markdown article each, named and titled by its key."""
    news = tmp_path / "news"
    news.mkdir()
    for name, text in blurbs.items():
        (news / f"{name}.md").write_text(f"---\ntitle: {name}\ndate: {day}\n---\n{text}\n", encoding="utf-8")
    assistant = Assistant(Settings(index_dir=tmp_path / "index"), embeddings=e5)
    assistant.index([news])
    return assistant, news


def _assert_declined(assistant: Assistant, queries: tuple[str, ...]) -> None:
    for query in queries:
        answer = assistant.ask(query)
        assert not answer.grounded and not answer.citations, (query, answer.text)


def _assert_answered_from(assistant: Assistant, stories: tuple[tuple[str, str], ...]) -> None:
    """Each query is answered, citing first its story's article (a file name)."""
    for query, story in stories:
        answer = assistant.ask(query)
        assert answer.grounded and Path(answer.citations[0].source).name == story, (query, answer.text)


def test_a_country_typed_in_lower_case_is_a_country_and_another_country_s_story_no_answer(tmp_path: Path, e5):
    # Typed as into a search box, "turkey earthquake" named no country (only a capitalised word
    # did), and was answered with the Greek train crash; "peru protests" with Brazil's (ITN blurbs in
    # Finnish, tests/data/itn_LICENSE.md).
    assistant, _ = _blurbs_indexed(tmp_path, e5, {
        "tempi": "Ainakin 36 ihmistä kuoli Kreikassa maan historian pahimmassa junaonnettomuudessa. (28.2.)",
        "ian": "Hurrikaani Ian rantautui Yhdysvaltain Floridaan aiheuttaen laajoja tulvia ja mittavia "
               "vahinkoja. (28.9.)",
        "ernaux": "Annie Ernaux sai Nobelin kirjallisuudenpalkinnon. (6.10.)",
        "brasilia": "Brasilian entisen presidentin Jair Bolsonaron tukijat hyökkäsivät pääkaupungin "
                    "hallintorakennuksiin. (8.1.)",
    }, "2023-03-01")

    _assert_declined(assistant, ("turkey earthquake", "2023 turkey–syria earthquake", "earthquake in turkey",
                                 "peru protests"))
    _assert_answered_from(assistant, (("greece train crash", "tempi.md"), ("brazil riots", "brasilia.md"),
                                      ("florida hurricane", "ian.md"), ("annie ernaux", "ernaux.md")))


def test_an_event_named_in_the_news_s_own_words_is_not_answered_with_another_event_of_its_kind(tmp_path: Path, e5):
    # Typed as French news names it, an event the articles lack was answered with another of its
    # kind: "Effondrement du pont de Morvi" with the Crimean bridge, the helicopter crash at Brovary
    # with the train collision at Larissa (ITN blurbs in French, tests/data/itn_LICENSE.md).
    assistant, _ = _blurbs_indexed(tmp_path, e5, {
        "crimee": "8 octobre : une explosion détruit le pont de Crimée.",
        "larissa": "28 février : une collision entre un train de voyageurs et un autre de fret près de Larissa "
                   "(Grèce) entraîne la mort d'au moins 36 personnes et en blesse au moins 80 autres.",
        "seoul": "29 octobre : la bousculade d'Halloween à Séoul fait environ 150 morts et autant de blessés.",
    }, "2023-03-01")

    _assert_declined(assistant, ("Effondrement du pont de Morvi", "Accident d'hélicoptère de 2023 à Brovary",
                                 "Que s'est-il passé avec le pont de Morvi ?"))
    _assert_answered_from(assistant, (("Attaque du pont de Crimée", "crimee.md"), ("pont de Crimée", "crimee.md"),
                                      ("Accident ferroviaire de Larissa", "larissa.md"),
                                      ("Bousculade d'Halloween à Séoul", "seoul.md")))


def test_an_event_named_in_title_case_is_told_by_the_words_after_its_kind(tmp_path: Path, e5):
    # "Ciclone Freddy" was answered with Cyclone Gabrielle, and "Voo Precision Air 494" with another
    # flight's crash: a name of every word was there when any word was (ITN blurbs in Portuguese,
    # tests/data/itn_LICENSE.md). The texts write "Ciclone", "Voo" and "Massacre" where a sentence
    # opens, as the word for a kind of event.
    blurbs = {
        "gabrielle": "Ciclone Gabrielle (imagem de satélite) causa danos generalizados e inundações na Nova Zelândia.",
        "nongbua": "Massacre em Nong Bua Lam Phu, Tailândia, deixa pelo menos 41 mortos.",
        "yeti": "Voo Yeti Airlines 691 (imagem) cai nas proximidades de Pokhara, Nepal, deixando 72 mortos.",
    }
    assistant, corpus = _blurbs_indexed(tmp_path, e5, blurbs, "2023-02-20")

    _assert_declined(assistant, ("Ciclone Freddy", "Voo Precision Air 494", "Massacre de Juliaca"))
    _assert_answered_from(assistant, (("Ciclone Gabrielle", "gabrielle.md"), ("Voo Yeti Airlines 691", "yeti.md"),
                                      ("Massacre de Nong Bua Lamphu", "nongbua.md")))
    # Once its story is indexed, the name is answered with it.
    (corpus / "freddy.md").write_text("---\ntitle: freddy\ndate: 2023-03-10\n---\n\nCiclone Freddy deixa "
                                      "ao menos 29 mortos em Madagáscar, Moçambique e Zimbábue.\n", encoding="utf-8")
    assistant.index([corpus])
    _assert_answered_from(assistant, (("Ciclone Freddy", "freddy.md"),))


def test_an_event_asked_about_in_the_news_s_own_language_is_told_by_its_names(tmp_path: Path, e5):
    # "What happened with the Crimean Bridge?" in Russian was answered with a footbridge's collapse
    # in India (ITN blurbs in Russian, tests/data/itn_LICENSE.md).
    assistant, _ = _blurbs_indexed(tmp_path, e5, {
        "morbi": "В результате обрушения пешеходного моста в Индии погибли 136 человек.",
        "verstappen": "Нидерландский автогонщик Макс Ферстаппен (на илл.) второй год подряд стал чемпионом мира в "
                      "классе «Формула-1».",
    }, "2022-11-01")

    _assert_declined(assistant, ("Что случилось с Крымским мостом?",))
    _assert_answered_from(assistant, (("Что случилось с мостом в Индии?", "morbi.md"),
                                      ("Что случилось с Максом Ферстаппеном?", "verstappen.md")))


def test_a_topic_asked_about_is_read_in_the_language_of_the_question_around_it(tmp_path: Path, e5):
    # "What happened with 2023 Estonian parliamentary election?" was answered with Finland's election:
    # the topic alone looked like Nigerian Pidgin, so the rule for a name written in the news's own
    # language never read it (English ITN blurbs, tests/data/itn_LICENSE.md).
    assistant, _ = _blurbs_indexed(tmp_path, e5, {
        "finland": "In the Finnish parliamentary election, the National Coalition Party, led by Petteri Orpo, wins "
                   "the most seats.",
        "czechia": "Petr Pavel is elected as President of the Czech Republic.",
    }, "2023-04-02")

    _assert_declined(assistant, ("What happened with 2023 Estonian parliamentary election?",
                                 "What happened with 2023 Andorran parliamentary election?"))
    _assert_answered_from(assistant, (("What happened with 2023 Finnish parliamentary election?", "finland.md"),
                                      ("What happened with Petr Pavel?", "czechia.md")))


def test_a_name_alone_the_articles_never_write_is_declined_not_answered_with_someone_else(tmp_path: Path, e5):
    # Typed into the search box, a name the articles lack came closest to someone else's story and
    # was answered with it: "Svante Pääbo" with "Ulf Kristersson is elected Prime Minister of
    # Sweden", "Xi Jinping" with Jiang Zemin's death (ITN blurbs in Indonesian, tests/data/itn_LICENSE.md).
    blurbs = {
        "kristersson": "Ulf Kristersson (foto) terpilih sebagai Perdana Menteri Swedia setelah perjanjian antara empat "
                       "pihak.",
        "jiang": "Jiang Zemin (gambar), mantan Sekretaris Jenderal Partai Komunis Tiongkok, meninggal dalam usia 96 "
                 "tahun.",
        "peru": "Setelah upaya kudeta terhadap Kongres yang dibubarkan, Presiden Peru Pedro Castillo dimakzulkan dan "
                "Dina Boluarte (gambar) dilantik sebagai presiden perempuan pertama di negara tersebut.",
        "yeti": "Pesawat Yeti Airlines (gambar) yang jatuh di Pokhara, Gandaki, Nepal, menewaskan 68 orang.",
        "kanjuruhan": "Kerusuhan pasca-pertandingan Arema FC vs Persebaya Surabaya di Stadion Kanjuruhan, Malang "
                      "menyebabkan 182 orang meninggal dunia.",
        "f1": "Max Verstappen meraih gelar Juara Dunia Pembalap Formula Satu musim 2022 setelah memenangkan Grand Prix "
              "Jepang.",
    }
    assistant, news = _blurbs_indexed(tmp_path, e5, blurbs, "2022-12-01")

    # Typed in lower case, or asked about ("What happened with…", "Who is…"), as alone.
    _assert_declined(assistant, ("Svante Pääbo", "Xi Jinping", "Pervez Musharraf", "xi jinping", "svante pääbo",
                                 "What happened with Xi Jinping?", "Who is Svante Pääbo?",
                                 "¿Qué pasó con Pervez Musharraf?"))
    _assert_answered_from(assistant, (("Ulf Kristersson", "kristersson.md"), ("Jiang Zemin", "jiang.md"),
                                      ("jiang zemin", "jiang.md"), ("yeti airlines crash", "yeti.md"),
                                      ("What happened with Ulf Kristersson?", "kristersson.md"),
                                      ("kanjuruhan", "kanjuruhan.md")))
    # A word that other languages translate is never taken for a name they lack: one capitalised
    # word, or a phrase in lower case, over German news.
    for name in blurbs:
        (news / f"{name}.md").unlink()
    (news / "erdbeben.md").write_text("---\ntitle: Erdbeben\ndate: 2023-02-06\n---\nEin Erdbeben der Stärke 7,8 "
                                      "erschüttert den Süden der Türkei und den Norden Syriens.\n", encoding="utf-8")
    (news / "boot.md").write_text("---\ntitle: Libyen\ndate: 2022-11-10\n---\nMehr als hundert Flüchtlinge "
                                  "ertrinken vor der Küste Libyens, als ihr Boot kentert.\n", encoding="utf-8")
    assistant.index([news])
    _assert_answered_from(assistant, (("Earthquake", "erdbeben.md"), ("earthquake", "erdbeben.md"),
                                      ("refugees drowned", "boot.md")))
    # A name written in another script than the articles' is left to the model: transliteration
    # misses too many names ("Chris Hipkins" / "克里斯·希普金斯") to take their absence for an answer.
    for name in ("erdbeben", "boot"):
        (news / f"{name}.md").unlink()
    (news / "hipkins.md").write_text("---\ntitle: 新西兰\ndate: 2023-01-22\n---\n克里斯·希普金斯接任新西兰总理。\n",
                                     encoding="utf-8")
    assistant.index([news])
    passages = assistant.retrieve("Chris Hipkins", k=assistant.settings.answer_k)
    judgement = Judge(assistant._scorer, load_calibration()).judge("Chris Hipkins", "Chris Hipkins", passages)
    assert judgement.features["name_absent"] == 0.0


@pytest.mark.parametrize(("prize", "sentence"), [
    ("Literature", "法國作家安妮·艾諾（图）因為在其作品揭露個人經驗中的根源、隔閡與共同束縛而獲得諾貝爾文學獎。"),
    ("Physics", "4 أكتوبر فوز كل من آلان أسبيكت وجون كلوزر وأنطون تسايلينغر بجائزة نوبل في الفيزياء لعام 2022."),
    ("Medicine", "Нобелевская премия по физиологии или медицине вручена шведскому биологу Сванте Паабо (на илл.) за "
                 "открытия в области генома вымерших гоминидов."),
])
def test_a_sentence_fits_a_question_naming_another_of_its_kind_better_without_that_word(prize: str, sentence: str, e5):
    # Word by word, "Physics" finds "физиологии" about as close as "Medicine" finds "медицине", and
    # the answers were given; the sentence's vector knows better: without "Chemistry", "Who won the
    # Nobel Prize in Chemistry?" comes closer to a sentence about another Nobel Prize.
    from assistant.answer.evidence import EvidenceScorer
    from assistant.answer.question_cues import without_each_word

    scorer = EvidenceScorer(e5)

    def least_added(field: str) -> float:
        question = f"Who won the Nobel Prize in {field}?"
        return scorer.least_added(question, without_each_word(question), [sentence])[0]

    others = [least_added(field) for field in ("Chemistry", "Literature", "Physics", "Medicine") if field != prize]
    assert least_added(prize) > max(others)
    assert max(others) < 0
    # Nothing to leave out: nothing is told.
    assert scorer.least_added("诺贝尔化学奖？", [], [sentence, sentence]) == [0.0, 0.0]
