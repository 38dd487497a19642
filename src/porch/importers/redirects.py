"""Old permalinks of an imported site answer with a 301 to the same thing in Porch.

Checked only when nothing else answered (a 404), or when the address carries
WordPress's ``?p=``, ``?page_id=`` or ``?attachment_id=``, which would otherwise land
on the home page. A ``#comment-12`` fragment is never sent to the server; browsers
keep it across the redirect.
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

from porch.blog.models import Post
from porch.importers.models import LegacyRedirect

ID_PARAMETERS = ("p", "page_id", "attachment_id")
# WordPress pages a discussion (/slug/comment-page-2/); every page is the post here.
_COMMENT_PAGE = re.compile(r"comment-page-\d+/?$")


def legacy_candidates(path: str, query: QueryDict) -> list[str]:
    """The stored forms an old address may match, most specific first."""
    folder = path.rsplit("/", 1)[0] + "/"
    candidates = [
        f"{folder}?{name}={query[name]}"
        for name in ID_PARAMETERS
        if query.get(name, "").isdigit()
    ]
    trimmed = _COMMENT_PAGE.sub("", path)
    candidates.append(trimmed.rstrip("/") + "/")
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
            return url
    return None


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
        if request.method in {"GET", "HEAD"} and any(
            request.GET.get(name, "").isdigit() for name in ID_PARAMETERS
        ):
            url = legacy_redirect_get(request.path, request.GET)
            if url:
                return HttpResponsePermanentRedirect(url)
        response = self.get_response(request)
        if response.status_code == 404 and request.method in {"GET", "HEAD"}:
            url = legacy_redirect_get(request.path, request.GET)
            if url and url != request.path:
                return HttpResponsePermanentRedirect(url)
        return response
