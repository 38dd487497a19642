"""Pieces of a page every reader shares, kept under the page cache's generation.

A post with its author and terms, the posts before and after it, the article's
HTML: each is made from what pages show, so the bump that ends every cached page
(``page_cache_invalidate``) ends every fragment too, and each also ends at the next
change no save announces (a scheduled post going live) and at the pages' time bound.
The generation is read *before* the fragment is made, as for pages: a fragment made
from rows as they were before a change is stored under a dead generation.

Unlike whole pages, fragments are used with ``PORCH_PAGE_CACHE=off`` too (they are
the renderer's own cache), which is why the bump happens in every mode.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar, cast

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone

from porch.core.page_cache.generation import CACHE_ALIAS, generation_current
from porch.core.page_cache.registry import next_change

# Part of every key, so a release whose fragments differ never reads the last one's.
FRAGMENT_LAYOUT = 1
_MISSING = object()

T = TypeVar("T")


@dataclass(frozen=True)
class Fragment:
    """Where a template's ``{% cache %}`` keeps a fragment: its key and lifetime."""

    key: str
    seconds: int


def fragment_for_template(name: str) -> Fragment:
    """The key and remaining lifetime for template fragment ``name``.

    The lifetime's end is kept beside the fragments, so the query behind it (when
    the next scheduled post goes live) runs once per generation, not per reader.
    """
    return Fragment(fragment_key(name), _seconds_left())


def fragment_key(name: str) -> str:
    """The cache key for fragment ``name`` in the current generation."""
    return f"fragment:{FRAGMENT_LAYOUT}:{generation_current()}:{name}"


def fragment_get_or_make(name: str, make: Callable[[], T]) -> T:
    """The fragment called ``name``; ``make()`` builds it on a miss (and may raise)."""
    key = fragment_key(name)
    store = caches[CACHE_ALIAS]
    found = store.get(key, _MISSING)
    if found is not _MISSING:
        return cast(T, found)
    value = make()
    store.set(key, value, _seconds_left())
    return value


def _seconds_left() -> int:
    """Seconds until this generation's fragments must end anyway."""
    store = caches[CACHE_ALIAS]
    key = fragment_key("ends-at")
    ends_at = store.get(key)
    if not isinstance(ends_at, float):
        ends_at = time.time() + fragment_seconds()
        store.set(key, ends_at, max(1, math.ceil(ends_at - time.time())))
    return max(1, math.ceil(ends_at - time.time()))


def fragment_seconds() -> int:
    """How long a fragment made now may live: the time bound, or the next change."""
    now = timezone.now()
    seconds: float = settings.PAGE_CACHE_SECONDS
    change = next_change(now)
    if change is not None:
        seconds = min(seconds, (change - now).total_seconds())
    return max(1, math.ceil(seconds))
