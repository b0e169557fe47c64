"""Question (and history) in, cited answer out: rewrite the follow-up, retrieve, answer."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Protocol

from assistant.answer.results import Answer, Citation
from assistant.answer.timeline import ARTICLES, build_timeline, timeline_topic
from assistant.config import EXTRACTIVE, Settings
from assistant.answer.co_citation import cite_other_tellings
from assistant.answer.digest import asks_what_happened, build_digest
from assistant.answer.conversation import Message, rewrite_follow_up
from assistant.errors import QueryError
from assistant.answer.evidence import EvidenceScorer
from assistant.answer.extractive import ExtractiveAnswerer
from assistant.answer.judgement import Judge, load_calibration
from assistant.answer.question_cues import AnswerType, anchor_share, anchors, can_answer, expected_types
from assistant.answer.wording import decline, phrases
from assistant.text.language import question_language
from assistant.text.names import numbers
from assistant.text.periods import Period, asks_for_latest, day_label, latest_week, question_period
from assistant.indexing.store import date_bounds
from assistant.search.retriever import MAX_K, Passage, Retriever

if TYPE_CHECKING:
    from assistant.answer.llm import LLMAnswerer

MAX_QUESTION_CHARS = 2000
# Questions after a figure ("how many dead", "what is the death toll"), which later tellings update.
_FIGURES = {AnswerType.COUNT, AnswerType.AMOUNT}
# How many of a story's other tellings are read for its latest figure, or for what its quote lacks.
_TELLINGS_READ = 5


class Answerer(Protocol):
    def answer(self, question: str, query: str, language: str, passages: list[Passage]) -> Answer: ...


class AnswerService:
    def __init__(self, settings: Settings, retriever: Retriever, scorer: EvidenceScorer):
        self.settings = settings
        self.retriever = retriever
        self.scorer = scorer
        self.llm = None
        # Every answerer decides whether to answer the same way (answer.judgement).
        judge = Judge(scorer, load_calibration(settings.calibration), settings.refusal_threshold)
        if settings.llm == EXTRACTIVE:
            self.answerer: Answerer = ExtractiveAnswerer(judge, settings.prompts_dir)
        else:
            from assistant.answer.llm import LLMAnswerer, chat_model

            self.llm = LLMAnswerer(chat_model(settings), scorer, judge, settings)
            self.answerer = self.llm

    def _prepare(
        self, question: str, history: list[Message] | None, k: int | None, when: When
    ) -> tuple[str, str, Period | None, list[Passage]]:
        if not isinstance(question, str) or not question.strip():
            raise QueryError("the question is empty")
        if len(question) > MAX_QUESTION_CHARS:
            raise QueryError(f"the question is {len(question)} characters long; the limit is {MAX_QUESTION_CHARS}")
        language = question_language(question)
        query = self.llm.standalone(question, history) if self.llm else rewrite_follow_up(question, history)
        # Explicit since/until win over a period the question names.
        explicit = when.since or when.until
        period = None if explicit else question_period(query, when.as_of)
        if period is None and not explicit and asks_what_happened(query):
            newest = self.retriever.store.newest_day(when.as_of or date.today())
            period = latest_week(newest) if newest else None
        k = k or self.settings.answer_k
        passages = self._retrieve(query, k, when, period)
        if period and not passages and (not period.firm or not self.retriever.store.holds_dates()):
            # "In July" with no article from July: the month the event happened, told later. And
            # articles without dates (an encyclopedia) cannot be placed in any period.
            period, passages = None, self.retriever.retrieve(query, k=k)
        return query, language, period, passages

    def _retrieve(
        self, query: str, k: int, when: When, period: Period | None, one_per_story: bool = True
    ) -> list[Passage]:
        """Passages from the articles of the explicit range, or of the period the question names."""
        return self.retriever.retrieve(
            query, k=k, since=when.since, until=when.until,
            within=(period.since, period.until) if period else None, one_per_story=one_per_story,
        )

    def ask(
        self, question: str, history: list[Message] | None = None, k: int | None = None, when: When | None = None
    ) -> Answer:
        when = when or When()
        query, language, period, passages = self._prepare(question, history, k, when)
        return self._period_answer(question.strip(), query, language, period, passages, k, when)

    def _period_answer(
        self, question: str, query: str, language: str, period: Period | None, passages: list[Passage],
        k: int | None, when: When,
    ) -> Answer:
        """The answer from the articles of the period the question names; when they answer nothing,
        from those of the days after it as well (``_days_after``)."""
        answer = self._empty_period(question, query, language, period, passages, when) or self._framed(
            self._answer(question, query, language, passages, k, when, period), period)
        after = None if answer.grounded else self._days_after(query, period, passages, k, when)
        if after is None:
            return answer
        reported, later = after
        found = self._answer(question, query, language, later, k, when, reported)
        return self._framed(found, period, reported) if found.grounded else answer

    def _days_after(
        self, query: str, period: Period | None, passages: list[Passage], k: int | None, when: When
    ) -> tuple[Period, list[Passage]] | None:
        """The period with the days after it that report its news (``Period.reported``: a coup of
        30 September, reported on 1 October) and their passages, when those add to ``passages``;
        None without a period, for a period's digest (the news of September is what September's
        articles tell), or when ``as_of`` leaves no day after it."""
        if period is None or asks_what_happened(query, period):
            return None
        reported = period.reported(when.as_of)
        if reported.until == period.until:
            return None
        later = self._retrieve(query, k or self.settings.answer_k, when, reported)
        if {p.id for p in later} <= {p.id for p in passages}:
            return None
        return reported, later

    def _answer(
        self, question: str, query: str, language: str, passages: list[Passage], k: int | None, when: When,
        period: Period | None,
    ) -> Answer:
        topic = timeline_topic(query)
        if topic:
            return self._timeline(question, query, topic, language, when, period)
        span = _digest_span(query, period, when, passages)
        digest = self._digest(question, query, language, span) if span else None
        if digest:
            return digest
        answer = self.answerer.answer(question, query, language, passages)
        if answer.grounded and asks_for_latest(query):
            return self._newest(answer, question, query, language, k or self.settings.answer_k, when, period)
        if answer.grounded and expected_types(query) & _FIGURES:
            answer = self._newest_figure(answer, question, query, language, k or self.settings.answer_k, when, period)
        if answer.grounded:
            answer = self._telling_that_holds(answer, question, query, language, k or self.settings.answer_k, when,
                                              period)
        if any(c.also_in for c in answer.citations):
            # The same passages with every telling: the other outlets' sentences saying the same.
            tellings = self._retrieve(query, k or self.settings.answer_k, when, period, one_per_story=False)
            answer = cite_other_tellings(answer, tellings, self.scorer)
        return answer

    def _newest(
        self, answer: Answer, question: str, query: str, language: str, k: int, when: When, period: Period | None
    ) -> Answer:
        """For "the latest on…": the newest article, among twice as many passages as usual, that
        answers on its own, if it is newer than what the answer cites and its quotes name as much
        of what the question names (the latest on one hurricane is not news of another). When the
        answer's quotes name none of it (the question's "Reino Unido" is the quote's "United
        Kingdom"), or the question names nothing ("Qui est l'homme le plus riche du monde ?"), a
        newer quote must keep half of the answer's own names instead: "¿Quién es el nuevo primer
        ministro del Reino Unido?" is not answered by the newest election anywhere, nor the richest
        man by the newest news of any man; and an answer whose quotes name nothing either stands.
        Only an answerable question gets here, so looking at more articles gives no second chance
        to a question the articles do not answer."""
        named = _naming(query)
        first = named(answer)
        keeps = None if anchors(query) and first > 0 else _keeps_names(answer)
        if keeps and not anchors(_quoted(answer)):
            return answer  # nothing to tell a newer answer's topic by
        cited = max((c.date for c in answer.citations if c.date), default="")
        # Every telling: the newest is often a later telling of the same story.
        wider = self._retrieve(query, min(2 * k, MAX_K), when, period, one_per_story=False)
        newer = sorted({p.article.id: p.article for p in wider if (p.article.date or "") > cited}.values(),
                       key=lambda a: a.date or "", reverse=True)
        for article in newer:
            own = [p for p in wider if p.article.id == article.id]
            candidate = self.answerer.answer(question, query, language, own)
            if candidate.grounded and named(candidate) >= first and (keeps is None or keeps(candidate)):
                return replace(candidate, passages=wider)
        return answer

    def _newest_figure(
        self, answer: Answer, question: str, query: str, language: str, k: int, when: When, period: Period | None
    ) -> Answer:
        """A figure that a story updates (a death toll, the count of the displaced) from the story's
        newest telling that answers with another figure, when that is newer than the quote: the
        first day's toll is not the toll. Only the tellings of the quoted story are read
        (``indexing.stories``), each as ``_retold`` takes it, so another disaster's toll does not
        stand in for this one's."""
        cited = answer.citations[0]
        story = _story_of(answer)
        if story is None or not cited.date:
            return answer
        newer = sorted(
            (r for r in self.retriever.store.tellings(story).values() if (r.date or "") > cited.date),
            key=lambda r: r.date or "", reverse=True,
        )
        # The newest day's tellings, the one the judge is surest of; a day whose tellings do not
        # state the figure (aftermath reports) makes way for the day before, but a story of fifty
        # tellings is not read whole for one question.
        found: list[tuple[Answer, list[Passage]]] = []
        answered_on = None
        for later in newer[:_TELLINGS_READ]:
            if answered_on and later.date != answered_on:
                break
            retold = self._retold(answer, later.id, question, query, language, k, when, period)
            if retold:
                found.append(retold)
                answered_on = later.date
        if not found:
            return answer
        # The surest, and of two as sure the one stating more figures ("272 dead" over "several
        # hundred dead").
        best, own = max(found, key=lambda pair: (pair[0].citations[0].score, len(_figures_of(pair[0]))))
        if _figures_of(best) == _figures_of(answer):
            return answer  # the figure has not changed: the first quote, with its co-citations, stands
        return _moved_to(best, own, answer)

    def _telling_that_holds(
        self, answer: Answer, question: str, query: str, language: str, k: int, when: When, period: Period | None
    ) -> Answer:
        """The answer from another telling of the quoted story when the quote lacks the kind of
        answer asked for and that telling has it: one outlet writes "a train crash in Greece",
        another "a collision near Larissa (Greece)", and only the second says where. The story's
        tellings that retrieval found are read first, then its newest; of those that have it, the
        one the judge is surest of."""
        kinds = expected_types(query)
        story = _story_of(answer)
        if not kinds or story is None or can_answer(_quoted(answer), kinds, query):
            return answer
        newest = sorted(self.retriever.store.tellings(story).values(), key=lambda r: r.date or "", reverse=True)
        cited = answer.citations[0].id
        others = dict.fromkeys(i for i in [*(o["id"] for c in answer.citations for o in c.also_in),
                                           *(r.id for r in newest)] if i != cited)
        found = [retold for other in list(others)[:_TELLINGS_READ]
                 if (retold := self._retold(answer, other, question, query, language, k, when, period))
                 and can_answer(_quoted(retold[0]), kinds, query)]
        if not found:
            return answer
        best, own = max(found, key=lambda pair: pair[0].citations[0].score)
        return _moved_to(best, own, answer)

    def _retold(
        self, answer: Answer, telling: str, question: str, query: str, language: str, k: int, when: When,
        period: Period | None,
    ) -> tuple[Answer, list[Passage]] | None:
        """The answer one other telling of the quoted story gives on its own, with its passages,
        if it answers and its quotes name as much of what the question names and keep at least
        half of the first quote's names (another event the story model put in the story by
        mistake names others). A period the question names still bounds it. The story's other
        tellings retrieval found stay named beside the new quote (``also_in``)."""
        story = _story_of(answer)
        told = {a.id: a for p in answer.passages if p.article.story_key == story for a in (p.article, *p.also_in)}
        own = self.retriever.retrieve(
            query, k=k, since=when.since, until=when.until, sources=[telling],
            within=(period.since, period.until) if period else None, one_per_story=False,
        )
        own = [replace(p, also_in=tuple(a for i, a in told.items() if i != telling)) for p in own]
        candidate = self.answerer.answer(question, query, language, own) if own else None
        named = _naming(query)
        if candidate and candidate.grounded and named(candidate) >= named(answer) and _keeps_names(answer)(candidate):
            return candidate, own
        return None

    def _digest(self, question: str, query: str, language: str, period: Period) -> Answer | None:
        """"What happened last week?": the period's most told stories, a line each, oldest first
        (``answer.digest``); None when no article of the period has a sentence to quote."""
        entries = build_digest(self.retriever.store, period, language)
        if not entries:
            return None
        table = phrases(self.settings.prompts_dir, language)
        citations: list[Citation] = []
        lines = []
        for entry in entries:
            article, sentence = entry.passage.article, entry.sentence
            citations.append(Citation(len(citations) + 1, article.id, article.title, article.date, article.source,
                                      sentence.text, sentence.start, sentence.end,
                                      also_in=[asdict(other) for other in entry.others]))
            lines.append(f"{article.date}: " + table["quote"].format(quote=sentence.text, markers=f"[{len(citations)}]"))
        return Answer(question, "\n".join(lines), citations, True, language, [e.passage for e in entries], query)

    def _timeline(
        self, question: str, query: str, topic: str, language: str, when: When, period: Period | None
    ) -> Answer:
        """"Timeline of…": one line per event, oldest first, its date and the quote of its earliest
        telling, with a marker for every article that tells it (``answer.timeline``)."""
        passages = self._retrieve(topic, ARTICLES, when, period, one_per_story=False)
        entries = build_timeline(topic, passages, self.scorer)
        table = phrases(self.settings.prompts_dir, language)
        if not entries:
            return Answer(question, decline(table, question, passages, None), [], False, language, passages, query)
        citations: list[Citation] = []
        lines = [table["timeline"].format(topic=topic)]
        for entry in entries:
            markers = ""
            for telling in [entry, *entry.also]:
                citations.append(Citation(len(citations) + 1, telling.article_id, telling.title, telling.date,
                                          telling.source, telling.quote, telling.start, telling.end))
                markers += f"[{len(citations)}]"
            lines.append(f"{entry.date}: " + table["quote"].format(quote=entry.quote, markers=markers))
        return Answer(question, "\n".join(lines), citations, True, language, passages, query)

    def stream(
        self, question: str, history: list[Message] | None = None, k: int | None = None, when: When | None = None
    ) -> Iterator[str | Answer]:
        """Text as it is produced, then the final ``Answer`` (whose text is authoritative)."""
        when = when or When()
        query, language, period, passages = self._prepare(question, history, k, when)
        empty = self._empty_period(question.strip(), query, language, period, passages, when)
        if not empty and self.llm and not timeline_topic(query) and not _digest_span(query, period, when, passages):
            yield from self._llm_stream(self.llm, question.strip(), query, language, period, passages, k, when)
            return
        answer = empty or self._period_answer(question.strip(), query, language, period, passages, k, when)
        # The extractive answer exists whole at once; streaming it word by word keeps one contract.
        yield from re.findall(r"\S+\s*", answer.text)
        yield answer

    def _llm_stream(
        self, llm: LLMAnswerer, question: str, query: str, language: str, period: Period | None,
        passages: list[Passage], k: int | None, when: When,
    ) -> Iterator[str | Answer]:
        """The model's answer as it writes it, under the line naming the period it is read from. The
        judge decides before the model writes a word, so when it declines the period's own articles
        the days after it are read, as ``ask`` reads them; once words are out, they are the answer."""
        parts = llm.stream(question, query, language, passages)
        first = next(parts)
        reported = None
        declined = isinstance(first, Answer) and not first.grounded
        after = self._days_after(query, period, passages, k, when) if declined else None
        if after:
            later_parts = llm.stream(question, query, language, after[1])
            later_first = next(later_parts)
            if not isinstance(later_first, Answer) or later_first.grounded:
                reported, first, parts = after[0], later_first, later_parts
        if period:
            yield self._period_line(period, language, reported) + "\n"
        for part in itertools.chain([first], parts):
            yield self._framed(part, period, reported) if isinstance(part, Answer) else part

    def _period_line(self, period: Period, language: str, reported: Period | None = None) -> str:
        table = phrases(self.settings.prompts_dir, language)
        if reported is None:
            return table["period"].format(period=period.label(language))
        # A phrase file of one's own written before "period_reported" existed still frames the answer.
        line = table.get("period_reported", table["period"])
        return line.format(period=period.label(language), until=day_label(reported.until, language))

    def _framed(self, answer: Answer, period: Period | None, reported: Period | None = None) -> Answer:
        """The answer under a line saying which period's articles it was read from (and, when it
        was read from the days after it too, ``reported``: ``Period.reported``)."""
        if period is None:
            return answer
        data = period.to_dict(answer.language)
        if reported:
            data["reported_until"] = reported.until.isoformat()
        return replace(answer, text=self._period_line(period, answer.language, reported) + "\n" + answer.text,
                       period=data)

    def _empty_period(
        self, question: str, query: str, language: str, period: Period | None, passages: list[Passage], when: When
    ) -> Answer | None:
        """"No indexed article is from …" when the period the question names, or the range given,
        holds no article (the index is not empty: that is said otherwise); else None."""
        if passages:
            return None
        if period:
            return self._nothing_from(period, question, query, language)
        if (when.since or when.until) and self.retriever.store.chunk_count():
            return self._nothing_from(_explicit_period(when), question, query, language)
        return None

    def _nothing_from(self, period: Period, question: str, query: str, language: str) -> Answer:
        """No article of the period: say so, rather than quote another period."""
        text = phrases(self.settings.prompts_dir, language)["empty_period"].format(period=period.label(language))
        return Answer(question, text, [], False, language, [], query, period=period.to_dict(language))


def _digest_span(query: str, period: Period | None, when: When, passages: list[Passage]) -> Period | None:
    """The period whose news ``query`` asks for, naming nothing else ("What happened last week?",
    or "What happened?" with since/until), when some article is from it; else None."""
    span = period or (_explicit_period(when) if when.since or when.until else None)
    return span if span and passages and asks_what_happened(query, span) else None


def _naming(query: str) -> Callable[[Answer], float]:
    """How much of what ``query`` names an answer's quotes name: a later answer must name as much
    (the latest on one hurricane is not news of another)."""
    names = anchors(query)
    return lambda found: anchor_share(names, _quoted(found))


def _keeps_names(answer: Answer) -> Callable[[Answer], bool]:
    """Whether a later answer's quotes keep at least half the names of ``answer``'s: a story's
    later telling names the same places and people ("Turkey and Syria" / "Турции и Сирии"), and one
    the story model put in it by mistake, another event, names others (an earthquake in
    "Afghanistan and Pakistan" / a temple floor collapse "в индийском городе Индаур")."""
    quoted = tuple(a for a in anchors(_quoted(answer)) if not a[0].isdigit())
    return lambda later: anchor_share(quoted, _quoted(later)) >= 0.5


def _story_of(answer: Answer) -> str | None:
    """The story of the article the answer quotes first; None when it has none (undated, or indexed
    before stories were told apart), so it has no other telling to read."""
    cited = answer.citations[0].id
    return next((p.article.story for p in answer.passages if p.article.id == cited), None)


def _moved_to(found: Answer, own: list[Passage], answer: Answer) -> Answer:
    """``found``, read from another telling's passages ``own``, keeping ``answer``'s passages too."""
    kept = {p.id for p in own}
    return replace(found, passages=own + [p for p in answer.passages if p.id not in kept])


def _figures_of(answer: Answer) -> frozenset[str]:
    return numbers(_quoted(answer))


def _quoted(answer: Answer) -> str:
    return " ".join(c.quote for c in answer.citations)


@dataclass(frozen=True)
class When:
    """Which articles a question is answered from: those of the period it names, read against
    ``as_of`` (today when None), unless ``since``/``until`` (YYYY, YYYY-MM or YYYY-MM-DD) are given."""

    as_of: date | None = None
    since: str | None = None
    until: str | None = None


def _explicit_period(when: When) -> Period:
    """The period ``since``/``until`` span, open at either end."""

    def day(yyyymmdd: int) -> date:
        return date(yyyymmdd // 10000, yyyymmdd // 100 % 100, yyyymmdd % 100)

    since = day(date_bounds(when.since)[0]) if when.since else date.min
    until = day(date_bounds(when.until)[1]) if when.until else date.max
    return Period(since, until, "", "open")
