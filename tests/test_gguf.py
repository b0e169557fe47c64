"""The GGUF chat model's wiring to llama-cpp-python's chat-completion interface.

No PyPI package bundles a GGUF chat model that can run here, so this drives the wrapper with an
object speaking llama_cpp.Llama's create_chat_completion protocol (plain and streamed).
"""

from __future__ import annotations

from typing import Any

from langchain_core.messages import HumanMessage, SystemMessage

from assistant.answer.gguf import GGUFChatModel


class LlamaProtocol:
    def __init__(self, reply: str):
        self.reply = reply
        self.calls: list[dict[str, Any]] = []

    def create_chat_completion(self, messages: list[dict], stream: bool = False, **kwargs: Any) -> Any:
        self.calls.append({"messages": messages, "stream": stream, **kwargs})
        if not stream:
            return {"choices": [{"message": {"role": "assistant", "content": self.reply}}]}
        pieces = [{"choices": [{"delta": {"role": "assistant"}}]}]
        pieces += [{"choices": [{"delta": {"content": word}}]} for word in self.reply.split(" ") if word]
        return iter(pieces)


def test_messages_roles_and_limits_reach_llama_cpp():
    llama = LlamaProtocol("Denied by the Kremlin [1].")
    model = GGUFChatModel(llama=llama, temperature=0.0, max_tokens=64)
    reply = model.invoke([SystemMessage("rules"), HumanMessage("question")])
    assert reply.content == "Denied by the Kremlin [1]."
    call = llama.calls[0]
    assert call["messages"] == [{"role": "system", "content": "rules"}, {"role": "user", "content": "question"}]
    assert (call["max_tokens"], call["temperature"], call["stream"]) == (64, 0.0, False)


def test_streaming_yields_the_deltas_in_order():
    llama = LlamaProtocol("Denied by the Kremlin [1].")
    # LangChain closes a stream with an empty chunk of its own.
    chunks = [c.content for c in GGUFChatModel(llama=llama).stream([HumanMessage("q")]) if c.content]
    assert chunks == ["Denied", "by", "the", "Kremlin", "[1]."] and llama.calls[0]["stream"] is True
