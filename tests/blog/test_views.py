"""List pages: home, authors, series and terms, archives, search, robots, errors."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from porch.blog.models import Post
from tests.blog.pages import (
    NOW,
    hidden_posts,
    listed_titles,
    parse,
    posts_per_page,
    texts,
)
from tests.factories import (
    BookFactory,
    CategoryFactory,
    GuestPostFactory,
    PersonFactory,
    PostFactory,
    SeriesFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db


@time_machine.travel(NOW, tick=False)
def test_home_lists_only_visible_posts_newest_first(client):
    PostFactory(title="Older post", publish_at=NOW - timedelta(days=3))
    PostFactory(title="Newer post", publish_at=NOW - timedelta(hours=1))
    hidden_posts()

    response = client.get(reverse("blog:home"))

    assert response.status_code == 200
    assert listed_titles(response) == ["Newer post", "Older post"]


@time_machine.travel(NOW, tick=False)
def test_home_paginates_with_the_sites_page_size(client):
    posts_per_page(2)
    for day in range(5):
        PostFactory(title=f"Day {day}", publish_at=NOW - timedelta(days=day + 1))

    first = client.get(reverse("blog:home"))
    last = client.get(reverse("blog:home"), {"page": 3})

    assert listed_titles(first) == ["Day 0", "Day 1"]
    assert parse(first).cssselect("a[rel=next]")[0].get("href") == "?page=2"
    assert listed_titles(last) == ["Day 4"]
    assert parse(last).cssselect("a[rel=prev]")[0].get("href") == "?page=2"
    assert texts(parse(last), ".pagination__status") == ["Page 3 of 3"]


@pytest.mark.parametrize("page", ["4", "0", "two", ""])
def test_a_page_that_does_not_exist_is_not_found(client, page):
    posts_per_page(2)
    PostFactory.create_batch(5)

    response = client.get(reverse("blog:home"), {"page": page})

    assert response.status_code == 404


def test_home_query_count_does_not_grow_with_posts(
    client, django_assert_max_num_queries
):
    def post_with_terms() -> Post:
        post = GuestPostFactory(author=PersonFactory())
        post.categories.add(CategoryFactory())
        post.tags.add(TagFactory(), TagFactory())
        return post

    post_with_terms()
    with CaptureQueriesContext(connection) as one_post:
        client.get(reverse("blog:home"))
    for _ in range(9):
        post_with_terms()

    with django_assert_max_num_queries(len(one_post.captured_queries)):
        response = client.get(reverse("blog:home"))

    assert len(listed_titles(response)) == 10


def test_every_list_page_and_feed_takes_no_more_queries_for_ten_posts_than_one(
    client, django_assert_max_num_queries
):
    author = PersonFactory(slug="dana")
    category, tag = CategoryFactory(slug="teams"), TagFactory(slug="walking")
    BookFactory(person=author)

    def post_with_terms(hours_ago: int) -> None:
        post = GuestPostFactory(
            author=author, publish_at=NOW - timedelta(hours=hours_ago)
        )
        post.categories.add(category, CategoryFactory())
        post.tags.add(tag, TagFactory())

    urls = [
        reverse("blog:author", args=["dana"]),
        reverse("blog:series", args=["guest-post-monday"]),
        reverse("blog:category", args=["teams"]),
        reverse("blog:tag", args=["walking"]),
        reverse("blog:archive_year", args=[2024]),
        reverse("blog:archive_month", args=[2024, 6]),
        reverse("blog:search") + "?q=team",
        reverse("blog:feed_rss"),
        reverse("blog:feed_atom"),
        reverse("blog:author_feed_rss", args=["dana"]),
        reverse("blog:series_feed_atom", args=["guest-post-monday"]),
    ]
    post_with_terms(1)
    with time_machine.travel(NOW, tick=False):
        one_post = {}
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            one_post[url] = len(queries.captured_queries)
        for hours_ago in range(2, 11):
            post_with_terms(hours_ago)

        for url in urls:
            with django_assert_max_num_queries(one_post[url]):
                response = client.get(url)
            assert response.content.count(b"Walking beside the team") == 10, url


@time_machine.travel(NOW, tick=False)
def test_archives_list_the_posts_of_a_year_and_a_month(client):
    PostFactory(title="March", publish_at=datetime(2024, 3, 5, tzinfo=UTC))
    PostFactory(title="May one", publish_at=datetime(2024, 5, 1, tzinfo=UTC))
    PostFactory(title="May two", publish_at=datetime(2024, 5, 20, tzinfo=UTC))
    PostFactory(title="Last year", publish_at=datetime(2023, 12, 31, tzinfo=UTC))
    PostFactory(
        title="Draft in May",
        status=Post.Status.DRAFT,
        publish_at=datetime(2024, 5, 2, tzinfo=UTC),
    )

    year = client.get(reverse("blog:archive_year", args=[2024]))
    month = client.get(reverse("blog:archive_month", args=[2024, 5]))
    home = parse(client.get(reverse("blog:home")))

    assert listed_titles(year) == ["May two", "May one", "March"]
    assert texts(parse(year), ".archive-list li") == ["May 2024 (2)", "March 2024 (1)"]
    assert listed_titles(month) == ["May two", "May one"]
    assert texts(parse(month), "h1") == ["Posts from May 2024"]
    assert [a.get("href") for a in home.cssselect(".archive-list a")] == [
        "/archive/2024/5/",
        "/archive/2024/3/",
        "/archive/2023/12/",
    ]


@pytest.mark.parametrize(
    "path", ["/archive/2024/13/", "/archive/2024/0/", "/archive/99999/"]
)
def test_impossible_archive_dates_are_not_found(client, path):
    assert client.get(path).status_code == 404


def test_author_page_shows_bio_books_feeds_and_their_visible_posts(client):
    author = PersonFactory(
        display_name="Dana Ellison", slug="dana-ellison", email="dana@private.example"
    )
    BookFactory(person=author, title="A Bridge Called Patience")
    PostFactory(author=author, title="Hers", publish_at=NOW - timedelta(days=1))
    PostFactory(
        author=author, title="Her draft", status=Post.Status.DRAFT, publish_at=None
    )
    PostFactory(title="Someone else's")

    response = client.get(author.get_absolute_url())

    doc = parse(response)
    assert texts(doc, "h1") == ["Dana Ellison"]
    assert texts(doc, ".author-books") == ["Author of A Bridge Called Patience."]
    assert listed_titles(response) == ["Hers"]
    assert [a.get("href") for a in doc.cssselect(".feed-links a")] == [
        "/authors/dana-ellison/feed/",
        "/authors/dana-ellison/feed/atom/",
    ]
    assert b"dana@private.example" not in response.content


def test_author_with_only_drafts_has_no_page_yet(client):
    draft = PostFactory(status=Post.Status.DRAFT, publish_at=None)

    assert client.get(draft.author.get_absolute_url()).status_code == 404


def test_author_links_only_to_web_addresses(client):
    post = GuestPostFactory()
    type(post.author).objects.filter(pk=post.author.pk).update(
        site_url="javascript:alert(1)"
    )

    response = client.get(post.get_absolute_url())

    assert b"javascript:" not in response.content
    assert parse(response).cssselect(".author-site") == []


def test_series_category_and_tag_pages_list_their_visible_posts(client):
    series = SeriesFactory()
    category = CategoryFactory(slug="leadership")
    child = CategoryFactory(slug="teams", parent=category)
    tag = TagFactory(slug="trust")
    in_series = GuestPostFactory(
        title="In the series", series=series, publish_at=NOW - timedelta(days=2)
    )
    in_child = PostFactory(title="In a subcategory", publish_at=NOW - timedelta(days=1))
    in_child.categories.add(child)
    tagged = PostFactory(title="Tagged")
    tagged.tags.add(tag)
    draft = GuestPostFactory(
        title="Draft", series=series, status=Post.Status.DRAFT, publish_at=None
    )
    draft.categories.add(category)
    draft.tags.add(tag)
    in_series.categories.add(category)

    assert listed_titles(client.get(series.get_absolute_url())) == ["In the series"]
    assert listed_titles(client.get(category.get_absolute_url())) == [
        "In a subcategory",
        "In the series",
    ]
    assert listed_titles(client.get(tag.get_absolute_url())) == ["Tagged"]


def test_search_finds_visible_posts_and_keeps_the_query_in_page_links(client):
    posts_per_page(1)
    PostFactory(title="Leading from the back", publish_at=NOW - timedelta(days=1))
    PostFactory(title="Leading a choir", publish_at=NOW - timedelta(days=2))
    PostFactory(title="Leading in secret", status=Post.Status.DRAFT, publish_at=None)

    response = client.get(reverse("blog:search"), {"q": "leading"})

    doc = parse(response)
    assert len(listed_titles(response)) == 1
    assert texts(doc, "[role=status]") == ["2 posts match."]
    assert doc.cssselect("a[rel=next]")[0].get("href") == "?q=leading&page=2"


def test_search_without_a_match_says_so_once(client):
    PostFactory(title="Leading from the back")

    doc = parse(client.get(reverse("blog:search"), {"q": "submarine"}))

    assert texts(doc, "[role=status]") == ["No post matches; try fewer or other words."]
    assert texts(doc, "main .empty") == []
    assert doc.cssselect(".post-list") == []


def test_empty_search_shows_the_form_only(client):
    PostFactory()

    doc = parse(client.get(reverse("blog:search"), {"q": "   "}))

    assert doc.cssselect("#page-search")[0].get("value") == ""
    assert doc.cssselect(".post-list, [role=status]") == []


def test_robots_txt_allows_readers_and_names_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        "User-agent: *\n"
        "Allow: /\n"
        "Disallow: /admin/\n"
        "Disallow: /preview/\n"
        "\n"
        "Sitemap: http://testserver/sitemap.xml\n"
    )


def test_missing_page_is_friendly(client, settings):
    settings.DEBUG = False

    response = client.get("/no-such-page/")

    doc = parse(response)
    assert response.status_code == 404
    assert texts(doc, "h1") == ["We can\u2019t find that page"]
    assert doc.cssselect("main form[role=search]")
    assert doc.cssselect("main a[href='/']")


def test_server_error_page_needs_no_database(rf, django_assert_num_queries):
    from porch.core.views import server_error_view

    with django_assert_num_queries(0):
        response = server_error_view(rf.get("/"))

    assert response.status_code == 500
    assert texts(parse(response), "h1") == ["Something went wrong on our side"]
