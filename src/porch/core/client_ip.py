"""The address a request came from, as rate limits and IP blocks must see it.

``REMOTE_ADDR`` is the closest hop. Behind a reverse proxy that is the proxy itself,
so the host names it in ``PORCH_TRUSTED_PROXIES`` and Porch then reads
``X-Forwarded-For``, but only on requests whose ``REMOTE_ADDR`` is such a proxy: from
anyone else the header is whatever the client chose to write.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _is_trusted(address: str, proxies: Iterable[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in proxies)


def is_trusted_proxy(address: str) -> bool:
    """Whether ``address`` is one of the proxies in ``PORCH_TRUSTED_PROXIES``."""
    return _is_trusted(address, settings.PORCH_TRUSTED_PROXIES)


def client_ip(request: HttpRequest) -> str:
    """The client's IP: ``REMOTE_ADDR``, or the address a trusted proxy forwarded.

    ``X-Forwarded-For`` is read right to left, since each proxy appends the address
    it received from; the first hop that is not a trusted proxy is the client, and
    anything to its left could have been forged by that client.
    """
    remote = str(request.META.get("REMOTE_ADDR", ""))
    proxies: tuple[Network, ...] = settings.PORCH_TRUSTED_PROXIES
    if not proxies or not _is_trusted(remote, proxies):
        return remote
    forwarded = [
        hop.strip()
        for hop in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
        if hop.strip()
    ]
    for hop in reversed(forwarded):
        if not _is_trusted(hop, proxies):
            return hop if _is_address(hop) else remote
    return forwarded[0] if forwarded else remote


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
