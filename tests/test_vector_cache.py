"""The cache the evidence scorer and the aligner keep their texts' vectors in."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from assistant.embed.vector_cache import VectorCache


def test_missing_keys_are_computed_once_in_one_batch_and_values_come_back_in_order():
    batches: list[list[str]] = []

    def compute(keys: list[str]) -> list[str]:
        batches.append(keys)
        return [k.upper() for k in keys]

    cache: VectorCache[str, str] = VectorCache(size=10)
    assert cache.get(["a", "b", "a"], compute) == ["A", "B", "A"]
    assert cache.get(["c", "b"], compute) == ["C", "B"]
    assert batches == [["a", "b"], ["c"]]


def test_the_least_recently_used_go_first_beyond_the_size():
    cache: VectorCache[str, str] = VectorCache(size=2)
    cache.get(["a", "b"], lambda keys: keys)
    cache.get(["a"], lambda keys: keys)  # "b" is now the least recently used
    cache.get(["c"], lambda keys: keys)
    computed: list[str] = []
    cache.get(["a", "b"], lambda keys: computed.extend(keys) or keys)
    assert computed == ["b"] and len(cache) == 2


def test_threads_reading_and_trimming_at_once_each_get_their_own_values():
    cache: VectorCache[int, int] = VectorCache(size=3)
    with ThreadPoolExecutor(8) as pool:
        found = list(pool.map(lambda n: cache.get([n, n + 1], lambda keys: [k * 10 for k in keys]), range(200)))
    assert found == [[n * 10, (n + 1) * 10] for n in range(200)] and len(cache) <= 3
