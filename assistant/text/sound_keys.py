"""How a name sounds, written so that its spellings in other scripts meet.

Transliterated to ASCII, a name written in another script rarely looks like its English spelling:
Arabic and Persian write no short vowels ("Clauser" is كلوزر, "klwzr"), Chinese spells it in
syllables (安妮·艾諾, "AnNi-AiNuo", is Annie Ernaux) and Korean adds vowels between consonants
(블라디미르, "BeulLaDiMiLeu", is Vladimir). What survives every script is the run of consonants,
and only roughly: p and b, f and v, l and r, k and g merge in one script or another. So a name's
*key* is its consonants in classes of sounds that scripts confuse, each run written once ("Clauser"
and كلوزر are both KRSR), marked when the name starts with a vowel. Cyrillic, Greek, Georgian and
Armenian write every vowel, so there a key keeps where the vowels fall, and two names need more
than their consonants to meet. Thai, Lao, Burmese and Khmer run words together: a name of four
consonants or more is looked for inside their runs.

On the ITN news blurbs (English event names, each looked for in its story's blurbs and in ten other
stories' in the same language), a name is found in its own story for 0.52 of Arabic questions
(0.03 by spelling alone), 0.43 of Persian (0.07), 0.32 of Chinese (0.08), 0.50 of Korean (0.19),
0.27 of Thai (0.05), 0.54 of Tamil (0.29) and 0.71 of Ukrainian (0.60), at the price of a name
found in 1 to 5 in a hundred other stories' blurbs (0 to 2.4 by spelling), some of which do name it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii

# Letters that write one sound, longest first ("tch" before "ch").
_DIGRAPHS = (
    ("tch", "S"), ("dzh", "S"), ("sch", "S"), ("sh", "S"), ("ch", "S"), ("zh", "S"), ("ts", "S"), ("tz", "S"),
    ("dj", "S"), ("th", "T"), ("ph", "P"), ("kh", "K"), ("gh", "K"), ("ck", "K"), ("qu", "K"), ("ng", "N"),
)
_CLASSES = {
    **dict.fromkeys("bpfv", "P"), **dict.fromkeys("td", "T"), **dict.fromkeys("kgq", "K"),
    **dict.fromkeys("szj", "S"), **dict.fromkeys("lr", "R"), "m": "M", "n": "N", "x": "KS",
}
# Pinyin's j, q, x, c and z are all hissing sounds (Qiao is "Joe", Xi is "Shi").
_PINYIN_DIGRAPHS = (("zh", "S"), ("ch", "S"), ("sh", "S"), ("ng", "N"))
_PINYIN = {**_CLASSES, **dict.fromkeys("jqxcz", "S")}
_VOWELS = frozenset("aeiouy")
_LEADING_VOWEL = tuple("aeiouy'`")

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_SYLLABLE = re.compile(r"[A-Z][a-z]*")
_VOWELLED_SCRIPTS = re.compile(r"[\u0370-\u03ff\u0400-\u052f\u0530-\u058f\u10a0-\u10ff]")
# Thai, Lao, Burmese and Khmer run their words together, and write some vowels before the
# consonant they follow.
_RUN_ON = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")
_LATIN_END = 0x250
MAX_SYLLABLES = 5  # of a name written in Chinese characters, looked for at every position
MIN_CONSONANTS = 3  # fewer meet by chance
MIN_VOWELLED = 4
MIN_FUZZY = 5  # a key this long still meets with one class added, dropped or changed
MIN_INSIDE = 4  # a key this long is also looked for inside a run of words written together


@dataclass(frozen=True)
class Heard:
    """The keys of a text's words written in scripts other than Latin."""

    consonants: frozenset[str]  # of words whose script writes no vowels or adds its own
    vowelled: frozenset[str]  # of words in scripts that write every vowel
    runs: tuple[str, ...]  # of runs of words written together (Thai, Lao, Burmese, Khmer)


def key(word: str, *, vowels: bool = False, pinyin: bool = False) -> str:
    """The key of an ASCII word: its consonant classes, each run once; with ``vowels``, "V" where its
    vowels fall; otherwise a leading "V" when it starts with a vowel."""
    w = word.lower()
    digraphs, classes = (_PINYIN_DIGRAPHS, _PINYIN) if pinyin else (_DIGRAPHS, _CLASSES)
    out = []
    i = 0
    while i < len(w):
        spelled = next(((d, c) for d, c in digraphs if w.startswith(d, i)), None)
        if spelled is not None:
            out.append(spelled[1])
            i += len(spelled[0])
            continue
        ch = w[i]
        if ch == "c" and not pinyin:  # "Cecil": s before e, i and y, k elsewhere
            out.append("S" if w[i + 1 : i + 2] in ("e", "i", "y") else "K")
        elif vowels and ch in _VOWELS:
            out.append("V")
        else:
            out.append(classes.get(ch, ""))
        i += 1
    sounds = re.sub(r"(.)\1+", r"\1", "".join(out))
    return sounds if vowels or not w.startswith(_LEADING_VOWEL) else "V" + sounds


def _consonants(k: str) -> int:
    return len(k.replace("V", ""))


def _words(text: str) -> list[str]:
    """Runs of letters and their marks (a Thai or Devanagari vowel sign is a mark, not a letter)."""
    words, word = [], []
    for ch in text:
        if unicodedata.category(ch)[0] in "LM":
            word.append(ch)
        elif word:
            words.append("".join(word))
            word = []
    return words + ["".join(word)] if word else words


@lru_cache(maxsize=1024)
def text_keys(text: str) -> Heard:
    """The keys of the words ``text`` writes in scripts other than Latin (a Chinese run of
    characters: every run of up to ``MAX_SYLLABLES`` of its syllables)."""
    consonants: set[str] = set()
    vowelled: set[str] = set()
    runs: list[str] = []
    for run in _HAN.findall(text):
        syllables = _SYLLABLE.findall(anyascii(run))
        for n in range(1, MAX_SYLLABLES + 1):
            consonants.update(key("".join(syllables[i : i + n]), pinyin=True) for i in range(len(syllables) - n + 1))
    for word in _words(_HAN.sub(" ", text)):
        if all(ord(c) < _LATIN_END for c in word):
            continue
        ascii_word = re.sub(r"[^a-z'`]", "", anyascii(word).lower())
        if _VOWELLED_SCRIPTS.search(word):
            vowelled.add(key(ascii_word, vowels=True))
        elif _RUN_ON.search(word):
            runs.append(key(ascii_word).removeprefix("V"))
        else:
            consonants.add(key(ascii_word))
    return Heard(
        frozenset(k for k in consonants if _consonants(k) >= MIN_CONSONANTS),
        frozenset(k for k in vowelled if len(k) >= MIN_VOWELLED),
        tuple(dict.fromkeys(k for k in runs if _consonants(k) >= MIN_CONSONANTS)),
    )


def sounds_in(word: str, heard: Heard) -> bool:
    """Whether a folded (ASCII) name is among a text's words (``text_keys``) by how it sounds."""
    if key(word, vowels=True) in heard.vowelled:
        return True
    consonants = key(word)
    if _consonants(consonants) < MIN_CONSONANTS:
        return False
    if consonants in heard.consonants:
        return True
    bare = consonants.removeprefix("V")  # a run's leading vowel may be one written before its consonant
    if any(bare == run or (len(bare) >= MIN_INSIDE and bare in run) for run in heard.runs):
        return True
    return len(consonants) >= MIN_FUZZY and any(_one_edit(consonants, k) for k in heard.consonants)


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by at most one symbol added, dropped or changed."""
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) <= 1
    if abs(len(a) - len(b)) != 1:
        return False
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))
