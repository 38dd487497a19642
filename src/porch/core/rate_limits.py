"""Attempt counters for every public write: comments and the login page share them.

Counts live in the default cache, under a keyed hash of who tried, so no address or
email is readable there. Share the cache between processes (``PORCH_CACHE_URL``) for
one count per site; the in-process default counts per server process.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

# (attempts, seconds)
Limits = Sequence[tuple[int, int]]


def keyed_hash(value: str) -> str:
    """HMAC-SHA256 of ``value`` under the site's secret key, as hex."""
    return hmac.new(
        settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256
    ).hexdigest()


def ip_source(ip: str) -> str:
    """``ip:`` and the address a limit counts; an IPv6 /64 is one source.

    An IPv6 subscriber is handed a whole /64, so each address in it is one person.
    An empty address gives ``""``, which counts nothing.
    """
    try:
        address = ipaddress.ip_address(ip.strip())
    except ValueError:
        return f"ip:{ip.strip()}" if ip.strip() else ""
    if address.version == 6:
        return f"ip:{ipaddress.ip_network(f'{address}/64', strict=False)}"
    return f"ip:{address}"


def _keys(
    scope: str, sources: Iterable[str], limits: Limits
) -> list[tuple[str, int, int]]:
    return [
        (f"{scope}:{keyed_hash(source)[:24]}:{span}", limit, span)
        for source in sources
        if source and not source.endswith(":")
        for limit, span in limits
    ]


@dataclass(frozen=True)
class RateLimited:
    """A limit an attempt went over: its window, and how long until it frees."""

    span: int
    retry_after: int  # whole seconds, at least 1: what a Retry-After header says


def wait_in_words(seconds: int) -> str:
    """``seconds`` as a person says it: "30 seconds", "a minute", "4 minutes"."""
    if seconds < 45:
        return f"{seconds} seconds"
    if seconds <= 90:
        return "a minute"
    if seconds < 3300:
        return f"{math.ceil(seconds / 60)} minutes"
    if seconds <= 5400:
        return "an hour"
    return f"{math.ceil(seconds / 3600)} hours"


def rate_limit_hit(
    *, scope: str, sources: Iterable[str], limits: Limits
) -> RateLimited | None:
    """Count one attempt from each of ``sources``; the first limit passed, or None.

    A source that is empty or ends in ``:`` (``"email:"``) is not counted. Each
    window starts at its first attempt and ends ``span`` seconds later; when it ends
    is kept beside the count, so a refusal can say how long to wait.
    """
    for key, limit, span in _keys(scope, sources, limits):
        now = time.time()
        if cache.add(key, 0, timeout=span):
            cache.set(f"{key}:ends", now + span, timeout=span)
        try:
            count = cache.incr(key)
        except ValueError:  # the key expired between add and incr
            cache.set(key, 1, timeout=span)
            cache.set(f"{key}:ends", now + span, timeout=span)
            count = 1
        if count > limit:
            ends = cache.get(f"{key}:ends")
            left = ends - now if isinstance(ends, float) else span
            return RateLimited(span=span, retry_after=max(1, math.ceil(left)))
    return None


def rate_limit_forget(*, scope: str, sources: Iterable[str], limits: Limits) -> None:
    """Forget the attempts counted against ``sources``."""
    keys = [key for key, _, _ in _keys(scope, sources, limits)]
    cache.delete_many(keys + [f"{key}:ends" for key in keys])
