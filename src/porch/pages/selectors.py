"""Every read of pages: the page at an address, the menu, the sitemap, search.

A site has few pages (dozens, not thousands), so lists read every page's small row
once and work out addresses and visibility in memory: a page is visible when it and
every page above it are published (a draft parent hides its subpages).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import reduce
from itertools import pairwise
from operator import and_

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, PermissionsMixin
from django.db.models import Q
from django.http import Http404

from porch.pages.addresses import MAX_DEPTH, PageRow, address_url, addresses_by_pk
from porch.pages.models import Page

SEARCH_RESULTS_MAX = 20


@dataclass(frozen=True)
class PageLink:
    """A page as lists show it: the menu, the sitemap, search results."""

    pk: int
    title: str
    url: str
    excerpt: str
    updated_at: datetime


@dataclass(frozen=True)
class PageForReader:
    page: Page
    ancestors: list[Page]  # top-level first, for the breadcrumb
    is_preview: bool


def page_for_reader(
    *, address: str, user: AbstractBaseUser | AnonymousUser
) -> PageForReader:
    """The page at ``address`` ("about/write-for-us"), or ``Http404``.

    Readers see published pages under published parents; staff who may view pages
    also see drafts, as a preview. One query for the whole chain.
    """
    slugs = address.split("/")
    if len(slugs) > MAX_DEPTH:
        raise Http404("No such page")
    candidates = list(Page.objects.filter(slug__in=set(slugs)))
    chain: list[Page] = []
    parent_id: int | None = None
    for slug in slugs:
        found = next(
            (p for p in candidates if p.slug == slug and p.parent_id == parent_id),
            None,
        )
        if found is None:
            raise Http404("No such page")
        chain.append(found)
        parent_id = found.pk
    published = all(page.status == Page.Status.PUBLISHED for page in chain)
    may_preview = isinstance(user, PermissionsMixin) and user.has_perm(
        "pages.view_page"
    )
    if not published and not may_preview:
        raise Http404("No such page")
    page = chain[-1]
    for above, below in pairwise(chain):
        below.parent = above  # so get_absolute_url walks without queries
    return PageForReader(page=page, ancestors=chain[:-1], is_preview=not published)


def visible_page_links(*, pks: set[int] | None = None) -> list[PageLink]:
    """Published pages under published parents (only ``pks`` when given), in menu
    order."""
    rows = list(
        Page.objects.values_list(
            "pk", "parent_id", "slug", "status", "title", "excerpt", "updated_at"
        )
    )
    chains = addresses_by_pk(PageRow(pk, parent, slug) for pk, parent, slug, *_ in rows)
    by_pk = {row[0]: row for row in rows}
    published = {row[0] for row in rows if row[3] == Page.Status.PUBLISHED}
    links: list[PageLink] = []
    for pk, chain in chains.items():
        if (pks is not None and pk not in pks) or not published.issuperset(chain):
            continue
        _, _, _, _, title, excerpt, updated_at = by_pk[pk]
        url = address_url(by_pk[one][2] for one in chain)
        links.append(PageLink(pk, title, url, excerpt, updated_at))
    return links


def menu_links() -> list[PageLink]:
    """The navigation's pages: visible, marked for the menu, in the host's order."""
    in_menu = Page.objects.filter(show_in_menu=True, status=Page.Status.PUBLISHED)
    order = list(in_menu.order_by("menu_order", "title", "pk").values_list("pk"))
    ranked = {pk: rank for rank, (pk,) in enumerate(order)}
    links = visible_page_links(pks=set(ranked))
    return sorted(links, key=lambda link: ranked[link.pk])


def pages_matching(*, query: str) -> list[PageLink]:
    """Visible pages whose title, description or text holds every word of
    ``query``, titles that match first.

    Pages are few, so a plain case-insensitive search over them is enough (posts
    have the database's full-text index, ``blog.search``).
    """
    words = query.split()
    if not words:
        return []
    every_word = reduce(
        and_,
        (
            Q(title__icontains=w) | Q(excerpt__icontains=w) | Q(body__icontains=w)
            for w in words
        ),
    )
    matching = list(
        Page.objects.filter(every_word, status=Page.Status.PUBLISHED).values_list(
            "pk", "title"
        )
    )
    in_title = {
        pk for pk, title in matching if all(w.lower() in title.lower() for w in words)
    }
    links = visible_page_links(pks={pk for pk, _ in matching})
    links.sort(key=lambda link: (link.pk not in in_title, link.title.lower()))
    return links[:SEARCH_RESULTS_MAX]
