"""Sentence boundaries as character spans, in the scripts and languages of news.

Spans index into the original text, so ``text[start:end]`` is always the sentence exactly as written:
chunks and citations are built from them and must round-trip.

A sentence ends at terminal punctuation (``.!?…`` and the full stops and question marks of other
scripts, followed by whitespace, or ``。！？`` in any case) together with the quotes, brackets and
emoticons that close it, unless what follows starts in lower case or the period belongs to an
abbreviation, an initial, or an ordinal ("am 5. Juli", "des 18. Jahrhunderts"). Paragraphs and
Markdown blocks are boundaries no sentence crosses. Measured against Universal Dependencies' gold
boundaries in ``benchmarks/sentences.py``, where this measures better than pysbd and sentencex on
every language tried (see the README), and against Wikipedia's one-sentence news blurbs in 27
languages. Thai and Lao mark no sentence end at all: a paragraph of theirs stays one sentence.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

_SPACE = " \t\u00a0\u202f\u2009"
# Characters that only ever close, so they may follow the punctuation after a space (« Oui. »).
_CLOSE_ONLY = "»”’」』）》〉】〕›"
_CLOSERS = "\"')]" + _CLOSE_ONLY
_EMOTICON = r"(?:[:;=][-']?[()DPpO3/|*\]\[]+(?![\w]))"
# Full stops and question marks of other scripts, followed by a space like ".": the Devanagari
# danda (Hindi, Nepali, Marathi; Bengali shares it), the Urdu full stop, the Arabic question mark,
# the Armenian, Ethiopic, Burmese and Khmer full stops, and the Greek question mark.
OTHER_SCRIPTS_END = "।॥۔؟։።፧။។៕\u037e"
_MARKS = f".!?…‼⁇⁈⁉{OTHER_SCRIPTS_END}"


def _end(marks: str) -> re.Pattern[str]:
    return re.compile(
        rf"""
    (?:
        [{marks}]+
        (?: [{re.escape(_CLOSERS)}] | [{_SPACE}]+[{re.escape(_CLOSE_ONLY)}] | [{_SPACE}]+"(?=\s|$) )*
        (?: [{_SPACE}]+ {_EMOTICON} )*
        (?=\s|$)
    |
        [。！？｡]+ [{re.escape(_CLOSERS)}]*
    )
    """,
        re.X,
    )


_END = _end(_MARKS)
# Greek asks with ";" (its question mark, U+037E, becomes ";" once normalised): there, and only
# there, a semicolon before a capital ends a sentence.
_END_GREEK = _end(_MARKS + ";")
_CJK_END = re.compile(r"^[。！？｡]")
_PARAGRAPH = re.compile(r"\n[ \t\r\f\v]*\n\s*")
# Lines that start a new block in Markdown or plain-text lists.
_BLOCK_START = re.compile(r"\n(?=[ \t]*(?:#{1,6}\s|[-*+•]\s|\d{1,3}[.)]\s|>))")
# A Markdown heading is a block of its own, even without a blank line after it.
_HEADING_LINE = re.compile(r"^[ \t]*#{1,6}[ \t][^\n]*\n", re.M)
# What may open the next sentence before its first letter: quotes, brackets, dashes, ¿ ¡.
_OPENING = re.compile(rf"[\s\"'«“„‘‚(\[¿¡—–\-{_SPACE}]*")

# Words after which a period rarely ends a sentence. Kept to abbreviations that are normally
# followed by a capitalised word or a number (titles, "Nr. 5", "30 Mio. GBP"); those followed by
# lower case need no entry, as a lower-case start never begins a sentence. Abbreviations that often
# end a sentence ("etc.", "usw.", "и др.") are left out on purpose: a capital after them starts one.
_ABBREVIATIONS = frozenset(
    """
    mr mrs ms messrs dr prof rev hon gen gov sen rep col lt sgt capt cpt cmdr adm maj st ste mt ft jr sr
    inc corp ltd co bros no nos vol vols art fig figs ch chap pp pop approx ca cf vs est dept univ ave blvd rd
    m mm mme mmes mlle mgr pr me
    hr hrn fr frau dipl ing nr str tel mio mrd tsd abs bzw ggf inkl evtl vgl sog jh jhd hrsg
    sra srta sres dña dn ud uds av avda pág págs núm
    sig sigg dott
    г гг им ул пр д тыс млн млрд руб см стр тел ок рис
    """.split()
)
# Russian year and century ("в 1950 г.", "в 1970-х гг.", "XV в.") and era ("до н. э.") marks end
# sentences as often as any word when a capital follows.
_RUSSIAN_DATE_MARKS = re.compile(r"(?:\d[\w-]*|[IVXLC]+)[\s\u00a0]+(?:г|гг|в|вв)$|\bн\.[\s\u00a0]*э$")
# Words that open a German sentence after a number ("... als 7000. Die ..."): after any other
# capitalised word, "5." or "18." is an ordinal ("am 5. Juli", "des 18. Jahrhunderts").
_GERMAN_OPENERS = frozenset(
    """
    der die das dem den des ein eine einen einem einer er sie es ich wir ihr man in im am an auf aus bei
    mit nach seit von vor zu zum zur für über unter um auch aber doch und oder so dann da dabei damit
    als wenn wie was wer wo nun noch nur schon jetzt heute dies diese dieser dieses sein seine ihre
    unsere mehr nicht kein keine alle viele bis trotz während wegen laut nachdem obwohl weil denn
    jedoch allerdings zudem außerdem insgesamt bereits zuletzt damals hier dort dass daher deshalb
    """.split()
)
MONTH_LANGUAGES = tuple("en fr de es it pt nl ru uk pl cs sk sl hr sr ro hu sv da nb fi et lv lt el tr".split())


@cache
def month_numbers(languages: tuple[str, ...] = MONTH_LANGUAGES, abbreviated: bool = True) -> dict[str, int]:
    """Month names (and their abbreviations) of ``languages``, lower case without a final dot,
    from the CLDR (via Babel) -> the month's number; the first language to name one wins."""
    from babel.dates import get_month_names

    numbers: dict[str, int] = {}
    for lang in languages:
        for width in ("wide", "abbreviated") if abbreviated else ("wide",):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, lang).items():
                    numbers.setdefault(name.lower().rstrip("."), number)
    return numbers


@cache
def month_names(abbreviated: bool = True) -> frozenset[str]:
    """Month names (and their abbreviations) of the languages of news."""
    return frozenset(n for n in month_numbers(abbreviated=abbreviated) if n.isalpha())


def _next_word(text: str, pos: int, limit: int) -> str:
    opening = _OPENING.match(text, pos, limit)
    start = opening.end() if opening else pos
    word = re.match(r"\w+", text[start : min(limit, start + 40)])
    if word:
        return word.group(0)
    return text[start : start + 1]


def _last_word(text: str) -> str:
    """The word ``text`` ends with (letters, digits, inner hyphens), its combining marks included:
    "عامًا" and "විය" are one word each, not a one-letter initial after a mark."""
    start = len(text)
    while start and (text[start - 1].isalnum() or text[start - 1] == "-"
                     or unicodedata.category(text[start - 1]).startswith("M")):
        start -= 1
    word = text[start:].lstrip("-")
    while word and not word[0].isalnum():
        word = word[1:]
    return word


def _lower_case(letter: str) -> bool:
    # Georgian's letters are lower case to Unicode, but its capitals are never used in running
    # text: every Georgian sentence starts with a "lower-case" letter.
    return letter.islower() and not "\u10d0" <= letter <= "\u10ff"


def _is_boundary(text: str, match: re.Match[str], limit: int, lang: str | None) -> bool:
    """Whether the terminal punctuation of ``match`` closes a sentence."""
    if _CJK_END.match(match.group(0)):
        return True
    following = _next_word(text, match.end(), limit)
    if not following:
        return True
    first = following[0]
    if _lower_case(first):
        return False
    if not (first.isalnum()):
        # ", ; : ) …" go on with the same sentence ("Yahoo!, Google").
        return first not in ",;:)]}%"
    punctuation = match.group(0)
    if not punctuation.startswith(".") or punctuation.startswith(".."):
        return True
    before = text[max(0, match.start() - 30) : match.start()]
    word = _last_word(before)
    if not word:
        return True
    if _RUSSIAN_DATE_MARKS.search(before):
        return True
    lowered = word.lower()
    if len(word) == 1 and word.isalpha():
        # Initials ("J. K. Rowling", "А. С. Пушкин") and one-letter abbreviations ("v.", "т. е.").
        return False
    if lowered in _ABBREVIATIONS:
        return False
    if word.isdigit():
        if following.lower() in month_names():
            return False  # "5. Juli", "1. Januar"
        if lang == "de" and len(word) <= 3 and following.isalpha() and following.lower() not in _GERMAN_OPENERS:
            return False  # "des 18. Jahrhunderts", "die 27. Große Strafkammer"
    return True


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _blocks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Paragraphs and Markdown blocks: boundaries no sentence crosses."""
    cuts = [start]
    for pattern in (_PARAGRAPH, _BLOCK_START):
        cuts.extend(m.start() for m in pattern.finditer(text, start, end))
    cuts.extend(m.end() for m in _HEADING_LINE.finditer(text, start, end))
    cuts.append(end)
    cuts = sorted(set(cuts))
    blocks = []
    for a, b in zip(cuts, cuts[1:]):
        span = _trimmed(text, a, b)
        if span:
            blocks.append(span)
    return blocks


def split_sentences(
    text: str, start: int = 0, end: int | None = None, lang: str | None = None
) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of the sentences of ``text[start:end]``, without surrounding whitespace.

    ``lang`` (ISO 639-1) turns on what only one language needs (German ordinals); without it the
    rules shared by all languages apply.
    """
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    for block_start, block_end in _blocks(text, start, end):
        sentence_start = block_start
        for match in (_END_GREEK if lang == "el" else _END).finditer(text, block_start, block_end):
            if match.end() >= block_end or not _is_boundary(text, match, block_end, lang):
                continue
            span = _trimmed(text, sentence_start, match.end())
            if span:
                spans.append(span)
            sentence_start = match.end()
        span = _trimmed(text, sentence_start, block_end)
        if span:
            spans.append(span)
    return spans
