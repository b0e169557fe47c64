"""The period a question asks about: "on 14 March 2025", "en avril 2025", "im März", "last week",
"hier", "since January", "in 2023" become a range of days.

Nothing here is a hand-written calendar. Month names (wide and abbreviated, in every grammatical
form the CLDR records) come from Babel; relative expressions ("last week", "la semaine dernière",
"letzte Woche", "на прошлой неделе", "3 days ago") are those of dateparser's locale data, and
dateparser reads them against ``as_of`` (today unless given), with their precision: a day, a week,
a month or a year. A month with no year is its latest occurrence up to ``as_of``.

A few small word lists remain, because no library models them: the words that turn a date into
"from then on" or "up to then" ("since", "depuis", "seit"...), those that make a bare year a
time ("in 2023", "en 2023", "im Jahr 2023"), so that "the 2018 World Cup" names an event, not a
period, and the seasons ("last autumn", "l'été 2023", "im Herbst"), which neither the CLDR nor
dateparser has. A season is meteorological and northern (autumn: September to November; the winter
of 2023 runs from December 2023 to February 2024), so an article dated "2023-09" is from autumn 2023.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import regex as re  # dateparser's own dependency: named groups that repeat across alternatives

from assistant.text.sentences import month_numbers

# The languages whose month names and relative expressions are looked for, whatever the
# question's language (a question often quotes a date in another language).
LANGUAGES = ("en", "fr", "de", "es", "it", "pt", "nl", "ru")
_SINCE = r"since|from|after|depuis|dès|seit|ab|desde|dal|dalla|da|sinds|vanaf|с|со|начиная\s+с"
_UNTIL = r"until|till|by|up\s+to|jusqu['’]?(?:au|à|en)?|bis|hasta|fino\s+a|até|tot|до"
_BEFORE = r"before|avant|vor|antes\s+de|prima\s+del?|voor"
_YEAR_AS_TIME = r"in|during|of|en|durant|im|jahr|in\s+het|em|nel|del|в|во|году"
_UNITS = ("day", "week", "month", "year")
# News is reported in the days after it happens. Of ITN's French blurbs, which open with the day of
# their event ("30 septembre : coup d'État au Burkina Faso…") and are dated by the day they were
# seen, 0.90 were seen within 5 days of it on half the events (the 90th percentile, fitted there)
# and 0.84 on the other half (0.48 within a day, 0.72 within three).
REPORTING_LAG = 5

# Season words of ``LANGUAGES`` -> 0 spring, 1 summer, 2 autumn, 3 winter (Russian in the forms
# questions use: "осенью", "прошлой осенью", "осень 2023 года").
_SEASON_WORDS = {
    **dict.fromkeys(("spring", "printemps", "frühling", "frühjahr", "primavera", "lente", "voorjaar",
                     "весна", "весной", "весну", "весны"), 0),
    **dict.fromkeys(("summer", "été", "sommer", "verano", "estate", "verão", "zomer",
                     "лето", "летом", "лета"), 1),
    **dict.fromkeys(("autumn", "fall", "automne", "herbst", "otoño", "autunno", "outono", "herfst", "najaar",
                     "осень", "осенью", "осени"), 2),
    **dict.fromkeys(("winter", "hiver", "invierno", "inverno", "зима", "зимой", "зиму", "зимы"), 3),
}
_SEASON_NAMES = {  # for labels: "autumn 2023", "automne 2023"
    "en": ("spring", "summer", "autumn", "winter"), "fr": ("printemps", "été", "automne", "hiver"),
    "de": ("Frühling", "Sommer", "Herbst", "Winter"), "es": ("primavera", "verano", "otoño", "invierno"),
    "it": ("primavera", "estate", "autunno", "inverno"), "pt": ("primavera", "verão", "outono", "inverno"),
    "nl": ("lente", "zomer", "herfst", "winter"), "ru": ("весна", "лето", "осень", "зима"),
}
_LAST_BEFORE = r"last|past|previous|letzten|vergangenen|vorige|afgelopen|прошл(?:ой|ым|ую|ым)"
_LAST_AFTER = r"dernier|dernière|passée?|pasad[oa]|scors[oa]|passad[oa]"
_THIS = r"this|cet|cette|ce|diesen|dieses|diesem|este|esta|questo|questa|quest['’]|deze|dit|эт(?:ой|им|у|ом)"
# Before a season with neither year nor "last"/"this": "in autumn", "au printemps", "im Herbst".
_IN = r"in(?:\s+the)?|during|au|en|durant|pendant|im|in\s+de|durante|na|no|nel|nell['’]|во?"


@dataclass(frozen=True)
class Period:
    """A closed range of days, named by the question's own words."""

    since: date
    until: date
    phrase: str  # as the question says it
    precision: str  # "day", "week", "month", "year", or "open" (since/until)
    # False for a month named without its year ("in July") and for "this/last year": as often the
    # time of the event as that of the articles ("a surprise visit in July", told in September).
    firm: bool = True

    def reported(self, as_of: date | None = None) -> Period:
        """The period with the days after it in which its news is still being reported, up to
        ``as_of`` (today when None): what is not yet written as of then is not read."""
        as_of = as_of or date.today()
        lag = timedelta(days=REPORTING_LAG)
        later = self.until + lag if self.until <= date.max - lag else date.max
        return replace(self, until=max(self.until, min(later, as_of)))

    def to_dict(self, language: str | None = None) -> dict[str, str]:
        """The period as JSON, with its ``label`` in ``language`` when one is given."""
        data = {"since": self.since.isoformat(), "until": self.until.isoformat(), "phrase": self.phrase,
                "precision": self.precision}
        return data | {"label": self.label(language)} if language else data

    def label(self, language: str) -> str:
        """The period written out in ``language`` ("March 2025", "14–20 avril 2025")."""
        from babel.dates import format_interval, format_skeleton

        locale = language if language in LANGUAGES else "en"
        if self.precision == "year":
            return str(self.since.year)
        if self.precision == "month":
            return format_skeleton("yMMMM", self.since, locale=locale)
        if self.precision == "season":
            name = _SEASON_NAMES.get(locale, _SEASON_NAMES["en"])[(self.since.month // 3) - 1 if self.since.month != 12 else 3]
            return f"{name} {self.since.year}"
        if self.since == self.until:
            return day_label(self.since, language)
        if self.since == date.min:
            return "… – " + day_label(self.until, language)
        if self.until == date.max:
            return day_label(self.since, language) + " – …"
        return format_interval(self.since, self.until, "yMMMd", locale=locale)


def latest_week(newest: date) -> Period:
    """The seven days to ``newest``, the newest day with news: what "What's new?" asks for, though
    no word of the question names it."""
    return Period(newest - timedelta(days=6), newest, "", "week")


def day_label(day: date, language: str) -> str:
    """One day written out in ``language`` ("October 5, 2022", "5 octobre 2022")."""
    from babel.dates import format_date

    return format_date(day, "long", locale=language if language in LANGUAGES else "en")


def question_period(question: str, as_of: date | None = None) -> Period | None:
    """The period ``question`` names, or None. Several time phrases ("between March and May")
    give the span from the first one's start to the last one's end."""
    as_of = as_of or date.today()
    found = [(p, start, end) for p, start, end in _phrases(question, as_of) if p.since <= as_of]
    if not found:
        return None
    if len(found) == 1:
        return found[0][0]
    first, last = min(found, key=lambda f: f[0].since), max(found, key=lambda f: f[0].until)
    return Period(first[0].since, last[0].until, question[first[1] : last[2]].strip(), "open",
                  all(p.firm for p, _, _ in found))


def _phrases(question: str, as_of: date) -> list[tuple[Period, int, int]]:
    """Each time phrase of ``question``, with where it starts and ends."""
    spans: list[tuple[int, int, date, date, str, bool]] = []
    dates = list(_absolute().finditer(question))
    for match, following in zip(dates, [*dates[1:], None]):
        # "between March 24 and March 26, 2023": the first date is of the second's year.
        joined = following and following["year"] and _RANGE_JOIN.fullmatch(question[match.end() : following.start()])
        dated = _absolute_period(match, as_of, int(following["year"]) if joined else None)
        if dated:
            spans.append((match.start(), match.end(), *dated))
    for match in _relative().finditer(question):
        dated = _relative_period(match.group(0), as_of)
        if dated:
            spans.append((match.start(), match.end(), *dated))
    for match in _seasons().finditer(question):
        spans.append((match.start(), match.end(), *_season_period(match, as_of)))
    spans = _without_overlaps(spans)
    found = []
    for start, end, since, until, precision, firm in spans:
        for words, opens in ((_SINCE, "since"), (_UNTIL, "until"), (_BEFORE, "before")):
            opener = re.search(rf"(?:^|(?<=\W))(?:{words})\s*$", question[:start], re.IGNORECASE)
            if opener:
                start, precision = opener.start(), "open"
                if opens == "since":
                    until = as_of
                elif opens == "until":
                    since = date.min
                else:
                    since, until = date.min, since - timedelta(days=1)
                break
        found.append((Period(since, until, question[start:end], precision, firm), start, end))
    return found


# What joins the two ends of a range of days ("24 to 26 March"), and more words between two dates
# ("March 24 until March 26, 2023").
_RANGE_WORDS = r"to|and|through|au|et|bis(?:\s+zum)?|und|al|y|tot|по|до"
_RANGE_JOIN = re.compile(rf"\s*(?:[–—-]|{_RANGE_WORDS}|until|till|à|hasta)\s*", re.IGNORECASE)


def _without_overlaps(spans: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """The longest phrase wins where two overlap ("14 March 2025" over "March 2025")."""
    kept: list[tuple[Any, ...]] = []
    for span in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
        if all(span[1] <= other[0] or span[0] >= other[1] for other in kept):
            kept.append(span)
    return sorted(kept)


@lru_cache(maxsize=1)
def _months() -> dict[str, int]:
    """Every CLDR month name of ``LANGUAGES`` -> month number."""
    # "mai" and "may" are months; two-letter abbreviations are not worth the risk.
    return {name: n for name, n in month_numbers(LANGUAGES).items() if len(name) >= 3 and name.isalpha()}


def _month_number(word: str) -> int | None:
    word = word.lower().rstrip(".")
    if word in _months():
        return _months()[word]
    # Russian months decline: "в марте", "в мае" (the CLDR has the nominative and the genitive).
    for name, number in _months().items():
        if "\u0400" <= name[0] <= "\u04ff" and len(name) >= 3 and word[: len(name) - 1] == name[:-1]:
            return number
    return None


@lru_cache(maxsize=1)
def _absolute() -> re.Pattern[str]:
    names = sorted(_months(), key=len, reverse=True)
    month = "(?P<month>" + "|".join(map(re.escape, names)) + r")\.?(?:[а-я]{0,2})"
    day = r"(?P<day>[0-3]?\d)(?:\.|st|nd|rd|th|er|º|°)?"
    last_day = r"(?P<last_day>[0-3]?\d)(?:\.|st|nd|rd|th|er|º|°)?"
    year = r"(?P<year>1[89]\d\d|20\d\d)"
    of = r"(?:\s+(?:de|del|of)\s+|,?\s+)"
    # Days of one month: "24–26 March", "du 24 au 26 mars", "vom 24. bis 26. März", "March 24 to 26";
    # the word opening the range is part of it ("from" there is no "since").
    opens = r"(?:(?:from|between|du|entre|vom|zwischen|dem|del|desde|dal|van|с)\s+)?"
    to = rf"(?:\s*[–—-]\s*|\s+(?:{_RANGE_WORDS})\s+)"
    return re.compile(
        rf"(?<![\w-])(?:"
        rf"{opens}{day}{to}{last_day}{of}{month}(?:{of}{year})?"  # 24–26 March 2023, du 24 au 26 mars
        rf"|{opens}{month}\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?{to}{last_day}(?:,?\s+{year})?"  # March 24–26, 2023
        rf"|{day}{of}{month}(?:{of}{year})?"  # 14 March 2025, 3 de marzo de 2025, 14. März
        rf"|{month}\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?:,?\s+{year})?"  # March 14, 2025
        rf"|{month}(?:{of}{year})?"  # March 2025, mars, marzo de 2025
        rf"|(?P<iso>(?:1[89]|20)\d\d-[01]\d(?:-[0-3]\d)?)"  # 2025-03-14, 2025-03
        # "in 2023", "since 2020", "before 2024" (a bare year names an event: "the 2018 World Cup")
        rf"|(?<=(?:^|\W)(?:{_YEAR_AS_TIME}|{_SINCE}|{_UNTIL}|{_BEFORE})\s+){year}"
        rf")(?![\w-])",
        re.IGNORECASE,
    )


def _absolute_period(match: re.Match[str], as_of: date, year_after: int | None = None
                     ) -> tuple[date, date, str, bool] | None:
    """The days ``match`` names; a date without its year takes ``year_after``, the year of the date
    that ends its range ("between March 24 and March 26, 2023"), else its latest occurrence."""
    groups = match.groupdict()
    if groups["iso"]:
        parts = [int(p) for p in groups["iso"].split("-")]
        if not 1 <= parts[1] <= 12:
            return None
        return _firm(_span(parts[0], parts[1], parts[2] if len(parts) > 2 else None))
    if groups["month"] is None:
        year = int(groups["year"])
        return date(year, 1, 1), date(year, 12, 31), "year", True
    month = _month_number(groups["month"])
    if month is None:
        return None
    if groups["month"].islower() and match.group(0) == groups["month"] and (
            groups["month"] in _AMBIGUOUS or groups["month"] in _abbreviations()):
        return None  # "may", "march", "set", "out": another word as often as a month, unless written as one
    day, year_text = groups["day"], groups["year"]
    if year_text:
        year = int(year_text)
    elif year_after:
        year = year_after
    else:  # the latest such month up to today
        year = as_of.year if (month, int(day or 1)) <= (as_of.month, as_of.day) else as_of.year - 1
    span = _span(year, month, int(day) if day else None)
    if span and groups.get("last_day"):
        last = _span(year, month, int(groups["last_day"]))
        span = last and span[0] < last[0] and (span[0], last[1], "day")
    return span and (*span, bool(year_text or year_after or day))


def _firm(span: tuple[date, date, str] | None) -> tuple[date, date, str, bool] | None:
    return span and (*span, True)


# Month names that are also common words, accepted only when written like a month (capitalised,
# or with a day or a year); so are all abbreviations (``_abbreviations``).
_AMBIGUOUS = frozenset({"may", "march", "mar", "jan", "sept", "dec", "maj", "mai", "juni", "août"})


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    """The month names that only abbreviate one: alone and in lower case, they are words of other
    languages ("set", "out", "ago": Italian and Portuguese September and October, Spanish August)."""
    return frozenset(_months()).difference(month_numbers(LANGUAGES, abbreviated=False))


def _span(year: int, month: int, day: int | None) -> tuple[date, date, str] | None:
    if day is None:
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), "month"
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return date(year, month, day), date(year, month, day), "day"


@lru_cache(maxsize=1)
def _relative_phrases() -> dict[str, tuple[str, str]]:
    """dateparser's relative expressions of ``LANGUAGES`` of the form "N unit ago" (today,
    yesterday, this/last week, month, year) -> (language, what it means)."""
    from dateparser.languages.loader import LocaleDataLoader

    loader = LocaleDataLoader()
    phrases: dict[str, tuple[str, str]] = {}
    for language in LANGUAGES:
        info = loader.get_locale(language).info
        for meaning, texts in info.get("relative-type", {}).items():
            if re.fullmatch(rf"[01] ({'|'.join(_UNITS)}) ago", meaning):
                for text in texts:
                    if len(text) >= 4:
                        phrases.setdefault(text.lower(), (language, meaning))
        for meaning, patterns in info.get("relative-type-regex", {}).items():
            if re.fullmatch(rf"\\1 ({'|'.join(_UNITS)}) ago", meaning):
                for pattern in patterns:
                    phrases.setdefault(pattern, (language, meaning))
    return phrases


@lru_cache(maxsize=1)
def _relative() -> re.Pattern[str]:
    alternatives = []
    for text in sorted(_relative_phrases(), key=len, reverse=True):
        if "(" in text:  # dateparser's own pattern
            alternatives.append(text)
        else:
            alternatives.append(r"\s+".join(map(re.escape, text.split())))
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def _relative_period(text: str, as_of: date) -> tuple[date, date, str, bool] | None:
    from datetime import datetime

    from dateparser.date import DateDataParser

    language = _relative_phrases().get(text.lower(), (None,))[0]
    languages = [language] if language else list(LANGUAGES)
    parser = DateDataParser(languages=languages, settings={
        "RELATIVE_BASE": datetime(as_of.year, as_of.month, as_of.day), "PREFER_DATES_FROM": "past",
    })
    data = parser.get_date_data(text)
    if data.date_obj is None:
        return None
    day, precision = data.date_obj.date(), data.period or "day"
    if precision == "week":
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=6), "week", True
    if precision == "month":
        return _firm(_span(day.year, day.month, None))
    if precision == "year":
        return date(day.year, 1, 1), date(day.year, 12, 31), "year", False
    return day, day, "day", True


@lru_cache(maxsize=1)
def _seasons() -> re.Pattern[str]:
    season = "(?P<season>" + "|".join(map(re.escape, sorted(_SEASON_WORDS, key=len, reverse=True))) + ")"
    article = r"(?:the\s+|l['’]|el\s+|la\s+|le\s+|o\s+|de\s+)?"
    year = r"(?P<year>1[89]\d\d|20\d\d)(?:\s*года|\s*г\.)?"
    # A season alone is a word like any other ("the fall of Kabul", "the Arab Spring"): it is a
    # time with a year, "last"/"this", or "in" before it.
    return re.compile(
        rf"(?<!\w)(?:"
        rf"(?:(?P<last>{_LAST_BEFORE})|(?P<this>{_THIS}))\s+{season}"
        rf"|{article}{season}\s+(?:(?P<last>{_LAST_AFTER})|(?P<this>{_THIS}))"
        rf"|(?:(?:{_IN})\s+)?{article}{season}\s+(?:of\s+|de\s+|del\s+|van\s+)?{year}"
        rf"|(?:{_IN})\s+{article}{season}"
        rf"|(?P<season>весной|летом|осенью|зимой)"
        rf")(?!\w)",
        re.IGNORECASE,
    )


def _season_period(match: re.Match[str], as_of: date) -> tuple[date, date, str, bool]:
    season = _SEASON_WORDS[match.group("season").lower()]
    first_month = (3, 6, 9, 12)[season]

    def span(year: int) -> tuple[date, date]:
        start = date(year, first_month, 1)
        end_year, end_month = (year + 1, 2) if season == 3 else (year, first_month + 2)
        return start, date(end_year, end_month, calendar.monthrange(end_year, end_month)[1])

    if match.group("year"):
        return (*span(int(match.group("year"))), "season", True)
    # The latest such season begun by ``as_of`` ("this autumn"), or the one before it ("last").
    year = as_of.year if span(as_of.year)[0] <= as_of else as_of.year - 1
    if match.group("last"):
        return (*span(year - 1 if span(year)[1] >= as_of else year), "season", True)
    # "In autumn" with neither year nor "this": as often the season of the event as of the articles.
    return (*span(year), "season", bool(match.group("this")))


# Words asking for the newest news, in the languages of ``LANGUAGES`` ("la dernière fois", the last
# time, is not one of them: French "dernier" counts only before the nouns of news).
_LATEST = re.compile(
    r"(?<!\w)(?:latest|most\s+recent|newest|recent(?:ly)?|lately|current(?:ly)?"
    r"|derni(?:er|ère)s?\s+(?:nouvelles|bilan|informations|développements|chiffres)|récente?s?|récemment"
    r"|neueste[nrs]?|jüngste[nrs]?|aktuelle?[nrs]?"
    r"|últim[oa]s\s+(?:noticias|novedades|cifras|datos|notícias)|lo\s+último|recientes?|recientemente"
    r"|ultim[ei]\s+notizie|recentemente|recentes?"
    r"|laatste\s+nieuws|onlangs"
    r"|последн\w+\s+(?:новост|данн|цифр)\w*|недавн\w*)(?!\w)",
    re.IGNORECASE,
)


# "The new prime minister" is whoever the newest news names, and so is the one "now", and the one
# who "is" prime minister: the story of a resignation also tells of the successor, days later. Lower
# case only: "New Zealand", "Nueva York" and "Nouvelle-Calédonie" ask for nothing new.
_NEW = re.compile(
    r"(?<!\w)(?:new|now|nouvel(?:le)?|nouveaux?|maintenant|nuev[oa]s?|ahora|neuen?|neue[rs]|jetzt|nuov[oa]|nuovi"
    r"|adesso|nov[oa]s?|agora|nieuwe|now(?:y|a|e|ego)|teraz|нов(?:ый|ая|ое|ого|ой|ым|ую)|сейчас|теперь)(?!\w)"
)
_WHO_IS = re.compile(
    r"(?<!\w)(?:who\s+(?:is|are)|who's|qui\s+(?:est|sont)|quién(?:es)?\s+(?:es|son)|wer\s+(?:ist|sind)"
    r"|chi\s+(?:è|sono)|quem\s+(?:é|são))(?!\w)",
    re.IGNORECASE,
)


def asks_for_latest(question: str) -> bool:
    """Whether ``question`` asks for the newest news ("the latest on…", "les dernières nouvelles",
    "who is the new prime minister?", "who is the prime minister?")."""
    return bool(_LATEST.search(question) or _NEW.search(question) or _WHO_IS.search(question))
