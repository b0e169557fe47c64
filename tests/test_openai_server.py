"""The OpenAI client path for real: ChatOpenAI talking HTTP to an OpenAI-compatible server on 127.0.0.1.

The server below speaks the chat-completions protocol (plain JSON and server-sent events, like
llama.cpp's or vLLM's server). Its "model" reads the numbered sources in the prompt and answers
from the one holding the fact, so the test exercises the whole round trip: prompt, HTTP, streaming,
and the citation code on what came back.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from assistant import Assistant, Settings
from assistant.answer.results import Answer
from assistant.embed.embeddings import E5Embeddings
from assistant.errors import LLMError

# Processes, servers or a browser: left out of `make test-fast`.
pytestmark = pytest.mark.integration

DENIAL = "Ces allégations ont été démenties par le Kremlin puis par Alexandre Matsegora, l’ambassadeur de Russie à Pyongyang."


def reply_to(messages: list[dict[str, str]]) -> str:
    prompt = messages[-1]["content"]
    if "Standalone question:" in prompt:
        return "When did Kim Jong-un last meet Vladimir Putin?"
    sources = dict(re.findall(r'<source id="(\d+)"[^>]*>\n(.*?)\n</source>', prompt, re.S))
    question = prompt.rsplit("Question:", 1)[-1].lower()
    for cue, fact, sentence in (
        ("denied", "démenties", "The Kremlin and then Alexandre Matsegora denied the allegations"),
        ("last meet", "dernière fois", "Kim last met Putin in Vladivostok in 2019"),
    ):
        if cue in question:
            number = next(n for n, text in sources.items() if fact in text)
            return f"{sentence} [{number}]."
    return "NO_ANSWER"


class Handler(BaseHTTPRequestHandler):
    requests: list[dict[str, Any]] = []

    def log_message(self, *args: Any) -> None:  # keep pytest output clean
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        Handler.requests.append({"path": self.path, "body": body, "auth": self.headers.get("Authorization")})
        if self.path != "/v1/chat/completions":
            self.send_error(404)
            return
        text = reply_to(body["messages"])
        base = {"id": "cmpl-1", "created": int(time.time()), "model": body["model"]}
        if not body.get("stream"):
            payload = json.dumps({
                **base, "object": "chat.completion",
                "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
            }).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        for piece in re.findall(r"\S+\s*", text):
            chunk = {**base, "object": "chat.completion.chunk",
                     "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}
            self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
            self.wfile.flush()
        done = {**base, "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
        self.wfile.write(f"data: {json.dumps(done)}\n\ndata: [DONE]\n\n".encode())


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def assistant(server: str, seeded_index: Path, e5: E5Embeddings) -> Assistant:
    settings = Settings(index_dir=seeded_index, llm="openai:local-test-model", openai_base_url=server)
    return Assistant(settings, embeddings=e5)


def test_ask_through_an_openai_compatible_server(assistant: Assistant, server: str):
    Handler.requests.clear()
    answer = assistant.ask("Who denied the allegations of shell deliveries?")
    assert answer.text == "The Kremlin and then Alexandre Matsegora denied the allegations [1]."
    assert answer.grounded and answer.problems() == []
    assert answer.citations[0].quote == DENIAL
    (request,) = Handler.requests
    assert request["body"]["model"] == "local-test-model"
    # llama.cpp reads max_tokens; a local server still gets a (dummy) key.
    assert request["body"]["max_tokens"] == assistant.settings.llm_max_tokens
    assert request["auth"] == "Bearer not-needed"
    assert request["body"]["messages"][0]["role"] == "system"


def test_streaming_through_an_openai_compatible_server(assistant: Assistant):
    parts = list(assistant.stream("Who denied the allegations of shell deliveries?"))
    *pieces, final = parts
    assert len(pieces) > 3 and all(isinstance(p, str) for p in pieces)
    assert "".join(pieces).startswith("The Kremlin and then Alexandre Matsegora denied")
    assert isinstance(final, Answer) and final.citations[0].quote == DENIAL
    assert Handler.requests[-1]["body"]["stream"] is True


def test_a_follow_up_is_condensed_by_the_llm_first(assistant: Assistant):
    Handler.requests.clear()
    history = [{"role": "user", "content": "Where will Kim meet Putin?"}, {"role": "assistant", "content": "In Vladivostok."}]
    answer = assistant.ask("And when did he last meet him?", history)
    assert answer.standalone_question == "When did Kim Jong-un last meet Vladimir Putin?"
    assert "pour la dernière fois à Vladivostok en 2019" in answer.citations[0].quote
    assert len(Handler.requests) == 2 and "Standalone question:" in Handler.requests[0]["body"]["messages"][-1]["content"]


def test_the_server_declining_gives_a_plain_refusal(assistant: Assistant):
    answer = assistant.ask("What is the population of Vladivostok?")
    assert not answer.grounded and answer.text.startswith("The indexed articles do not say")


def test_the_offline_default_stays_available_per_call(assistant: Assistant):
    answer = assistant.ask("Who denied the allegations of shell deliveries?", llm="extractive")
    assert answer.text == f"“{DENIAL}” [1]" and answer.citations[0].quote == DENIAL


def test_an_unreachable_server_is_a_clear_error(seeded_index: Path, e5: E5Embeddings):
    settings = Settings(index_dir=seeded_index, llm="openai:m", openai_base_url="http://127.0.0.1:9/v1", llm_timeout=5)
    broken = Assistant(settings, embeddings=e5)
    with pytest.raises(LLMError, match=r"ASSISTANT_LLM='openai:m' at http://127.0.0.1:9/v1 failed: \w*ConnectionError: Connection error"):
        broken.ask("Who denied the allegations of shell deliveries?")
