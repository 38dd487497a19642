"""Every feed, read back with feedparser and checked element by element."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from porch.blog.models import Post
from porch.core.models import SiteSettings
from tests.factories import (
    CategoryFactory,
    GuestPostFactory,
    PersonFactory,
    PostFactory,
    SeriesFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db

FEEDS = [
    ("blog:feed_rss", "rss20"),
    ("blog:feed_atom", "atom10"),
]
AUTHOR_FEEDS = [
    ("blog:author_feed_rss", "rss20"),
    ("blog:author_feed_atom", "atom10"),
]
SERIES_FEEDS = [
    ("blog:series_feed_rss", "rss20"),
    ("blog:series_feed_atom", "atom10"),
]
PUBLISHED = datetime(2024, 3, 4, 9, 30, tzinfo=UTC)


def read_feed(client, url: str, version: str) -> feedparser.FeedParserDict:
    response = client.get(url, HTTP_HOST="127.0.0.1")  # links must not follow the host
    assert response.status_code == 200
    assert b"@example.com" not in response.content
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == version
    return parsed


@pytest.fixture
def author():
    return PersonFactory(
        display_name="Dana Whitlock", slug="dana-whitlock", email="dana@example.com"
    )


@pytest.fixture
def post(author):
    post = PostFactory(
        title="Walking beside the team",
        slug="walking-beside-the-team",
        author=author,
        body="A team moves faster when *you* walk beside it.",
        publish_at=PUBLISHED,
    )
    post.categories.add(CategoryFactory(name="Leadership"))
    post.tags.add(TagFactory(name="teams"), TagFactory(name="humility"))
    return post


@pytest.mark.parametrize(("url_name", "version"), FEEDS)
def test_site_feed_describes_each_post(client, post, url_name, version):
    SiteSettings.objects.update_or_create(
        pk=1, defaults={"site_name": "Front Porch", "tagline": "Talk it over"}
    )

    feed = read_feed(client, reverse(url_name), version)

    assert feed.feed.title == "Front Porch"
    assert feed.feed.subtitle == "Talk it over"
    assert feed.feed.link == "http://testserver/"
    assert len(feed.entries) == 1
    entry = feed.entries[0]
    assert entry.title == "Walking beside the team"
    assert entry.link == "http://testserver/posts/walking-beside-the-team/"
    assert entry.id == f"tag:testserver,{post.created_at:%Y-%m-%d}:post-{post.pk}"
    assert entry.author == "Dana Whitlock"
    assert entry.published_parsed[:6] == (2024, 3, 4, 9, 30, 0)
    assert [tag.term for tag in entry.tags] == ["Leadership", "humility", "teams"]
    assert entry.summary == (
        "<p>A team moves faster when <em>you</em> walk beside it.</p>"
    )


@pytest.mark.parametrize(("url_name", "version"), FEEDS)
def test_site_feed_links_to_itself_absolutely(client, post, url_name, version):
    feed = read_feed(client, reverse(url_name), version)

    self_links = [link.href for link in feed.feed.links if link.rel == "self"]
    assert self_links == [f"http://testserver{reverse(url_name)}"]


def test_atom_feed_gives_the_update_time(client, post):
    feed = read_feed(client, reverse("blog:feed_atom"), "atom10")

    updated = datetime(*feed.entries[0].updated_parsed[:6], tzinfo=UTC)
    assert updated == post.updated_at.replace(microsecond=0)


@pytest.mark.parametrize(("url_name", "version"), FEEDS)
def test_feeds_hold_only_visible_posts_newest_first(client, url_name, version):
    now = timezone.now()
    PostFactory(title="Older", publish_at=now - timedelta(days=3))
    PostFactory(title="Newer", publish_at=now - timedelta(days=1))
    PostFactory(title="A draft", status=Post.Status.DRAFT, publish_at=None)
    PostFactory(title="In review", status=Post.Status.REVIEW)
    PostFactory(title="Scheduled", publish_at=now + timedelta(days=1))

    feed = read_feed(client, reverse(url_name), version)

    assert [entry.title for entry in feed.entries] == ["Newer", "Older"]


def test_feed_stops_at_twenty_posts(client):
    now = timezone.now()
    for day in range(22):
        PostFactory(title=f"Day {day}", publish_at=now - timedelta(days=day + 1))

    feed = read_feed(client, reverse("blog:feed_rss"), "rss20")

    assert [entry.title for entry in feed.entries] == [f"Day {n}" for n in range(20)]


@pytest.mark.parametrize(("url_name", "version"), AUTHOR_FEEDS)
def test_author_feed_holds_only_their_posts(client, post, author, url_name, version):
    PostFactory(title="Someone else's post")
    SiteSettings.objects.update_or_create(pk=1, defaults={"site_name": "Front Porch"})

    feed = read_feed(client, reverse(url_name, args=["dana-whitlock"]), version)

    assert feed.feed.title == "Front Porch: posts by Dana Whitlock"
    assert feed.feed.link == "http://testserver/authors/dana-whitlock/"
    assert [entry.title for entry in feed.entries] == ["Walking beside the team"]
    assert feed.entries[0].author == "Dana Whitlock"


@pytest.mark.parametrize(("url_name", "version"), SERIES_FEEDS)
def test_series_feed_holds_only_its_posts(client, url_name, version):
    GuestPostFactory(title="A guest's first post", publish_at=PUBLISHED)
    PostFactory(title="Not in the series")
    SeriesFactory(name="Other series", slug="other")
    SiteSettings.objects.update_or_create(pk=1, defaults={"site_name": "Front Porch"})

    feed = read_feed(client, reverse(url_name, args=["guest-post-monday"]), version)

    assert feed.feed.title == "Front Porch: Guest post Monday"
    assert feed.feed.link == "http://testserver/series/guest-post-monday/"
    assert [entry.title for entry in feed.entries] == ["A guest's first post"]


@pytest.mark.parametrize(
    "url",
    [
        reverse("blog:author_feed_rss", args=["nobody"]),
        reverse("blog:author_feed_atom", args=["nobody"]),
        reverse("blog:series_feed_rss", args=["nothing"]),
        reverse("blog:series_feed_atom", args=["nothing"]),
    ],
)
def test_unknown_author_or_series_feed_is_not_found(client, url):
    assert client.get(url).status_code == 404


def test_author_with_only_drafts_has_no_feed(client, author):
    PostFactory(author=author, status=Post.Status.DRAFT, publish_at=None)

    response = client.get(reverse("blog:author_feed_rss", args=["dana-whitlock"]))

    assert response.status_code == 404


def test_dates_are_right_in_a_far_time_zone(client, settings, post):
    settings.TIME_ZONE = "Pacific/Auckland"

    feed = read_feed(client, reverse("blog:feed_rss"), "rss20")

    assert feed.entries[0].published_parsed[:6] == (2024, 3, 4, 9, 30, 0)
