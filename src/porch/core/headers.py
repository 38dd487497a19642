"""The security headers every page carries: Content-Security-Policy, Permissions-Policy.

The policies themselves are settings (``CONTENT_SECURITY_POLICY``,
``CONTENT_SECURITY_POLICY_ROUTES``, ``PERMISSIONS_POLICY``); this module applies them,
to pages served from the page cache too (its middleware sits outside the cache), and
gives nginx's file mode the same headers (``page_headers``).
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable

from csp.constants import HEADER as CSP_HEADER
from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import build_policy
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase

PERMISSIONS_POLICY_HEADER = "Permissions-Policy"
# A <style> element's text, as the browser hashes it for style-src.
STYLE_ELEMENT = re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL | re.IGNORECASE)


def route_directives(path: str) -> dict[str, list[str]] | None:
    """The directives replacing the site's under ``path``'s route, if any."""
    routes: dict[str, dict[str, list[str]]] = settings.CONTENT_SECURITY_POLICY_ROUTES
    for prefix, directives in routes.items():
        if path.startswith(prefix):
            return directives
    return None


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the site's per-route replacements applied.

    A view's own ``csp_replace`` still wins over its route's; a page from the cache
    has lost the view's attributes, so what must hold for cached pages is a route.
    """

    def get_policy_parts(
        self,
        request: HttpRequest,
        response: HttpResponseBase,
        report_only: bool = False,
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        route = route_directives(request.path_info)
        if route is not None and not report_only:
            parts.replace = {**route, **(parts.replace or {})}
        return parts


def permissions_policy() -> str:
    """Every feature in ``PERMISSIONS_POLICY`` denied: ``camera=(), ...``."""
    return ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.value = permissions_policy()

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.setdefault(PERMISSIONS_POLICY_HEADER, self.value)
        return response


def inline_styles_allow(response: HttpResponse) -> HttpResponse:
    """Allow the ``<style>`` elements of ``response`` by their hashes, for this
    response only.

    For pages whose every byte is ours or Django's, never a visitor's: the error
    pages that must not depend on static files (the 500 page, the CSRF failure).
    """
    blocks = STYLE_ELEMENT.findall(response.content.decode(response.charset))
    digests = (hashlib.sha256(block.encode()).digest() for block in blocks)
    hashes = [f"'sha256-{base64.b64encode(digest).decode()}'" for digest in digests]
    if hashes:
        response._csp_update = {"style-src": hashes}  # type: ignore[attr-defined]
    return response


def page_headers() -> tuple[tuple[str, str], ...]:
    """The security headers of a page, for a server answering in Porch's place
    (nginx's file mode). HSTS is there when on: browsers ignore it over http."""
    headers = [
        (CSP_HEADER, build_policy()),
        (PERMISSIONS_POLICY_HEADER, permissions_policy()),
    ]
    if settings.SECURE_HSTS_SECONDS:
        hsts = f"max-age={settings.SECURE_HSTS_SECONDS}"
        if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
            hsts += "; includeSubDomains"
        if settings.SECURE_HSTS_PRELOAD:
            hsts += "; preload"
        headers.append(("Strict-Transport-Security", hsts))
    return tuple(headers)
