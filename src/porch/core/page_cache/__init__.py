"""Whole pages for anonymous readers, cached and always right.

Domain apps use this API (core imports none of them): ``page_cache_invalidate`` from
signal receivers when something a page shows changes, ``page_cache_expiry_register``
for changes no save announces (a scheduled post going live),
``page_cache_bypass_cookie_register`` for cookies that make a page a reader's own,
``page_cache_exempt`` on views never to cache, ``fragment_get_or_make`` and
``fragment_for_template`` for pieces of a page every reader shares (the renderer's
own cache, used in every mode). The
pieces: ``policy`` (what may be cached), ``store`` (entries, ETag, 304),
``generation`` (the bump that ends every entry at once), ``files`` (pages as files
for nginx), ``fragments``, ``middleware``, ``csrf`` (the comment form on a cached
page).
"""

from __future__ import annotations

import logging

from django.db import transaction

from porch.core.page_cache.fragments import (
    Fragment,
    fragment_for_template,
    fragment_get_or_make,
)
from porch.core.page_cache.generation import generation_bump
from porch.core.page_cache.registry import (
    page_cache_bypass_cookie_register,
    page_cache_exempt,
    page_cache_expiry_register,
)

__all__ = [
    "Fragment",
    "fragment_for_template",
    "fragment_get_or_make",
    "page_cache_bypass_cookie_register",
    "page_cache_exempt",
    "page_cache_expiry_register",
    "page_cache_invalidate",
]

log = logging.getLogger("porch.page_cache")


def page_cache_invalidate(reason: str) -> None:
    """End every cached page, now and again when the current transaction commits.

    Now, so this process never serves the old page again; after the commit, because a
    reader that started between the two saw the old rows and stored its page under
    the generation of the first bump. Outside a transaction both happen at once.
    """
    # Even with the page cache off: the renderer's fragments live on the generation.
    generation_bump()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(generation_bump, robust=True)
    log.debug("page cache invalidated: %s", reason)
