"""What domain apps tell the page cache: their reader cookies, their clocks, opt-outs.

Core imports no domain app, so the apps register here from their ``ready()``: the
comments app names the cookies that make a page a reader's own, the blog names the
next moment a page changes by itself (a scheduled post going live).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

ViewT = TypeVar("ViewT", bound=Callable[..., object])

_bypass_cookies: set[str] = set()
_expiry_hooks: list[Callable[[], datetime | None]] = []


def page_cache_bypass_cookie_register(name: str) -> None:
    """A request carrying cookie ``name`` is rendered for its reader, never cached."""
    _bypass_cookies.add(name)


def bypass_cookies() -> frozenset[str]:
    """The registered cookie names (settings add session, CSRF and messages)."""
    return frozenset(_bypass_cookies)


def page_cache_expiry_register(hook: Callable[[], datetime | None]) -> None:
    """``hook()`` answers the next time pages change with no save, or ``None``.

    It runs once per stored page (a miss), so one indexed query is fine.
    """
    if hook not in _expiry_hooks:
        _expiry_hooks.append(hook)


def next_change(now: datetime) -> datetime | None:
    """The earliest future moment any registered hook names."""
    found = [when for hook in _expiry_hooks if (when := hook()) is not None]
    future = [when for when in found if when > now]
    return min(future) if future else None


def page_cache_exempt(view: ViewT) -> ViewT:
    """Mark a view whose responses are never cached, whatever its status and headers."""
    view.page_cache_exempt = True  # type: ignore[attr-defined]
    return view


def is_exempt(view: Callable[..., object]) -> bool:
    return bool(getattr(view, "page_cache_exempt", False))
