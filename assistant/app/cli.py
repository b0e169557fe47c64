"""The ``assistant`` command: index articles, search them, describe the index."""

from __future__ import annotations

import gc
import json
import logging
import textwrap
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from assistant.api import Assistant, load_settings
from assistant.errors import AssistantError
from assistant.runtime import configure_threads

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Ask questions about a collection of news articles, in any language, and get cited answers.",
)


def _assistant(ctx: typer.Context) -> Assistant:
    return ctx.obj["assistant"]


def _print_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


SINCE_OPTION = typer.Option(help="Only articles dated on or after (YYYY[-MM[-DD]]).")
UNTIL_OPTION = typer.Option(help="Only articles dated on or before (YYYY[-MM[-DD]]).")


@app.callback()
def _main(
    ctx: typer.Context,
    index_dir: Annotated[Optional[Path], typer.Option(help="Index folder [env ASSISTANT_INDEX_DIR].")] = None,
    chroma_url: Annotated[Optional[str], typer.Option(help="Chroma server URL [env ASSISTANT_CHROMA_URL].")] = None,
    embeddings: Annotated[Optional[str], typer.Option(help="Embedder [env ASSISTANT_EMBEDDINGS].")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log what happens.")] = False,
) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    overrides = {"index_dir": index_dir, "chroma_url": chroma_url, "embeddings": embeddings}
    ctx.obj = {"assistant": Assistant(load_settings(**{k: v for k, v in overrides.items() if v is not None}))}


@app.command()
def index(
    ctx: typer.Context,
    paths: Annotated[
        list[str], typer.Argument(help="Article files, folders (walked recursively), or RSS/Atom feed URLs.")
    ],
    prune: Annotated[
        bool, typer.Option(help="Remove indexed articles that are gone from the given folders.")
    ] = False,
    rebuild: Annotated[bool, typer.Option(help="Empty the index first (e.g. after changing the embedder).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Index new and changed articles; unchanged ones are skipped."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from assistant.ingest.feeds import is_url

    columns = (TextColumn("embedding"), BarColumn(), MofNCompleteColumn(), TextColumn("chunks"), TimeRemainingColumn())
    console = Console(stderr=True)
    with Progress(*columns, console=console, transient=True, disable=as_json or not console.is_terminal) as bar:
        task = bar.add_task("embedding", total=None)

        def progress(p: Any) -> None:
            bar.update(task, completed=p.chunks_done, total=p.chunks_total)

        sources = [p if is_url(p) else Path(p) for p in paths]
        report = _assistant(ctx).index(sources, prune=prune, rebuild=rebuild, progress=progress)
    if as_json:
        _print_json(report.to_dict())
        return
    for skipped in report.skipped:
        typer.echo(f"skipped {skipped.path}: {skipped.reason}", err=True)
    for warning in report.warnings:
        typer.echo(f"warning: {warning}", err=True)
    typer.echo(report.summary())


def _show_passages(passages: list[Any]) -> None:
    if not passages:
        typer.echo("No passages found (is the index empty? run: assistant index PATH).")
    for p in passages:
        date = f", {p.article.date}" if p.article.date else ""
        typer.echo(f"{p.rank}. [{p.score:.3f}] {p.article.title}{date}")
        typer.echo(f"   {p.article.source} (characters {p.start}-{p.end})")
        typer.echo(textwrap.fill(" ".join(p.text.split()), width=100, initial_indent="   ", subsequent_indent="   "))
        typer.echo()


@app.command()
def search(
    ctx: typer.Context,
    question: Annotated[Optional[str], typer.Argument(help="The question; without it, an interactive prompt.")] = None,
    k: Annotated[int, typer.Option("-k", help="Number of passages.")] = 5,
    since: Annotated[Optional[str], SINCE_OPTION] = None,
    until: Annotated[Optional[str], UNTIL_OPTION] = None,
    source: Annotated[Optional[list[str]], typer.Option(help="Only this article (path or id); repeatable.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the passages as JSON.")] = False,
) -> None:
    """Show the passages closest to a question, in any language."""
    assistant = _assistant(ctx)

    def run(q: str) -> None:
        passages = assistant.retrieve(q, k=k, since=since, until=until, sources=source)
        if as_json:
            _print_json([p.to_dict() for p in passages])
        else:
            _show_passages(passages)

    if question is not None:
        run(question)
        return
    typer.echo("Ask about the indexed articles (an empty line or Ctrl-D quits).")
    while True:
        try:
            q = input("question> ").strip()
        except EOFError:
            break
        if not q:
            break
        try:
            run(q)
        except AssistantError as err:
            typer.echo(f"error: {err}", err=True)


@app.command()
def info(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
    articles: Annotated[bool, typer.Option("--articles", help="Also list the indexed articles.")] = False,
) -> None:
    """Where the index is, which embedder built it, and what it holds."""
    assistant = _assistant(ctx)
    summary = assistant.info()
    records = assistant.articles() if articles else []
    if as_json:
        data = summary.to_dict()
        if articles:
            data["article_list"] = [r.to_dict() for r in records]
        _print_json(data)
        return
    typer.echo(f"index:    {summary.location}")
    typer.echo(f"embedder: {summary.embedder or '(none yet)'}")
    typer.echo(f"articles: {summary.articles}")
    typer.echo(f"chunks:   {summary.chunks}")
    for r in records:
        typer.echo(f"  {r.date or '----':10} {r.lang:3} {r.chunks:4} chunks  {r.title[:60]}  ({r.source})")


def _show_answer(answer: Any) -> None:
    typer.echo(answer.text)
    if answer.citations:
        typer.echo()
    for c in answer.citations:
        date = f", {c.date}" if c.date else ""
        flag = "  (may not support its claim)" if not c.supported else ""
        typer.echo(f"[{c.number}] {c.title}{date} — {c.source} (characters {c.start}-{c.end}){flag}")
        typer.echo(textwrap.fill(f"“{c.quote}”", width=100, initial_indent="    ", subsequent_indent="    "))
    for warning in answer.warnings:
        typer.echo(f"warning: {warning}", err=True)


LLM_OPTION = typer.Option("--llm", help="Answerer: extractive, ollama:<model>, openai:<model>, gguf:<path> [env ASSISTANT_LLM].")


@app.command()
def ask(
    ctx: typer.Context,
    question: Annotated[str, typer.Argument(help="The question, in any language.")],
    llm: Annotated[Optional[str], LLM_OPTION] = None,
    as_of: Annotated[
        Optional[str], typer.Option("--as-of", help="Read 'last week', 'yesterday'... as of this day (YYYY-MM-DD).")
    ] = None,
    since: Annotated[Optional[str], SINCE_OPTION] = None,
    until: Annotated[Optional[str], UNTIL_OPTION] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the answer as JSON.")] = False,
) -> None:
    """Answer a question from the indexed articles, with numbered, quoted sources.

    A period the question names ("in March 2025", "last week") limits the articles read."""
    answer = _assistant(ctx).ask(question, llm=llm, as_of=as_of, since=since, until=until)
    if as_json:
        _print_json(answer.to_dict())
    else:
        _show_answer(answer)


@app.command()
def timeline(
    ctx: typer.Context,
    topic: Annotated[str, typer.Argument(help="What the timeline is about, in any language.")],
    since: Annotated[Optional[str], SINCE_OPTION] = None,
    until: Annotated[Optional[str], UNTIL_OPTION] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the timeline as JSON.")] = False,
) -> None:
    """The topic's events in date order, one quoted sentence per event, with the articles that tell it."""
    found = _assistant(ctx).timeline(topic, since=since, until=until)
    if as_json:
        _print_json(found.to_dict())
        return
    if not found.entries:
        typer.echo("No dated article tells of this.")
    for entry in found.entries:
        typer.echo(f"{entry.date}  “{entry.quote}”")
        typer.echo(f"            — {entry.title}, {entry.source} (characters {entry.start}-{entry.end})")
        for other in entry.also:
            typer.echo(f"            also {other.date}: {other.title}, {other.source} (characters {other.start}-{other.end})")


@app.command()
def chat(ctx: typer.Context, llm: Annotated[Optional[str], LLM_OPTION] = None) -> None:
    """A conversation in the terminal: follow-up questions understand the earlier ones."""
    assistant = _assistant(ctx)
    history: list[dict[str, str]] = []
    typer.echo("Ask about the indexed articles; follow-up questions work (an empty line or Ctrl-D quits).")
    while True:
        try:
            question = input("you> ").strip()
        except EOFError:
            break
        if not question:
            break
        try:
            answer = None
            typer.echo("assistant> ", nl=False)
            for part in assistant.stream(question, history, llm=llm):
                if isinstance(part, str):
                    typer.echo(part, nl=False)
                else:
                    answer = part
            typer.echo("\n")
        except AssistantError as err:
            typer.echo(f"\nerror: {err}", err=True)
            continue
        if answer is not None:
            _show_answer(answer)
            typer.echo()
            history += [{"role": "user", "content": question}, {"role": "assistant", "content": answer.text}]


@app.command("eval")
def evaluate(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="JSON Lines of cases: question, answerable, expected, evidence, source.")],
    llm: Annotated[Optional[str], LLM_OPTION] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Score retrieval, answers, citations and refusals against an evaluation file."""
    from assistant.app.evaluation import read_cases, score_answers

    scores = score_answers(_assistant(ctx), read_cases(file), llm=llm)
    if as_json:
        _print_json(scores.to_dict())
        return
    typer.echo(scores.table())
    for failure in scores.failures:
        typer.echo(f"- {failure['problem']}: {failure['question']}")


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to bind; 0.0.0.0 exposes the app to the network.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 7860,
    share: Annotated[bool, typer.Option(help="Also publish a temporary public gradio.live link.")] = False,
    auth: Annotated[
        Optional[str], typer.Option(help="'user:password' to require a login [env ASSISTANT_AUTH].")
    ] = None,
) -> None:
    """Start the web chat (Gradio)."""
    from assistant.app.web import serve as serve_app

    assistant = _assistant(ctx)
    if auth is not None:
        assistant = Assistant(load_settings(**{**assistant.settings.model_dump(), "auth": auth}))
    secret = assistant.settings.auth
    login = tuple(secret.get_secret_value().split(":", 1)) if secret else None
    serve_app(assistant, host=host, port=port, share=share, auth=login)


def main() -> None:
    # A program may set its own threads: before anything can load an OpenMP engine (runtime.py).
    configure_threads()
    try:
        app()
    except AssistantError as err:
        typer.echo(f"error: {err}", err=True)
        raise SystemExit(2) from None
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    finally:
        # Python's exit walks every object still alive for garbage: 1.5 s once torch is loaded,
        # for objects about to go anyway. Frozen, they are left alone. Nothing relies on their
        # finalizers: the index is durable after every write (the SIGKILL tests hold it).
        gc.freeze()
