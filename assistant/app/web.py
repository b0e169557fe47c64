"""The web chat (Gradio): streamed cited answers, a sources panel, and an articles tab.

It calls nothing but the ``Assistant`` façade. Answers stream into the chat; when an answer is
complete its markers become links to the sources panel, which shows each cited sentence highlighted
in its paragraph. Errors reach the browser as short messages; details stay in the server's log.
"""

from __future__ import annotations

import html
import logging
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.answer.results import MARKER, Answer
from assistant.api import Assistant
from assistant.config import EXTRACTIVE
from assistant.errors import AssistantError
from assistant.search.retriever import Passage
from assistant.ingest.uploads import Upload

log = logging.getLogger(__name__)

CSS = """
#sources { max-height: 75vh; overflow-y: auto; }
#sources .source { border-left: 3px solid #6b7280; padding: 0.25rem 0.75rem; margin: 0.75rem 0; }
#sources .source:target { border-left-color: #f59e0b; background: rgba(245, 158, 11, 0.08); }
#sources mark { background: #fde68a; color: inherit; padding: 0 0.1rem; }
#sources .meta { font-size: 0.85em; opacity: 0.75; }
#sources .not-grounded { font-weight: 600; }
"""
EMPTY_SOURCES = "<p class='meta'>The sources of the latest answer appear here.</p>"
TABLE_COLUMNS = ["title", "date", "language", "chunks", "id"]
SERVER_ERROR = "Something went wrong on the server; the details are in its log."


def _context(passages: list[Passage], article_id: str, start: int, end: int) -> tuple[str, int]:
    """The longest run of retrieved text of one article around [start, end), and its offset.

    Retrieved chunks of an article overlap by a sentence, so together they often hold the whole
    paragraph a quote comes from even when no single chunk does.
    """
    spans = sorted((p.start, p.end, p.text) for p in passages if p.article.id == article_id)
    runs: list[list[Any]] = []
    for s, e, text in spans:
        if runs and s <= runs[-1][1]:
            run = runs[-1]
            if e > run[1]:
                run[2] += text[run[1] - s :]
                run[1] = e
        else:
            runs.append([s, e, text])
    s, _, text = next(r for r in runs if r[0] <= start and end <= r[1])
    return text, s


def _paragraph(passages: list[Passage], article_id: str, start: int, end: int) -> tuple[str, int, int]:
    """The paragraph holding article offsets [start, end), and the quote's span inside it."""
    text, offset = _context(passages, article_id, start, end)
    local_start, local_end = start - offset, end - offset
    breaks = [m.end() for m in re.finditer(r"\n\s*\n", text[:local_start])]
    first = breaks[-1] if breaks else 0
    after = re.search(r"\n\s*\n", text[local_end:])
    last = local_end + after.start() if after else len(text)
    return text[first:last], local_start - first, local_end - first


def render_sources(answer: Answer) -> str:
    # The question the panel belongs to, for whoever needs to know it is up to date (tests, scripts).
    blocks = [f"<div class='for' data-question='{html.escape(answer.question, quote=True)}' hidden></div>"]
    if not answer.passages:
        blocks.append("<p class='not-grounded'>No articles are indexed yet.</p>")
        return "\n".join(blocks)
    if not answer.grounded:
        blocks.append("<p class='not-grounded'>The indexed articles do not answer this question. What came closest:</p>")
        for passage in answer.passages[:3]:
            blocks.append(_source_block(None, passage.article, html.escape(passage.text)))
        return "\n".join(blocks)
    for citation in answer.citations:
        passage = next(p for p in answer.passages if p.article.id == citation.id)
        paragraph, a, b = _paragraph(answer.passages, citation.id, citation.start, citation.end)
        body = (
            html.escape(paragraph[:a]) + "<mark>" + html.escape(paragraph[a:b]) + "</mark>" + html.escape(paragraph[b:])
        )
        flag = " <span class='meta'>(may not support its claim)</span>" if not citation.supported else ""
        blocks.append(_source_block(citation.number, passage.article, body, flag))
    return "\n".join(blocks)


def _source_block(number: int | None, article: Any, body: str, flag: str = "") -> str:
    anchor = f" id='source-{number}'" if number else ""
    label = f"<b>[{number}]</b> " if number else ""
    date = f" — {html.escape(article.date)}" if article.date else ""
    return (
        f"<div class='source'{anchor}><div>{label}{html.escape(article.title)}{date}{flag}</div>"
        f"<p>{body}</p><div class='meta'>{html.escape(Path(article.source).name)}</div></div>"
    )


def render_answer(answer: Answer) -> str:
    """Markdown for the chat: the answer, its markers linked to the sources panel."""
    text = answer.text.replace("*", r"\*").replace("_", r"\_")
    return MARKER.sub(lambda m: f"[\\[{m.group(1)}\\]](#source-{m.group(1)})", text)


_SERVER_PATH = re.compile(r"(?<![\w.])/(?:[^\s/:'\"]+/)+([^\s/:'\"]+)")


def public(message: object) -> str:
    """An error message fit for the browser: server paths reduced to file names."""
    return "⚠️ " + _SERVER_PATH.sub(lambda m: m.group(1), str(message))


def _names(sources: list[str]) -> str:
    return ", ".join(Path(s).name for s in sources) or "none"


def _articles_table(assistant: Assistant) -> list[list[Any]]:
    return [[r.title, r.date or "", r.lang, r.chunks, r.id] for r in assistant.articles()]


def _article_choices(assistant: Assistant) -> list[tuple[str, str]]:
    return [(f"{r.title[:80]} ({r.date or 'undated'})", r.id) for r in assistant.articles()]


def build_app(assistant: Assistant) -> gr.Blocks:
    settings = assistant.settings
    answerers = [EXTRACTIVE] + ([settings.llm] if settings.llm != EXTRACTIVE else [])

    def respond(message: str, history: list[dict], k: float, llm: str) -> Iterator[tuple[str, str]]:
        try:
            partial = ""
            for part in assistant.stream(message, history, llm=llm, k=int(k)):
                if isinstance(part, str):
                    partial += part
                    yield partial, gr.skip()
                else:
                    yield render_answer(part), render_sources(part)
        except AssistantError as err:
            yield public(err), EMPTY_SOURCES
        except Exception:  # the browser gets a message, the log gets the traceback
            log.exception("answering %r failed", message)
            yield f"⚠️ {SERVER_ERROR}", EMPTY_SOURCES

    def upload(files: list[str] | None, progress: gr.Progress = gr.Progress()) -> tuple[str, Any, Any]:
        if not files:
            return "⚠️ Choose one or more article files first.", gr.skip(), gr.skip()
        try:
            def show(p: Any) -> None:
                progress((p.chunks_done, p.chunks_total), desc="Embedding", unit="chunks")

            report = assistant.add_uploads([Upload(Path(f), Path(f).name) for f in files], progress=show)
        except AssistantError as err:  # UploadError included: it names the file as the user did
            return public(err), gr.skip(), gr.skip()
        except Exception:
            log.exception("indexing uploads failed")
            return f"⚠️ {SERVER_ERROR}", gr.skip(), gr.skip()
        summary = (
            f"✅ Indexed. Added: {_names(report.added)}. Updated: {_names(report.updated)}. "
            f"Unchanged: {_names(report.unchanged)}. {report.chunks_embedded} chunks embedded."
        )
        for skipped in report.skipped:
            summary += public(f" Skipped {skipped.path}: {skipped.reason}.").removeprefix("⚠️ ")
        return summary, _articles_table(assistant), gr.update(choices=_article_choices(assistant), value=None)

    def delete(article_id: str | None) -> tuple[str, Any, Any]:
        if not article_id:
            return "⚠️ Choose an article to delete.", gr.skip(), gr.skip()
        try:
            record = assistant.remove(article_id)
        except AssistantError as err:
            return public(err), gr.skip(), gr.skip()
        return (
            f"🗑️ Deleted “{record.title}”.",
            _articles_table(assistant),
            gr.update(choices=_article_choices(assistant), value=None),
        )

    def refresh() -> tuple[Any, Any]:
        return _articles_table(assistant), gr.update(choices=_article_choices(assistant), value=None)

    def search(question: str, k: float = 5) -> list[dict[str, Any]]:
        return [p.to_dict() for p in assistant.retrieve(question, k=int(k))]

    def ask(question: str, llm: str = EXTRACTIVE) -> dict[str, Any]:
        if llm not in answerers:
            # A caller who names an answerer must get that one or be told: never another one silently.
            raise gr.Error(f"llm={llm!r} is not an answerer of this server: use one of {answerers}")
        return assistant.ask(question, llm=llm).to_dict()

    with gr.Blocks(title="News assistant") as app:
        sources = gr.HTML(EMPTY_SOURCES, elem_id="sources", render=False)
        k = gr.Slider(1, 10, value=settings.answer_k, step=1, label="Passages to read", render=False)
        llm = gr.Dropdown(answerers, value=settings.llm, label="Answerer", render=False)
        gr.Markdown("## News assistant\nAsk about the indexed articles, in any language. Every claim cites its sentence.")
        with gr.Tab("Chat"):
            with gr.Row():
                with gr.Column(scale=3):
                    gr.ChatInterface(
                        respond,
                        additional_inputs=[k, llm],
                        additional_inputs_accordion=gr.Accordion("Settings", open=False, render=False),
                        additional_outputs=[sources],
                        examples=[["Who denied the allegations of shell deliveries?"], ["Où Kim va-t-il rencontrer Poutine ?"]],
                        cache_examples=False,
                        api_name="chat",
                    )
                with gr.Column(scale=2):
                    gr.Markdown("### Sources")
                    sources.render()
        with gr.Tab("Articles"):
            files = gr.File(
                file_count="multiple", file_types=list(settings.upload_types), label="Upload articles", elem_id="upload"
            )
            index_button = gr.Button("Index uploaded files", variant="primary", elem_id="index-button")
            report = gr.Markdown(elem_id="upload-report")
            table = gr.Dataframe(
                _articles_table(assistant), headers=TABLE_COLUMNS, interactive=False, elem_id="articles-table"
            )
            with gr.Row():
                chosen = gr.Dropdown(_article_choices(assistant), label="Article", elem_id="delete-choice")
                delete_button = gr.Button("Delete from the index", variant="stop", elem_id="delete-button")
        index_button.click(upload, files, [report, table, chosen], api_visibility="private")
        delete_button.click(delete, chosen, [report, table, chosen], api_visibility="private")
        app.load(refresh, None, [table, chosen], api_visibility="private")
        gr.api(ask, api_name="ask")
        gr.api(search, api_name="search")
    return app


def _warm_up(assistant: Assistant) -> None:
    try:
        assistant.warm_up()
    except Exception:  # the first question will meet the same problem and report it
        log.exception("warming up failed")


def serve(
    assistant: Assistant, host: str = "127.0.0.1", port: int = 7860, share: bool = False, auth: tuple[str, str] | None = None
) -> None:
    app = build_app(assistant)
    threading.Thread(target=_warm_up, args=(assistant,), name="warm-up", daemon=True).start()
    app.queue(default_concurrency_limit=8)
    app.launch(
        server_name=host,
        server_port=port,
        share=share,
        auth=auth,
        max_file_size=assistant.settings.upload_max_bytes,
        show_error=False,
        css=CSS,
        footer_links=["api"],
    )
