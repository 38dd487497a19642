"""Cached pages: what one holds, where it is filed, how it goes back out.

An entry is the response as the view made it (status 200, its headers, its body) with
an ``ETag`` (a hash of the body), the time it was stored (``Last-Modified``) and the
moment it must end: the cache's time bound, or sooner the next change no save
announces (a scheduled post going live, from ``page_cache_expiry_register``).
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass

from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.http import http_date, parse_http_date_safe

from porch.core.page_cache.generation import CACHE_ALIAS
from porch.core.page_cache.policy import PageAddress

# Part of every key, so a release that stores entries differently never reads the
# previous one's from a shared cache.
KEY_LAYOUT = 1
# Headers a 304 repeats (RFC 9110, 15.4.5).
NOT_MODIFIED_HEADERS = frozenset({"cache-control", "content-location", "vary"})


@dataclass(frozen=True)
class CachedPage:
    headers: tuple[tuple[str, str], ...]
    body: bytes
    etag: str
    last_modified: int
    expires_at: float


def page_key(generation: str, address: PageAddress) -> str:
    raw = f"{address.host}\0{address.path}\0{address.query}".encode()
    digest = hashlib.blake2b(raw, digest_size=16).hexdigest()
    return f"page:{KEY_LAYOUT}:{generation}:{digest}"


def page_get(key: str, now: float) -> CachedPage | None:
    found = caches[CACHE_ALIAS].get(key)
    if not isinstance(found, CachedPage) or found.expires_at <= now:
        return None
    return found


def page_make(
    *, headers: tuple[tuple[str, str], ...], body: bytes, now: float, expires_at: float
) -> CachedPage:
    etag = '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'
    return CachedPage(headers, body, etag, int(now), expires_at)


def page_put(key: str, page: CachedPage, now: float) -> None:
    timeout = max(1, math.ceil(page.expires_at - now))
    caches[CACHE_ALIAS].set(key, page, timeout)


def page_response(request: HttpRequest, page: CachedPage) -> HttpResponse:
    """The cached page, or 304 when the reader's copy is current."""
    if is_not_modified(request, page):
        response: HttpResponse = HttpResponseNotModified()
        kept = [(n, v) for n, v in page.headers if n.lower() in NOT_MODIFIED_HEADERS]
    else:
        is_head = request.method == "HEAD"
        response = HttpResponse(b"" if is_head else page.body)
        kept = list(page.headers)
        if is_head:
            response["Content-Length"] = str(len(page.body))
    for name, value in kept:
        response[name] = value
    response["ETag"] = page.etag
    response["Last-Modified"] = http_date(page.last_modified)
    return response


def is_not_modified(request: HttpRequest, page: CachedPage) -> bool:
    """RFC 9110's order: If-None-Match decides when sent, else If-Modified-Since."""
    match = request.headers.get("If-None-Match")
    if match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in match.split(",")}
        return "*" in tags or page.etag in tags
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return since is not None and page.last_modified <= since
