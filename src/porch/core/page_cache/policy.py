"""Which requests may be answered from the page cache, and which responses stored.

A page is cached only when it is the same for every reader who asks for it: a GET or
HEAD with no cookie that makes the page a reader's own (the session, hence any
signed-in user; the CSRF cookie, whose token the page would carry; Django's messages;
and the cookies apps register, such as the comments writer's), at a path that is
neither a writer's nor a staff page, with only the query parameters pages read. Search
is left out although its query could be part of the key: any text makes a new key, so
a crawler could push every post page out of a bounded cache.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port

from porch.core.page_cache.registry import bypass_cookies

CACHED_METHODS = frozenset({"GET", "HEAD"})
# The parameters readers' pages take (list pages, comment pages, the no-JS reply
# form); any other parameter is rendered normally, never stored, so made-up query
# strings cannot fill the cache.
PAGE_PARAMETERS = frozenset({"page", "cpage", "replytocom"})
PARAMETER_MAX_LENGTH = 12
# Headers a cached page never repeats: recomputed, or set per response.
UNSTORED_HEADERS = frozenset(
    {"content-length", "date", "etag", "last-modified", "set-cookie"}
)
STORABLE_VARY = frozenset({"cookie", "accept-encoding"})


@dataclass(frozen=True)
class PageAddress:
    """What a cached page is filed under: host (with port), path, sorted query."""

    host: str
    path: str
    query: str

    @property
    def hostname(self) -> str:
        """The host without its port, as nginx's ``$host`` spells it."""
        return split_domain_port(self.host)[0]


def never_cookies() -> frozenset[str]:
    """Cookies whose presence means a page is rendered for that reader alone."""
    shell = {settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, "messages"}
    return bypass_cookies() | shell


def page_address(request: HttpRequest, cookies: frozenset[str]) -> PageAddress | None:
    """Where ``request``'s page is cached, or ``None`` when it must be rendered."""
    if request.method not in CACHED_METHODS or "authorization" in request.headers:
        return None
    if request.COOKIES and not cookies.isdisjoint(request.COOKIES):
        return None
    if re.match(settings.PAGE_CACHE_NEVER, request.path):
        return None
    query = query_normalised(request.META.get("QUERY_STRING", ""))
    if query is None:
        return None
    return PageAddress(host=request.get_host().lower(), path=request.path, query=query)


def query_normalised(raw: str) -> str | None:
    """The query sorted by name; ``None`` if it has a parameter pages do not read."""
    if not raw:
        return ""
    pairs = parse_qsl(raw, keep_blank_values=True)
    names = [name for name, _ in pairs]
    if len(set(names)) != len(names) or not PAGE_PARAMETERS.issuperset(names):
        return None
    if any(len(value) > PARAMETER_MAX_LENGTH for _, value in pairs):
        return None
    return urlencode(sorted(pairs))


def response_storable(request: HttpRequest, response: HttpResponse) -> bool:
    """A whole 200 page, setting no cookie, that any anonymous reader may share."""
    if response.status_code != 200 or response.cookies or response.streaming:
        return False
    if getattr(request, "page_cache_exempt", False):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    control = response.get("Cache-Control", "").lower()
    if "private" in control or "no-store" in control:
        return False
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",")}
    return vary <= STORABLE_VARY | {""} and "Content-Encoding" not in response


def headers_kept(response: HttpResponse) -> tuple[tuple[str, str], ...]:
    return tuple(
        (name, value)
        for name, value in response.items()
        if name.lower() not in UNSTORED_HEADERS
    )
