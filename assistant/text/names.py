"""Names and numbers matched across languages and scripts.

A text's *anchors* are its names and numbers ("Kim", "Putin", "2019"). They are looked for in other
text across languages and scripts: both sides are transliterated to ASCII (anyascii) and a name
matches a word that starts like it ("Putin" ~ "Путиным" ~ "Putins") or is spelt almost like it
("Putin" ~ "Poutine", "Shoigu" ~ "Choïgu") or, written in another script, sounds like it
(``sound_keys``: "Clauser" ~ "كلوزر" ~ "Клаузер"); a country matches its name in other languages
(``countries``: "Greece" ~ "Griechenland" ~ "Греции"); a number matches only itself, whatever its
separators.
Month names are not anchors: they are dates, and no two languages spell them alike.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterable
from difflib import SequenceMatcher
from functools import lru_cache

from anyascii import anyascii

from assistant.text.countries import countries, countries_in, countries_named
from assistant.text.language import ANSWER_LANGUAGES, query_language, question_language
from assistant.text.lexicon import international, is_common, kept_in
from assistant.text.sentences import month_names
from assistant.text.sound_keys import sounds_in, text_keys

# Words that open questions and commands in the answer languages: capitalised, but not names.
_NOT_NAMES = frozenset(
    """what which who whom whose when where why how is are was were do does did can could will would
    should has have had in on at of for the a an and or according name list tell give
    nommez citez donnez nennen nenne nombre nombra mencione menciona
    qui que quoi quel quelle quels quelles quand où comment pourquoi combien est le la les un une des
    selon dans en et
    wer was wann wo wie warum welche welcher welches welchen wieviel wieviele ist sind war hat haben
    der die das ein eine im am laut und
    quién quiénes qué cuál cuáles cuándo dónde cómo por cuánto cuántos cuántas es son fue el los las
    chi che cosa quale quando dove come perché quanti quante
    quem que qual quais quando onde como porque quantos quantas
    wie wat welke wanneer waar hoe waarom hoeveel""".split()
)
_NUMBER = re.compile(r"\d+(?:[.,\s\u00a0]\d{3})*(?:[.,]\d+)?")
_ACRONYM = re.compile(r"\b[A-Z0-9]{2,}\b")
# Words, with elided articles split off ("l'Australie" -> "l", "Australie").
_WORD = re.compile(r"[^\W\d_][\w-]*")
_ORDINAL = re.compile(r"\b(\d+)(st|nd|rd|th|er|re|e|ème|eme|º|ª)\b", re.IGNORECASE)


def _number_key(number: str) -> str:
    """One spelling of a number: "600,000", "600.000" and "600 000" are "600000"; "1,5" is "1.5"."""
    if re.search(r"[.,]\d{1,2}$", number):
        return re.sub(r"[\s\u00a0]", "", number).replace(",", ".")
    return re.sub(r"\D", "", number)


def _fold_word(word: str) -> str:
    return re.sub(r"[^a-z0-9]", "", anyascii(word).lower())


def _figures(text: str) -> list[str]:
    """The numbers and acronyms of ``text``, folded."""
    return [_number_key(n) for n in _NUMBER.findall(text)] + [
        _fold_word(a) for a in _ACRONYM.findall(text) if not a.isdigit()
    ]


def _name_words(question: str) -> list[tuple[int, str]]:
    """The words of ``question`` that are names, with their positions: capitalised words after the
    first (German capitalises every noun, so in a German question only names of two or more words
    count). Acronyms and numbers are ``_figures``."""
    words = _WORD.findall(question)
    german = question_language(question) == "de"
    found = []
    for i, word in enumerate(words):
        # Whole month names only: abbreviations are also names ("Ian" is Romanian for January).
        if i == 0 or not word[0].isupper() or word.lower() in _NOT_NAMES or word.lower() in month_names(False):
            continue
        in_a_longer_name = (i + 1 < len(words) and words[i + 1][0].isupper()) or (i > 1 and words[i - 1][0].isupper())
        if german and not in_a_longer_name:
            continue
        found.append((i, word))
    return found


# Lower-case words that join the words of one name ("Collapse of Silicon Valley Bank", "Luiz Inácio
# Lula da Silva", "Ursula von der Leyen", "Mohammed bin Salman").
_JOINERS = frozenset("of the and for de da do dos das del della di du des la le van von der den bin al el y e".split())
MAX_NAME_WORDS = 8
# What opens a question, not a name: ``_NOT_NAMES``, less the articles that open names as often as
# sentences ("The Hague", "Los Angeles", "La Liga", "Die Linke").
_OPENS_A_QUESTION = _NOT_NAMES - frozenset("the a an le la les un une el los las der die das ein eine".split())


def _typed_words(text: str) -> list[str]:
    return _WORD.findall(text) + re.findall(r"\d+", text)


def is_a_phrase(text: str) -> bool:
    """Whether ``text`` is a few words, as typed into a search box, rather than a question: no more
    words than a name may have, no question mark, no interrogative first ("xi jinping", "turkey
    earthquake"; not "who won the cup"). Only in a script with capitals: a question in Chinese or
    Thai may end without a mark and open without an interrogative, so none is told from a phrase."""
    words = _typed_words(text)
    if not words or len(words) > MAX_NAME_WORDS or text.rstrip().endswith(("?", "？", "؟")):
        return False
    first = _WORD.match(text.strip())
    if first and first.group(0).lower() in _OPENS_A_QUESTION:
        return False
    return all(c.isupper() or c.islower() for c in text if c.isalpha())


def is_a_name(text: str) -> bool:
    """Whether ``text`` is a name and nothing else: a phrase (``is_a_phrase``) whose words are each
    capitalised, a number or a word joining a name's words ("Elon Musk", "Silicon Valley Bank",
    "2022 FIFA World Cup", "The Hague"; not "Who Won The Cup?", nor "What Happened", whose first word
    is an interrogative).
    Scripts without capitals write no name this can tell."""
    words = _typed_words(text)
    return is_a_phrase(text) and any(w[0].isupper() for w in words) and all(
        w[0].isupper() or w[0].isdigit() or w in _JOINERS for w in words)


@lru_cache(maxsize=256)
def anchors(question: str) -> tuple[str, ...]:
    """The names and numbers of ``question``, folded to ASCII, each once."""
    found = _figures(question) + [_fold_word(word) for _, word in _name_words(question)]
    return tuple(dict.fromkeys(a for a in found if a))


@lru_cache(maxsize=256)
def names(question: str) -> tuple[tuple[str, ...], ...]:
    """The question's anchors with the words of one name together: "When is the Eastern Economic
    Forum?" names one thing, ("eastern", "economic", "forum"), not three."""
    groups: list[list[str]] = []
    last = -2
    for i, word in _name_words(question):
        if i != last + 1:
            groups.append([])
        groups[-1].append(_fold_word(word))
        last = i
    grouped = {w for g in groups for w in g}
    groups += [[f] for f in _figures(question) if f not in grouped]
    return tuple(dict.fromkeys(tuple(w for w in g if w) for g in groups if any(g)))


def names_missing(question_names: tuple[tuple[str, ...], ...], text: str) -> int:
    """How many of the question's names ``text`` lacks. A name of several words is there when half
    of them are: a translation keeps the name's distinctive words and changes or reorders the rest
    ("Eastern Economic Forum" / "Forum économique oriental")."""
    return sum(2 * sum(_found(w, text) for w in name) < len(name) for name in question_names)


@lru_cache(maxsize=65536)
def _alike(a: str, b: str) -> bool:
    """Two folded names of four letters or more: one an inflection of the other, or a spelling one
    or two letters away (transliterations: Putin / Poutine, Shoigu / Choigu)."""
    stem = max(4, min(len(a), len(b)) - 2)
    if a[:stem] == b[:stem]:
        return True
    return abs(len(a) - len(b)) <= 3 and SequenceMatcher(None, a, b).ratio() >= 0.8


def _matches(word: str, candidates: Collection[str]) -> bool:
    """Whether a folded word is one of ``candidates`` up to an inflection or a transliteration, or
    names the same country."""
    country = countries(word)
    for candidate in candidates:
        if word == candidate:
            return True
        if candidate.isdigit() or word.isdigit() or min(len(word), len(candidate)) < 4:
            continue
        other = countries(candidate)
        if country and other:
            # Two countries' names: the same country or not, however alike ("Austria" / "Australie").
            if country & other:
                return True
        elif country or other:
            # A country's name and a word that is none: an adjective the names lack ("Ukraine" /
            # "Ukrainian", "украинский"), never a word that only starts alike ("Chile" / "children").
            stem = max(5, min(len(word), len(candidate)) - 2)
            if word[:stem] == candidate[:stem]:
                return True
        elif _alike(candidate, word):
            return True
    return False


def anchor_share(question_anchors: tuple[str, ...], text: str) -> float:
    """The share of the question's anchors that ``text`` contains (1.0 when it has none)."""
    if not question_anchors:
        return 1.0
    return sum(_found(anchor, text) for anchor in question_anchors) / len(question_anchors)


@lru_cache(maxsize=1024)
def _words_and_numbers(text: str) -> tuple[frozenset[str], frozenset[str]]:
    # Cached: a question's passages and sentences are read for their names, anchors and words, and
    # transliterating is the slow part.
    folded = anyascii(text).lower()
    return frozenset(re.findall(r"[a-z]+|\d+", folded)), frozenset(_number_key(n) for n in _NUMBER.findall(folded))


def folded_words(text: str) -> frozenset[str]:
    """The words (runs of letters) and numbers (runs of digits) of ``text``, transliterated to
    ASCII and lowercased; cached, as a sentence is read for several signals."""
    return _words_and_numbers(text)[0]


def script(text: str) -> str | None:
    """The script most of ``text``'s letters are written in ("LATIN", "CYRILLIC", "CJK", ...)."""
    counts = Counter(unicodedata.name(c, "?").split(" ")[0] for c in text if c.isalpha())
    return counts.most_common(1)[0][0] if counts else None


def name_absent(name: str, texts: list[str], languages: Iterable[str] = (), opens: bool = True,
                written_in: str | None = None) -> bool:
    """Whether ``name``, a topic typed as into a search box (``is_a_phrase``: "Svante Pääbo", "xi
    jinping", "Effondrement du pont de Morvi"), is one that none of ``texts`` tells of: no text holds
    a name of it, all of them written in its script. A story about someone names them, and in the
    same script a name keeps at least one of its words, up to an inflection or a spelling ("Pääbo" /
    "Paabo"), and a country under any of its names ("New Zealand" / "Neuseeland"); the sentence
    closest to a name the articles lack is about someone else ("Svante Pääbo": "Ulf Kristersson is
    elected Prime Minister of Sweden").

    A name of two words or more in title case is every word of it: most people's names are made of
    common words ("Liz Truss"), so one of common words that a translation renames is told absent too
    ("World Health Organization" / "Weltgesundheitsorganisation"); but for a first word that the
    texts write as a common word, in its spelling (``_a_word_of_kind``: "Ciclone Gabrielle causa…"):
    the name is one of that kind, told by its other words ("Ciclone Freddy"). A name whose first word
    only ever opens the texts' sentences and whose other words they translate would be told absent
    ("Nobel Prize" over "Nobel da Paz vai para…" alone): news writes such names inside sentences
    too ("o Prêmio Nobel"), which keeps them. Any other phrase is told absent
    only when it holds a rare word, one that no language at play counts as common (``lexicon``: the
    languages answers are written in, the phrase's own, and ``languages``, the texts'), or, typed
    all in lower case, where no capital tells its names, a word the texts' language keeps in
    translation (``lexicon.kept_in``: "donald", "fifa"; not "world"), and no text holds a word of it;
    "Earthquake" and "refugees drowned" never are. (A capitalised place of a phrase is left to the
    rare words: places are renamed more often than people, "West Java" / "Jawa Barat".) Written in
    the texts' own language, where nothing was translated, a phrase is told by its names: the words
    capitalised after its first (from its first, when it does not open what was typed: "Что случилось с
    Крымским мостом?"; ``opens``) and its rare words, or, typed all in lower case, the words that
    the languages written in Latin letters share as they share names (``lexicon.international``:
    "donald", "fifa", "dallas"; not "world", "election"); it is absent when no text holds one of them,
    whatever common words they share, as news of one kind shares those ("Effondrement du pont de
    Morvi" and "une explosion détruit le pont de Crimée"). Cyrillic and Greek are read as the Latin
    letters they transliterate to ("Путин" is "Putin"; the words a translation keeps, in their
    spelling, only in the name's own script); across other scripts a name is missed too often to
    tell (English names alone over Chinese, Arabic, Persian, Korean and Thai news: of the 45 answered
    with their own story, 21 had half their words or more unmatched). ``written_in``: the language
    of the question around the name, if any."""
    if not texts or not is_a_phrase(name):
        return False
    written, scripts = script(name), {script(text) for text in texts}
    if any(_alphabet(other) != _alphabet(written) for other in scripts):
        return False
    # An ordinal is its number ("95th", "95.", "95e"), not a word "th".
    ordinals, plain = [number for number, _ in _ORDINAL.findall(name)], _ORDINAL.sub(r"\1", name)
    typed = _WORD.findall(plain)
    words = [_fold_word(w) for w in typed if w.lower() not in _JOINERS]
    if is_a_name(name) and len(words) >= 2:
        if _a_word_of_kind(typed[0], texts):
            words = [_fold_word(w) for w in typed[1:] if w.lower() not in _JOINERS]
    else:
        language, languages = query_language(name), set(languages)
        letters = re.findall(r"[^\W\d_]+", plain)
        lower = [w for w in letters if w[0].islower()]
        # The words of a language among them tell which it is: a name typed in lower case is a word
        # of none ("2023 brovary helicopter crash").
        said = [w for w in lower if is_common(w, (*ANSWER_LANGUAGES, language, *languages))]
        # A name alone looks like any language ("2023 Estonian parliamentary election" like Nigerian
        # Pidgin): when its common words are not that language's, it is in the question's around it.
        # A question may quote a name in another language than its own, "World population" in French.
        if written_in and not all(is_common(w, (language,)) for w in said):
            language = written_in
        rare = [_fold_word(w) for w in letters if not is_common(w, (*ANSWER_LANGUAGES, language, *languages))]
        # Written in the texts' language, by its words as well as by its look: the lists of
        # common words hold English words too, and a few words alone are often taken for a
        # language close to theirs.
        if language in languages and said and all(is_common(w, languages) for w in said):
            words = [_fold_word(w) for i, w in enumerate(typed) if (i or not opens) and w[0].isupper()] + rare
            if not words and name.islower():
                words = [_fold_word(w) for w in lower if w not in _JOINERS and international(w, language)]
        elif not rare and not (name.islower() and scripts == {written} and any(
                kept_in(w, languages, (*ANSWER_LANGUAGES, language)) for w in letters if w.lower() not in _JOINERS)):
            return False
        if not words:
            return False
    country = countries_named(name)  # "New Zealand" is there as "Neuseeland", "North Korea" as "Corée du Nord"
    words += [place for place in map(_place_of, words) if place] + ordinals
    return not any(
        country & countries_named(text, loosely=True) or any(_found(word, text) for word in words)
        for text in texts)


def _place_of(word: str) -> str | None:
    """The place an adjective of place is made from ("crimean": "crimea", "andorran": "andorra"):
    another language may write the place where English writes the adjective ("Jembatan Krimea")."""
    return word[:-1] if len(word) > 5 and word.endswith("an") else None


# Scripts whose names transliterate back to the Latin letters news in other languages spells them in.
_TRANSLITERATED = {"CYRILLIC": "LATIN", "GREEK": "LATIN"}


def _alphabet(written: str | None) -> str | None:
    """The script a name in ``written`` is matched in."""
    return _TRANSLITERATED.get(written, written)


# What may stand before a word that opens a sentence, a line or a blurb's date ("2 avril : des…").
_OPENING = re.compile(r"(?:^|[.!?:;\n»“”\"(\[—–-])\W*$")


def _a_word_of_kind(word: str, texts: list[str]) -> bool:
    """Whether ``word``, the first of a name in title case, is what the texts write as a common word
    of their language, in the same spelling: never capitalised but where a sentence opens ("Ciclone
    Gabrielle causa…", "un massacre de civils"). Then the name is of that kind ("Ciclone Freddy",
    "Massacre de Juliaca", "Hurricane Ian"), and its other words tell which one. A word capitalised
    inside a sentence is a name there ("le prix Nobel", "the United States"), and German capitalises
    every noun: neither is read so."""
    pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)
    seen = False
    for text in texts:
        for m in pattern.finditer(text):
            if m.group(0)[0].isupper() and not _OPENING.search(text[: m.start()]):
                return False
            seen = True
    return seen


def _found(anchor: str, text: str) -> bool:
    words, numbers = _words_and_numbers(text)
    if anchor[0].isdigit():
        return anchor in numbers or anchor in words
    return _matches(anchor, words) or sounds_in(anchor, text_keys(text)) or bool(countries(anchor) & countries_in(text))


def numbers(text: str) -> frozenset[str]:
    """The numbers ``text`` states, each in one spelling ("1,300" and "1 300" are "1300")."""
    return frozenset(a for a in _figures(text) if a[:1].isdigit())


def numbers_found(claim: str, text: str) -> bool:
    """Whether every number ``claim`` states appears in ``text`` (written with any separators)."""
    # Only the figures: no need to find the claim's language and names, as ``anchors`` does.
    return anchor_share(tuple(sorted(numbers(claim))), text) == 1.0
