"""The Redis cache path: ``PORCH_CACHE_URL=redis://...`` against a real Redis server.

Runs when ``PORCH_TEST_REDIS_URL`` names a Redis database the suite may write to
(CI uses ``redis://127.0.0.1:6379/15``); skipped otherwise.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.redis import RedisCache

from porch import config

REDIS_URL = os.environ.get("PORCH_TEST_REDIS_URL", "")

pytestmark = pytest.mark.skipif(
    not REDIS_URL,
    reason="set PORCH_TEST_REDIS_URL (e.g. redis://127.0.0.1:6379/15) to test Redis",
)


@pytest.fixture
def redis_cache(settings) -> Iterator[BaseCache]:
    settings.CACHES = {**settings.CACHES, "redis": config.cache(REDIS_URL)}
    cache = caches["redis"]
    yield cache
    cache.close()


@pytest.fixture
def key(redis_cache: BaseCache) -> Iterator[str]:
    # A fresh key per test, so parallel runs sharing the database never collide.
    name = f"test-{uuid.uuid4().hex}"
    yield name
    redis_cache.delete(name)


def server_pttl(cache: BaseCache, key: str) -> int:
    """Milliseconds Redis itself will keep ``key``: the server's view, not Django's."""
    assert isinstance(cache, RedisCache)
    full_key = cache.make_and_validate_key(key)
    return int(cache._cache.get_client(full_key).pttl(full_key))


def test_config_picks_the_redis_backend():
    assert config.cache(REDIS_URL, site_key="x" * 40) == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": f"porch-{config.site_cache_prefix('x' * 40)}",
    }


def test_values_round_trip_through_redis(redis_cache, key):
    value = {"site_name": "Front Porch", "depths": [1, 2, 3]}

    redis_cache.set(key, value, timeout=60)

    assert redis_cache.get(key) == value
    assert server_pttl(redis_cache, key) in range(55_000, 60_001)


def test_counters_increment_on_the_server(redis_cache, key):
    redis_cache.set(key, 1, timeout=60)

    assert redis_cache.incr(key) == 2
    assert redis_cache.incr(key, 5) == 7
    assert redis_cache.decr(key, 3) == 4
    assert redis_cache.get(key) == 4


def test_incrementing_a_missing_key_fails_and_creates_nothing(redis_cache, key):
    with pytest.raises(ValueError, match="not found"):
        redis_cache.incr(key)

    assert redis_cache.get(key) is None
    assert not redis_cache.has_key(key)


def test_expiry_is_set_and_enforced_by_redis(redis_cache, key):
    redis_cache.set(key, "soon gone", timeout=300)
    assert redis_cache.touch(key, timeout=30)
    assert server_pttl(redis_cache, key) in range(25_000, 30_001)

    # A timeout of zero expires the key at once, on the server.
    assert redis_cache.touch(key, timeout=0)

    assert redis_cache.get(key, "expired") == "expired"
    assert server_pttl(redis_cache, key) == -2  # Redis: no such key


def test_no_timeout_keeps_the_key_without_expiry(redis_cache, key):
    redis_cache.set(key, "kept", timeout=None)

    assert redis_cache.get(key) == "kept"
    assert server_pttl(redis_cache, key) == -1  # Redis: key without expiry
