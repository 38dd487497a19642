"""A page at its address; staff who may view pages also see drafts, as a preview."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from porch.pages import selectors


@require_safe
def page_view(request: HttpRequest, address: str) -> HttpResponse:
    found = selectors.page_for_reader(address=address, user=request.user)
    context = {"page": found.page, "ancestors": found.ancestors}
    response = render(
        request,
        "pages/page_detail.html",
        context | {"is_preview": found.is_preview},
    )
    if found.is_preview:
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response
