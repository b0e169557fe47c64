"""English questions over news written in scripts the answer judge was never fitted on.

Wikipedia's "In the news" blurbs in Russian, Chinese and Thai (tests/data/itn_questions.json, built
as benchmarks/scripts.py builds its sets): every other story indexed as a dated article, and for
every event "What happened with <its English name>?". A question whose story is indexed should be
answered from that story; the others should be declined. The judge is fitted on other languages'
blurbs (benchmarks/devsets.py) and none of these; the bounds sit a little under what the shipped
calibration measures here (BOUNDS' comments), and far from both a judge that declines what it
cannot match word for word (before the blurbs of other languages joined its fit, it answered 0.53,
0.58 and 0.25 of the answerable questions) and one that answers everything.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import DATA

from assistant import Assistant, Settings
from assistant.embed.embeddings import E5Embeddings

QUESTIONS = json.loads((DATA / "itn_questions.json").read_text(encoding="utf-8"))["languages"]

# language: (answered from the question's story, of the answerable; declined, of the unanswerable)
BOUNDS = {
    "ru": (0.65, 0.85),  # measured 0.73 (29 of 40) and 0.93 (40 of 43)
    "zh": (0.58, 0.85),  # 0.64 (23 of 36; one sits on the threshold) and 0.97 (35 of 36)
    "th": (0.60, 0.75),  # 0.75 (15 of 20) and 0.94 (17 of 18)
}


@pytest.mark.slow
@pytest.mark.parametrize("lang", sorted(BOUNDS))
def test_english_questions_are_answered_from_their_story_or_declined(lang: str, tmp_path: Path, e5: E5Embeddings):
    data = QUESTIONS[lang]
    corpus = tmp_path / "news"
    corpus.mkdir()
    for name, text in data["articles"].items():
        (corpus / name).write_text(text, encoding="utf-8")
    assistant = Assistant(Settings(index_dir=tmp_path / "index"), embeddings=e5)
    assistant.index([corpus])

    right, declined_unanswerable, wrong = [], [], []
    for q in data["questions"]:
        answer = assistant.ask(q["question"])
        answered = answer.grounded and bool(answer.citations)
        from_story = answered and all(Path(c.source).name == q["story"] for c in answer.citations)
        if q["indexed"]:
            right.append(from_story)
        else:
            declined_unanswerable.append(not answered)
        if answered and not from_story:
            wrong.append((q["question"], answer.citations[0].quote))
    least_right, least_declined = BOUNDS[lang]
    assert sum(right) / len(right) >= least_right, wrong
    assert sum(declined_unanswerable) / len(declined_unanswerable) >= least_declined, wrong


FIELDS = ("Chemistry", "Literature", "Physics", "Medicine", "Peace", "Economics")
# The Nobel Prizes each language's blurbs tell of, and their blurbs.
PRIZES = {"ru": {"Chemistry": "Q110925.md", "Medicine": "Q170342.md"}, "zh": {"Literature": "Q1153825.md"},
          "th": {"Medicine": "Q170342.md"}}


@pytest.mark.slow
@pytest.mark.parametrize("lang", sorted(PRIZES))
def test_a_nobel_prize_in_another_field_is_judged_less_likely_answered(lang: str, tmp_path: Path, e5: E5Embeddings):
    # Word by word, "Physics" finds "физиологии" as close as "Medicine" finds "медицине", and the
    # blurb of one field's prize is the closest sentence to a question about any field's. A field
    # the blurbs tell of is answered from its blurb; every other field is judged less likely
    # answered (``least_added_best``: a blurb fits the question better without the field's name).
    # Most of those are still answered (3 of these 14 declined; 1 before that signal).
    from assistant.answer.judgement import Judge, load_calibration

    corpus = tmp_path / "news"
    corpus.mkdir()
    for name, text in QUESTIONS[lang]["articles"].items():
        (corpus / name).write_text(text, encoding="utf-8")
    assistant = Assistant(Settings(index_dir=tmp_path / "index"), embeddings=e5)
    assistant.index([corpus])
    for field, story in PRIZES[lang].items():
        answer = assistant.ask(f"Who won the Nobel Prize in {field}?")
        assert answer.grounded and {Path(c.source).name for c in answer.citations} == {story}, field

    judge = Judge(assistant._scorer, load_calibration())

    def judged(field: str):
        question = f"Who won the Nobel Prize in {field}?"
        return judge.judge(question, question, assistant.retrieve(question, k=assistant.settings.answer_k))

    told = [judged(field) for field in PRIZES[lang]]
    for other in FIELDS:
        if other not in PRIZES[lang]:
            judgement = judged(other)
            assert judgement.features["least_added_best"] < min(j.features["least_added_best"] for j in told), other
            assert judgement.probability < min(j.probability for j in told), other
