"""Topics typed as into a search box, with the topic rules and without, over Latin-script news.

    .venv/bin/python benchmarks/topics.py [--itn ../shared/data/itn] [--languages pt,ms,...] [--design en]

A held-back check of the two rules that read a query as a topic rather than as a question: a
phrase asking for no kind of answer is weighed as "What happened with …?"
(``question_cues.is_a_topic``), and a topic no passage retrieved writes a name of is declined
(``text.names.name_absent``; asked alone or asked about, ``question_cues.news_of``). Neither has a
fitted parameter, but both were designed on the French and Indonesian answers of
``benchmarks/scripts.py`` (and the reading of a phrase's names on the French, Portuguese and
Russian names of events); this benchmark reads the ITN blurbs of the other Latin-script languages
(the judge is fitted on their "What happened with <event>?" questions; the rules never were). For
each language, every other story indexed (``itn.event_questions``), each event's English name is
asked alone when it is a name ("Svante Pääbo"), typed in lower case ("svante pääbo") and asked
about ("What happened with Svante Pääbo?"), and its name in the news's own language is typed as
that news links it ("own words": "Effondrement du pont de Morvi") and in lower case ("effondrement
du pont de morvi"), once as the assistant asks it and once with both rules turned off (a name alone
still weighed as a topic, as before the rules): answered with its own story (right), answered with
another story (wrong), or declined although its story is indexed (over-refusal). The same
questions over English news (``--design``), where the rules were tried while they were written,
are recorded apart ("design"), outside the held-back total: English questions over English news
are the product's commonest use, and no set of the judge's fit holds them. Writes
benchmarks/results/topics.json.
"""

from __future__ import annotations

import argparse
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

from common import write_results
from itn import DEFAULT, event_questions
from scripts import outcome

import assistant.answer.judgement as judgement
import assistant.answer.question_cues as question_cues
from assistant import Assistant, Settings
from assistant.text.names import is_a_name

# The fitted ITN languages written in Latin script (devsets.ITN_LANGUAGES): the rules were
# designed on French and Indonesian, so these are held back from that design.
LANGUAGES = ("pt", "ms", "pl", "uz", "sv", "fi", "ro", "no")
# Looked at while the rules were written: recorded, never counted with the languages above.
DESIGN = ("en",)


@contextmanager
def without_topic_rules() -> Iterator[None]:
    """The judge as it was before the rules: only a name alone is a topic, and no name is absent."""
    saved = question_cues.is_a_topic, judgement.name_absent
    question_cues.is_a_topic, judgement.name_absent = is_a_name, lambda *_, **__: False
    try:
        yield
    finally:
        question_cues.is_a_topic, judgement.name_absent = saved


def ask_language(lang: str, itn: Path, workdir: Path) -> dict:
    questions = event_questions(itn, lang, workdir / f"corpus-{lang}")
    assistant = Assistant(Settings(index_dir=workdir / f"index-{lang}"))
    assistant.index([workdir / f"corpus-{lang}"])
    kinds = ("names alone", "typed", "asked about", "own words", "own words, lower case")
    counts = {f"{kind}, {rules} rules": Counter() for kind in kinds for rules in ("with", "without")}
    for rules in ("with", "without"):
        for q in questions:
            queries = {"names alone": q.name} if is_a_name(q.name) else {}
            queries["typed"] = q.name.lower()
            queries["asked about"] = q.question
            queries["own words"] = q.keyword
            queries["own words, lower case"] = q.keyword.lower()
            for kind, query in queries.items():
                with nullcontext() if rules == "with" else without_topic_rules():
                    answer = assistant.ask(query)
                answered, right = outcome(answer, q.story)
                tally = counts[f"{kind}, {rules} rules"]
                tally["asked"] += 1
                tally["right"] += right
                tally["wrong"] += answered and not right
                tally["over_refusal"] += q.indexed and not answered
    return {key: dict(tally) for key, tally in counts.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--itn", type=Path, default=DEFAULT)
    parser.add_argument("--languages", default=",".join(LANGUAGES))
    parser.add_argument("--design", default=",".join(DESIGN), help="languages recorded apart ('' for none)")
    args = parser.parse_args()
    results: dict[str, dict] = {}
    design: dict[str, dict] = {}
    print(f"{'language':8} {'queries':45} {'asked':>6} {'right':>6} {'wrong':>6} {'over-refusal':>13}")
    with tempfile.TemporaryDirectory() as tmp:
        for into, languages, mark in ((results, args.languages, ""), (design, args.design, " (design)")):
            for lang in filter(None, languages.split(",")):
                into[lang] = ask_language(lang, args.itn, Path(tmp))
                for key, row in into[lang].items():
                    print(f"{lang:8} {key + mark:45} {row['asked']:>6} {row['right']:>6} {row['wrong']:>6} "
                          f"{row['over_refusal']:>13}", flush=True)
    totals: dict[str, Counter] = {}
    for rows in results.values():
        for key, row in rows.items():
            totals.setdefault(key, Counter()).update(row)
    for key, row in totals.items():
        print(f"{'all':8} {key:45} {row['asked']:>6} {row['right']:>6} {row['wrong']:>6} {row['over_refusal']:>13}")
    write_results("topics", {"languages": results, "all": {k: dict(v) for k, v in totals.items()}, "design": design})


if __name__ == "__main__":
    main()
