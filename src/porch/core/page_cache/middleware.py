"""Answer anonymous readers from the page cache before the rest of the stack runs.

Placed right after ``SecurityMiddleware``: a hit skips sessions, authentication, CSRF,
messages, the URL resolver, the view and its templates; the security headers are
still added on the way out. On a miss the page is rendered as usual, without a
per-reader CSRF token (``csrf.csrf_token_for_cached_pages``), and stored if it may be
shared (``policy.response_storable``). ``PORCH_PAGE_CACHE=off`` makes every request
pass straight through.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from porch.core.page_cache.files import files_expired_sweep, page_file_write
from porch.core.page_cache.generation import generation_current
from porch.core.page_cache.policy import (
    PageAddress,
    headers_kept,
    never_cookies,
    page_address,
    response_storable,
)
from porch.core.page_cache.registry import is_exempt, next_change
from porch.core.page_cache.store import (
    CachedPage,
    page_get,
    page_key,
    page_make,
    page_put,
    page_response,
)

# Pages would otherwise be stored only to die at once (a post going live now).
MIN_LIFETIME_SECONDS = 1.0
NO_BROWSER_FRESHNESS = "no-cache"


class PageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.PAGE_CACHE == "off":
            return self.get_response(request)
        address = page_address(request, never_cookies())
        if address is None:
            return self.get_response(request)
        if settings.PAGE_CACHE == "files":
            files_expired_sweep()  # also run by porch serve, for when no page misses
        # Captured before rendering: a page of data older than a concurrent bump
        # goes under the generation that bump ended (see ``generation``).
        generation = generation_current()
        key = page_key(generation, address)
        now = time.time()
        page = page_get(key, now)
        if page is not None:
            return page_response(request, page)
        request.page_cache_candidate = True  # type: ignore[attr-defined]
        response = self.get_response(request)
        if request.method != "GET" or not response_storable(request, response):
            return response
        page = self._store(response, key=key, now=now)
        if page is None:
            return response
        if settings.PAGE_CACHE == "files" and not address.query:
            self._file_write(page, generation=generation, address=address)
        return page_response(request, page)

    def process_view(
        self,
        request: HttpRequest,
        view: Callable[..., Any],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> None:
        if is_exempt(view):
            request.page_cache_exempt = True  # type: ignore[attr-defined]

    def _store(
        self, response: HttpResponse, *, key: str, now: float
    ) -> CachedPage | None:
        expires_at = now + settings.PAGE_CACHE_SECONDS
        coming = next_change(timezone.now())
        if coming is not None:
            expires_at = min(expires_at, coming.timestamp())
        if expires_at - now < MIN_LIFETIME_SECONDS:
            return None
        if "Cache-Control" not in response:
            # Without it browsers may reuse a page with Last-Modified by heuristic;
            # revalidating costs a 304.
            response["Cache-Control"] = NO_BROWSER_FRESHNESS
        page = page_make(
            headers=headers_kept(response),
            body=response.content,
            now=now,
            expires_at=expires_at,
        )
        page_put(key, page, now)
        return page

    def _file_write(
        self, page: CachedPage, *, generation: str, address: PageAddress
    ) -> None:
        content_type = {n.lower(): v for n, v in page.headers}.get("content-type", "")
        if content_type.startswith("text/html"):
            page_file_write(
                generation=generation,
                host=address.hostname,
                path=address.path,
                body=page.body,
                expires_at=page.expires_at,
            )
