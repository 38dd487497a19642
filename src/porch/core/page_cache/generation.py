"""The generation every cached page is stored under; a bump ends them all at once.

Keys and file paths include the generation a request saw when it *started*, so a page
rendered from the database as it was before a change, and stored after the change's
bump, goes under a dead generation and is never served: no ordering between readers
and writers is needed for the cache to stay right.

Where it lives follows where the pages live. With the in-process cache each server
process has its own pages but all of them must hear a bump, so the generation is the
target of a symlink in the data dir (``page-cache/current``): one ``readlink`` per
request, replaced atomically, seen by every process on the machine. With Redis the
generation is a key beside the pages, so every machine hears it; the file mode then
points its symlink at the generation it reads. Tokens are random, not counted: two
bumps racing still leave a value no earlier reader saw.
"""

from __future__ import annotations

import os
import secrets
import shutil
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache

CACHE_ALIAS = "pages"
GENERATION_KEY = "page-cache:generation"
LINK_NAME = "current"
DIR_PREFIX = "gen-"


def cache_root() -> Path:
    return Path(settings.PAGE_CACHE_DIR)


def is_shared() -> bool:
    """Whether the pages live in a cache every process shares (Redis)."""
    return not isinstance(caches[CACHE_ALIAS], LocMemCache)


def generation_current() -> str:
    """The generation to store and look up pages under, made on first use."""
    if not is_shared():
        return _linked() or _link_to(_token())
    store = caches[CACHE_ALIAS]
    found = store.get(GENERATION_KEY)
    if found is None:
        # Redis evicted it, or the first request ever: add() keeps a racing one's.
        store.add(GENERATION_KEY, _token(), timeout=None)
        found = store.get(GENERATION_KEY) or _token()
    if settings.PAGE_CACHE == "files" and _linked() != found:
        _link_to(found)
    return str(found)


def generation_bump() -> str:
    """Start a new generation: every page cached so far (memory or file) dies."""
    fresh = _token()
    if is_shared():
        caches[CACHE_ALIAS].set(GENERATION_KEY, fresh, timeout=None)
    if not is_shared() or settings.PAGE_CACHE == "files":
        _link_to(fresh)
    return fresh


def generation_dir(generation: str) -> Path:
    """Where the file mode writes the pages of ``generation``."""
    return cache_root() / f"{DIR_PREFIX}{generation}"


def _token() -> str:
    return secrets.token_hex(6)


def _linked() -> str | None:
    try:
        target = os.readlink(cache_root() / LINK_NAME)
    except OSError:
        return None
    return target.removeprefix(DIR_PREFIX) if target.startswith(DIR_PREFIX) else None


def _link_to(generation: str) -> str:
    """Point ``current`` at ``generation``'s folder in one rename, then tidy up.

    nginx resolves the link once per request: a reader already inside an old folder
    finishes its file (Linux keeps an open file readable after unlink) or misses and
    falls back to Porch, never reads half a page.
    """
    root = cache_root()
    target = generation_dir(generation)
    target.mkdir(parents=True, exist_ok=True)
    draft = root / f".{LINK_NAME}-{os.getpid()}-{_token()}"
    os.symlink(target.name, draft)
    os.replace(draft, root / LINK_NAME)
    for folder in root.glob(f"{DIR_PREFIX}*"):
        if folder.name != target.name:
            shutil.rmtree(folder, ignore_errors=True)
    return generation
