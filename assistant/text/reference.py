"""Whether a sentence points back to what the sentence before it said.

"Carbon monoxide poisoning is sometimes treated using these devices." answers "What device treats
carbon monoxide poisoning?" only with the sentence before it, which names the devices; quoted alone,
it tells the reader nothing. A demonstrative ("this", "these", "diese", "esos", "cette", "этот")
is the mark of such a sentence: it stands for something said before. Personal pronouns are not
counted: most sentences of a story have one ("he said"), and as a mark they did worse than no mark
at all (below). Languages without a list here are never said to point back.

Measured on the XQuAD development questions (English, German and Spanish paragraphs, both halves;
2,446 answerable questions whose chosen sentence has one before it): the sentence before holds the
gold answer that the chosen one lacks for 165 of them (7 %); for 48 of the 393 whose chosen sentence
holds a demonstrative (12 %); for 3 of the 107 whose chosen sentence opens with a personal pronoun.
"""

from __future__ import annotations

import re
from functools import cache

# Demonstrative determiners and pronouns. Not where the same word is most often something else:
# "such as" introduces examples, French "ce qui" / "ce que" open a clause, and Dutch "die" / "dat"
# are mostly relative pronouns and conjunctions.
_DEMONSTRATIVES = {
    "en": r"this|these|those|such(?!\s+as\b)",
    "de": r"dies|diese[rsmn]?|solche[rsmn]?|jene[rsmn]?",
    "es": r"est[eao]s?|es[eao]s?|dich[oa]s?|tales|aquel(?:l[oa]s?)?",
    "fr": r"ce(?!\s+(?:qui|que|dont)\b|\s*qu['’])|cet|cette|ces|ceci|cela|ledit|ladite|lesdits|lesdites",
    "it": r"quest[oaie]|quell[oaie]|quegli|tali?|suddett[oaie]",
    "pt": r"est[ea]s?|ess[ea]s?|isto|isso|aquel[ea]s?|aquilo|tais",
    "nl": r"deze|dit|zulke",
    "ru": r"это(?:т|го|му|м)?|эт[аиуо]й?|эти[хм]?|этими|так(?:ой|ая|ое|ие|их|им|ими|ого|ому)",
    "uk": r"це(?:й)?|ц(?:я|і|ього|ьому|им|их|ими|ю|ій)|так(?:ий|а|е|і|их|им|ими|ого|ому)",
}


@cache
def _pattern(lang: str) -> re.Pattern[str] | None:
    words = _DEMONSTRATIVES.get(lang)
    return re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE) if words else None


def refers_back(sentence: str, lang: str) -> bool:
    """Whether ``sentence`` (in ``lang``, an ISO 639-1 code) holds a demonstrative: a word standing
    for something said before it."""
    pattern = _pattern(lang.split("-")[0].lower())
    return bool(pattern and pattern.search(sentence))
