"""Common words: those a translation renames ("earthquake" / "Erdbeben" / "gempa"), where it keeps a
rare name as it is ("Jinping", "Pääbo").

The lists are wordfreq's small ones, bundled in the package (nothing is downloaded): a language's
words used at least once per million words of its text (web, news, subtitles, books; Zipf 3), about
30,000 each. News names of 2022 and 2023 are mostly not there ("Jinping" is only in Filipino's and
Icelandic's, "Zelensky", "Sunak", "Kipchoge", "Boluarte" in none), nor are a few rare common
words ("derailment", "airshow"). A word one letter from a common one is taken for a misspelling of
it ("earthquak"), not for a name. A common word that languages share at comparable rates is a name
or a word borrowed with its spelling ("donald", "fifa", "hotel"): a translation keeps it too
(``kept_in``, ``international``).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from functools import cache

_LETTERS = "abcdefghijklmnopqrstuvwxyzàáâãäåæçèéêëìíîïñòóôõöøùúûüýÿßœčćđěłńřśšźżžğışșțő"


@cache
def _frequencies(language: str) -> dict[str, float]:
    from wordfreq import available_languages, get_frequency_dict

    # wordfreq answers an unknown language with the nearest it has (Uzbek with Russian): not here.
    if language not in available_languages("small"):
        return {}
    return get_frequency_dict(language, "small")


@cache
def _common(language: str) -> frozenset[str]:
    return frozenset(_frequencies(language))


def frequency(word: str, language: str) -> float:
    """How often ``word`` (in lower case) is used in ``language``'s text, a share of its words; 0.0
    for a word not in its list, or a language with none."""
    return _frequencies(language).get(word, 0.0)


@cache
def _sorted(language: str) -> tuple[str, ...]:
    return tuple(sorted(_frequencies(language)))


def starting_with(prefix: str, language: str) -> list[str]:
    """The words of ``language``'s list (in lower case) that start with ``prefix``."""
    words = _sorted(language)
    found = []
    for word in words[bisect_left(words, prefix):]:
        if not word.startswith(prefix):
            break
        found.append(word)
    return found


def _one_letter_off(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return ({a + b[1:] for a, b in splits if b}
            | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
            | {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
            | {a + c + b for a, b in splits for c in _LETTERS})


# How often, at least, a text's language uses a word, against the languages it may have been
# written in, to keep it in translation: a name or a shared word is used at comparable rates
# ("donald" four to nine tenths as often in Portuguese, Polish, Finnish as in English, "hotel",
# "taxi"); a word of another language only leaks into its text, at a few hundredths ("world",
# "bridge", "death").
KEPT = 0.1


def kept_in(word: str, languages: Iterable[str], written_in: Iterable[str]) -> bool:
    """Whether text in one of ``languages`` would keep ``word`` as it is, rather than translate it,
    had it been written in one of ``written_in``: it uses the word, in its spelling, at least
    ``KEPT`` times as often as the language that uses it most among those. A word no list holds
    tells nothing (``is_common`` finds those rare)."""
    word = word.lower()
    source = max((frequency(word, language) for language in dict.fromkeys(written_in)), default=0.0)
    return source > 0 and any(frequency(word, language) >= KEPT * source for language in dict.fromkeys(languages))


# wordfreq's lists of languages written in Latin letters: where a name keeps its spelling.
_LATIN_LISTS = "ca cs da de en es fi fil fr hu id is it lt lv ms nb nl pl pt ro sh sk sl sv tr vi".split()


def international(word: str, language: str) -> bool:
    """Whether ``word``, in ``language``, is one that the languages written in Latin letters
    share in its spelling, as they share names: half of them or more use it at least ``KEPT`` times
    as often as ``language`` does ("donald", "fifa", "elizabeth"; not "world", "election")."""
    word = word.lower()
    own = frequency(word, language)
    if not own:
        return False
    shares = sorted(frequency(word, other) / own for other in _LATIN_LISTS if other != language)
    return shares[len(shares) // 2] >= KEPT


def is_common(word: str, languages: Iterable[str]) -> bool:
    """Whether ``word`` is a common word of any of ``languages`` (ISO 639-1 codes; those wordfreq
    has no list for count for nothing), or a misspelling of one."""
    lists = [_common(language) for language in dict.fromkeys(languages)]
    word = word.lower()
    if any(word in common for common in lists):
        return True
    return len(word) > 3 and any(near in common for near in _one_letter_off(word) for common in lists)
