"""RSS and Atom feeds: the whole site, one author, one series.

Each Atom feed is its RSS twin with another ``feed_type`` and URL name. Every link is
absolute on ``settings.SITE_URL``, not on the host a request named, so a feed read
through a proxy or a feed reader's cache still points at the public site. A feed
never carries an email address: authors appear by name and page only.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import SyndicationFeed

from porch.blog import selectors
from porch.blog.models import Post, PostQuerySet, Series
from porch.core.feeds import XmlSafeAtomFeed, XmlSafeRssFeed
from porch.core.models import SiteSettings
from porch.people.models import Person

FEED_LENGTH = 20

_Object = TypeVar("_Object", None, Person, Series)


def absolute_url(path: str) -> str:
    """``path`` (as ``reverse`` gives it) on the site's public address."""
    return f"{settings.SITE_URL}{path}"


class _PostFeed(Feed[Post, _Object], ABC):
    """What every post feed shares: how a post becomes an item."""

    feed_type: type[SyndicationFeed] = XmlSafeRssFeed
    url_name = "blog:feed_rss"

    def url_args(self, obj: _Object) -> list[str]:
        return []

    def feed_url(self, obj: _Object) -> str:
        return absolute_url(reverse(self.url_name, args=self.url_args(obj)))

    def description(self, obj: _Object) -> str:
        return SiteSettings.current().tagline

    def subtitle(self, obj: _Object) -> str:  # Atom's name for the description
        return str(self.description(obj))

    @abstractmethod
    def feed_posts(self, obj: _Object) -> PostQuerySet:
        """The visible posts this feed lists; every concrete feed says which."""

    def items(self, obj: _Object) -> list[Post]:
        return list(self.feed_posts(obj)[:FEED_LENGTH])

    def item_title(self, item: Post) -> str:
        return item.title

    def item_link(self, item: Post) -> str:
        return absolute_url(item.get_absolute_url())

    def item_description(self, item: Post) -> str:
        return item.body_html or item.excerpt

    def item_guid(self, item: Post) -> str:
        # A tag URI on the pk stays the same when the slug (and so the link) changes,
        # so readers do not show an edited post twice.
        host = urlsplit(settings.SITE_URL).hostname
        return f"tag:{host},{item.created_at:%Y-%m-%d}:post-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Post) -> datetime | None:
        return item.publish_at

    def item_updateddate(self, item: Post) -> datetime:
        return item.updated_at

    def item_author_name(self, item: Post) -> str:
        return item.author.display_name

    def item_author_link(self, item: Post) -> str:
        return absolute_url(item.author.get_absolute_url())

    def item_categories(self, item: Post) -> list[str]:
        categories = [category.name for category in item.categories.all()]
        return categories + [tag.name for tag in item.tags.all()]


class LatestPostsRssFeed(_PostFeed[None]):
    """The site's newest visible posts."""

    def title(self, obj: None) -> str:
        return SiteSettings.current().site_name

    def link(self, obj: None) -> str:
        return absolute_url(reverse("blog:home"))

    def feed_posts(self, obj: None) -> PostQuerySet:
        return selectors.posts_for_home()


class LatestPostsAtomFeed(LatestPostsRssFeed):
    feed_type = XmlSafeAtomFeed
    url_name = "blog:feed_atom"


class AuthorRssFeed(_PostFeed[Person]):
    """One author's newest visible posts; 404 for an author with no public page."""

    url_name = "blog:author_feed_rss"

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Person:
        return selectors.person_for_reader(slug=kwargs["slug"])

    def url_args(self, obj: Person) -> list[str]:
        return [obj.slug]

    def title(self, obj: Person) -> str:
        return f"{SiteSettings.current().site_name}: posts by {obj.display_name}"

    def link(self, obj: Person) -> str:
        return absolute_url(obj.get_absolute_url())

    def feed_posts(self, obj: Person) -> PostQuerySet:
        return selectors.posts_for_author(person=obj)


class AuthorAtomFeed(AuthorRssFeed):
    feed_type = XmlSafeAtomFeed
    url_name = "blog:author_feed_atom"


class SeriesRssFeed(_PostFeed[Series]):
    """One series' newest visible posts; 404 for an unknown series."""

    url_name = "blog:series_feed_rss"

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Series:
        return selectors.series_for_reader(slug=kwargs["slug"])

    def url_args(self, obj: Series) -> list[str]:
        return [obj.slug]

    def title(self, obj: Series) -> str:
        return f"{SiteSettings.current().site_name}: {obj.name}"

    def link(self, obj: Series) -> str:
        return absolute_url(obj.get_absolute_url())

    def feed_posts(self, obj: Series) -> PostQuerySet:
        return selectors.posts_for_series(series=obj)


class SeriesAtomFeed(SeriesRssFeed):
    feed_type = XmlSafeAtomFeed
    url_name = "blog:series_feed_atom"
