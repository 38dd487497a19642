"""``sitemap.xml``: the home page, every visible post, every page listing them, and
the static pages readers can see.

Locations use the scheme and host of ``settings.SITE_URL``, never the request's host:
search engines must index the public address even when the sitemap is fetched
through a proxy. Authors, series, categories and tags are listed only while they
hold a visible post, with that post's latest change as their ``lastmod``.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Model, QuerySet
from django.urls import reverse

from porch.blog.models import Category, Post, Series, Tag
from porch.pages.selectors import PageLink, visible_page_links
from porch.people.models import Person

if TYPE_CHECKING:  # the sites framework is not installed: never import its model
    from django.contrib.sites.models import Site
    from django.contrib.sites.requests import RequestSite

_Item = TypeVar("_Item")
_Listing = TypeVar("_Listing", bound=Model)


class _SiteSitemap(Sitemap[_Item]):
    """A sitemap whose URLs are absolute on the site's public address."""

    def get_protocol(self, protocol: str | None = None) -> str:
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site: Site | RequestSite | None = None) -> str:
        return urlsplit(settings.SITE_URL).netloc


class HomeSitemap(_SiteSitemap[str]):
    changefreq = "daily"
    priority = 1.0

    def items(self) -> list[str]:
        return ["blog:home"]

    def location(self, item: str) -> str:
        return reverse(item)

    def lastmod(self, item: str) -> datetime | None:
        latest = Post.objects.visible().aggregate(latest=Max("updated_at"))
        return latest["latest"]  # type: ignore[no-any-return]


class PostSitemap(_SiteSitemap[Post]):
    changefreq = "weekly"
    priority = 0.8

    def items(self) -> QuerySet[Post]:
        return Post.objects.visible().only("slug", "updated_at").order_by("-pk")

    def lastmod(self, item: Post) -> datetime:
        return item.updated_at


class _ListingSitemap(_SiteSitemap[_Listing]):
    """Pages listing posts: those holding a visible post, latest change first."""

    model: type[_Listing]
    changefreq = "weekly"
    priority = 0.5

    def items(self) -> QuerySet[_Listing]:
        listings: QuerySet[_Listing] = self.model._default_manager.all()
        # Filtering before annotating keeps Max to the visible posts, so a draft's
        # edits do not show in a listing's lastmod.
        found: QuerySet[_Listing] = (
            listings.filter(posts__in=Post.objects.visible())
            .annotate(latest_post=Max("posts__updated_at"))
            .order_by("-latest_post", "pk")
        )
        return found

    def lastmod(self, item: _Listing) -> datetime:
        return item.latest_post  # type: ignore[attr-defined,no-any-return]


class AuthorSitemap(_ListingSitemap[Person]):
    model = Person


class SeriesSitemap(_ListingSitemap[Series]):
    model = Series


class CategorySitemap(_ListingSitemap[Category]):
    model = Category


class TagSitemap(_ListingSitemap[Tag]):
    model = Tag


class PageSitemap(_SiteSitemap[PageLink]):
    """Static pages (``/about/``), published and under published parents."""

    changefreq = "monthly"
    priority = 0.6

    def items(self) -> list[PageLink]:
        return sorted(visible_page_links(), key=lambda link: link.url)

    def location(self, item: PageLink) -> str:
        return item.url

    def lastmod(self, item: PageLink) -> datetime:
        return item.updated_at


SITEMAPS: dict[str, type[Sitemap[Any]]] = {
    "home": HomeSitemap,
    "posts": PostSitemap,
    "authors": AuthorSitemap,
    "series": SeriesSitemap,
    "categories": CategorySitemap,
    "tags": TagSitemap,
    "pages": PageSitemap,
}
