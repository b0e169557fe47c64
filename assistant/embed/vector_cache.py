"""Vectors of texts kept across calls: those not yet held are computed in one batch, and the least
recently used are dropped beyond a size.

One caller at a time: the web app answers in threads, and a cache that is reordered and trimmed
as it is read would otherwise lose a key between one thread's write and its read.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class VectorCache(Generic[K, V]):
    def __init__(self, size: int):
        self._size = size
        self._held: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._held)

    def get(self, keys: list[K], compute: Callable[[list[K]], Sequence[V]]) -> list[V]:
        """The value of each key, in order; ``compute`` gets the missing keys, each once."""
        with self._lock:
            missing = list(dict.fromkeys(k for k in keys if k not in self._held))
            if missing:
                self._held.update(zip(missing, compute(missing)))
            found = [self._held[k] for k in keys]
            for key in keys:
                self._held.move_to_end(key)
            while len(self._held) > self._size:
                self._held.popitem(last=False)
        return found
