from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader


def not_found_view(
    request: HttpRequest, exception: Exception | None = None
) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error_view(request: HttpRequest) -> HttpResponse:
    # Rendered without the request context: whatever broke may be what context needs.
    return HttpResponse(loader.get_template("500.html").render(), status=500)
