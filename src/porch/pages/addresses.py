"""Where pages live: the address from the parent chain, and the addresses they
may not take.

A page is served by the catch-all route placed last in the site's URLconf, so every
other route wins. A top-level page whose slug is a first segment some route already
uses (``posts``, ``search``, ``admin``) could never be reached, so such slugs are
refused; the list is read from the URLconf itself, plus the addresses a WordPress
site used that Porch answers or redirects, and any all-digit slug (year archives).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse

# Deep enough for any site's About / Team / Alice; a guard against runaway chains.
MAX_DEPTH = 8
# Addresses an old WordPress site served that a blog moving here keeps answering.
WORDPRESS_SEGMENTS = frozenset(
    {
        "attachment",
        "author",
        "category",
        "comment-page",
        "embed",
        "feed",
        "page",
        "tag",
        "trackback",
        "wp-admin",
        "wp-content",
        "wp-includes",
        "wp-json",
    }
)
# Files and folders a web server or the platform answers before Django.
SERVED_SEGMENTS = frozenset({"static", "media", "favicon", "well-known"})
_LITERAL_START = re.compile(r"^\^?([-\w.]+)/")


def address_url(slugs: Iterable[str]) -> str:
    """The page URL for the slugs of a page's ancestors and its own, top first."""
    return reverse("pages:page", kwargs={"address": "/".join(slugs)})


def reserved_first_segments() -> frozenset[str]:
    """First address segments a top-level page may not use, read from the URLconf."""
    return frozenset(
        _first_segments(get_resolver().url_patterns)
        | WORDPRESS_SEGMENTS
        | SERVED_SEGMENTS
    )


def slug_reserved(slug: str) -> bool:
    return slug.isdigit() or slug.lower() in reserved_first_segments()


def _first_segments(patterns: Iterable[URLPattern | URLResolver]) -> set[str]:
    found: set[str] = set()
    for pattern in patterns:
        route = str(pattern.pattern)
        if isinstance(pattern, URLResolver) and route in {"", "^"}:
            # An include at the root ("" for the blog's routes): its own first
            # segments are the site's.
            found |= _first_segments(pattern.url_patterns)
            continue
        literal = _LITERAL_START.match(route)
        if literal:
            found.add(literal.group(1).lower())
    return found


@dataclass(frozen=True)
class PageRow:
    """What addresses need of a page: its id, parent's id and slug."""

    pk: int
    parent_id: int | None
    slug: str


def addresses_by_pk(rows: Iterable[PageRow]) -> dict[int, list[int]]:
    """Each page's chain of ids, top-level page first, from every page's row.

    A page whose chain is broken or too deep (never saved by the services) is
    left out.
    """
    by_pk = {row.pk: row for row in rows}
    chains: dict[int, list[int]] = {}
    for row in by_pk.values():
        chain = [row.pk]
        parent = row.parent_id
        while parent is not None and parent in by_pk and len(chain) <= MAX_DEPTH:
            chain.append(parent)
            parent = by_pk[parent].parent_id
        if parent is None:
            chains[row.pk] = chain[::-1]
    return chains
