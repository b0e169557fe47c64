"""What kind of answer a question asks for, and whether a sentence can hold one.

Without a reading model, an extractive answerer can still refuse a sentence that cannot answer:
"What is the population of Vladivostok?" is not answered by a sentence with no number in it, and
"When...?" not by one with no date. The cues cover the answer languages (en, fr, de, es, it, pt, nl)
and are applied whatever the question's language. A question with no cue accepts any sentence.
"""

from __future__ import annotations

import re
from enum import Enum


class AnswerType(str, Enum):
    COUNT = "count"  # how many: digits or number words ("two leaders")
    AMOUNT = "amount"  # population, price, age...: digits
    DATE = "date"
    NAME = "name"


_I = re.IGNORECASE
_CUES: dict[AnswerType, re.Pattern[str]] = {
    AnswerType.COUNT: re.compile(
        r"\bhow many\b|\bcombien de\b|\bwie viele\b|\bcu[aá]nt[oa]s\b|\bquant[ie]\b|\bquant[oa]s\b|\bhoeveel\b",
        _I,
    ),
    AnswerType.AMOUNT: re.compile(
        r"\bhow (much|old|long|far)\b|\bpopulation\b|\bnumber of\b|\bcost(s|ed)?\b|\bprice\b"
        r"|\bcombien(?! de)\b|\bnombre de\b|\bco[uû]te\b|\bprix\b|\bwie (viel|alt|lange|weit)\b|\banzahl\b"
        r"|\bbev[öo]lkerung\b|\bkostet\b|\bpreis\b|\bcu[aá]nt[oa]\b|\bpoblaci[oó]n\b|\bn[uú]mero de\b"
        r"|\bprecio\b|\bcuesta\b|\bbevolking\b",
        _I,
    ),
    AnswerType.DATE: re.compile(
        r"\bwhen\b|\bwhat (year|date|day|month)\b|\bwhich (year|date|day|month)\b|\bquand\b"
        r"|\bquelle (ann[ée]e|date)\b|\bwann\b|\bwelche[nms]? (jahr|datum|tag|monat)\b|\bcu[aá]ndo\b"
        r"|\bqu[eé] (a[nñ]o|fecha|d[ií]a)\b|\bquando\b|\bwanneer\b",
        _I,
    ),
    AnswerType.NAME: re.compile(r"^\W*(who|whom|whose|qui|wer|wem|wen|wessen|qui[eé]n(es)?|chi|quem|wie)\b", _I),
}

_MONTHS = (
    "january february march april june july august september october november december "
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre "
    "januar februar märz juni juli oktober dezember "
    "enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre "
    "gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre "
    "janeiro fevereiro março maio junho julho setembro outubro novembro dezembro "
    "januari februari maart mei augustus"
).split()
_RELATIVE_DAYS = (
    "yesterday today tomorrow monday tuesday wednesday thursday friday saturday sunday last next ago "
    "hier aujourd’hui demain lundi mardi mercredi jeudi vendredi samedi dimanche dernier dernière prochain "
    "gestern heute morgen montag dienstag mittwoch donnerstag freitag samstag sonntag letzte "
    "ayer hoy mañana lunes martes miércoles jueves viernes sábado domingo pasado "
    "ieri oggi domani lunedì martedì mercoledì giovedì venerdì sabato domenica scorso "
    "ontem hoje amanhã segunda terça quarta quinta sexta passado "
    "gisteren vandaag morgen maandag dinsdag woensdag donderdag vrijdag zaterdag zondag vorig"
).split()
_MONTH = "(?:" + "|".join(map(re.escape, _MONTHS)) + ")"
_DAY = r"\d{1,2}(?:er|st|nd|rd|th|\.)?"
_RANGE = r"(?:\s*(?:au|à|–|-|to|and|et|bis|und|al|y|a|e|tot|en)\s*" + _DAY + ")?"
# "du 10 au 13 septembre", "September 10-13", "10. März": the numbers of a date are not quantities.
_DAY_MONTH = re.compile(rf"{_DAY}{_RANGE}\s+(?:de\s+)?{_MONTH}\b|\b{_MONTH}\s+{_DAY}{_RANGE}", _I)
_DATE_WORDS = re.compile(r"\b(" + "|".join(map(re.escape, _MONTHS + _RELATIVE_DAYS)) + r")\b", _I)
_YEAR = re.compile(r"(?<![\w-])(1[5-9]\d\d|20\d\d)(?![\w])")
_ISO_DATE = re.compile(r"\b\d{4}-\d{2}(-\d{2})?\b|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b")
# A quantity: digits standing alone (not part of "F-16" or "70e"), and not a year.
_QUANTITY = re.compile(r"(?<![\w-])\d+(?:[.,\s]\d{3})*(?:[.,]\d+)?(?![\w-])")
_NUMBER_WORDS = re.compile(
    r"\b(two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds?|thousands?|millions?|billions?"
    r"|deux|trois|quatre|cinq|sept|huit|neuf|dix|douzaines?|centaines?|milliers?|millions?|milliards?"
    r"|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|hundert|tausend|millionen|milliarden"
    r"|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|cientos?|miles|millones"
    r"|due|tre|quattro|cinque|sei|sette|otto|nove|dieci|migliaia|milioni)\b",
    _I,
)
# A capitalised word that does not open the sentence, or an acronym: a name of someone or something.
_NAME = re.compile(r"(?<=[\s(«“„\"'’-])[A-ZÀ-ÖØ-Þ][\w’'-]+|\b[A-Z]{2,}\b")


def expected_types(question: str) -> set[AnswerType]:
    return {kind for kind, cue in _CUES.items() if cue.search(question)}


def can_answer(sentence: str, kinds: set[AnswerType]) -> bool:
    """Whether ``sentence`` holds something of every kind the question asks for."""
    for kind in kinds:
        if kind in (AnswerType.COUNT, AnswerType.AMOUNT):
            undated = _DAY_MONTH.sub(" ", sentence)
            numbers = [m.group(0) for m in _QUANTITY.finditer(undated) if not _YEAR.fullmatch(m.group(0))]
            words = kind is AnswerType.COUNT and _NUMBER_WORDS.search(undated)
            if not numbers and not words:
                return False
        elif kind is AnswerType.DATE:
            if not (_YEAR.search(sentence) or _ISO_DATE.search(sentence) or _DATE_WORDS.search(sentence)):
                return False
        elif kind is AnswerType.NAME:
            if not _NAME.search(sentence):
                return False
    return True
