"""Old permalinks of an imported site answer with a 301 to the same thing in Porch.

Checked only when nothing else answered (a 404), or when the address carries
WordPress's ``?p=``, ``?page_id=``, ``?attachment_id=``, ``?cat=``, ``?author=``...,
which would otherwise land on the home page. A post's old address followed by
``comment-page-2/`` or ``feed/`` leads to that page of its discussion or to its
comment feed. A ``#comment-12`` fragment is never sent to the server; browsers keep
it across the redirect, and the post page's ``legacy_anchor.js`` finds the comment
when it is on another page of the discussion.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    QueryDict,
)
from django.urls import reverse

from porch.blog.models import Post
from porch.importers.models import LegacyRedirect
from porch.importers.wordpress_addresses import (
    NUMBER_PARAMETERS,
    wordpress_address,
    wordpress_query_address,
)

ID_PARAMETERS = ("p", "page_id", "attachment_id")
# What WordPress adds after a post's address: a page of its discussion
# (/slug/comment-page-2/) or its comment feed (/slug/feed/, /slug/feed/atom/).
_POST_SUFFIX = re.compile(
    r"(?<=/)(?:comment-page-(?P<page>\d{1,6})|feed/?(?P<feed>rss2?|rdf|atom)?)/?$"
)


def legacy_candidates(path: str, query: QueryDict) -> list[str]:
    """The stored forms an old address may match, most specific first."""
    folder = path.rsplit("/", 1)[0] + "/"
    candidates = [
        f"{folder}?{name}={query[name]}"
        for name in ID_PARAMETERS
        if query.get(name, "").isdigit()
    ]
    whole = path.rstrip("/") + "/"
    trimmed = _POST_SUFFIX.sub("", path).rstrip("/") + "/"
    candidates.append(whole)
    if trimmed != whole:  # a post whose own address ends in "feed" stays first
        candidates.append(trimmed)
    return candidates


def legacy_redirect_get(path: str, query: QueryDict) -> str | None:
    """Where an old address now lives, or None when it was never imported or leads
    to a post readers cannot see yet."""
    candidates = legacy_candidates(path, query)
    found = {
        redirect.old_path: redirect
        for redirect in LegacyRedirect.objects.filter(old_path__in=candidates)
    }
    for candidate in candidates:
        if candidate in found and (url := _reader_destination(found[candidate])):
            trimmed = candidate != path.rstrip("/") + "/" and "?" not in candidate
            suffix = _POST_SUFFIX.search(path) if trimmed else None
            return _with_post_suffix(found[candidate], url, suffix)
    return None


def _with_post_suffix(
    redirect: LegacyRedirect, url: str, suffix: re.Match[str] | None
) -> str:
    """``comment-page-N`` is ``?cpage=N`` here; ``feed/`` is the post's comment feed."""
    post = redirect.target
    if suffix is None or not isinstance(post, Post):
        return url
    if suffix["page"] is not None:
        page = int(suffix["page"])
        return f"{url}?cpage={page}#comments" if page > 1 else f"{url}#comments"
    atom = suffix["feed"] == "atom"
    name = "comments:post_feed_atom" if atom else "comments:post_feed_rss"
    return reverse(name, args=[post.slug])


def _reader_destination(redirect: LegacyRedirect) -> str | None:
    # A draft or a scheduled post has no public page yet, and a 301 would tell
    # anyone counting through ?p=1, ?p=2... its address, which often names it.
    target = redirect.target
    if isinstance(target, Post) and not Post.objects.visible().filter(pk=target.pk):
        return None
    return redirect.destination()


class LegacyRedirectMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        reading = request.method in {"GET", "HEAD"}
        if reading and (url := _query_redirect_get(request)):
            return HttpResponsePermanentRedirect(url)
        response = self.get_response(request)
        if response.status_code == 404 and reading:
            url = legacy_redirect_get(request.path, request.GET) or wordpress_address(
                request.path, request.GET
            )
            if url and url != request.path:
                return HttpResponsePermanentRedirect(url)
        return response


def _query_redirect_get(request: HttpRequest) -> str | None:
    """WordPress's ``?p=12``-style addresses, which Porch's pages would ignore."""
    query = request.GET
    numbered = any(query.get(name, "").isdigit() for name in ID_PARAMETERS)
    if numbered and (url := legacy_redirect_get(request.path, query)):
        return url
    at_root = request.path == "/"
    if at_root and (
        any(query.get(name, "").isdigit() for name in NUMBER_PARAMETERS)
        or "tag" in query
        or "feed" in query
    ):
        return wordpress_query_address(query)
    return None
