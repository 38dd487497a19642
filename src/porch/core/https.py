"""How Porch knows it is served over https, and what it says when it cannot tell.

TLS ends at a reverse proxy; Porch itself speaks plain http. The site URL says what
readers use, so it alone decides whether cookies are Secure. Whether one request came
over https is known only from a trusted proxy's ``X-Forwarded-Proto``
(``PORCH_TRUSTED_PROXIES``); the redirect to https and HSTS depend on that.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from porch.core.client_ip import is_trusted_proxy

logger = logging.getLogger(__name__)


def cookie_secure(request: HttpRequest) -> bool:
    """Whether a cookie Porch sets must be Secure: always on an https site."""
    return bool(settings.SITE_IS_HTTPS) or request.is_secure()


def https_display() -> str:
    """The ``HTTPS:`` line of ``porch check``: what Porch does, and what it cannot."""
    if not settings.SITE_IS_HTTPS:
        return (
            "off (PORCH_SITE_URL is http://; if readers use https, set it to "
            "https:// so cookies are Secure)"
        )
    hsts = (
        f"HSTS for {settings.SECURE_HSTS_SECONDS} s, subdomains included"
        if settings.SECURE_HSTS_SECONDS
        else "no HSTS (PORCH_HSTS_SECONDS=0)"
    )
    if not settings.SECURE_SSL_REDIRECT:
        return (
            "Secure cookies; no redirect to https and no HSTS, since without "
            "PORCH_TRUSTED_PROXIES Porch cannot tell https requests from http ones: "
            "name your proxy there, or redirect and send HSTS in the proxy"
        )
    return f"Secure cookies, redirect to https, {hsts}"


def forwarded_proto_problem(request: HttpRequest) -> str | None:
    """What an ``X-Forwarded-Proto`` header shows is wrong with the configuration."""
    proto = request.META.get("HTTP_X_FORWARDED_PROTO")
    if not proto:
        return None
    if not is_trusted_proxy(str(request.META.get("REMOTE_ADDR", ""))):
        # The address is left out: without a trusted proxy it may be a reader's.
        return (
            "a request carried X-Forwarded-Proto from an address not listed in "
            "PORCH_TRUSTED_PROXIES, so Porch ignored it and its X-Forwarded-For: if "
            "a proxy of yours sent it, list the proxy there"
        )
    if proto.strip().lower() == "https" and not settings.SITE_IS_HTTPS:
        return (
            "your proxy forwards https requests but PORCH_SITE_URL is http://: set "
            "it to https:// so cookies are Secure and links use https"
        )
    return None


class ForwardedProtoWarningMiddleware:
    """Log, once per process and kind, a proxy setup Porch can see is wrong.

    Costs one dictionary look-up on requests without ``X-Forwarded-Proto``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.said: set[str] = set()

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if "HTTP_X_FORWARDED_PROTO" in request.META:
            problem = forwarded_proto_problem(request)
            if problem is not None and problem not in self.said:
                self.said.add(problem)
                logger.warning("%s", problem)
        return self.get_response(request)
