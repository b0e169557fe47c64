"""What a question asks for and what it names, and whether a sentence can hold the answer.

Without a reading model, an extractive answerer can still tell a sentence that cannot answer:
"What is the population of Vladivostok?" is not answered by a sentence with no number in it,
"When...?" not by one with no date, "Who...?" not by one that names nobody the question does not
already name. The cues cover the answer languages (en, fr, de, es, it, pt, nl), Russian and
Chinese, the other languages of XQuAD and of news wires (Arabic, Greek, Hindi, Romanian, Thai,
Turkish, Vietnamese, Japanese, Korean), and Ukrainian, Polish, Czech, Slovak, Swedish, Norwegian,
Danish, Persian and Indonesian (Malay), and are applied whatever the question's language. A
question with no cue accepts any sentence. Where one language's interrogative is another's
ordinary word (Polish "ile" and French "île" written without its accent, Swedish "var", "where",
and the "was" of Danish, Norwegian and Swedish itself, Persian "چند", "how many" or "a few"), the
cue is narrowed to the places the interrogative stands in.

A sentence holds a number by its digits, in any script, or by the words its language writes numbers
with (the CLDR's spellout rules, through unicode-rbnf: "oito bilhões", "восемь миллиардов"); a count
or a population is a whole number or a decimal with its magnitude ("1.5 million"), never a bare
decimal ("a magnitude 7.7 earthquake" counts no dead), a count of things no percentage, span of time,
measure or money ("How many employees…" is not answered by "40 % en cinq ans" nor "35 hectares"), and
a population counts inhabitants ("12 000 habitants", not "48 millions d'euros"). It holds a date by
its digits (a year, "9月10日") or by the words of the calendar and of the days around now in its
language ("ce mois-ci", "вчера", "本月": the CLDR's, through Babel, for the languages above): news
dates its events by "this month" more often than by "September 2023".

The question's own names and numbers (its *anchors*: "Kim", "Putin", "2019") are looked for in the
evidence across languages and scripts (``text.names``).
"""

from __future__ import annotations

import re
import unicodedata
from enum import Enum
from functools import cache, lru_cache

from assistant.text.countries import capitalised_countries, countries, countries_named
from assistant.text.language import UNDETERMINED, detect_language, query_language, question_language
from assistant.text.names import (  # noqa: F401 (anchor_share, numbers_found: this module's interface too)
    _ACRONYM, _WORD, _fold_word, _matches, anchor_share, anchors, folded_words, is_a_name, is_a_phrase, numbers_found,
)


class AnswerType(str, Enum):
    COUNT = "count"  # how many: digits or number words ("two leaders")
    AMOUNT = "amount"  # population, price, age...: digits, or a magnitude in words ("five million")
    DURATION = "duration"  # how long: digits or words of spans of time ("five years", "mehrere Jahre")
    DATE = "date"
    NAME = "name"
    PLACE = "place"


# "When" and "where" also open relative clauses ("How old was he when he played?", "la ville où il
# est né"): as question words they stand among the first words.
_OPENING_ONLY = (AnswerType.DATE, AnswerType.PLACE, AnswerType.COUNT)
_OPENING_WORDS = 4

_I = re.IGNORECASE
# Interrogatives that open a question (English "when" and "where" also open relative clauses: see
# ``_OPENING_ONLY``). Arabic "من" is also "from", so it counts only as the first word, and not
# before "أين" ("from where"); Greek "πού" is "where" only with its accent ("που" is "that"); Italian
# and Portuguese "quanto" is "how much", but not in "per quanto riguarda" (as regards) or "quanto a" (as for).
# Hungarian "ki" (who) is matched as written, not as German "KI" (AI); left out, as they are as often
# something else: Serbian "ko" (who; Slovene "when"), Lithuanian "kas" (who and what), Latvian "kad"
# (when; Lithuanian "that"), Finnish "mihin" (where to, and "to what").
_CUES: dict[AnswerType, re.Pattern[str]] = {
    AnswerType.COUNT: re.compile(
        r"\bhow many\b|\bcombien de\b|\bwie viele\b|\bcu[aá]nt[oa]s\b|\bquant[ie]\b|\bquant[oa]s\b|\bhoeveel\b"
        r"|сколько|多少|几|\bكم\b|\bπόσ(οι|ες|α|ους|ων)\b|\bc[âî](ț|ţ)i\b|\bc[âî]te\b"
        r"|скільки|^\W*(?:(?:w|we|z|o|na|do|od|przez)\s+)?il[eu]\b|\bkolik\w*|\bkoľk\w*|\bhur många\b|\bhvor mange\b"
        r"|(?<!tahun )(?<!tanggal )(?<!pukul )\bberapa\b|\bkuinka mont[ae]\b|\bmontako\b|\bhány(?:an)?\b|\bколко\b"
        r"|\bmitu\b|\bkiek\b",
        _I,
    ),
    AnswerType.AMOUNT: re.compile(
        r"\bhow (much|old|far)\b|\bcombien(?! de)\b|\bwie (viel|alt|weit)\b|\bcu[aá]nt[oa]\b|\bπόσο\b|\bc[âî]t\b"
        r"|\bhur (mycket|gammal|långt)\b|\bhvor (mye|meget|gammel|langt)\b"
        r"|(?<!\bper )(?<!\btanto )\bquant[oa]\b(?!\s+(?:a|ao|à|riguarda)\b)"
        r"|\bkuinka (?:paljon|vanha|pitkä|kaukana)\b|\bpaljonko\b|\bmennyi(?:be|t)?\b(?!\s+ide)|\bkui palju\b",
        _I,
    ),
    AnswerType.DATE: re.compile(
        r"\bwhen\b|\bwhat (year|date|day|month)\b|\bwhich (year|date|day|month)\b|\bquand\b"
        r"|\bquelle (ann[ée]e|date)\b|\bwann\b|\bwelche[nms]? (jahr|datum|tag|monat)\b|\bcu[aá]ndo\b"
        r"|\bqu[eé] (a[nñ]o|fecha|d[ií]a)\b|\bquando\b|\bwanneer\b|когда|в каком году|什么时候|何时|哪一年"
        r"|\bمتى\b|\bفي أي (عام|سنة)\b|\bπότε\b|\bποι[οα] (έτος|χρονιά)\b|\bc[âî]nd\b|\b[îi]n ce an\b"
        r"|\b(?:in )?(?:che|quale) anno\b|\b(?:em )?(?:que|qual) ano\b|\b(?:in )?welk jaar\b|\bop welke datum\b"
        r"|\bколи\b|\b[ву] якому році\b|\bkiedy\b|\bw którym roku\b|\bkdy\b|\bkedy\b|\bv(?:e)? kter[ée]m roce\b"
        r"|\bv ktorom roku\b|\bn[äå]r\b|\bh?vilket år\b|\bkapan\b|\btahun berapa\b|\bbilakah\b"
        r"|\bкакого числа\b|\bякого числа\b|\bmilloin\b|\bminä vuonna\b|\bmikor\b|\bmelyik évben\b|\bhvornår\b"
        r"|\bkada\b|\bkdaj\b|\bкога\b|\bmillal\b",
        _I,
    ),
    # "How long" asks for a span of time, as often told in words ("five to ten years", "mehrere
    # Jahre", "until the end of the Parliament") as in digits: of XQuAD's 8 "how long" questions,
    # 1 to 3 (by language) have a digit in their answer.
    AnswerType.DURATION: re.compile(
        r"\bhow long\b|\bcombien de temps\b|\bwie lange?\b|\bcu[aá]nto (tiempo|dur)|\bquanto (tempo|dur|[èe] durat)"
        r"|\bhoe lang\b|\bкак долго\b|\bсколько времени\b|\bяк довго\b|\bскільки часу\b|多久|多长时间|多長時間"
        r"|\bπόσο (καιρό|διάστημα)\b|\bc[âî]t timp\b|\bne kadar süre|\bbao lâu\b|얼마나 오래|얼마 동안"
        r"|นานเท่า(ไร|ไหร่)|นานแค่ไหน|كم من الوقت|कितने समय|कब तक|\bjak długo\b|\bile czasu\b|\bjak dlouho\b"
        r"|\bako dlho\b|\bhur länge\b|\bhvor l[ae]nge\b|\bberapa lama\b|چه مدت|چقدر طول|\bkuinka kauan\b"
        r"|\bmennyi ide(?:ig|je)\b|\bmeddig\b|\bkoliko dugo\b|\bколко време\b|\bkui kaua\b",
        _I,
    ),
    AnswerType.NAME: re.compile(
        r"^\W*(who|whom|whose|qui|wer|wem|wen|wessen|qui[eé]n(es)?|chi|quem|cine|cui|ποι(ος|οι|ον)"
        r"|kto|kogo|komu|kdo|koho|vem|hvem|siapa|kuka|ketkä|kenen|kenet|keneltä|kenelle|tko|кой|kes"
        r"|(?-i:[Kk]i(?:k|t|nek)?))\b|^\W*من\b(?!\s+أين)|\bкто\b|\bкого\b|\bхто\b|谁", _I
    ),
    AnswerType.PLACE: re.compile(
        r"\bwhere\b|\bo[uù]\b(?!\s+(bien|non)\b)|\bwo(hin|her)?\b|\bd[oó]nde\b|\badonde\b|\bdove\b|\bonde\b"
        r"|\bwaar\b|\bгде\b|\bкуда\b|\bоткуда\b|哪里|在哪|何处|\bأين\b|\bπού\b|\bunde\b|\bде\b|\bкуди\b|\bзвідки\b"
        r"|\bgdzie\b|\bdokąd\b|\bskąd\b|\bkde\b|\bodkud\b|\bodkiaľ\b|\bvarifrån\b"
        r"|\bhvor(?:fra)?\b(?!\s+(?:mange|mye|meget|lenge|længe|langt|gammel|ofte)\b)|\b(?:di|ke|dari) ?mana\b"
        r"|\bmissä\b|\bminne\b|\bhol\b|\bhov[aá]\b|\bhonnan\b|\bgdje\b|\bgde\b|\bkje\b|\bкъде\b|\bkus\b|\bkur\b",
        _I,
    ),
}
# What a question asks the amount of when it asks nothing else: "What is the population of…?", but
# not "When was the number of attacks highest?" nor "Who has the largest population?". Of things
# counted (a population, a number of things) and of prices. German "Preis" and Swedish, Norwegian
# and Danish "pris" are as often a prize as a price, and Italian "costa" is as often a coast (and a
# name, Costa), and are left out. The nouns of both are quantities too (``_QUANTITIES``).
_POPULATION_NOUNS = (
    r"population|poblaci[oó]n|bevolking|popolazione|população|населени\w*|населенн\w*|populacj\w*|ludnoś\w*"
    r"|populac\w*|befolkning\w*|popula[țţ]i\w*|nüfus\w*|populasi|πληθυσμ\w*"
)
_COUNT_NOUNS = (
    rf"{_POPULATION_NOUNS}|anzahl|aantal|численност\w*|количеств\w*|чисельн\w*|кількіст\w*|кількост\w*|liczb[aęy]"
    r"|poč[eé]t\w*|jumlah|αριθμ[οόώ]\w*"
)
_PRICE_NOUNS = (
    r"price|prix|precio|prijs|prezzo|costo|preço|custo|стоимост\w*|цен[аыуе]|вартіст\w*|вартост\w*|цін[аиуі]"
    r"|koszt\w*|kostnad\w*|pre[țţ]\w*|fiyat\w*|harga|κόστ\w*"
)
# A disaster's toll is a count too ("What is the death toll…?", "Quel est le bilan du séisme ?").
_COUNTED_TOPICS = re.compile(
    rf"\b(?:{_COUNT_NOUNS}|bev[öo]lkerung|počtu|antal(?:l|let|et)?|penduduk|(?:ال)?تعداد)\b"
    r"|\b(?:number of|n[uú]mero de|numero d[ie]|numărul de|zahl der|cifra de)\b|\b(?:ال)?عدد\b(?!\s+من\b)"
    r"|\b(?:(?:death )?toll|bilan|opferzahl|todeszahl|bilancio delle vittime|число (?:погибших|жертв))\b",
    _I,
)
_PRICE_TOPICS = re.compile(
    rf"\b(?:{_PRICE_NOUNS}|cost(s|ed)?|co[uû]te|kostet|cuesta|wat kost(en)?|náklad\w*|kostar|koster|κοστίζ\w*"
    r"|(?:ال)?(?:سعر|أسعار|تكلفة|كلفة))\b",
    _I,
)
# Topic words that are amounts in some languages only: French "nombre de" is "number of" (Spanish
# "el nombre de" is "the name of"), and Polish, Czech and Slovak "cena" is a price (Spanish and
# Italian "cena" is dinner).
_FRENCH_NUMBER_OF = re.compile(r"\bnombre d(e|es|u|’|')", _I)
_SLAVIC_PRICE = re.compile(r"\bcen[aęyuě]\b", _I)
_SLAVIC_PRICE_LANGUAGES = frozenset({"pl", "cs", "sk", "sl", "hr", "sr", "bs"})
# ...nor when the question asks which thing ("Which city has the largest population?", "Welche
# Vermutung besagt, dass es eine unendliche Anzahl…", "¿Qué ciudad tiene la mayor población?",
# "Какой город самый большой по численности населения?"), unless that thing is itself a quantity
# ("what percentage of the population", "welche Zahl", "какое население"). The interrogative is one
# when followed by neither a verb of being or having nor an article ("What is the population…",
# "Quel est le nombre…", "Jaka jest liczba…"). English "which" and "what" also open relative clauses
# ("the city which hosts…"), and so do Russian "который" and its kin: they count among the first
# words or, in English, after a preposition ("of what ethnicity"); Spanish "qué" and "cuál" only with
# their accents ("que supera" is "that exceeds"), Portuguese "que" only among the first words.
_BE_HAVE_OR_ARTICLE = (
    r"is|was|are|were|does|did|do|has|had|have|will|would|can|could|ist|war|sind|waren|hat|hatte|haben|wird"
    r"|wurde|werden|kann|est|était|sont|a|ont|es|era|fue|son|eran|ha|han|tiene|tenía|zijn|heeft|hebben"
    r"|è|sono|erano|hanno|é|foi|são|eram|tem|têm|tinha|был|была|было|были|это|є|був|була|було|були"
    r"|jest|był|była|było|były|byli|ma|je|byl|byla|bylo|byly|má|bol|bola|bolo|boli|är|var|har|hade|er|hadde|havde"
    r"|este|e|au|are|avea|είναι|ήταν|έχει|είχε"
    r"|the|an|der|die|das|den|dem|des|le|la|les|l|el|los|las|de|het|een|il|lo|gli|un|una|o|os|as|um|uma|en|ett|et|ei"
    r"|ο|η|το|οι|τα|τον|την|του|της|των"
)
_QUANTITIES = (
    rf"{_COUNT_NOUNS}|{_PRICE_NOUNS}"
    r"|percent(age)?|number|amount|share|proportion|fraction|rate|total|sum|size|figure|cost"
    r"|prozent(satz)?|anteil|zahl|menge|summe|höhe|quote|bevölkerung|preis|kosten"
    r"|pourcentage|part|taux|nombre|montant|somme|co[uû]t"
    r"|porcentaje|n[uú]mero|cantidad|proporci[oó]n|tasa|suma|coste|percentuale|quota|percentagem|porcentagem"
    r"|процент\w*|дол[яиюей]|числ[оа]|відсот\w*|частк\w*|procent\w*|odset\w*|cen[aęyuě]|podíl\w*|podiel\w*"
    r"|andel\w*|prosent\w*|antal\w*|pris\w*|num[aă]r\w*|sayı\w*|yüzde\w*|persentase"
    r"|(?:ال)?(?:عدد|سعر|نسبة|تكلفة)|ποσοστ\w*|τιμ[ήής]\w*"
)
_THING = rf"(?!(?:{_BE_HAVE_OR_ARTICLE})\b)(?!(?:\w+\s+)?(?:{_QUANTITIES})\b)\w"
_OPENING_WHICH = (
    r"как(?:ой|ая|ое|ие|ого|ую|ом|им|их)|котор\w+|як(?:ий|а|е|і|ого|у|ому|ій|их)|котр\w+"
    r"|jak(?:i|a|ie|iego|iej|im|ich|ą)|któr\w+|jak(?:ý|á|é|ého|ém|ou)|kter\w+|ak(?:ý|á|é|ého|om|ou)|ktor\w+"
    r"|vilk(?:en|et|a)|hvilk(?:en|et|e)|care|que|ποι(?:ος|α|ο|οι|ες|ον|ου|ας|ων|ους)"
)
_WHICH_THING = re.compile(
    rf"(?:^\W*(?:\w+\W+){{0,{_OPENING_WORDS - 1}}}?|\b(?:of|in|to|for|at|on|by|with|from)\s+)(?:what|which)\s+{_THING}"
    rf"|\b(?:welche[rsnm]?|welke|quel(?:le)?s?|qual[ei]?|quais)\s+{_THING}|(?<!\w)(?:qué|cuál(?:es)?)\s+{_THING}"
    rf"|^\W*(?:\w+\W+){{0,2}}?(?:{_OPENING_WHICH})\s+{_THING}|\bmana\s+yang\b|\b(?:أي|أيّ|اي)\s+{_THING}"
    # Turkish "hangi şehrin nüfusu" is "the population of which city".
    rf"|\bhangi\s+(?!(?:{_QUANTITIES})\b)\w",
    _I,
)
# "When" also opens a clause that sets the scene for the question that follows it: "When many
# people are arrested, what is a common tactic?", "Cuando el imperialismo afecta…, ¿cómo se llama?".
_SCENE_CLAUSE = re.compile(
    r"^\W*(?:when|quand|cuando|quando|wanneer)\b[^,;?¿]*,\s*(?=¿|(?:what|which|who|whom|whose|how|where|why"
    r"|que|qu[eé]|quel\w*|qui|qui[eé]n\w*|qual\w*|quant\w*|cu[aá]l\w*|cu[aá]nt\w*|c[oó]mo|d[oó]nde|comment|pourquoi"
    r"|o[uù]|was|wer|wen|wem|wessen|wo|wohin|woher|wie|welche\w*|warum|wann|wat|welke|waar|hoe)\b)",
    _I,
)
# Greek "ποιος" is "who" and "which": "Ποιος είναι ο πληθυσμός…;" asks what the population is.
_GREEK_WHICH_QUANTITY = re.compile(
    rf"^\W*ποι(?:ος|α|ο)\s+(?:είναι|ήταν)\s+(?:ο|η|το)\s+(?:{_QUANTITIES})\b", _I
)
# Dutch "wie" is "who", German "wie" is "how" ("Wie viele…", "Wie hoch…"): the question's language tells.
_DUTCH_WHO = re.compile(r"^\W*wie\b", _I)
# Swedish "var" is "where"; Danish and Norwegian "var" is "was", and so is Swedish "var" before its
# subject ("Var han gift?", "Var Einstein gift?", not "Var bor han?"): the question's language and
# the word after "var" tell.
_SWEDISH_WHERE = re.compile(r"^\W*var\s+(?!(?:det|den|han|hon|de|du|ni|vi|jag|man)\b)(?-i:[a-zåäö])", _I)
# Interrogatives that stand wherever the question needs them: in Hindi, Turkish, Persian, Japanese
# and Korean before the verb, in Vietnamese and Thai often last ("Hội nghị diễn ra ở đâu?"), in
# Indonesian last when not first ("Pesawat itu jatuh di mana?"; inside a sentence "di mana" is also
# a relative, "in which"), and in scripts without spaces there are no first words to look among.
# None of them opens a relative clause (Japanese "いつも" and Korean "언제나" are "always"; Turkish
# "kim" is matched in lower case only, so that the name Kim is not a question of who). Devanagari's
# vowel signs are not word characters to ``\b``, so its words are delimited by the script's range
# ("कब", not "कबूतर").
_ANYWHERE: dict[AnswerType, re.Pattern[str]] = {
    AnswerType.COUNT: re.compile(
        r"कितन[ेी]|\bkaç\b|\bbao nhiêu\b|\bmấy\b|何人|いくつ|何個|何回|몇|กี่"
        r"|چه[\s\u200c]*تعداد|چند[\s\u200c]*(?:نفر|تن)(?![\u0600-\u06ff])", _I
    ),
    AnswerType.AMOUNT: re.compile(r"कितना|\bne kadar\b|いくら|얼마|เท่า(ไร|ไหร่)|چقدر(?![\s\u200c]*طول)", _I),
    AnswerType.DATE: re.compile(
        r"(?<![\u0900-\u097f])कब(?![\u0900-\u097f])|किस (वर्ष|साल)|\bne zaman\b|\bhangi (yıl|tarih)"
        r"|\bkhi nào\b|\bbao giờ\b|\bnăm nào\b|\blúc nào\b|いつ(?!も)|何年|언제(?!나)|เมื่อ(ไร|ไหร่)|ปี(ใด|อะไร)"
        r"|چه[\s\u200c]*(?:زمانی|وقت|سالی|تاریخی)|\bkapan\W*$",
        _I,
    ),
    AnswerType.NAME: re.compile(
        r"कौन|किस(ने|को|े)(?![\u0900-\u097f])|(?-i:\bkim(in|e|i|ler)?\b)|\blà ai\b|\bai (là|đã)\b"
        r"|誰|だれ|どなた|누가|누구|ใคร|چه[\s\u200c]*کس(?:ی|انی)|کیست|\bsiapa\W*$",
        _I,
    ),
    AnswerType.PLACE: re.compile(
        r"कहा[ँं]|\bner(ede|eye|eden)\b|\bở đâu\b|どこ|어디|ที่(ไหน|ใด)|کجا|\b(?:di|ke|dari) ?mana\W*$", _I
    ),
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
_YEAR = re.compile(r"(?<![\w-])(1\d\d\d|20\d\d)(?:s|er|ern|-х|-е)?(?![\w])")
_CENTURY = re.compile(
    r"\b(centur(y|ies)|siècles?|jahrhunderts?|siglos?|secol[oi]|séculos?|eeuw(en)?|век\w*|столети\w*)\b", re.I
)
# A date told as a time before now, or in an era: "13,000 BP", "44 v. Chr.", "three days ago",
# "vor 22.000 Jahren", "hace 66 millones de años", "il y a deux ans", "cinque anni fa", "год назад".
_AMOUNT_OF = r"(?:\d[\d.,\u00a0 ]*|\w+)\s*"
_BEFORE_NOW = re.compile(
    r"\d\s*(?:(?-i:BP|BCE?|AD|CE)\b|[vn]\.\s?Chr\.|[ad]\.\s?C\.|av\.\s?J\.-C\.|apr\.\s?J\.-C\.|до н\.\s?э\.)"
    r"|\b(?:years?|decades?|centuries|months?|weeks?|days?)\s+ago\b"
    rf"|\bvor\s+{_AMOUNT_OF}(?:(?:Millionen|Milliarden|Tausend)\s+)?"
    r"(?:Jahr(?:en|zehnten|hunderten)|Monaten|Wochen|Tagen)\b"
    rf"|\bhace\s+{_AMOUNT_OF}(?:(?:millones|miles)\s+de\s+)?(?:años|décadas|siglos|meses|semanas|días)\b"
    rf"|\bil y a\s+{_AMOUNT_OF}(?:(?:millions|milliards|milliers)\s+d['’]\s*)?"
    r"(?:ans|années|décennies|siècles|mois|semaines|jours)\b"
    r"|\b(?:anni|decenni|secoli|mesi|settimane|giorni)\s+fa\b"
    rf"|\bhá\s+{_AMOUNT_OF}(?:anos|décadas|séculos|meses|semanas|dias)\b"
    r"|\b(?:jaar|jaren|eeuwen|maanden|weken|dagen)\s+geleden\b"
    r"|\b(?:лет|год(?:а|ом)?|век(?:а|ов)|месяц(?:а|ев)?|недел[юиь]|дн(?:я|ей)|день)\s+назад\b",
    re.I,
)
_ISO_DATE = re.compile(r"\b\d{4}-\d{2}(-\d{2})?\b|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b")
# Digits of other scripts (Arabic-Indic, Persian, Devanagari...), read as the ASCII ones so that
# "۱۹۵۰" is a year like "1950".
_ASCII_DIGIT = re.compile(r"(?![0-9])\d")


def _ascii_digits(text: str) -> str:
    return _ASCII_DIGIT.sub(lambda digit: str(unicodedata.decimal(digit.group(0))), text)
# Scripts whose words run together, or take their particles attached ("3人", "3명이", "오늘은"):
# a letter of theirs next to a number or a date word does not make them one word.
_RUN_ON = "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af"
# A letter that continues a word: Indic vowel signs are not word characters to ``\w``, so "कल" (yesterday)
# would otherwise be found in "कलाकार" (artist).
_WORD_GOES_ON = rf"(?:[^\W{_RUN_ON}]|[\u0900-\u0dff])"
# A quantity: digits standing alone (not part of "F-16" or "70e", nor the "7" of "7.7-magnitude";
# "3人" and "$30m" are quantities), and not a year.
_QUANTITY = re.compile(
    rf"(?<!{_WORD_GOES_ON})(?<!-)\d+(?:[.,\s]\d{{3}})*(?:[.,]\d+)?"
    rf"(?i:k|m|bn|mn|mln|mio|mrd|km|kg|cm|mm|ha|mph|kmh|kw|mw|gw|gb|tb)?(?!{_WORD_GOES_ON})(?!-)(?![.,]\d)"
)
# Years, months and days written with the characters of Chinese, Japanese and Korean ("2019年",
# "9月10日", "2019년 3월").
_CJK_DATE = re.compile(r"\d{4}\s?[年년]|\d{1,2}\s?[月日월일]")
# The languages whose month and weekday names come from the CLDR rather than the lists above; every
# language's words for the days, weeks, months and years around now ("ce mois-ci", "на этой неделе",
# "本月") come from it too: news dates its events by them more than by the calendar.
_CLDR_NAMES = tuple("ru uk pl cs ro hu el tr ar fa he hi th vi id ms zh ja ko".split())
_CLDR_RELATIVE = ("en", "fr", "de", "es", "it", "pt", "nl") + _CLDR_NAMES
# Names the CLDR gives that are more often ordinary words: Russian "среда" (Wednesday) is "environment".
_NOT_DATES = frozenset({"среда"})
# Numbers in words the spellout rules do not write: collectives ("thousands of", "des centaines
# de"), and counts and shares told without a numeral: none ("None of the original treaties…",
# "Keiner der…"), how often ("won the cup twice", "zweimal") and what part ("a two-thirds majority",
# "Zweidrittelmehrheit", "la mitad"). Not ordinals: "the third time" tells no count.
_UNSPELLED_NUMBERS = re.compile(
    r"\b(?:dozens?|hundreds|thousands|millions|billions|douzaines?|centaines?|milliers?|dutzende|hunderte|tausende"
    r"|docenas?|cientos|miles|centinaia|migliaia|dezenas|centenas|milhares"
    r"|zero|none|nobody|no one|twice|thrice|half|halves"
    r"|(?:a|one|two)[- ]thirds?|(?:a|one|three)[- ]quarters?"
    r"|zéro|aucune?|moitié|(?:un|deux) tiers|(?:un|trois) quarts?"
    r"|keine?[rsnm]?|niemand|(?:ein|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn)mal|hälfte"
    r"|\w*(?:drittel|viertel)\w*"
    r"|cero|ningun[oa]|ningún|nadie|mitad|(?:un|dos) tercios?|(?:un|tres) cuartos?"
    r"|nessun[oa]|metà|(?:un|due) terz[oi]|nenhuma?|ninguém|metade|(?:um|dois) terços?"
    r"|geen|никто|ни (?:один|одна|одного|одной|разу)|половин\w*|треть|четверть)\b",
    _I,
)
# The numbers whose words a count is written with ("two leaders"), and those an amount is: a
# population, a price or a share is "five million" or "deux milliards", never "two" ("les deux
# dirigeants" does not tell a city's population). Of each, the last word spelled out ("Millionen" of
# "zwei Millionen", "тысяча" of "одна тысяча"), in the forms a language takes after 2 and 5.
_MAGNITUDES = (100, 200, 1000, 2000, 5000, 10**6, 2 * 10**6, 5 * 10**6, 10**9, 2 * 10**9, 5 * 10**9)
_SMALL = (*range(2, 13), 20, 30, 50)


def expected_types(question: str) -> set[AnswerType]:
    question = _SCENE_CLAUSE.sub("", question, count=1)
    opening = " ".join(question.split()[:_OPENING_WORDS])
    kinds = {kind for kind, cue in _CUES.items() if cue.search(opening if kind in _OPENING_ONLY else question)} | {
        kind for kind, cue in _ANYWHERE.items() if cue.search(question)
    }
    if _GREEK_WHICH_QUANTITY.search(question):
        kinds.discard(AnswerType.NAME)
    if _DUTCH_WHO.search(question) and question_language(question, fallback=UNDETERMINED) != "de":
        kinds.add(AnswerType.NAME)
    if _SWEDISH_WHERE.search(question) and query_language(question) not in ("da", "no", "nb", "nn"):
        kinds.add(AnswerType.PLACE)
    if not kinds and not _WHICH_THING.search(question) and _names_an_amount(question):
        kinds.add(AnswerType.AMOUNT)
    if AnswerType.DURATION in kinds:  # "combien de temps", "сколько времени": not a count
        kinds -= {AnswerType.COUNT, AnswerType.AMOUNT}
    return kinds


def _names_a_count(question: str) -> bool:
    """Whether the question names a population or a number of things."""
    if _COUNTED_TOPICS.search(question):
        return True
    return bool(_FRENCH_NUMBER_OF.search(question)) and question_language(question, fallback=UNDETERMINED) == "fr"


def _names_an_amount(question: str) -> bool:
    if _names_a_count(question) or _PRICE_TOPICS.search(question):
        return True
    return bool(_SLAVIC_PRICE.search(question)) and query_language(question) in _SLAVIC_PRICE_LANGUAGES


def interrogative_first(question: str) -> bool:
    """Whether the question's first word is likely its interrogative, as in the languages whose
    questions open with one; not when the interrogative is one of those that stand anywhere
    (Hindi, Turkish, Korean, Japanese put it before the verb; Vietnamese and Thai often last)."""
    return not any(cue.search(question) for cue in _ANYWHERE.values())


@cache
def _date_words() -> re.Pattern[str]:
    """The words that date a sentence, as written in running text: the months and days of the lists
    above, the relative dates of every language of ``_CLDR_RELATIVE`` and the month and weekday names
    of those of ``_CLDR_NAMES`` (the CLDR, through Babel)."""
    from babel.dates import get_day_names, get_month_names, get_relative_name

    words = set(_MONTHS + _RELATIVE_DAYS)
    for lang in _CLDR_RELATIVE:
        for field in ("day", "week", "month", "year"):
            words.update(filter(None, (get_relative_name(field, offset, locale=lang) for offset in (-2, -1, 0, 1, 2))))
    for lang in _CLDR_NAMES:
        for context in ("format", "stand-alone"):
            words.update(get_month_names("wide", context, lang).values())
            words.update(get_day_names("wide", context, lang).values())
    words = {w.lower() for w in words} - _NOT_DATES
    run_on = re.compile(f"[{_RUN_ON}]")

    def alternatives(group: set[str]) -> str:
        return "|".join(map(re.escape, sorted(group, key=len, reverse=True)))

    # Where words run together (or take particles), a date word is found among its neighbours.
    return re.compile(
        rf"(?<!{_WORD_GOES_ON})(?:{alternatives({w for w in words if not run_on.search(w)})})(?!{_WORD_GOES_ON})"
        rf"|{alternatives({w for w in words if run_on.search(w)})}",
        _I,
    )


@cache
def _number_words(lang: str, small: bool) -> re.Pattern[str]:
    """Numbers written in words ("fünf Millionen", "oito bilhões", "一百万"; with ``small``, from two
    up: "two", "два") by the CLDR's spellout rules for ``lang`` (unicode-rbnf), or for every
    language they cover when ``lang`` is not one of them: one language's number words are others'
    ordinary words (Turkish "on" is ten, Hungarian "hat" six). One character of a script without
    spaces ("二", "이") is too common inside other words to count."""
    from unicode_rbnf import RbnfEngine

    languages = [lang] if lang in _rbnf_languages() else sorted(_rbnf_languages())
    words = set()
    for language in languages:
        engine = RbnfEngine.for_language(language)
        for number in (_SMALL if small else ()) + _MAGNITUDES:
            spelled = engine.format_number(number).text
            words.add(re.split(r"[\s\u200b-]+", spelled.strip())[-1].lower())
    return _words_pattern({w for w in words if len(w) >= 2 or not re.search(f"[{_RUN_ON}]", w)})


@cache
def _rbnf_languages() -> frozenset[str]:
    """The languages the spellout rules cover ("de", "pt"; not regional variants, nor Norwegian
    Bokmål's file, which only points to Norwegian's)."""
    from importlib.resources import files

    from unicode_rbnf import RbnfEngine

    covered = set()
    for file in files("unicode_rbnf").joinpath("rbnf").iterdir():
        language = file.name.removesuffix(".xml")
        if "_" in language or language == "root":
            continue
        try:
            RbnfEngine.for_language(language).format_number(2)
        except ValueError:
            continue
        covered.add(language)
    return frozenset(covered)


@lru_cache(maxsize=4096)
def _sentence_language(sentence: str) -> str:
    return detect_language(sentence)


_SPANS = tuple(f"duration-{unit}" for unit in ("century", "decade", "year", "month", "week", "day", "hour", "minute"))


@cache
def _span_words() -> re.Pattern[str]:
    """The words of spans of time ("years", "Jahre", "ans", "лет", "年") in the languages of
    ``_CLDR_RELATIVE`` (the CLDR's units, in the forms it writes after 1, 2, 5 and 21), and the
    words for "several"."""
    from babel.units import format_unit

    words = {"several", "plusieurs", "mehrere", "einige", "varios", "varias", "vari", "vários", "verscheidene"}
    for lang in _CLDR_RELATIVE:
        for unit in _SPANS:
            for count in (1, 2, 5, 21):
                spelled = format_unit(count, unit, length="long", locale=lang)
                words.add(re.sub(r"[\d\s\u00a0\u202f.,]+", " ", spelled).strip())
    return _words_pattern({w.lower() for w in words if len(w.split()) == 1})


# "How many" that counts things only: French "combien de", Russian "сколько", Chinese "多少" and
# others ask "how much" too ("Combien de pluie est tombée ?" is answered by "85 millimètres"); a
# French plural after it counts ("combien de salariés").
_COUNTS_THINGS = re.compile(
    r"\bhow many\b|\bwie viele\b|\bcu[aá]nt[oa]s\b|\bquant[ie]\b|\bquant[oa]s\b|\bhur många\b|\bhvor mange\b"
    r"|\bc[âî](?:ț|ţ)i\b|\bc[âî]te\b|\bπόσ(?:οι|ες|α|ους|ων)\b|\bcombien d(?:e\s+|['’])\w+[sx]\b",
    _I,
)
# Units of measure a number is often given in: a number of them is a measure, not a count of things.
_MEASURES = (
    "mass-gram", "mass-kilogram", "mass-ton", "mass-tonne", "mass-pound", "mass-ounce", "length-meter",
    "length-kilometer", "length-centimeter", "length-millimeter", "length-mile", "length-foot", "length-inch",
    "length-yard", "area-hectare", "area-acre", "area-square-kilometer", "area-square-meter", "area-square-mile",
    "volume-liter", "volume-cubic-meter", "volume-gallon", "volume-barrel", "speed-kilometer-per-hour",
    "speed-mile-per-hour", "power-watt", "power-kilowatt", "power-megawatt", "power-gigawatt",
    "energy-kilowatt-hour", "temperature-celsius", "temperature-fahrenheit",
)
# Currencies by their own nouns, in the forms the CLDR writes after a number in the languages of
# ``_CLDR_RELATIVE`` and a few more: its currency names also hold the country's ("Japanese yen",
# "yen japonais"), and "3 Japanese" count people. Not the nouns that are mostly other words after a
# number ("real", "pond", "jen").
_MONEY_WORDS = frozenset(
    """euro euros eur eura euró dollar dollars dólar dólares dollaro dollari dolar dolari dolary dolarów doları
    dolarů pound pounds pfund sterling sterlina sterline sterlini sterlină esterlina esterlinas szterling
    szterlingi szterlingów franc francs franco francos franchi franci franken franki franky franków franků frangı
    lira liras lire liry liră líra lirası reais reales réal réals yen yens yenes iene ienes yeni jeny jenów jenů
    yuan yuans yuanes yuani yuanı juan juany juanów jüan jüany renminbi rouble roubles ruble rubles rubel rubl
    rubli rublo rublos rubly rublă rublů rublesi roebel rupee rupees roupie roupies rupia rupias rupie rupien
    rupii rupií rupisi roepie rúpia hryvnia hryvnias hrywna hrywny hrywen hrywien hrywnja hrivnya grivna grivnas
    grivne grivnia grivnie grivnă grivnası hřivna hřivny hřiven
    евро євро доллар долларов доллара долар долари доларів рубль рублей рубля рубли рублі рублів гривна гривен
    гривні гривня гривны гривень франк франка франки франков франків лира лиры лир ліра ліри лір реал реала
    реалов реалів иена иены иен єна єни юань юаня юаней юані юанів фунт фунта фунтов фунтів стерлингов
    ευρώ δολάρια δολάριο λίρα λίρες ρούβλι ρούβλια ρουπία ρουπίες φράγκο φράγκα γιεν γουάν γρίβνα στερλίνα
    στερλίνες דולר אירו יואן לירה לירות פרנק רובל רופי שטרלינג يورو دولار جنيه ريال روبل روبية ليرة فرنك يوان
    إسترليني یورو دلار فرانک یوآن روپیه ریال डॉलर यूरो येन युआन रूबल रुपया रुपए रुपये पाउंड लीरा स्टर्लिंग
    美元 欧元 日元 英镑 人民币 卢布 円 ドル ユーロ フラン ルピー ルーブル レアル 달러 유로 위안화""".split()
)
# What the units above are written with after a number besides their names ("60 km", "5 €"); a
# number written together with its unit ("60km") is one quantity, its unit the letters at its end.
_UNIT_MARKS = re.compile(r"(?:km|kg|cm|mm|ha|mph|kmh|kw|mw|gw|gb|tb|m²|km²|km/h|kwh|°c?|[€$£¥₽₴₹])(?!\w)", _I)
_JOINED_UNIT = re.compile(r"(?i:km|kg|cm|mm|ha|mph|kmh|kw|mw|gw|gb|tb)$")
_COUNTRY_CODE = re.compile(r"^[A-Z]{2,3}[-\s](?=\w)")  # "300 US-Dollar", "300 US dollars"
_OF = re.compile(r"^(?:of|de|d['’]|di|do|da)\s*", _I)  # "2 millions d'euros", "5 millones de dólares"


@cache
def _unit_words() -> re.Pattern[str]:
    """The first word of spans of time and of the units of ``_MEASURES`` after a number ("years",
    "Jahre", "tonnes", "mètres" of "mètres cubes", "square" of "square miles"), in the languages of
    ``_CLDR_RELATIVE``, in the forms the CLDR writes after 1, 2, 5 and 21, and ``_MONEY_WORDS``."""
    from babel.units import format_unit

    words = set()
    for lang in _CLDR_RELATIVE:
        for count in (1, 2, 5, 21):
            for unit in _SPANS + _MEASURES:
                after = re.sub(r"^.*?\d[\d\s\u00a0\u202f.,]*", "", format_unit(count, unit, length="long", locale=lang))
                words.update(after.lower().split()[:1])
    run_on = re.compile(f"[{_RUN_ON}]")
    # Romanian "21 de secole" and Turkish "1 on yıl" (a decade: "on" is ten) put other languages'
    # ordinary words after the number, and French "livres" are pounds and books.
    words -= {"de", "on", "livre", "livres"}
    return _words_pattern({w for w in words | _MONEY_WORDS if len(w) >= 2 or run_on.search(w)})


def _in_units(quantity: re.Match[str], text: str) -> bool:
    """Whether the quantity measures in a unit rather than counts ("five years", "3年", "60 hectares",
    "900 000 mètres cubes", "60km", "5 €", "40 Millionen Euro", "2 millions d'euros")."""
    after = text[quantity.end() : quantity.end() + 40].lstrip()
    magnitude = _MAGNITUDE_MARKS.match(after) or _number_words(_sentence_language(text), small=False).match(after)
    if magnitude:
        after = after[magnitude.end() :].lstrip(". ")
    # Also after a magnitude the quantity already holds ("2 millions" of "2 millions d'euros").
    after = _OF.sub("", after)
    after = _COUNTRY_CODE.sub("", after)
    return bool(_JOINED_UNIT.search(quantity.group(0)) or _UNIT_MARKS.match(after) or _unit_words().match(after))


def _words_pattern(words: set[str]) -> re.Pattern[str]:
    """Any of ``words`` standing as a word, or, in a script that runs its words together, anywhere;
    a word of four letters or more also stands for its inflections one or two letters longer
    ("Jahren", "Millionen"; not "journal" for "jour")."""
    run_on = re.compile(f"[{_RUN_ON}]")
    spaced = sorted((w for w in words if w and not run_on.search(w)), key=len, reverse=True)
    joined = sorted((w for w in words if run_on.search(w)), key=len, reverse=True)
    inflected = "|".join(rf"{re.escape(w)}\w{{0,2}}" if len(w) >= 4 else re.escape(w) for w in spaced)
    alternatives = [rf"(?<!{_WORD_GOES_ON})(?:{inflected})(?!{_WORD_GOES_ON})"] if spaced else []
    return re.compile("|".join(alternatives + [re.escape(w) for w in joined]) or r"(?!)", _I)


# German capitalises every noun, so a capital says little there: a noun is known by what stands
# before it, an article ("einem Zugunglück"), a preposition joined with one ("im Jahr") or an
# adjective's ending ("zahlreichen Toten"). Of the capitalised words inside the sentences of UD's
# German test set (de-gsd; acronyms, months and weekdays aside), the rule keeps 0.87 of the proper
# nouns and drops 0.73 of the other nouns; the proper nouns it drops follow an article ("dem Balkan",
# "in der Normandie"; ``benchmarks/names.py``). Countries are kept whatever stands before them ("in
# der Türkei").
_GERMAN_ARTICLES = re.compile(
    r"(?:[dms]?ein|kein|mein|dein|sein|ihr|unser|euer)(?:e[mnrs]?)?|d(?:er|ie|as|en|em|es)"
    r"|(?:dies|jen|jed|welch|solch|manch|all)(?:e[mnrs]?)|viele[nr]?|einige[nr]?|mehrere[nr]?|beide[nr]?"
    r"|im|am|zum|zur|vom|beim|ins|ans|aufs",
    _I,
)
_BRACKETED_WORD = re.compile(r"\((\w+)\)")
# An adjective's ending, in lower case; not verbs in the past ("sagte Merkel") nor these words.
_GERMAN_ADJECTIVE = re.compile(r"[a-zäöüß]{2,}(?:e[mnrs]|(?<!t)e)")
_GERMAN_NOT_ADJECTIVES = frozenset(
    "aber oder sondern sowie über unter hinter nahe gegen neben zwischen wegen außer binnen ohne wieder immer "
    "gestern heute morgen später früher zudem außerdem nachdem indem trotzdem".split()
)


def _names(text: str, who: bool = False) -> list[str]:
    """Capitalised words that do not open the sentence, and acronyms, in any cased script; in
    German, not those ``_german_noun`` finds to be nouns, nor, asked ``who``, a word alone in
    brackets: a caption's "(Bild)" or "(Foto)", a party's "(Grüne)", said of the name before it (a
    place in brackets is where: "bei Larissa (Griechenland)")."""
    words = _WORD.findall(text)
    german = _sentence_language(text) == "de"
    bracketed = set(_BRACKETED_WORD.findall(text)) if german and who else set()
    return [w for i, w in enumerate(words) if _ACRONYM.fullmatch(w) or (
        i > 0 and w[0].isupper() and w not in bracketed and not (german and _german_noun(words[i - 1], w)))]


def _german_noun(before: str, word: str) -> bool:
    """Whether a capitalised German ``word`` is a noun rather than a name, by the word before it."""
    if countries(_fold_word(word)):
        return False
    return bool(_GERMAN_ARTICLES.fullmatch(before) or (
        _GERMAN_ADJECTIVE.fullmatch(before) and before not in _GERMAN_NOT_ADJECTIVES))


@lru_cache(maxsize=256)
def _named_in(question: str) -> tuple[str, ...]:
    """What ``question`` names: its anchors, and, as a German question's anchors leave out the words
    that may be nouns, every capitalised word after its first ("Wo ereignete sich das Zugunglück in
    Griechenland?" names Greece)."""
    capitalised = [_fold_word(w) for w in _WORD.findall(question)[1:] if w[0].isupper()]
    return tuple(dict.fromkeys([*anchors(question), *capitalised]))


def can_answer(sentence: str, kinds: set[AnswerType], question: str = "", before: str = "") -> bool:
    """Whether ``sentence`` holds something of every kind the question asks for.

    A name or place must be one the question does not name already ("Who met Putin?" is not
    answered by "Putin arrived."); a sentence in a script without capitals passes that check. So
    must a number or a year ("When did they win the title before 2000?" is not answered by "They
    won it in 2000."). A population asked for is a number of inhabitants: the sentence, or the one
    ``before`` it, must speak of them (``_counts_inhabitants``).
    """
    numeric = kinds & {AnswerType.COUNT, AnswerType.AMOUNT}
    if numeric and not _counts_inhabitants(question, kinds, f"{before} {sentence}"):
        return False
    given = {m.group(0) for m in _QUANTITY.finditer(_ascii_digits(question))}
    sentence = _QUANTITY.sub(lambda m: " " if m.group(0) in given else m.group(0), _ascii_digits(sentence))
    for kind in kinds:
        if kind in (AnswerType.COUNT, AnswerType.AMOUNT):
            undated = _CJK_DATE.sub(" ", _DAY_MONTH.sub(" ", sentence))
            whole = (kind is AnswerType.COUNT or _names_a_count(question)) and not _asks_a_share(question)
            # "How many employees…" is not answered by "…in five years" nor "…60 hectares"; "How
            # many years…" and "How many hectares…" are.
            things = bool(_COUNTS_THINGS.search(question)) and not _unit_words().search(question)
            if any(not _YEAR.fullmatch(m.group(0)) and not (whole and _measures(m, undated))
                   and not (things and _in_units(m, undated)) for m in _QUANTITY.finditer(undated)):
                continue
            spelled = _number_words(_sentence_language(undated), small=kind is AnswerType.COUNT)
            if not any(not (things and _in_units(m, undated))
                       for pattern in (_UNSPELLED_NUMBERS, spelled) for m in pattern.finditer(undated)):
                return False
        elif kind is AnswerType.DURATION:
            if not (re.search(r"\d", sentence) or _span_words().search(sentence)):
                return False
        elif kind is AnswerType.DATE:
            if not (_YEAR.search(sentence) or _ISO_DATE.search(sentence) or _date_words().search(sentence)
                    or _CENTURY.search(sentence) or _CJK_DATE.search(sentence) or _BEFORE_NOW.search(sentence)):
                return False
        elif kind in (AnswerType.NAME, AnswerType.PLACE):
            if not any(ch.isupper() or ch.islower() for ch in sentence):
                continue
            known = _named_in(question)
            if not any(not _matches(_fold_word(name), known) for name in _names(sentence, kind is AnswerType.NAME)):
                return False
    return True


# A population is counted in inhabitants: "711,988 inhabitants", "home to two areas that exceed
# five million in population", "12 000 habitants", "人口2189万". A question asking for one ("What is
# the population of Valmont?", "How many inhabitants…", not "What share of the population…") is not
# answered by a sentence whose numbers are euros, votes or spectators ("…budget of 48.2 million
# euros, by 27 votes to 6"), nor by an amount per inhabitant, nor, when it asks for the population,
# by people counted for something else ("120 personnes ont été évacuées"; so "a city of 1.5 million
# people" does not answer it either). Only where the sentence's language is one these words are
# known in: elsewhere, nothing is known of what its numbers count.
_PER = r"(?<!\bper )(?<!\bpar )(?<!\bpor )(?<!\bpro )(?<!\bна )(?<!\bдушу )"  # "1 150 euros par habitant"
_INHABITANT_NOUNS = (
    rf"{_POPULATION_NOUNS}|bev[öo]lkerung|inhabitants?|habitant(?:e)?s?|einwohner\w*|abitanti|inwoners|жител\w*"
    r"|мешканц\w*|mieszkań\w*|obyvatel\w*|invånare|innbyggere|indbyggere|locuitori|penduduk|κάτοικ\w*"
    r"|(?:ال)?(?:تعداد|سكان)|جمعیت"
)
_INHABITANTS_ASKED = re.compile(rf"{_PER}\b(?:{_INHABITANT_NOUNS})\b|人口|居民|인구", _I)
_INHABITANTS = re.compile(
    rf"{_PER}\b(?:{_INHABITANT_NOUNS}|populat\w*|populous|inhabit\w*|residents?|citizens|peupl\w*|âmes|résidents?"
    r"|bev[öo]lker\w*|bewohner\w*|poblaci\w*|poblad\w*|residentes|vecinos|popola\w*|residenti|popula[çc]\w*"
    r"|bevolk\w*|населен\w*|насельн\w*|jiwa|(?:ال)?(?:نسمة|مواطن\w*))\b|人口|居民|住民|万人|萬人|億人|인구|주민",
    _I,
)
_PEOPLE = re.compile(
    rf"{_PER}\b(?:people|persons|personnes|menschen|personas|persone|pessoas|mensen|человек|людей|осіб|ludzi|osób"
    r"|lidí|oameni|kişi|orang|نفر)\b",
    _I,
)
_INHABITANT_LANGUAGES = frozenset(
    "en fr de es it pt nl ru uk pl cs sk sv no nb nn da ro tr id ms el ar fa zh wuu yue ja ko".split()
)


def _counts_inhabitants(question: str, kinds: set[AnswerType], text: str) -> bool:
    """Whether ``text`` can tell the population or number of inhabitants ``question`` asks for (any
    text can when it asks neither); "how many inhabitants…" is answered by people too."""
    if not _INHABITANTS_ASKED.search(question) or _asks_a_share(question):
        return True
    if _INHABITANTS.search(text) or (AnswerType.COUNT in kinds and _PEOPLE.search(text)):
        return True
    return _sentence_language(text) not in _INHABITANT_LANGUAGES


# A decimal with no magnitude after it ("a magnitude 7.7 earthquake", "the average household size
# was 3.07") measures something: it counts nothing, and is no population ("7.7 million", "2,5 Mio.",
# "$3.5bn" are), unless the question asks for a rate, an average or a share ("How many points per
# game…", "Wie viel Prozent…"). Nor is a percentage a count ("How many employees lose their jobs?"
# is not answered by "demand fell by 40 %"; of XQuAD's 222 "how many" questions in three languages,
# one has a share for its answer).
_DECIMAL = re.compile(r"\d+[.,]\d{1,2}")
_RATE = re.compile(
    r"\b(?:per|pro|par|por|average\w*|mean|durchschnitt\w*|moyen\w*|promedio|media|medi[oa]|gemiddeld\w*"
    r"|в среднем|средн\w*|середн\w*|średni\w*|průměr\w*|priemer\w*|genomsnitt\w*|gjennomsnitt\w*|gennemsnit\w*"
    r"|rata-rata|ortalama|percent\w*|prozent\w*|pour ?cent\w*|porcentaje|procent\w*|prosent\w*|процент\w*"
    r"|відсот\w*)\b|%",
    _I,
)
_PERCENT = re.compile(
    r"\s?(?:[%％٪]|per ?cent|pour ?cent|prozent|por ?ciento|per ?cento|por ?cento|procent|процент|відсот|درصد)", _I
)
_MAGNITUDE_MARKS = re.compile(r"\s?(?:mio|mrd|mln|mn|bn|tsd|тыс|млн|млрд|lakh|crore|[万亿億])", _I)
# What shares are asked with besides the rate words: "What share of the population…", "Anteil", and
# "how many of them" ("How many of the Scottish electorate would need to vote for it?" "40%").
_SHARE = re.compile(
    r"\b(?:share|proportion|fraction|anteil\w*|quote|quota|taux|proporci[oó]n|tasa|percentuale|дол[яиюей]"
    r"|частк\w*|odset\w*|podíl\w*|podiel\w*|andel\w*|oran[ıi]?)\b|(?:ال)?نسبة"
    r"|\bhow many of\b|\bwie viele (?:der|von)\b|\bcu[aá]nt[oa]s de\b|\bcombien des\b"
    r"|\bquant[ie] (?:dei|degli|delle|tra)\b|\bquant[oa]s d[oa]s\b",
    _I,
)


def _asks_a_share(question: str) -> bool:
    """Whether the question asks for a rate, an average or a share, which decimals tell."""
    return bool(_RATE.search(question) or _SHARE.search(question))


def _measures(quantity: re.Match[str], text: str) -> bool:
    """Whether the quantity measures rather than counts: a bare decimal or a percentage."""
    after = text[quantity.end() : quantity.end() + 30]
    if _PERCENT.match(after):
        return True
    if not _DECIMAL.fullmatch(quantity.group(0)):
        return False
    magnitudes = _number_words(_sentence_language(text), small=False)
    return not (_MAGNITUDE_MARKS.match(after) or magnitudes.match(after.lstrip()))


# A year standing for itself: "1998", "2019年", "in 2023"; the group after it marks a decade or a
# century written as one ("1970s", "the 1700s", "1970er", "1970-х"), which is not that year. Not
# ``_YEAR``: that one only tells whether a sentence holds a date, and a decade is one.
_A_YEAR = re.compile(rf"(?<![^\W{_RUN_ON}])(?<!-)(1[6-9]\d\d|20\d\d)(s\b|['’]s\b|er|ern|-х|-е)?(?![^\W{_RUN_ON}])")


def _years(text: str) -> tuple[set[str], set[str]]:
    """The years ``text`` names, and the decades and centuries it writes as years."""
    text = _ascii_digits(text)
    years, spans = set(), set()
    for match in _A_YEAR.finditer(text):
        (spans if match.group(2) else years).add(match.group(1))
    return years, spans


def year_contradicted(question: str, evidence: str, passage: str, dated: str | None) -> bool:
    """Whether the evidence names another year than the one the question asks about, which neither
    its passage nor its article's date holds ("Who designed ABC's 1998 graphic design?" against
    "…its 2001–02 identity…"). That a year is missing says little (news rarely repeats the year of
    its own date); that another stands in its place says the evidence is about something else."""
    asked, _ = _years(question)
    if not asked:
        return False
    held = _ascii_digits(f"{passage} {dated or ''}")
    if any(year in held for year in asked):
        return False
    named, spans = _years(evidence)
    return bool((named | spans) - asked)


def country_contradicted(question: str, evidence: str, passage: str) -> bool:
    """Whether the evidence names another country than those the question asks about, while
    neither it nor its passage (with its title) names one of them, even by an adjective: "Who is
    the president of Kenya?" is not answered by "Bola Tinubu is elected president of Nigeria". A
    translation renames a country but keeps it (``countries.countries_named`` reads its names in
    many languages); a sentence naming no country at all may still be about it."""
    asked = countries_named(question)
    if not asked or asked & countries_named(passage, loosely=True):
        return False
    named = countries_named(evidence)
    return bool(named) and not asked & countries_named(evidence, loosely=True)


def year_after_article(question: str, passage: str, dated: str | None) -> bool:
    """Whether every year the question asks about began after its article was written, and its
    passage names none of them: news does not report what has not happened yet ("Who won the 2023
    Nobel Peace Prize?" is not answered by an article of October 2022 that names no year, however
    alike the prizes). An article that looks ahead names the year it looks to; one that says "next
    year" is declined too, which is the side to err on."""
    asked, _ = _years(question)
    written = dated[:4] if dated else ""
    if not asked or not written.isdigit() or any(int(year) <= int(written) for year in asked):
        return False
    held = _ascii_digits(passage)
    return not any(year in held for year in asked)


# Words too common to say what a question is about (four letters or more: shorter ones are skipped).
_COMMON = frozenset(
    """what which when where does have that this with from were been into their there about after
    before other than many much most some such them they then these those through during under
    would could should being also only over while whose whom
    quel quelle quels quelles quand comment pourquoi combien dans pour avec sont était avait
    leur leurs cette sont plus après avant entre depuis selon
    welche welcher welches wann warum wieviel wurde wurden werden haben hatte sind eine einer einem
    einen dieser diese dieses nach über unter durch gegen zwischen
    cuál cuáles cuándo dónde cómo cuánto cuántos cuántas fueron tiene tenía para sobre entre desde
    hasta durante según esta este estos estas""".split()
)


# "What happened", "what's new", "any news", "the latest news" in the languages of ``text.periods``
# (``digest._FILLER``'s words are taken out of a question first).
WHAT_HAPPENED = re.compile(
    r"what(?:['’]s| has| is)?\s+(?:happened|happening|new)|what(?:['’]s|\s+was|\s+is)\s+(?:in\s+)?(?:the\s+)?news"
    r"|\bany\s+news|(?:what(?:['’]s|\s+is|\s+are)\s+)?(?:latest|newest|most\s+recent)\s+(?:news|headlines)"
    r"|qu['’]est[- ]ce\s+qui\s+s['’]est\s+passé|que\s+s['’]est[- ]il\s+passé|quoi\s+(?:de\s+)?neuf|quelles\s+nouvelles"
    r"|(?:quelles\s+sont\s+)?dernières\s+(?:nouvelles|informations|actualités)"
    r"|was\s+(?:ist\s+)?(?:geschah|geschehen|passiert|gab\s+es\s+neues)|was\s+war\s+los|was\s+gibt\s+es\s+neues"
    r"|(?:was\s+sind\s+)?(?:die\s+)?(?:neuesten|letzten|aktuellen)\s+(?:nachrichten|meldungen)"
    r"|qu[ée]\s+(?:pas[óo]|ha\s+pasado|ocurri[óo]|sucedi[óo]|hay\s+(?:de\s+)?nuevo)"
    r"|(?:cu[áa]les\s+son\s+)?últimas\s+(?:noticias|novedades)"
    r"|cosa\s+è\s+(?:successo|accaduto)|(?:quali\s+sono\s+)?ultime\s+notizie|o\s+que\s+aconteceu"
    r"|(?:quais\s+são\s+)?(?:as\s+)?últimas\s+notícias"
    r"|wat\s+is\s+er\s+gebeurd|wat\s+gebeurde|(?:wat\s+is\s+)?(?:het\s+)?laatste\s+nieuws"
    r"|что\s+(?:произошло|случилось|нового|было)|(?:какие\s+)?последние\s+новости",
    re.IGNORECASE,
)


# What asks for nothing but the news of what follows it: "What happened with…", "Que s'est-il passé
# avec…", "Tell me about…" (and German's "Was ist mit … passiert?").
_NEWS_OF = re.compile(
    rf"(?:(?:{WHAT_HAPPENED.pattern})\s+(?:with|to|about|on|of|regarding|avec|à|au|aux|sur|de|du|des|d['’]|mit|über"
    r"|zu|zum|zur|von|con|a|al|sobre|del|com|met|с|со)"
    r"|tell\s+me\s+about|news\s+(?:about|on|of)|parle[sz]?[- ]moi\s+de|nouvelles\s+de|erzähl(?:en\s+Sie)?\s+mir\s+von"
    r"|nachrichten\s+(?:über|zu|von)|háblame\s+de|noticias\s+(?:de|sobre)"
    r"|was\s+(?:ist|geschah)\s+mit(?=\s.+\s(?:passiert|geschehen|los)\W*$))"
    r"\s+(?P<topic>.+?)(?:\s+(?:passiert|geschehen|los))?[\s?？.!]*$",
    re.IGNORECASE,
)
# "Who is…", which asks the news of a name, and of nothing else ("Who is the president of Kenya?"
# asks for one).
_WHO_IS_NAMED = re.compile(
    r"(?:who\s+(?:is|was)|who['’]s|qui\s+(?:est|était)|wer\s+(?:ist|war)|quién\s+(?:es|era|fue))"
    r"\s+(?P<topic>.+?)[\s?？.!]*$",
    re.IGNORECASE,
)


def news_of(query: str) -> str:
    """What ``query`` asks the news of: what follows "What happened with", "Tell me about" and the
    like, or "Who is" when that is a name ("What happened with Xi Jinping?", "Who is Xi Jinping?":
    "Xi Jinping"), else the query as it is. A question about a topic and nothing else is the topic
    alone."""
    query = query.strip().lstrip("¿¡")
    found = _NEWS_OF.fullmatch(query)
    if found:
        return found.group("topic")
    found = _WHO_IS_NAMED.fullmatch(query)
    return found.group("topic") if found and is_a_name(found.group("topic")) else query


def is_a_topic(query: str) -> bool:
    """Whether ``query`` names something to tell the news of rather than asking a question: a name
    alone ("Elon Musk"), or a phrase as typed into a search box that asks for no kind of answer
    (``is_a_phrase``, ``expected_types``: "xi jinping", "turkey earthquake"; "death toll turkey
    earthquake" asks for a figure and is judged as it stands)."""
    return is_a_name(query) or (is_a_phrase(query) and not expected_types(query))


def topic_question(query: str) -> str:
    """What a query that names a topic (``is_a_topic``) asks of news: what happened with it. Judged
    as it stands, a topic has no question for a sentence to answer, and the sentence most like it is
    answered however little it has to do with it ("Elon Musk": "Blinken's trip to China is
    postponed…"). A country typed in lower case is read as the news writes it, capitalised
    ("turkey earthquake": Turkey), so that it is weighed as a name, and a story from another country
    is not taken for it. Any other query is returned as it is."""
    return f"What happened with {capitalised_countries(query.strip())}?" if is_a_topic(query) else query


# How many of a question's words ``without_each_word`` leaves out, at most: each costs one more
# question vector (some 20 ms on one core), and questions rarely hold more.
WORDS_LEFT_OUT = 16
_ANY_WORD = re.compile(r"\w+")
_RUN_ON_LETTER = re.compile(f"[{_RUN_ON}]")


def without_each_word(question: str) -> list[str]:
    """The question with each of its words left out in turn: the words of three letters or more
    that are not its interrogative (when it opens the question: ``interrogative_first``) nor one
    of the common words of ``content_words``, in scripts that write words apart (a run of Chinese
    or Thai is a phrase, not a word), the first ``WORDS_LEFT_OUT`` of them."""
    words = list(_ANY_WORD.finditer(question))
    if words and interrogative_first(question):
        words = words[1:]
    kept = [m for m in words if len(m.group(0)) >= 3 and m.group(0).lower() not in _COMMON
            and not _RUN_ON_LETTER.search(m.group(0))][:WORDS_LEFT_OUT]
    return [" ".join(f"{question[: m.start()]}{question[m.end() :]}".split()) for m in kept]


def content_words(question: str) -> tuple[str, ...]:
    """The question's words that say what it is about, folded to ASCII."""
    words = (_fold_word(w) for w in _WORD.findall(question) if len(w) >= 4 and w.lower() not in _COMMON)
    return tuple(dict.fromkeys(w for w in words if len(w) >= 4 and w not in _COMMON))


def word_overlap(words: tuple[str, ...], text: str) -> float:
    """The share of ``words`` that ``text`` contains, up to an inflection or a close spelling
    (so names and cognates match across languages: "Parlament" ~ "parliament")."""
    if not words:
        return 0.0
    found = {w for w in folded_words(text) if len(w) >= 4 and not w.isdigit()}
    return sum(_matches(w, found) for w in words) / len(words)
