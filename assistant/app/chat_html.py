"""An answer as the web chat shows it: its text with linked markers, and its own sources under it.

Each answer carries its sources inside its chat message (a collapsed ``<details class="sources">``),
so every answer keeps its own: ``[1]`` of the first answer opens the first answer's source, whatever
was asked since, and clearing the chat clears them with it. Markers link to ``#<answer id>-<n>``;
``static/chat.js`` opens the target in place rather than letting the browser navigate, which would
reload the page whenever its address has a query string (``?__theme=dark``) or a path prefix.

Gradio sanitises message HTML (``data-`` attributes go; ids, classes, ``details`` and ``mark``
stay), and renders the message as Markdown: the sources are one line of HTML with no blank line, so
Markdown leaves them alone.
"""

from __future__ import annotations

import html
import re
import uuid
from collections.abc import Callable
from pathlib import Path

from assistant.answer.results import MARKER, Answer
from assistant.text.sentences import split_sentences

# How many of the retrieved passages a declined answer shows as "what came closest".
CLOSEST = 3
# The sources always end the message.
_SOURCES = re.compile(r"\s*<details class=\"sources\".*\Z", re.S)
_ANSWER_ID = re.compile(r"<details class=\"sources\" id=\"(a[0-9a-f]+)\"")
_LINKED_MARKER = re.compile(r"<a class=\"cite\" href=\"#a[0-9a-f]+-(\d+)\">\[\d+\]</a>")

ArticleText = Callable[[str], "str | None"]


def new_answer_id() -> str:
    # Starts with a letter: it is an HTML id.
    return "a" + uuid.uuid4().hex[:12]


def answer_id_of(message: str) -> str | None:
    """The id of the answer a chat message shows, if it shows one."""
    found = _ANSWER_ID.search(message)
    return found.group(1) if found else None


def plain_text(message: str) -> str:
    """A chat message as the answer's own text: sources dropped, markers back to ``[n]``
    (for the conversation history an LLM reads, and for feedback)."""
    text = _LINKED_MARKER.sub(lambda m: f"[{m.group(1)}]", _SOURCES.sub("", message))
    text = text.replace("<bdi>", "").replace("</bdi>", "")
    return html.unescape(text.replace(r"\*", "*").replace(r"\_", "_")).strip()


def answer_markdown(answer: Answer, answer_id: str, article_text: ArticleText) -> str:
    """The chat message of a complete answer: its text, markers linked, then its sources."""
    text = _isolated(_markdown_text(answer.text), answer)
    text = MARKER.sub(lambda m: f'<a class="cite" href="#{answer_id}-{m.group(1)}">[{m.group(1)}]</a>', text)
    return f"{text}\n\n{sources_html(answer, answer_id, article_text)}"


def _markdown_text(text: str) -> str:
    return html.escape(text, quote=False).replace("*", r"\*").replace("_", r"\_")


def _isolated(text: str, answer: Answer) -> str:
    """``text`` (the answer, as Markdown) with what it quotes from the articles (sentences, titles)
    in ``<bdi>``: an Arabic or Hebrew quote inside an English frame is laid out in its own direction,
    and the quotation marks and markers around it stay where the frame puts them (without it, the
    bidirectional algorithm pulls "[1]" and the next quote's first words into the Arabic run)."""
    quoted = {c.quote for c in answer.citations} | {c.title for c in answer.citations}
    for passage in answer.passages:
        quoted.add(passage.article.title)
        if not answer.grounded:  # the sentence that came closest
            quoted.update(passage.text[a:b] for a, b in split_sentences(passage.text, lang=passage.article.lang))
    found = sorted((_markdown_text(q) for q in quoted if q and q in answer.text), key=len, reverse=True)
    if not found:
        return text
    return re.sub("|".join(map(re.escape, found)), lambda m: f"<bdi>{m.group(0)}</bdi>", text)


def sources_html(answer: Answer, answer_id: str, article_text: ArticleText) -> str:
    if not answer.passages:
        return _details(answer_id, "Sources", ["<p class='not-grounded'>No articles are indexed yet.</p>"])
    if not answer.grounded:
        blocks = ["<p class='not-grounded'>The indexed articles do not answer this question. What came closest:</p>"]
        for i, passage in enumerate(answer.passages[:CLOSEST], start=1):
            a = passage.article
            blocks.append(_source(f"{answer_id}-c{i}", "", a.title, a.date, a.source,
                                  f"<p dir='auto'>{_paragraphs(passage.text)}</p>"))
        return _details(answer_id, "What came closest", blocks)
    # Markers side by side ("[1][2]") cite several tellings of one fact: the first is the source,
    # the others are shown as also reporting it.
    also = {int(n) for run in re.findall(r"(?:\[\d+\]){2,}", answer.text) for n in re.findall(r"\d+", run)[1:]}
    blocks = []
    for citation in answer.citations:
        if citation.number in also and citation.number - 1 not in also:
            blocks.append("<div class='also-label'>Also reported by:</div>")
        text = article_text(citation.id)
        if text is None or text[citation.start : citation.end] != citation.quote:
            # The article changed or went since the answer: the quote is all that can be shown.
            body = f"<p dir='auto'><mark>{html.escape(citation.quote)}</mark></p>"
        else:
            first, last = _paragraph_bounds(text, citation.start, citation.end)
            paragraph = _marked(text, first, last, citation.start, citation.end)
            whole = _marked(text, 0, len(text), citation.start, citation.end)
            body = (
                f"<p class='paragraph' dir='auto'>{paragraph}</p>"
                f"<details class='article'><summary>Whole article</summary>"
                f"<div class='article-text' dir='auto'>{whole}</div></details>"
            )
        flag = " <span class='meta'>(may not support its claim)</span>" if not citation.supported else ""
        if citation.also_in:  # the same story in other articles (``indexing.stories``)
            others = ", ".join(
                f"<bdi>{html.escape(a.get('title') or Path(a.get('source', '')).name)}</bdi>"
                + (f" ({html.escape(a['date'])})" if a.get("date") else "")
                for a in citation.also_in
            )
            body += f"<div class='also-in'>Also reported by: {others}</div>"
        blocks.append(_source(f"{answer_id}-{citation.number}", f"[{citation.number}]", citation.title,
                              citation.date, citation.source, body, flag, also=citation.number in also))
    return _details(answer_id, f"Sources ({len(answer.citations)})", blocks)


def _details(answer_id: str, summary: str, blocks: list[str]) -> str:
    return f'<details class="sources" id="{answer_id}"><summary>{html.escape(summary)}</summary>{"".join(blocks)}</details>'


def _source(element_id: str, label: str, title: str, date: str | None, source: str, body: str, flag: str = "",
            also: bool = False) -> str:
    label = f"<b>{label}</b> " if label else ""
    when = f" — {html.escape(date)}" if date else ""
    kind = "source also" if also else "source"
    return (
        f"<div class='{kind}' id='{element_id}'><div class='source-head'>{label}<bdi>{html.escape(title)}</bdi>{when}{flag}</div>"
        f"{body}<div class='meta'>{html.escape(Path(source).name)}</div></div>"
    )


def _paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The paragraph (between blank lines) holding [start, end)."""
    breaks = [m.end() for m in re.finditer(r"\n\s*\n", text[:start])]
    after = re.search(r"\n\s*\n", text[end:])
    return (breaks[-1] if breaks else 0), (end + after.start() if after else len(text))


def _marked(text: str, first: int, last: int, start: int, end: int) -> str:
    return (
        _paragraphs(text[first:start]) + "<mark>" + _paragraphs(text[start:end]) + "</mark>" + _paragraphs(text[end:last])
    )


def _paragraphs(text: str) -> str:
    """Escaped text whose line breaks are ``<br>``: no raw newline may end the HTML block."""
    return re.sub(r"\n(\s*\n)+", "<br><br>", html.escape(text)).replace("\n", "<br>")
