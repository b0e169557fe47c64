"""A local GGUF model as a LangChain chat model, through llama-cpp-python (the ``gguf`` extra).

Build llama-cpp-python with ``CMAKE_ARGS="-DGGML_NATIVE=OFF"`` on this kind of VM: a native build
crashes with SIGILL (AMX).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import ConfigDict

from assistant.config import Settings
from assistant.errors import ConfigError

_ROLES = {"system": "system", "human": "user", "ai": "assistant"}


class GGUFChatModel(BaseChatModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    llama: Any
    temperature: float = 0.0
    max_tokens: int = 512

    @classmethod
    def load(cls, path: Path, settings: Settings) -> "GGUFChatModel":
        if not path.is_file():
            raise ConfigError(f"ASSISTANT_LLM=gguf:{path}: no such model file")
        from llama_cpp import Llama

        llama = Llama(model_path=str(path), n_ctx=4096, n_threads=settings.threads, verbose=False)
        return cls(llama=llama, temperature=settings.llm_temperature, max_tokens=settings.llm_max_tokens)

    @property
    def _llm_type(self) -> str:
        return "gguf"

    def _messages(self, messages: list[BaseMessage]) -> list[dict[str, str]]:
        return [{"role": _ROLES.get(m.type, "user"), "content": str(m.content)} for m in messages]

    def _generate(
        self, messages: list[BaseMessage], stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None, **kwargs: Any,
    ) -> ChatResult:
        out = self.llama.create_chat_completion(
            self._messages(messages), temperature=self.temperature, max_tokens=self.max_tokens, stop=stop
        )
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=out["choices"][0]["message"]["content"]))])

    def _stream(
        self, messages: list[BaseMessage], stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None, **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        for part in self.llama.create_chat_completion(
            self._messages(messages), temperature=self.temperature, max_tokens=self.max_tokens, stop=stop, stream=True
        ):
            text = part["choices"][0]["delta"].get("content") or ""
            if text:
                chunk = ChatGenerationChunk(message=AIMessageChunk(content=text))
                if run_manager:
                    run_manager.on_llm_new_token(text, chunk=chunk)
                yield chunk
