"""sitemap.xml, parsed with lxml and checked URL by URL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from lxml import etree

from porch.blog.models import Post
from tests.factories import (
    CategoryFactory,
    PersonFactory,
    PostFactory,
    SeriesFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
NOW = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)


def read_sitemap(client) -> dict[str, str | None]:
    """Every ``loc`` in the sitemap, with its ``lastmod`` (or None)."""
    response = client.get(reverse("blog:sitemap"), HTTP_HOST="127.0.0.1")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    root = etree.fromstring(response.content)
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    return {
        url.findtext("s:loc", namespaces=NS): url.findtext("s:lastmod", namespaces=NS)
        for url in root.findall("s:url", NS)
    }


def make_post(slug: str, *, day: int, **fields) -> Post:
    with time_machine.travel(datetime(2024, 5, day, 8, 0, tzinfo=UTC), tick=False):
        return PostFactory(
            slug=slug, publish_at=datetime(2024, 5, day, 7, 0, tzinfo=UTC), **fields
        )


@time_machine.travel(NOW, tick=False)
def test_sitemap_lists_every_public_page_on_the_site_address(client):
    dana = PersonFactory(slug="dana")
    lee = PersonFactory(slug="lee")
    monday = SeriesFactory(slug="monday", name="Monday")
    leadership = CategoryFactory(slug="leadership")
    teams = TagFactory(slug="teams")
    first = make_post("first", day=2, author=dana, series=monday)
    first.categories.add(leadership)
    first.tags.add(teams)
    make_post("second", day=9, author=lee)

    assert read_sitemap(client) == {
        "http://testserver/": "2024-05-09",
        "http://testserver/posts/second/": "2024-05-09",
        "http://testserver/posts/first/": "2024-05-02",
        "http://testserver/authors/lee/": "2024-05-09",
        "http://testserver/authors/dana/": "2024-05-02",
        "http://testserver/series/monday/": "2024-05-02",
        "http://testserver/categories/leadership/": "2024-05-02",
        "http://testserver/tags/teams/": "2024-05-02",
    }


@time_machine.travel(NOW, tick=False)
def test_sitemap_leaves_out_what_readers_cannot_see(client):
    hidden_author = PersonFactory(slug="hidden")
    empty_series = SeriesFactory(slug="empty", name="Empty")
    draft_only = TagFactory(slug="draft-only")
    make_post("visible", day=3)
    draft = make_post(
        "draft", day=4, author=hidden_author, series=empty_series,
        status=Post.Status.DRAFT,
    )  # fmt: skip
    draft.tags.add(draft_only)
    make_post("review", day=5, status=Post.Status.REVIEW)
    PostFactory(slug="scheduled", publish_at=NOW + timedelta(days=1))

    urls = read_sitemap(client)

    assert sorted(urls) == [
        "http://testserver/",
        "http://testserver/authors/"
        + Post.objects.get(slug="visible").author.slug
        + "/",
        "http://testserver/posts/visible/",
    ]


@time_machine.travel(NOW, tick=False)
def test_editing_a_post_moves_its_lastmod(client):
    post = make_post("edited", day=2)
    with time_machine.travel(datetime(2024, 5, 20, 10, 0, tzinfo=UTC), tick=False):
        post.title = "Edited"
        post.save(update_fields=["title", "updated_at"])

    assert read_sitemap(client)["http://testserver/posts/edited/"] == "2024-05-20"


def test_empty_site_lists_only_the_home_page(client):
    assert read_sitemap(client) == {"http://testserver/": None}
