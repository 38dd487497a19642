from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.views.csrf import csrf_failure

from porch.core.headers import inline_styles_allow


def not_found_view(
    request: HttpRequest, exception: Exception | None = None
) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error_view(request: HttpRequest) -> HttpResponse:
    # Rendered without the request context: whatever broke may be what context needs.
    # Its style is inline so that it needs no static file; the policy admits it by hash.
    response = HttpResponse(loader.get_template("500.html").render(), status=500)
    return inline_styles_allow(response)


def csrf_failure_view(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Django's own page, whose inline style the policy admits by hash."""
    return inline_styles_allow(csrf_failure(request, reason=reason))


def login_view(request: HttpRequest) -> HttpResponse:
    """``admin/login/``: the admin's own login page, answering 429 with
    ``Retry-After`` when a sign-in limit refused the attempt (the page says why)."""
    response = admin.site.login(request)
    context = getattr(response, "context_data", None) or {}
    refused = getattr(context.get("form"), "refused", None)
    if refused is not None:
        response.status_code = 429
        response["Retry-After"] = str(refused.retry_after)
    return response
