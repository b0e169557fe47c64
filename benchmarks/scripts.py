"""English questions over news written in languages and scripts the answer judge is not fitted on.

    .venv/bin/python benchmarks/scripts.py [--itn ../shared/data/itn] [--languages zh,ar,...]

The answer judge (``benchmarks/calibrate.py``) is fitted on German, Spanish, English and French
text and on ITN news blurbs in ``devsets.ITN_LANGUAGES``; this benchmark reads nine other
languages, so the judge has never seen a question over their text. For each language, the ITN
blurbs (one sentence of news each) of the events that also have an English blurb, grouped into
stories (``itn.event_questions``: "Liz Truss" and "October 2022 United Kingdom government crisis"
are one blurb): every other story is indexed as a dated article, and for every event the question
is "What happened with <the event's English name>?". A question whose story is indexed should be
answered by quoting that story (right); the others should be declined. Reported per language:
answerable questions answered right, answerable ones declined (over-refusal) and among those the
ones whose closest sentence, by the judge, was another story's (declining them spared a wrong
answer), unanswerable ones declined, answers quoting another story (wrong), how much closer the
encoder sets each question to its own story than to the others (the mean cosine gap), and the
questions from another domain entirely (sport records, capitals, prices; the half of
tests/data/off_domain.jsonl the judge is not fitted on) declined over the same news, and each event
name that is a name alone (``text.names.is_a_name``: "Liz Truss", not "2022 Russian invasion of
Ukraine") asked alone, as into a search box: answered with its own story (right) or another's
(wrong); and every event name typed in lower case ("2022 morbi bridge collapse"), likewise.
Writes benchmarks/results/scripts.json.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import numpy as np
from common import write_results
from devsets import ITN_LANGUAGES, off_domain
from itn import DEFAULT, event_questions

from assistant import Assistant, Settings
from assistant.answer.judgement import Judge, load_calibration
from assistant.answer.results import Answer
from assistant.text.names import is_a_name

# Latin, Cyrillic, Arabic, Han, Hangul and Thai: names transliterate back to English in the first two.
LANGUAGES = ("fr", "id", "ru", "uk", "fa", "ar", "zh", "ko", "th")
MIN_EVENTS = 10


def outcome(answer: Answer, story: str) -> tuple[bool, bool]:
    """Whether the answer answers, and whether it quotes only the question's own story."""
    answered = answer.grounded and bool(answer.citations)
    return answered, answered and all(Path(c.source).name == story for c in answer.citations)


def ask_language(lang: str, itn: Path, workdir: Path) -> dict | None:
    questions = event_questions(itn, lang, workdir / f"corpus-{lang}")
    if len(questions) < MIN_EVENTS:
        return None
    assistant = Assistant(Settings(index_dir=workdir / f"index-{lang}"))
    assistant.index([workdir / f"corpus-{lang}"])
    stories = sorted({q.story for q in questions})
    texts = {q.story: q.text for q in questions}
    own = np.asarray([stories.index(q.story) for q in questions])
    vectors = np.asarray(assistant.embeddings.embed_documents([texts[s] for s in stories]))
    similarity = np.asarray([assistant.embeddings.embed_query(q.question) for q in questions]) @ vectors.T
    mine = similarity[np.arange(len(questions)), own]
    others = (similarity.sum(axis=1) - mine) / (len(stories) - 1)
    counts = dict.fromkeys(
        ("answerable", "right", "declined", "declined_other", "unanswerable", "unanswerable_declined", "wrong",
         "names_alone", "names_alone_right", "names_alone_answered", "typed_right", "typed_answered"), 0
    )
    judge = Judge(assistant._scorer, load_calibration())
    for q in questions:
        answer = assistant.ask(q.question)
        answered, right = outcome(answer, q.story)
        if q.indexed:
            counts["answerable"] += 1
            counts["right"] += right
            counts["declined"] += not answered
            if not answered:  # the passages the declined answer was judged on, judged again for its best
                passages = answer.passages
                best = judge.judge(q.question, answer.standalone_question or q.question, passages).best
                counts["declined_other"] += bool(best) and Path(
                    passages[best.evidence.sentence.passage].article.source).name != q.story
        else:
            counts["unanswerable"] += 1
            counts["unanswerable_declined"] += not answered
        counts["wrong"] += answered and not right
        if is_a_name(q.name):  # asked alone, as a search box is ("Liz Truss")
            alone_answered, alone_right = outcome(assistant.ask(q.name), q.story)
            counts["names_alone"] += 1
            counts["names_alone_right"] += alone_right
            counts["names_alone_answered"] += alone_answered
        # Typed in lower case, as into a search box ("2022 morbi bridge collapse").
        typed_answered, typed_right = outcome(assistant.ask(q.name.lower()), q.story)
        counts["typed_right"] += typed_right
        counts["typed_answered"] += typed_answered
    _, other_domain = off_domain()
    off_declined = sum(not assistant.ask(case.question).grounded for case in other_domain)
    return {
        "answerable": counts["answerable"],
        "unanswerable": counts["unanswerable"],
        "right": round(counts["right"] / counts["answerable"], 3),
        "over_refusal": round(counts["declined"] / counts["answerable"], 3),
        "declined_other_story": counts["declined_other"],
        "refusal": round(counts["unanswerable_declined"] / counts["unanswerable"], 3),
        "wrong_answers": counts["wrong"],
        "closer_to_own": round(float((mine - others).mean()), 3),
        "off_domain_declined": round(off_declined / len(other_domain), 3),
        "names_alone": counts["names_alone"],
        "names_alone_right": counts["names_alone_right"],
        "names_alone_wrong": counts["names_alone_answered"] - counts["names_alone_right"],
        "typed_right": counts["typed_right"],
        "typed_wrong": counts["typed_answered"] - counts["typed_right"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--itn", type=Path, default=DEFAULT)
    parser.add_argument("--languages", default=",".join(LANGUAGES))
    args = parser.parse_args()
    languages = tuple(args.languages.split(","))
    fitted = set(languages) & set(ITN_LANGUAGES)
    if fitted:
        parser.error(f"the judge is fitted on {', '.join(sorted(fitted))}: this benchmark reads unfitted languages only")
    results = {}
    print(f"{'language':8} {'answerable':>10} {'right':>6} {'over-refusal':>13} {'unanswerable':>12} "
          f"{'declined':>9} {'wrong':>6} {'closer':>7} {'declined, other story':>22} {'off-domain declined':>20} "
          f"{'names alone: right':>19} {'wrong':>6} {'typed: right':>13} {'wrong':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        for lang in languages:
            row = ask_language(lang, args.itn, Path(tmp))
            if row is None:
                continue
            results[lang] = row
            print(f"{lang:8} {row['answerable']:>10} {row['right']:>6} {row['over_refusal']:>13} "
                  f"{row['unanswerable']:>12} {row['refusal']:>9} {row['wrong_answers']:>6} "
                  f"{row['closer_to_own']:>7} {row['declined_other_story']:>22} {row['off_domain_declined']:>20} "
                  f"{row['names_alone_right']:>19} {row['names_alone_wrong']:>6} {row['typed_right']:>13} "
                  f"{row['typed_wrong']:>6}",
                  flush=True)
    write_results("scripts", {"question": "What happened with <the event's English name>?",
                              "min_events": MIN_EVENTS, "languages": results})


if __name__ == "__main__":
    main()
