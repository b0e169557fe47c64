"""Language identification (py3langid: a small model bundled in the package, nothing to download)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

# The languages the assistant can phrase answers in; a question in another one is answered in English.
ANSWER_LANGUAGES = ("en", "fr", "de", "es", "it", "pt", "nl")
UNDETERMINED = "und"


@lru_cache(maxsize=2)
def _identifier(restricted: bool) -> Any:
    import py3langid.langid as langid

    identifier = langid.LanguageIdentifier.from_modelpath(langid.MODEL_DIR / langid.MODEL_FILE, norm_probs=True)
    if restricted:
        identifier.set_languages(list(ANSWER_LANGUAGES))
    return identifier


def detect_language(text: str) -> str:
    """ISO 639-1 code of an article's language (any language py3langid knows)."""
    sample = text[:4000].strip()
    if not sample:
        return UNDETERMINED
    return _identifier(False).classify(sample)[0]


def question_language(text: str, fallback: str = "en") -> str:
    """The answer language for a question: one of ``ANSWER_LANGUAGES``, ``fallback`` when unsure.

    Questions are short, so the choice is restricted to the languages answers can be written in
    and a low-confidence guess ("Kim Putin ?") is not trusted.
    """
    if not any(c.isalpha() for c in text):  # "?", "2022", zero-width spaces: nothing to tell by
        return fallback
    language, confidence = _identifier(True).classify(text)
    return language if confidence >= 0.6 else fallback


def query_language(text: str) -> str:
    """The language of a question or topic, to compare with an article's: one answers are written
    in, or else whatever it looks like (a question in Russian is Russian, not "en")."""
    language = question_language(text, fallback=UNDETERMINED)
    return language if language != UNDETERMINED else detect_language(text)
