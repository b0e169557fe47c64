"""The web chat (Gradio): streamed cited answers with their own sources, ratings, and an articles tab.

It calls nothing but the ``Assistant`` façade. Answers stream into the chat; when an answer is
complete its markers link to its sources, shown under it (``chat_html``), each cited sentence
highlighted in its paragraph and in the whole article. 👍/👎 go to ``<index_dir>/feedback.jsonl``
(``feedback``). The open conversation is kept in the browser and survives a reload. Errors reach the
browser as short messages; details stay in the server's log.
"""

from __future__ import annotations

import html
import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.answer.conversation import message_text
from assistant.answer.results import Answer
from assistant.api import Assistant
from assistant.app.chat_html import answer_id_of, answer_markdown, new_answer_id, plain_text
from assistant.app.feedback import Feedback, FeedbackLog
from assistant.config import EXTRACTIVE
from assistant.errors import AssistantError
from assistant.ingest.uploads import Upload

log = logging.getLogger(__name__)

TABLE_COLUMNS = ["title", "date", "language", "chunks", "id"]
SERVER_ERROR = "Something went wrong on the server; the details are in its log."
# Answers the server remembers for ratings (a rating of an older one keeps its text, not its citations).
REMEMBERED_ANSWERS = 1000
# Where the browser keeps the open conversation, so that it survives a reload.
CHAT_STORAGE_KEY = "news-assistant-chat"


def _static(name: str) -> str:
    return resources.files("assistant.app").joinpath("static", name).read_text(encoding="utf-8")


def _page_options(assistant: Assistant) -> dict[str, Any]:
    """What ``launch`` and ``gr.mount_gradio_app`` both take: the chat's stylesheet and script,
    the upload limit, errors kept in the log, and the footer ("settings" holds the theme switch)."""
    return {
        "css": _static("chat.css"), "head": f"<script>{_static('chat.js')}</script>",
        "max_file_size": assistant.settings.upload_max_bytes, "show_error": False, "footer_links": ["api", "settings"],
    }


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


def _conversation(history: list[dict]) -> list[dict[str, str]]:
    """The chat as the assistant reads it: each answer's own text, without its sources."""
    return [{"role": m.get("role", ""), "content": plain_text(message_text(m.get("content")))} for m in history]


class _RecentAnswers:
    """The last answers the chat showed, by answer id, for the ratings given to them."""

    def __init__(self, size: int):
        self._answers: OrderedDict[str, Answer] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def add(self, answer_id: str, answer: Answer) -> None:
        with self._lock:
            self._answers[answer_id] = answer
            while len(self._answers) > self._size:
                self._answers.popitem(last=False)

    def get(self, answer_id: str | None) -> Answer | None:
        with self._lock:
            return self._answers.get(answer_id) if answer_id else None


def build_app(assistant: Assistant) -> gr.Blocks:
    settings = assistant.settings
    answerers = [EXTRACTIVE] + ([settings.llm] if settings.llm != EXTRACTIVE else [])
    recent = _RecentAnswers(REMEMBERED_ANSWERS)
    feedback_log = FeedbackLog(settings.feedback_file)

    def article_text(article_id: str) -> str | None:
        try:
            return assistant.article_text(article_id)
        except AssistantError:
            return None

    def respond(message: str, history: list[dict], k: float, llm: str, since: str, until: str) -> Iterator[str]:
        try:
            # The range the page filled in from the question is the question's own period: the
            # question reads it (with its own leniency: "in July" may be told in September). A range
            # the user typed wins.
            chosen = (since.strip(), until.strip())
            own = assistant.question_period(message)
            if own and chosen == (own["since"], own["until"]):
                chosen = ("", "")
            partial = ""
            stream = assistant.stream(message, _conversation(history), llm=llm, k=int(k),
                                      since=chosen[0] or None, until=chosen[1] or None)
            for part in stream:
                if isinstance(part, str):
                    partial += part
                    yield html.escape(partial, quote=False)
                else:
                    answer_id = new_answer_id()
                    recent.add(answer_id, part)
                    yield answer_markdown(part, answer_id, article_text)
        except AssistantError as err:
            yield public(err)
        except Exception:  # the browser gets a message, the log gets the traceback
            log.exception("answering %r failed", message)
            yield f"⚠️ {SERVER_ERROR}"

    def fill_range(question: str, since: str, until: str, filled: tuple[str, str]) -> tuple[Any, Any, Any]:
        """The range next to the question follows the period it names, unless the user set one."""
        if (since, until) != tuple(filled) and (since or until):
            return gr.skip(), gr.skip(), gr.skip()
        try:
            period = assistant.question_period(question) if question.strip() else None
        except AssistantError:
            period = None
        pair = (period["since"], period["until"]) if period else ("", "")
        return pair[0], pair[1], pair

    def rate(data: gr.LikeData, history: list[dict]) -> tuple[Any, Any, Feedback | None]:
        if data.liked not in (True, False):  # a rating taken back: nothing to record
            return gr.update(visible=False), gr.skip(), None
        index = data.index if isinstance(data.index, int) else data.index[0]
        content = message_text(history[index].get("content"))
        answer = recent.get(answer_id_of(content))
        if answer is None:  # from before the server started: its text is all there is
            question = next(
                (message_text(m.get("content")) for m in reversed(history[:index]) if m.get("role") == "user"), ""
            )
            answer = Answer(question, plain_text(content), [], 'class="cite"' in content, "", [])
        try:
            feedback = feedback_log.rate(answer, "up" if data.liked else "down")
        except (OSError, ValueError):
            log.exception("storing a rating failed")
            return gr.update(visible=False), gr.skip(), None
        return gr.update(visible=True), gr.update(value=""), feedback

    def add_comment(comment: str, feedback: Feedback | None) -> tuple[Any, Any, None]:
        if feedback is not None and comment.strip():
            try:
                feedback_log.comment(feedback, comment)
            except OSError:
                log.exception("storing a comment failed")
        return gr.update(visible=False), gr.update(value=""), None

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
        k = gr.Slider(1, 10, value=settings.answer_k, step=1, label="Passages to read", render=False)
        llm = gr.Dropdown(answerers, value=settings.llm, label="Answerer", render=False)
        chatbot = gr.Chatbot(
            elem_id="chat", feedback_options=("Like", "Dislike"), height="70vh", render=False
        )
        gr.Markdown(
            "## News assistant\nAsk about the indexed articles, in any language. Every claim cites its sentence: "
            "click a marker to see it in its article."
        )
        with gr.Tab("Chat"):
            with gr.Row(elem_id="date-range"):
                since = gr.Textbox("", label="Articles from", placeholder="YYYY, YYYY-MM or YYYY-MM-DD", max_lines=1,
                                   elem_id="since")
                until = gr.Textbox("", label="to", placeholder="YYYY, YYYY-MM or YYYY-MM-DD", max_lines=1, elem_id="until")
            filled = gr.State(("", ""))
            chat = gr.ChatInterface(
                respond,
                chatbot=chatbot,
                textbox=gr.Textbox(container=False, show_label=False, label="Question", placeholder="Ask a question…",
                                   scale=7, submit_btn=True, stop_btn=True, elem_id="question"),
                additional_inputs=[k, llm, since, until],
                additional_inputs_accordion=gr.Accordion("Settings", open=False, render=False),
                examples=[["Who denied the allegations of shell deliveries?"], ["Où Kim va-t-il rencontrer Poutine ?"]],
                cache_examples=False,
                api_name="chat",
            )
            rating = gr.State(None)
            with gr.Row(visible=False, elem_id="feedback-comment") as comment_row:
                comment = gr.Textbox(label="Thanks! Anything to add? (optional)", scale=4, elem_id="feedback-text")
                send = gr.Button("Send", scale=1, elem_id="feedback-send")
            # The open conversation lives in the browser: a reload brings it back.
            saved_chat = gr.BrowserState([], storage_key=CHAT_STORAGE_KEY)
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
        chat.textbox.change(
            fill_range, [chat.textbox, since, until, filled], [since, until, filled], queue=False,
            trigger_mode="always_last", show_progress="hidden", api_visibility="private",
        )
        chatbot.like(rate, [chatbot], [comment_row, comment, rating], api_visibility="private")
        send.click(add_comment, [comment, rating], [comment_row, comment, rating], api_visibility="private")
        comment.submit(add_comment, [comment, rating], [comment_row, comment, rating], api_visibility="private")
        # Stored from the server's side: the browser's own form of the messages does not load back.
        chatbot.change(
            lambda messages: messages, [chatbot], [saved_chat], queue=False, trigger_mode="always_last",
            show_progress="hidden", api_visibility="private",
        )
        app.load(
            lambda saved: (saved or [],) * 3, [saved_chat], [chatbot, chat.chatbot_state, chat.chatbot_value],
            api_visibility="private",
        )
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
        **_page_options(assistant),
    )


def mount(parent: Any, assistant: Assistant, path: str) -> Any:
    """The chat mounted into a FastAPI app under ``path`` (e.g. behind a proxy's prefix)."""
    app = build_app(assistant)
    app.queue(default_concurrency_limit=8)
    return gr.mount_gradio_app(parent, app, path=path, **_page_options(assistant))
