"""Names in running text, against the part-of-speech tags of Universal Dependencies.

    .venv/bin/python benchmarks/names.py [--ud ../shared/data/ud]

Two rules of what counts as a name, measured on the UD test sets (../shared/data/ud):

- German nouns (``question_cues._german_noun``): German capitalises every noun, so a capitalised
  word after an article, a preposition joined with one or an adjective's ending is taken for a
  noun. Over the capitalised words inside the sentences of de-gsd (not the first word, nor after
  punctuation; acronyms, months and weekdays aside, as they are not judged by this rule): the share
  of proper nouns (PROPN) kept as names and of other words dropped. The word lists were written
  while reading this set's errors: it is no held-out figure.
- Countries (``countries.countries``, read word by word as ``countries_named`` reads them): the
  words of the five test sets (four letters or more) taken for a country's name or its inflection,
  split by their tag (proper nouns, adjectives such as "russische" or "Iranian", every other word),
  with the rule shipped, with it but for the check of word frequencies (``countries.
  _a_word_of_its_own``: "Service" is no inflection of "Serbia", nor "Kamera" of "Kamerun"), and
  with the looser rule before both (a name's first letters but its last two, and up to three
  more: "police" for "Polija"). Nothing is fitted; the check's factor, ``OWN_WORD``, was set from
  wordfreq's counts of a dozen words, but what counts as a name's forms was corrected after this
  benchmark showed Russian cases lost ("Индии"): it is no held-out figure either.

Results: benchmarks/results/names.json.
"""

from __future__ import annotations

import argparse
import os
from collections import Counter
from pathlib import Path

from common import write_results

from assistant.answer.question_cues import _german_noun
from assistant.text.countries import _country_names, _exact, _folded, _word_countries, countries
from assistant.text.sentences import month_names

HERE = Path(__file__).resolve().parent
DEFAULT = HERE.parent.parent / "shared" / "data" / "ud"
WEEKDAYS = {"Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"}


def sentences(conllu: Path) -> list[list[tuple[str, str]]]:
    """Each sentence's (word, tag) pairs; contractions' parts are left out."""
    found, current = [], []
    for line in conllu.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if not line.strip():
            if current:
                found.append(current)
            current = []
        elif len(cols) > 3 and cols[0].isdigit():
            current.append((cols[1], cols[3]))
    return found + ([current] if current else [])


def german_nouns(ud: Path) -> dict:
    kept, dropped = Counter(), Counter()
    months = set(month_names(False))
    for sentence in sentences(next((ud / "de-gsd").glob("*.conllu"))):
        for i in range(1, len(sentence)):
            word, tag = sentence[i]
            before = sentence[i - 1][0]
            if (not word[0].isupper() or word.isupper() or not before[0].isalpha()
                    or word in WEEKDAYS or word.lower() in months):
                continue
            kind = "proper" if tag == "PROPN" else "other"
            (dropped if _german_noun(before, word) else kept)[kind] += 1
    return {
        "proper_nouns": kept["proper"] + dropped["proper"], "other_words": kept["other"] + dropped["other"],
        "proper_kept": round(kept["proper"] / max(1, kept["proper"] + dropped["proper"]), 3),
        "other_dropped": round(dropped["other"] / max(1, kept["other"] + dropped["other"]), 3),
    }


def _before_december(word: str) -> frozenset[str]:
    """The country rule until December 2026."""
    if word in _exact():
        return _exact()[word]
    for name, codes in _country_names().get(word[:4], {}).items():
        shared = len(os.path.commonprefix([name, word]))
        if shared >= max(4, len(name) - 2) and len(word) <= len(name) + 3:
            return codes
    return frozenset()


def country_words(ud: Path) -> dict:
    words = Counter()
    for conllu in sorted(ud.glob("*/*.conllu")):
        for sentence in sentences(conllu):
            for word, tag in sentence:
                if len(_folded(word)) >= 4:
                    words[word, tag] += 1
    found = {}
    rules = (("shipped", lambda word: _word_countries(word, loosely=True)),
             ("without word frequencies", lambda word: countries(_folded(word))),
             ("before December 2026", lambda word: _before_december(_folded(word))))
    for name, rule in rules:
        taken = Counter()
        for (word, tag), n in words.items():
            if rule(word):
                taken[{"PROPN": "proper_nouns", "ADJ": "adjectives"}.get(tag, "other_words")] += n
        found[name] = {kind: taken[kind] for kind in ("proper_nouns", "adjectives", "other_words")}
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ud", type=Path, default=DEFAULT)
    args = parser.parse_args()
    german, country = german_nouns(args.ud), country_words(args.ud)
    print(f"German capitalised words in de-gsd: {german['proper_nouns']} proper nouns, {german['proper_kept']} kept "
          f"as names; {german['other_words']} other words, {german['other_dropped']} dropped as nouns")
    print(f"{'words taken for countries':<28} {'proper nouns':>12} {'adjectives':>10} {'other words':>11}")
    for name, row in country.items():
        print(f"{name:<28} {row['proper_nouns']:>12} {row['adjectives']:>10} {row['other_words']:>11}")
    write_results("names", {"german_nouns": german, "country_words": country})


if __name__ == "__main__":
    main()
