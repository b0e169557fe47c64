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

from assistant.text.lexicon import frequency, starting_with

# Languages whose words are written apart (a Chinese or Thai name cannot be told from the words
# around it once transliterated).
_LANGUAGES = (
    "en fr de es it pt nl ru uk be bg sr mk pl cs sk sl hr bs sv no da fi et lv lt ro hu tr az id ms el ar fa ur he"
    " ka hy kk uz sq ca eu gl cy ga is vi"
).split()
# Languages whose names are looked for inside the text: Chinese in both its scripts (Wikipedia's news
# mixes them), Japanese, Korean and Thai.
_RUN_ON_LANGUAGES = ("zh", "zh_Hant", "ja", "ko", "th")
_ABJAD_LANGUAGES = ("ar", "fa", "ur", "he")
_ABJAD = re.compile("[\u0590-\u06ff]")
# The first letters a name shares with its inflections: the bucket it is looked up in.
_BUCKET = 4


# Names news still uses that CLDR does not give (it has "Czechia", "Myanmar (Burma)", "United
# Kingdom" and "Türkiye", so "the Czech Republic", "Großbritannien" and "Turkey" were no country).
_FORMER_NAMES = {
    "CZ": ("Czech Republic", "République tchèque", "República Checa", "Tschechische Republik", "Repubblica Ceca",
           "República Tcheca", "Чешская Республика"),
    "GB": ("Great Britain", "Britain", "Grande-Bretagne", "Gran Bretaña", "Großbritannien", "Gran Bretagna",
           "Grã-Bretanha"),
    "CI": ("Ivory Coast",), "SZ": ("Swaziland",), "TL": ("East Timor",), "TR": ("Turkey",),
}


@lru_cache(maxsize=None)
def _territories(language: str) -> tuple[tuple[str, str], ...]:
    """The countries' and regions' names in ``language``: CLDR's, the one it gives in brackets as a
    name of its own ("Myanmar (Burma)" is "Myanmar" and "Burma"; not "Hong Kong SAR (China)", where
    the brackets name another country), and the former names above."""
    names = Locale.parse(language).territories
    found = []
    for code, name in names.items():
        outside, *inside = (part.strip() for part in re.split(r"[()]", name) if part.strip())
        found += [(code, outside)] + [(code, part) for part in inside
                                      if part not in names.values() and part not in _ABBREVIATIONS]
    if language == _LANGUAGES[0]:  # once: every language's names are pooled
        found += [(code, name) for code, names in _FORMER_NAMES.items() for name in names]
    return tuple(found)


@lru_cache(maxsize=1)
def _country_names() -> dict[str, dict[str, frozenset[str]]]:
    """Folded one-word country names, bucketed by their first letters, each with its countries."""
    found: dict[str, set[str]] = defaultdict(set)
    for language in _LANGUAGES:
        for code, name in _territories(language):
            words = re.findall(r"[a-z]+", anyascii(name).lower())
            # Two letters are a country ("GR"); digits are a continent or a region ("150": Europe).
            if code.isalpha() and len(words) == 1 and len(words[0]) >= _BUCKET:
                found[words[0]].add(code)
    buckets: dict[str, dict[str, frozenset[str]]] = defaultdict(dict)
    for name, codes in found.items():
        buckets[name[:_BUCKET]][name] = frozenset(codes)
    return dict(buckets)


@lru_cache(maxsize=2)
def _names_inside(languages: tuple[str, ...], shortest: int) -> tuple[re.Pattern[str], dict[str, frozenset[str]]]:
    """Any country's name in ``languages`` (of ``shortest`` letters or more), longest first, and the
    countries of each."""
    found: dict[str, set[str]] = defaultdict(set)
    for language in languages:
        for code, name in Locale.parse(language).territories.items():
            if code.isalpha() and len(name) >= shortest:
                found[name].add(code)
    names = sorted(found, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names))), {name: frozenset(codes) for name, codes in found.items()}


def _found_inside(text: str, languages: tuple[str, ...], shortest: int) -> frozenset[str]:
    pattern, codes = _names_inside(languages, shortest)
    return frozenset().union(*(codes[m.group(0)] for m in pattern.finditer(text)))


@lru_cache(maxsize=4096)
def countries_in(text: str) -> frozenset[str]:
    """The countries ``text`` names in a script that runs its words together. The longest name found
    at a place is the one read: "印度尼西亚" is Indonesia, not India ("印度") and more."""
    # One letter is no name to look for inside words (Korean "괌", Guam).
    return _found_inside(text, _RUN_ON_LANGUAGES, 2)


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


# Countries news names by an abbreviation CLDR does not list.
_ABBREVIATIONS = {
    "US": "US", "USA": "US", "U.S.": "US", "U.S.A.": "US", "EE. UU.": "US", "EE.UU.": "US", "EUA": "US", "США": "US",
    "UK": "GB", "U.K.": "GB", "UAE": "AE", "EAU": "AE", "ОАЭ": "AE", "DRC": "CD", "RDC": "CD", "ДРК": "CD",
    "КНДР": "KP", "ЮАР": "ZA", "ФРГ": "DE",
}
_ABBREVIATION = re.compile(r"(?<!\w)(?:" + "|".join(sorted(map(re.escape, _ABBREVIATIONS), key=len, reverse=True))
                           + r")(?!\w)")
_LETTERS = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=4096)
def countries_named(text: str, loosely: bool = False) -> frozenset[str]:
    """The countries ``text`` names, and nothing that is no country (not the EU, the UN, the
    eurozone): by a capitalised word that is a name of one word or made from one of five letters or
    more ("Griechenland", "Ukrainian"; "Silicon" is no Turkish "Şili"); by a name of several words,
    inflected ("Países Bajos", "Соединённых Штатов"); by an abbreviation ("USA", "США"); and, in the
    scripts that run their words together or write few vowels, inside the text. ``loosely``, words
    in lower case count too, and so do words made from a name of four letters ("brésilienne",
    "Iranian"): for finding a country, where reading one too many costs nothing."""
    found: set[str] = set()
    for word in _LETTERS.findall(text):
        if loosely or word[0].isupper() or not word[0].islower():
            found |= _word_countries(word, loosely)
    pattern, names = _several_word_names()
    for m in pattern.finditer(" ".join(re.findall(r"[a-z]+", anyascii(text).lower()))):
        found |= next(codes for name, codes in names[m.group(0)[0]] if name.fullmatch(m.group(0)))
    found |= {_ABBREVIATIONS[m.group(0)] for m in _ABBREVIATION.finditer(text)}
    # Arabic and Hebrew write few vowels, so their names fold to too few letters to be told apart,
    # and join articles and prepositions to them ("والعراق"): they are looked for inside the text.
    found |= _found_inside(text, _ABJAD_LANGUAGES, 4) if _ABJAD.search(text) else frozenset()
    return frozenset(found | countries_in(text)) & _real_countries()


def capitalised_countries(text: str) -> str:
    """``text`` with each word in lower case that names a country, or is made from one's name, as
    it would capitalised (``countries_named``), capitalised: "2023 turkey–syria earthquake" is
    "2023 Turkey–Syria earthquake", as the news writes it; every other word is left as it is."""
    def capitalised(word: re.Match[str]) -> str:
        w = word.group(0)
        return w[0].upper() + w[1:] if w[0].islower() and _word_countries(w) & _real_countries() else w

    return _LETTERS.sub(capitalised, text)


def _word_countries(word: str, loosely: bool = False) -> frozenset[str]:
    """The countries one word names, read as ``countries_named`` reads a capitalised word."""
    folded = _folded(word)
    found = countries(folded) if loosely else _countries_strictly(folded)
    if found and folded not in _exact() and _a_word_of_its_own(word.lower(), found):
        return frozenset()
    return found


def _folded(word: str) -> str:
    """A word as the country names are looked up: in ASCII letters, lower case."""
    return re.sub(r"[^a-z]", "", anyascii(word).lower())


# How many times as often as a country's name may a word that starts like it be used, in a language
# that uses both, and still be read as an inflection of it (``_a_word_of_its_own``).
OWN_WORD = 3.0
# wordfreq's code for a language that babel calls otherwise (``lexicon``).
_WORDFREQ_CODES = {"no": "nb"}


@lru_cache(maxsize=4096)
def _a_word_of_its_own(word: str, codes: frozenset[str]) -> bool:
    """Whether ``word``, which starts like a name of the countries ``codes``, is a word of some
    language rather than that name inflected: one it uses more than ``OWN_WORD`` times as often as
    the name in all its forms (by wordfreq's counts; ``_forms``). A word made from a country's name
    is used as often or less ("Griechenlands" a tenth as often as "Griechenland", "Ukrainian" 0.7
    times as often as "Ukraine", "российской" a tenth as often as "Россия" and its cases); a word
    that only starts like one, far more often ("Service" some sixty times as often as "Serbia" in
    English, "Kamera" eighteen times as often as "Kamerun" in German, "jamais" as "Jamaïque" in
    French; "Granaten" in German, where Grenada is no common word at all). A language that names
    the countries only in several words, or that writes the word as a form of their name, tells
    nothing."""
    for language in _LANGUAGES:
        listed_as = _WORDFREQ_CODES.get(language, language)
        used = frequency(word, listed_as)
        if not used:
            continue
        names = [name.lower() for code, name in _territories(language) if code in codes and " " not in name]
        if not names:
            continue
        forms = {form for name in names for form in _forms(name, listed_as)}
        if word not in forms and used > OWN_WORD * sum(frequency(form, listed_as) for form in forms):
            return True
    return False


def _forms(name: str, language: str) -> list[str]:
    """The words of ``language``'s list that may be ``name`` inflected: it, but perhaps its last letter
    (after four letters or more), and up to three letters more ("Индия": "Индии", "Индию"). Some
    words that only start alike are among them; they count for the name, the side to err on."""
    stem = name if len(name) <= 4 else name[:-1]
    return [w for w in starting_with(stem, language) if len(w) <= len(name) + 3]


# Words that read as a country's inflection and name Rome's people instead ("the Romans", "i
# Romani"; "Romania" less its ending).
_ROMAN = re.compile(r"roman[aeiou]?s?")


def _countries_strictly(word: str) -> frozenset[str]:
    """``countries``, but a word longer than a name of four letters is none of its inflections."""
    if _ROMAN.fullmatch(word):
        return frozenset()
    found = countries(word)
    if not found or word in _exact():
        return found
    return frozenset(c for c in found if any(
        len(name) >= 5 and word.startswith(name[: len(name) - 2])
        for name, codes in _country_names().get(word[:_BUCKET], {}).items() if c in codes))


@lru_cache(maxsize=1)
def _real_countries() -> frozenset[str]:
    """The territories that are countries: those with a currency of their own, but the EU."""
    from babel.core import get_global

    return frozenset(get_global("territory_currencies")) - {"EU"}


@lru_cache(maxsize=1)
def _several_word_names() -> tuple[re.Pattern[str], dict[str, list[tuple[re.Pattern[str], frozenset[str]]]]]:
    """Any country name of several words, folded, each of its words of five letters or more up to an
    inflection ("shtaty" / "shtatov"), and, by their first letter, each name's own pattern with its
    countries."""
    found: dict[str, set[str]] = defaultdict(set)
    for language in _LANGUAGES:
        for code, name in _territories(language):
            words = re.findall(r"[a-z]+", anyascii(name).lower())
            # A name whose words are all short ("an do", "ba lan") is read in too many other words.
            if code.isalpha() and len(words) > 1 and max(map(len, words)) > 4:
                stems = (re.escape(w[: max(4, len(w) - 2)]) + "[a-z]{0,4}" if len(w) > 4 else re.escape(w)
                         for w in words)
                found[" ".join(stems)].add(code)
    by_start: dict[str, list[tuple[re.Pattern[str], frozenset[str]]]] = defaultdict(list)
    for name, codes in found.items():
        by_start[name[0]].append((re.compile(name), frozenset(codes)))
    return re.compile(r"\b(?:" + "|".join(sorted(found, key=len, reverse=True)) + r")\b"), dict(by_start)
