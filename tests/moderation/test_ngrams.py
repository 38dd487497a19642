"""The per-word character n-gram cache: same columns as hashing afresh, whatever
it had to forget, and under a threaded server."""

from __future__ import annotations

import threading

import pytest

from porch.moderation import linear

CHAR_VECTORIZER = linear._vectorizers(18, 18)[1]


def fresh_columns(texts: list[str]) -> list[list[int]]:
    return [c.tolist() for c in linear.CharGramCache(CHAR_VECTORIZER).columns_of(texts)]


@pytest.fixture
def small_cache(monkeypatch: pytest.MonkeyPatch) -> linear.CharGramCache:
    monkeypatch.setattr(linear, "WORD_CACHE_SIZE", 4)
    return linear.CharGramCache(CHAR_VECTORIZER)


def test_a_full_cache_forgets_no_word_the_batch_still_needs(
    small_cache: linear.CharGramCache,
) -> None:
    small_cache.columns_of(["starter dough"])
    text = "starter rises slowly overnight"  # one known word, three new: over 4

    got = [c.tolist() for c in small_cache.columns_of([text])]

    assert got == fresh_columns([text])
    assert len(small_cache.columns) == 4


def test_threads_sharing_a_full_cache_get_the_same_columns(
    small_cache: linear.CharGramCache,
) -> None:
    batches = [[f"loaf{t}x{i} crumb{t}y{i} rye{i}" for i in range(3)] for t in range(6)]
    expected = [fresh_columns(texts) for texts in batches]
    results: dict[int, list[list[list[int]]]] = {t: [] for t in range(6)}

    def judge(t: int) -> None:
        for _ in range(50):
            columns = small_cache.columns_of(batches[t])
            results[t].append([c.tolist() for c in columns])

    threads = [threading.Thread(target=judge, args=(t,)) for t in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert all(got == [expected[t]] * 50 for t, got in results.items())
