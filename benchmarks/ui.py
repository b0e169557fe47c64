"""The web chat as a person feels it, and chats while an upload is indexed.

    .venv/bin/python benchmarks/ui.py [--runs 5]

1. `assistant serve` on the seed, headless Chromium asks the seed question ``--runs`` times (a fresh
   page each time): time to the first token of the answer and to the complete answer (sources shown).
2. Under load: ``--clients`` (20) gradio_client clients chat at once through the endpoint the
   browser uses, each with another question of tests/data/seed_qa.jsonl: p50/p95 time to the full
   answer, and whether each got the answer (text and quotes) its question gets alone.
3. In process: the latency of `ask` while another thread indexes a long article, against idle, to
   show that indexing does not hold chats up beyond the writes themselves.
Writes benchmarks/results/ui.json.
"""

from __future__ import annotations

import argparse
import html
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from common import start_service, write_results

from assistant import Assistant, Settings
from assistant.app.chat_html import plain_text

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
QUESTION = "Who denied the allegations of shell deliveries?"
BROWSER_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]


def browser_timings(url: str, runs: int) -> list[dict[str, float]]:
    from playwright.sync_api import sync_playwright

    first_token_js = "() => { const b = document.querySelectorAll('[data-testid=\"bot\"]'); return b.length && b[b.length-1].innerText.trim().length > 0; }"
    done_js = "() => !document.querySelector('[data-testid=\"stop-button\"]') && document.querySelector('details.sources')"
    timings = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium", args=BROWSER_ARGS)
        for _ in range(runs):
            page = browser.new_page()
            page.goto(url, wait_until="load")
            box = page.locator("#question textarea")
            box.wait_for(timeout=60_000)
            box.fill(QUESTION)
            started = time.perf_counter()
            box.press("Enter")
            page.wait_for_function(first_token_js, polling=10, timeout=120_000)
            first = time.perf_counter() - started
            page.wait_for_function(done_js, polling=10, timeout=120_000)
            timings.append({"first_token_s": round(first, 3), "full_answer_s": round(time.perf_counter() - started, 3)})
            page.close()
        browser.close()
    return timings


def concurrent_chats(url: str, clients: int) -> dict:
    """Every client asks its own question at once; each answer is checked against the same question
    asked alone."""
    from gradio_client import Client

    cases = [json.loads(line) for line in (REPO / "tests" / "data" / "seed_qa.jsonl").read_text().splitlines()]
    questions = [c["question"] for c in cases if "history" not in c][:clients]
    alone = {q: Client(url, verbose=False).predict(q, api_name="/ask") for q in questions}
    start = threading.Barrier(len(questions))

    def chat(question: str) -> tuple[str, float]:
        client = Client(url, verbose=False)
        start.wait()
        started = time.perf_counter()
        message = client.predict(question, 5, "extractive", api_name="/chat")
        return message, time.perf_counter() - started

    with ThreadPoolExecutor(max_workers=len(questions)) as pool:
        results = dict(zip(questions, pool.map(chat, questions)))
    mixed_up = [
        q for q, (message, _) in results.items()
        if plain_text(message) != alone[q]["text"]
        or any(html.escape(c["quote"], quote=False) not in message for c in alone[q]["citations"])
    ]
    seconds = sorted(s for _, s in results.values())
    return {
        "clients": len(questions),
        "full_answer_p50_s": round(statistics.median(seconds), 3),
        "full_answer_p95_s": round(seconds[min(len(seconds) - 1, round(0.95 * (len(seconds) - 1)))], 3),
        "full_answer_max_s": round(seconds[-1], 3),
        "mixed_up": mixed_up,
    }


def serve(folder: Path) -> tuple[subprocess.Popen, str]:
    assistant = str(Path(sys.executable).with_name("assistant"))
    subprocess.run([assistant, "index", "seeds/"], cwd=folder, check=True, capture_output=True)
    return start_service(["assistant", "serve", "--port", "{port}"], "/gradio_api/info", cwd=folder)


def chat_during_indexing(folder: Path, questions: int) -> dict[str, float]:
    assistant = Assistant(Settings(index_dir=folder / "index-concurrent"))
    assistant.index([folder / "seeds"])
    long_article = folder / "long" / "long.txt"
    long_article.parent.mkdir()
    long_article.write_text(" date 2023-10 Une longue chronique.\n\n" + "\n\n".join(
        f"Paragraphe {i}. La réunion {i} s'est tenue à Vladivostok avec {i * 7} délégués et a porté sur le commerce."
        for i in range(3000)
    ) + "\n")
    asks = ["Who denied the allegations of shell deliveries?", "Où Kim va-t-il rencontrer Poutine ?", "When did Kim last meet Putin?"]

    def latencies(n: int) -> list[float]:
        out = []
        for i in range(n):
            assistant._scorer._cache.clear()  # every ask embeds its sentences, as a new question would
            started = time.perf_counter()
            assistant.ask(asks[i % len(asks)])
            out.append(time.perf_counter() - started)
        return out

    idle = latencies(questions)
    indexing = threading.Thread(target=assistant.index, args=([long_article.parent],))
    indexing.start()
    busy = latencies(questions)
    still_indexing = indexing.is_alive()
    indexing.join()
    return {
        "ask_idle_median_s": round(statistics.median(idle), 3),
        "ask_while_indexing_median_s": round(statistics.median(busy), 3),
        "ratio": round(statistics.median(busy) / statistics.median(idle), 2),
        "indexing_still_running_after_asks": still_indexing,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--clients", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copytree(REPO / "seeds", folder / "seeds")
        process, url = serve(folder)
        try:
            runs = browser_timings(url, args.runs)
            load = concurrent_chats(url, args.clients)
        finally:
            process.terminate()
            process.wait(timeout=30)
        concurrency = chat_during_indexing(folder, 6)
    summary = {
        "first_token_median_s": statistics.median(r["first_token_s"] for r in runs),
        "full_answer_median_s": statistics.median(r["full_answer_s"] for r in runs),
    }
    print(f"{'run':>4} {'first token (s)':>16} {'full answer (s)':>16}")
    for i, r in enumerate(runs, start=1):
        print(f"{i:>4} {r['first_token_s']:>16} {r['full_answer_s']:>16}")
    print(f"median first token {summary['first_token_median_s']} s, full answer {summary['full_answer_median_s']} s")
    print(f"{load['clients']} concurrent chats: full answer p50 {load['full_answer_p50_s']} s, "
          f"p95 {load['full_answer_p95_s']} s, max {load['full_answer_max_s']} s; mixed up: {load['mixed_up'] or 'none'}")
    print(f"ask while indexing: {concurrency}")
    write_results("ui", {"question": QUESTION, "runs": runs, **summary, "load": load, "concurrency": concurrency})


if __name__ == "__main__":
    main()
