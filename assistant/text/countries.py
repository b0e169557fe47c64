"""Country names across languages: "Greece", "Griechenland", "Grèce" and "Греции" name one country.

A translation keeps a person's name and renames a country, so spelling alone cannot find "Greece" in
"Zugunglück in Griechenland". The names come from CLDR (bundled with babel): each country's name in
the languages below that write words apart, folded to ASCII like every name here. Only names of one
word are kept ("Vereinigte Staaten" is not "Staaten"), and a word is a country's name up to an
inflection ("Турции" is "Турция", "Griechenlands" is "Griechenland"). In the scripts that run their
words together (Chinese, Japanese, Thai; Korean joins its particles to them), a name is found inside
the text instead, in CLDR's spelling (``countries_in``: "Ukraine" ~ "乌克兰" ~ "烏克蘭" ~ "ウクライナ").
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from functools import lru_cache

from anyascii import anyascii
from babel import Locale

# Languages whose words are written apart (a Chinese or Thai name cannot be told from the words
# around it once transliterated).
_LANGUAGES = (
    "en fr de es it pt nl ru uk be bg sr mk pl cs sk sl hr bs sv no da fi et lv lt ro hu tr az id ms el ar fa ur he"
    " ka hy kk uz sq ca eu gl cy ga is vi"
).split()
# Languages whose names are looked for inside the text: Chinese in both its scripts (Wikipedia's news
# mixes them), Japanese, Korean and Thai.
_RUN_ON_LANGUAGES = ("zh", "zh_Hant", "ja", "ko", "th")
# The first letters a name shares with its inflections: the bucket it is looked up in.
_BUCKET = 4


@lru_cache(maxsize=1)
def _country_names() -> dict[str, dict[str, frozenset[str]]]:
    """Folded one-word country names, bucketed by their first letters, each with its countries."""
    found: dict[str, set[str]] = defaultdict(set)
    for language in _LANGUAGES:
        for code, name in Locale.parse(language).territories.items():
            words = re.findall(r"[a-z]+", anyascii(name).lower())
            # Two letters are a country ("GR"); digits are a continent or a region ("150": Europe).
            if code.isalpha() and len(words) == 1 and len(words[0]) >= _BUCKET:
                found[words[0]].add(code)
    buckets: dict[str, dict[str, frozenset[str]]] = defaultdict(dict)
    for name, codes in found.items():
        buckets[name[:_BUCKET]][name] = frozenset(codes)
    return dict(buckets)


@lru_cache(maxsize=1)
def _run_on_names() -> tuple[re.Pattern[str], dict[str, frozenset[str]]]:
    """Any country's name in ``_RUN_ON_LANGUAGES``, longest first, and the countries of each."""
    found: dict[str, set[str]] = defaultdict(set)
    for language in _RUN_ON_LANGUAGES:
        for code, name in Locale.parse(language).territories.items():
            # One letter is no name to look for inside words (Korean "괌", Guam).
            if code.isalpha() and len(name) >= 2:
                found[name].add(code)
    names = sorted(found, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names))), {name: frozenset(codes) for name, codes in found.items()}


@lru_cache(maxsize=4096)
def countries_in(text: str) -> frozenset[str]:
    """The countries ``text`` names in a script that runs its words together. The longest name found
    at a place is the one read: "印度尼西亚" is Indonesia, not India ("印度") and more."""
    pattern, codes = _run_on_names()
    return frozenset().union(*(codes[m.group(0)] for m in pattern.finditer(text)))


@lru_cache(maxsize=65536)
def countries(word: str) -> frozenset[str]:
    """The countries a folded word names in any of these languages (usually none): a name itself, or
    its inflection, the longest name it starts like ("nigerias" is Nigeria, not Niger). Stricter
    than a person's name: "Austria" is no inflection of "Australia", nor "Iran" of "Iraq"."""
    if word in _exact():
        return _exact()[word]
    best, found = 0, frozenset[str]()
    for name, codes in _country_names().get(word[:_BUCKET], {}).items():
        shared = len(os.path.commonprefix([name, word]))
        if _inflects(word, name, shared) and shared >= best:
            best, found = shared, (found | codes if shared == best else codes)
    return found


def _inflects(word: str, name: str, shared: int) -> bool:
    """Whether ``word`` is an inflection of the country's ``name`` or a word made from it, with which
    it shares its first ``shared`` letters: all of the name but its last one or two letters, and an
    ending of at most five letters ("Griechenlands", "Греции" / "Греция", "Францией", "Ukrainian",
    "российской"); after a name of four letters, or all but one of five, an ending of at most four
    or two ("iranskom", "Peruvian"; "Китае" / "Китай"). A word of four letters is a name only as it
    is: "pero" (but) is not "Pérou", nor "dans" (in) "Danska"; nor is "police" "Polija", "children"
    "Chile", or "Messi" a shortened "Messico". Of the words of UD's five test sets, this takes half
    as many words other than proper nouns for countries as the looser rule before it; the proper
    nouns it no longer takes are mostly no countries ("Messi", "Martin"; ``benchmarks/names.py``)."""
    ending, added = len(name) - shared, len(word) - shared
    if len(word) < 5 or ending > 2 or (ending and not added):
        return False
    if shared >= 5:
        return added <= 5
    return (ending == 0 and added <= 4) or (ending == 1 and added <= 2)


@lru_cache(maxsize=1)
def _exact() -> dict[str, frozenset[str]]:
    return {name: codes for bucket in _country_names().values() for name, codes in bucket.items()}
