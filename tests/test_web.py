"""The web chat as people and programs meet it: `assistant serve` in a real process, driven by a
headless Chromium (Playwright on the system browser) and by gradio_client.

Screenshots land in each test's tmp folder.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import SEED, free_port

# Processes, servers or a browser: left out of `make test-fast`.
pytestmark = pytest.mark.integration

ASSISTANT = str(Path(sys.executable).with_name("assistant"))
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
BROWSER_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]
DENIAL = "Ces allégations ont été démenties par le Kremlin puis par Alexandre Matsegora, l’ambassadeur de Russie à Pyongyang."
NEW_ARTICLE = """---
title: Le port de Vladivostok inaugure un terminal
date: 2023-10-02
---
# Le port de Vladivostok inaugure un terminal

Le nouveau terminal à conteneurs du port de Vladivostok a été inauguré par la gouverneure Anna Petrova.

Il pourra traiter 400 000 conteneurs par an selon l’exploitant portuaire.
"""


def _start(folder: Path, *extra: str, env: dict[str, str] | None = None) -> tuple[subprocess.Popen, str]:
    port = free_port()
    log = (folder / f"serve-{port}.log").open("wb")
    process = subprocess.Popen(
        [ASSISTANT, "serve", "--port", str(port), *extra], cwd=folder, env={**os.environ, **(env or {})},
        stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(f"{url}/gradio_api/info", timeout=2)
            return process, url
        except OSError as err:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(f"assistant serve did not start: {(folder / f'serve-{port}.log').read_text()}") from err
            if getattr(err, "code", None) == 401:  # login required: it is up
                return process, url
            time.sleep(0.3)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """`assistant serve` over a fresh folder holding the seed, indexed as `make run` does."""
    folder = tmp_path_factory.mktemp("site")
    (folder / "seeds").mkdir()
    shutil.copy(SEED, folder / "seeds" / SEED.name)
    subprocess.run([ASSISTANT, "index", "seeds/"], cwd=folder, check=True, capture_output=True)
    process, url = _start(folder)
    yield url, folder
    process.terminate()
    process.wait(timeout=30)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, site):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(site[0], wait_until="load")
    page.locator('[data-testid="textbox"]').first.wait_for(timeout=60_000)
    yield page
    context.close()


def ask_in_browser(page, question: str) -> None:
    box = page.locator('[data-testid="textbox"]').first
    box.fill(question)
    box.press("Enter")
    # The answer is complete when the sources panel belongs to this question and streaming stopped.
    page.wait_for_function(
        """question => {
            const panel = document.querySelector('#sources .for');
            return panel && panel.dataset.question === question
                && !document.querySelector('[data-testid="stop-button"]');
        }""",
        arg=question,
        timeout=120_000,
    )


def test_a_question_in_the_browser_gets_a_cited_answer_and_the_highlighted_sentence(page, tmp_path: Path):
    ask_in_browser(page, "Who denied the allegations of shell deliveries?")
    answer = page.locator('[data-testid="bot"]').last
    assert DENIAL in answer.inner_text() and "[1]" in answer.inner_text()
    link = answer.locator('a[href="#source-1"]')
    assert link.count() == 1
    highlighted = page.locator("#sources #source-1 mark")
    assert highlighted.inner_text() == DENIAL
    assert "Les dirigeants devraient tenir des négociations" in page.locator("#source-1").inner_text()
    link.click()
    assert page.evaluate("location.hash") == "#source-1"
    page.screenshot(path=str(tmp_path / "answer.png"), full_page=True)


def test_an_unanswerable_question_says_so_in_chat_and_panel(page):
    ask_in_browser(page, "What is the population of Vladivostok?")
    assert page.locator('[data-testid="bot"]').last.inner_text().startswith("The indexed articles do not say")
    assert "do not answer this question" in page.locator("#sources").inner_text()


def _upload(page, files: list[Path]) -> str:
    page.get_by_role("tab", name="Articles").click()
    page.locator("#upload input[type=file]").set_input_files([str(f) for f in files])
    page.locator("#upload").get_by_text(files[-1].stem).first.wait_for(timeout=30_000)
    page.locator("#index-button").click()
    report = page.locator("#upload-report")
    page.wait_for_function(
        "() => /✅|⚠️/.test(document.querySelector('#upload-report').innerText)", timeout=120_000
    )
    return report.inner_text()


def test_an_uploaded_article_is_indexed_and_answers_a_new_question(page, site, tmp_path: Path):
    article = tmp_path / "terminal.md"
    article.write_text(NEW_ARTICLE, encoding="utf-8")
    report = _upload(page, [article])
    assert report.startswith("✅ Indexed. Added: terminal.md.")
    assert "Le port de Vladivostok inaugure un terminal" in page.locator("#articles-table").inner_text()
    page.get_by_role("tab", name="Chat").click()
    ask_in_browser(page, "Who inaugurated the new container terminal?")
    assert "Anna Petrova" in page.locator("#sources mark").first.inner_text()
    page.screenshot(path=str(tmp_path / "upload-answer.png"), full_page=True)
    assert (site[1] / "index" / "uploads" / "terminal.md").exists()


def test_an_upload_of_an_indexed_article_is_skipped_by_file_name(page, site, tmp_path: Path):
    copy = tmp_path / "copy.txt"
    copy.write_bytes(SEED.read_bytes())
    report = _upload(page, [copy])
    assert report.endswith(f"Skipped copy.txt: same content as {SEED.name}.")
    assert "/" not in report.split("Skipped", 1)[1], "a server path leaked to the browser"
    assert not (site[1] / "index" / "uploads" / "copy.txt").exists()


def _index_state(site: tuple[str, Path]) -> dict:
    return json.loads(subprocess.run([ASSISTANT, "info", "--json"], cwd=site[1], capture_output=True, text=True).stdout)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("blob.txt", b"\x00\x01binary\x02", "⚠️ blob.txt: binary file"),
        ("empty.md", b"", "⚠️ empty.md: empty file"),
        ("broken.txt", "Le président".encode() + b" a d\xe9clar\xe9", "⚠️ broken.txt: not valid UTF-8"),
    ],
)
def test_a_bad_upload_shows_an_error_and_leaves_the_index_intact(page, site, tmp_path: Path, name, content, message):
    before = _index_state(site)
    bad = tmp_path / name
    bad.write_bytes(content)
    report = _upload(page, [bad])
    assert report.startswith(message), report
    assert str(site[1]) not in report and "/tmp" not in report, "a server path leaked to the browser"
    assert _index_state(site) == before


def test_a_too_large_upload_is_refused_and_leaves_the_index_intact(page, site, tmp_path: Path):
    before = _index_state(site)
    huge = tmp_path / "huge.txt"
    huge.write_bytes(b"mot " * 1_300_000)  # 5.2 MB, over the default limit of 5 MB
    page.get_by_role("tab", name="Articles").click()
    page.locator("#upload input[type=file]").set_input_files([str(huge)])
    page.get_by_text('exceed the maximum allowed size of 4.8 Mb: "huge.txt"').wait_for(timeout=30_000)
    page.locator("#index-button").click()
    page.wait_for_function("() => /⚠️/.test(document.querySelector('#upload-report').innerText)", timeout=60_000)
    assert page.locator("#upload-report").inner_text() == "⚠️ Choose one or more article files first."
    assert _index_state(site) == before


def test_gradio_client_asks_and_searches(site):
    from gradio_client import Client

    client = Client(site[0], verbose=False)
    answer = client.predict("Who denied the allegations of shell deliveries?", api_name="/ask")
    assert answer["grounded"] and answer["citations"][0]["quote"] == DENIAL
    passages = client.predict("Matsegora", api_name="/search")
    assert "Matsegora" in passages[0]["text"]


def test_an_unknown_answerer_is_an_error_not_a_silent_fallback(site):
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="llm='gpt-9' is not an answerer of this server"):
        Client(site[0], verbose=False).predict("Who denied the allegations?", "gpt-9", api_name="/ask")


def test_ten_concurrent_clients_each_get_a_correct_cited_answer(site):
    from gradio_client import Client

    questions = ["Who denied the allegations of shell deliveries?", "Qui a démenti les allégations de livraisons d'obus ?"] * 5

    def ask(question: str) -> dict:
        return Client(site[0], verbose=False).predict(question, api_name="/ask")

    with ThreadPoolExecutor(max_workers=10) as pool:
        answers = list(pool.map(ask, questions))
    assert all(a["grounded"] and a["citations"][0]["quote"] == DENIAL for a in answers)


def test_the_login_is_required_when_auth_is_set(tmp_path: Path):
    from gradio_client import Client
    from gradio_client.exceptions import AuthenticationError

    (tmp_path / "seeds").mkdir()
    process, url = _start(tmp_path, "--auth", "reader:s3cret")
    try:
        with pytest.raises(AuthenticationError, match="credentials were not provided"):
            Client(url, verbose=False)
        with pytest.raises(ValueError, match="Could not login"):
            Client(url, auth=("reader", "wrong"), verbose=False)
        client = Client(url, auth=("reader", "s3cret"), verbose=False)
        assert client.predict("anything", api_name="/ask")["grounded"] is False
    finally:
        process.terminate()
        process.wait(timeout=30)


FAULT = """
import assistant.api

def broken(self, *args, **kwargs):
    raise RuntimeError("disk I/O error in /srv/private/index/chroma.sqlite3")

assistant.api.Assistant.stream = broken
"""


def test_an_unexpected_server_failure_reaches_the_browser_as_a_generic_message(browser, tmp_path: Path):
    """A fault the code does not expect (here injected into the real server through sitecustomize)."""
    (tmp_path / "fault").mkdir()
    (tmp_path / "fault" / "sitecustomize.py").write_text(FAULT)
    process, url = _start(tmp_path, env={"PYTHONPATH": str(tmp_path / "fault")})
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(url, wait_until="load")
        box = page.locator('[data-testid="textbox"]').first
        box.wait_for(timeout=60_000)
        box.fill("Who denied the allegations of shell deliveries?")
        box.press("Enter")
        page.get_by_text("Something went wrong on the server").wait_for(timeout=60_000)
        shown = page.locator("body").inner_text()
        assert "⚠️ Something went wrong on the server; the details are in its log." in shown
        for leak in ("/srv/private", "chroma.sqlite3", "RuntimeError", "Traceback", str(tmp_path)):
            assert leak not in shown
    finally:
        context.close()
        process.terminate()
        process.wait(timeout=30)
    server_log = "".join(p.read_text() for p in tmp_path.glob("serve-*.log"))
    assert "Traceback" in server_log and "disk I/O error in /srv/private" in server_log  # the log has it all


def test_the_chat_passes_its_history_so_follow_ups_work(page):
    ask_in_browser(page, "Where will Kim meet Putin?")
    ask_in_browser(page, "And when did he last meet him?")
    assert "pour la dernière fois à Vladivostok en 2019" in page.locator("#sources mark").first.inner_text()


def test_the_server_listens_on_loopback_only_by_default(site):
    port = int(site[0].rsplit(":", 1)[1])
    listening = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                listening.append(address)
    assert listening == ["0100007F"], f"listening on {listening}, not 127.0.0.1 only"


@pytest.mark.parametrize(
    ("message", "shown"),
    [
        ("the index at /srv/news/index is being written by process 12", "⚠️ the index at index is being written by process 12"),
        ("/tmp/x/uploads/a.txt: not valid UTF-8", "⚠️ a.txt: not valid UTF-8"),
        ("ASSISTANT_LLM='openai:m' at http://127.0.0.1:9/v1 failed", "⚠️ ASSISTANT_LLM='openai:m' at http://127.0.0.1:9/v1 failed"),
    ],
)
def test_error_messages_reach_the_browser_without_server_paths(message: str, shown: str):
    from assistant.app.web import public

    assert public(message) == shown
