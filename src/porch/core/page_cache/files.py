"""The file mode: cached pages also written as files that nginx serves by itself.

``PORCH_PAGE_CACHE=files`` turns it on (``porch nginx-config`` prints the matching
server block). Files go under ``page-cache/gen-<generation>/<host><path>index.html``,
only for HTML pages at a plain path (no query string): nginx's ``try_files`` finds them
by ``$host$uri``, and everything else (feeds, queries, cookies) reaches Porch, which
answers those from its own cache. Files carry no expiry nginx could read, so the
generation records when its pages must end (``expires/<unix time>`` markers) and
``files_expired_sweep`` bumps it when that time passes; ``porch serve`` runs it.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

from porch.core.page_cache.generation import (
    LINK_NAME,
    cache_root,
    generation_bump,
    generation_dir,
)

# Paths nginx's $uri and Django's request.path spell alike, with no way out of the
# folder: letters, digits and a few marks, ending in a slash.
SAFE_PATH = re.compile(r"^/(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*/)*$")
SAFE_HOST = re.compile(r"^[a-z0-9.-]+$")
EXPIRES_DIR = "expires"
# TTL-bound expiries are rounded down to this, so a busy minute adds one marker.
EXPIRY_BUCKET_SECONDS = 60


def page_file(generation: str, host: str, path: str) -> Path | None:
    """The file for ``host`` + ``path`` in ``generation``, or ``None`` if unsafe."""
    if not SAFE_PATH.match(path) or not SAFE_HOST.match(host) or host.startswith("."):
        return None
    return generation_dir(generation) / host / path.strip("/") / "index.html"


def page_file_write(
    *, generation: str, host: str, path: str, body: bytes, expires_at: float
) -> Path | None:
    """Write one page atomically (a draft renamed into place); ``None`` if skipped."""
    target = page_file(generation, host, path)
    if target is None:
        return None
    _expiry_mark(generation, expires_at)
    target.parent.mkdir(parents=True, exist_ok=True)
    draft = target.with_name(f".index-{os.getpid()}-{time.monotonic_ns()}")
    draft.write_bytes(body)
    os.replace(draft, target)
    return target


def _expiry_mark(generation: str, expires_at: float) -> None:
    folder = generation_dir(generation) / EXPIRES_DIR
    folder.mkdir(parents=True, exist_ok=True)
    moment = int(expires_at)
    if moment > time.time() + EXPIRY_BUCKET_SECONDS:
        moment -= moment % EXPIRY_BUCKET_SECONDS
    (folder / str(moment)).touch(exist_ok=True)


def files_expired_sweep(now: float | None = None) -> bool:
    """Bump the generation if a page file outlived its time; ``True`` if it did."""
    try:
        target = os.readlink(cache_root() / LINK_NAME)
        marks = os.listdir(cache_root() / target / EXPIRES_DIR)
    except OSError:
        return False
    moments = [int(mark) for mark in marks if mark.isdigit()]
    if moments and min(moments) <= (time.time() if now is None else now):
        generation_bump()
        return True
    return False
