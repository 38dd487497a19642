"""Attempt counters for every public write: comments and the login page share them.

Counts live in the default cache, under a keyed hash of who tried, so no address or
email is readable there. Share the cache between processes (``PORCH_CACHE_URL``) for
one count per site; the in-process default counts per server process.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from collections.abc import Iterable, Sequence

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


def rate_limit_count(
    *, scope: str, sources: Iterable[str], limits: Limits
) -> int | None:
    """Count one attempt from each of ``sources``; the first span passed, or None.

    Returns the window in seconds of the first limit the attempt goes over. A source
    that is empty or ends in ``:`` (``"email:"``) is not counted.
    """
    for key, limit, span in _keys(scope, sources, limits):
        cache.add(key, 0, timeout=span)
        try:
            count = cache.incr(key)
        except ValueError:  # the key expired between add and incr
            cache.set(key, 1, timeout=span)
            count = 1
        if count > limit:
            return span
    return None


def rate_limit_forget(*, scope: str, sources: Iterable[str], limits: Limits) -> None:
    """Forget the attempts counted against ``sources``."""
    cache.delete_many([key for key, _, _ in _keys(scope, sources, limits)])
