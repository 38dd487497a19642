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
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseBase

PERMISSIONS_POLICY_HEADER = "Permissions-Policy"
# A <style> element's text, as the browser hashes it for style-src.
STYLE_ELEMENT = re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL | re.IGNORECASE)


# Response attributes by which a view asks django-csp for a policy of its own.
VIEW_PARTS = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_exempt",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
    "_csp_exempt_ro",
)
# Policy text by route prefix ("" for the site's own), built once: building it takes
# longer than answering from the page cache. Emptied when a test changes the setting.
_built: dict[str, str] = {}


@receiver(setting_changed)
def _built_forget(*, setting: str, **kwargs: object) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _built.clear()


def route_prefix(path: str) -> str:
    """The ``CONTENT_SECURITY_POLICY_ROUTES`` prefix ``path`` is under, or ""."""
    routes: dict[str, dict[str, list[str]]] = settings.CONTENT_SECURITY_POLICY_ROUTES
    return next((prefix for prefix in routes if path.startswith(prefix)), "")


def route_policy(prefix: str) -> str:
    """The header for a route: the site's policy with the route's replacements."""
    if prefix not in _built:
        replace = settings.CONTENT_SECURITY_POLICY_ROUTES[prefix] if prefix else None
        _built[prefix] = build_policy(replace=replace)
    return _built[prefix]


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the site's per-route replacements applied.

    A view's own ``csp_update``/``csp_replace`` still applies on top of its route's;
    a page from the cache has lost the view's attributes, so what must hold for
    cached pages is a route. The usual response (no view parts, no nonce) gets its
    route's policy text as built once.
    """

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if self._is_usual(request, response):
            response.setdefault(
                CSP_HEADER, route_policy(route_prefix(request.path_info))
            )
            # As django-csp does: a nonce asked for after the header is an error.
            setattr(  # noqa: B010 (the request has no such attribute in its type)
                request, "csp_nonce", CheckableLazyObject(self._csp_nonce_post_response)
            )
            return response
        return super().process_response(request, response)

    @staticmethod
    def _is_usual(request: HttpRequest, response: HttpResponseBase) -> bool:
        config = settings.CONTENT_SECURITY_POLICY
        return not (
            settings.DEBUG  # django-csp leaves debug 404 and 500 pages alone
            or getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
            or config.get("EXCLUDE_URL_PREFIXES")
            or getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, name) for name in VIEW_PARTS)
        )

    def get_policy_parts(
        self,
        request: HttpRequest,
        response: HttpResponseBase,
        report_only: bool = False,
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        prefix = route_prefix(request.path_info)
        if prefix and not report_only:
            route = settings.CONTENT_SECURITY_POLICY_ROUTES[prefix]
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
