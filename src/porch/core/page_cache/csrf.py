"""The comment form on a cached page: no per-reader token, the origin checked instead.

A cached page is the same bytes for every reader, so it cannot carry one reader's CSRF
token, and setting the CSRF cookie would make it uncacheable. Pages rendered for the
cache therefore leave the token out (``csrf_token_for_cached_pages``), and a form
posting from them is checked by ``csrf_protect_or_same_origin``:

- When the request carries a CSRF cookie or token, Django's own check runs unchanged
  (token, then ``Origin``/``Referer``): readers whose page was rendered for them
  (signed in, or holding any cookie that bypasses the cache) keep the token defence.
- Otherwise the request must show it comes from this site, the OWASP "verifying
  origin with standard headers" defence: an ``Origin`` equal to the site's own (or a
  trusted origin); without one, ``Sec-Fetch-Site: same-origin``; without either, a
  ``Referer`` on this site (Porch sends ``Referrer-Policy: same-origin``, so
  same-origin posts carry it). Anything else, including no evidence at all, gets
  Django's 403 CSRF page and the view never runs. Every browser in use sends
  ``Origin`` on a form POST, so no reader meets the last case.

This is sound because no cross-site page can make a browser send a forged ``Origin``
or ``Sec-Fetch-Site`` (both are forbidden header names), and the cookies that make
forging worthwhile (the session) send the request down the token path instead.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import get_callable
from django.views.decorators.csrf import csrf_protect

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
TOKEN_FIELD = "csrfmiddlewaretoken"  # noqa: S105 (a field name, not a secret)
REASON = "Origin checking failed: the form was not posted from this site."

View = Callable[..., HttpResponse]


def csrf_token_for_cached_pages(request: HttpRequest) -> dict[str, str]:
    """Context processor: no CSRF token (and no CSRF cookie) on a page being cached.

    Listed after Django's own ``csrf`` processor, whose lazy token it replaces before
    anything reads it; ``{% csrf_token %}`` renders nothing for ``NOTPROVIDED``.
    """
    if getattr(request, "page_cache_candidate", False):
        return {"csrf_token": "NOTPROVIDED"}
    return {}


def csrf_protect_or_same_origin(view: View) -> View:
    """Django's CSRF check when a token is in play, else same-origin verification."""
    protected = csrf_protect(view)

    @wraps(view)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if _carries_token(request) or request.method in SAFE_METHODS:
            return protected(request, *args, **kwargs)
        if getattr(request, "_dont_enforce_csrf_checks", False):
            return view(request, *args, **kwargs)
        if not is_same_origin(request):
            failure: View = get_callable(settings.CSRF_FAILURE_VIEW)
            return failure(request, reason=REASON)
        return view(request, *args, **kwargs)

    checked.csrf_exempt = True  # type: ignore[attr-defined]
    return checked


def _carries_token(request: HttpRequest) -> bool:
    return (
        settings.CSRF_COOKIE_NAME in request.COOKIES
        or settings.CSRF_HEADER_NAME in request.META
        or TOKEN_FIELD in request.POST
    )


def is_same_origin(request: HttpRequest) -> bool:
    """Whether the browser says this request comes from a page of this site."""
    origin = request.headers.get("Origin")
    if origin is not None:
        return origin in _own_origins(request)
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site == "same-origin"
    referer = urlsplit(request.headers.get("Referer", ""))
    return f"{referer.scheme}://{referer.netloc}" in _own_origins(request)


def _own_origins(request: HttpRequest) -> set[str]:
    return {f"{request.scheme}://{request.get_host()}", *settings.CSRF_TRUSTED_ORIGINS}
