"""The pages a reader sees: lists, the post page, authors, archives, search, robots."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import lxml.html
import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core.signing import TimestampSigner
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from porch.blog.models import Post
from porch.blog.selectors import PREVIEW_SALT, post_preview_token
from porch.core.models import SiteSettings
from tests.factories import (
    BookFactory,
    CategoryFactory,
    GuestPostFactory,
    PersonFactory,
    PostFactory,
    SeriesFactory,
    TagFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2024, 6, 10, 12, 0, tzinfo=UTC)


def parse(response) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(response.content)


def texts(doc: lxml.html.HtmlElement, css: str) -> list[str]:
    return [" ".join(node.text_content().split()) for node in doc.cssselect(css)]


def listed_titles(response) -> list[str]:
    return texts(parse(response), ".post-card__title a")


def posts_per_page(count: int) -> None:
    settings_row = SiteSettings.current()
    settings_row.posts_per_page = count
    settings_row.save()


def editor_client() -> Client:
    user = UserFactory(username="editor")
    user.user_permissions.add(Permission.objects.get(codename="change_post"))
    client = Client()
    client.force_login(user)
    return client


def hidden_posts() -> list[Post]:
    return [
        PostFactory(title="Still a draft", status=Post.Status.DRAFT, publish_at=None),
        PostFactory(title="Waiting for review", status=Post.Status.REVIEW),
        PostFactory(title="Not yet", publish_at=NOW + timedelta(days=2)),
    ]


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


def test_guest_post_shows_byline_intro_bio_books_and_questions(client):
    author = PersonFactory(
        display_name="Dana Ellison",
        slug="dana-ellison",
        site_name="Slow Mornings",
        site_url="https://slow-mornings.example",
        bio="Dana coaches small teams.",
    )
    # Added out of order: the page lists books by the author's chosen position.
    BookFactory(person=author, title="Small Steps", url="", position=2)
    BookFactory(person=author, title="A Bridge Called Patience", position=1)
    post = GuestPostFactory(
        author=author,
        title="Walking at the back",
        slug="walking-at-the-back",
        intro="Monday means a guest: Dana writes at *Slow Mornings*.",
        questions="Who leads when you step back?\n\nWhat did you learn last time?",
        publish_at=datetime(2024, 5, 6, 9, 30, tzinfo=UTC),
    )
    post.categories.add(CategoryFactory(name="Leadership", slug="leadership"))
    post.tags.add(TagFactory(name="teams", slug="teams"))

    doc = parse(client.get(post.get_absolute_url()))

    assert texts(doc, "h1") == ["Walking at the back"]
    byline_link = doc.cssselect(".post-header .byline a[rel=author]")[0]
    assert (byline_link.text, byline_link.get("href")) == (
        "Dana Ellison",
        "/authors/dana-ellison/",
    )
    time = doc.cssselect(".post-header time")[0]
    assert (time.get("datetime"), time.text) == (
        "2024-05-06T09:30:00+00:00",
        "6 May 2024",
    )
    assert (
        doc.cssselect(".post-header .kicker a")[0].get("href")
        == "/series/guest-post-monday/"
    )
    assert texts(doc, ".guest-intro") == [
        "Monday means a guest: Dana writes at Slow Mornings."
    ]
    bio = doc.cssselect(".author-bio")[0]
    assert texts(bio, ".author-bio__name a") == ["Dana Ellison"]
    assert texts(bio, ".prose") == ["Dana coaches small teams."]
    site_link = bio.cssselect(".author-site a")[0]
    assert (site_link.text, site_link.get("href")) == (
        "Slow Mornings",
        "https://slow-mornings.example",
    )
    assert texts(bio, ".author-books") == [
        "Author of A Bridge Called Patience and Small Steps."
    ]
    assert [a.get("href") for a in bio.cssselect(".author-books a")] == [
        "https://books.example/long-walk"
    ]
    assert texts(doc, ".questions li") == [
        "Who leads when you step back?",
        "What did you learn last time?",
    ]
    assert texts(doc, ".terms a") == ["Leadership", "teams"]
    assert doc.cssselect("#comments.discussion")


def test_post_by_the_host_has_no_guest_intro_or_bio_box(client):
    post = PostFactory(questions="")

    doc = parse(client.get(post.get_absolute_url()))

    assert doc.cssselect(".guest-intro, .author-bio, .questions") == []
    assert texts(doc, ".post-body") == [
        "A team moves faster when the person in charge walks beside it. "
        "Here is what I learned from ten years of getting that wrong."
    ]


def test_post_page_links_to_the_previous_and_next_posts(client):
    older = PostFactory(title="Before", publish_at=NOW - timedelta(days=3))
    post = PostFactory(title="Middle", publish_at=NOW - timedelta(days=2))
    newer = PostFactory(title="After", publish_at=NOW - timedelta(days=1))
    PostFactory(title="Draft between", status=Post.Status.DRAFT, publish_at=None)

    doc = parse(client.get(post.get_absolute_url()))

    assert doc.cssselect("a[rel=prev]")[0].get("href") == older.get_absolute_url()
    assert doc.cssselect("a[rel=next]")[0].get("href") == newer.get_absolute_url()


@time_machine.travel(NOW, tick=False)
def test_hidden_posts_are_not_found_even_for_editors(client):
    editor = editor_client()
    for post in hidden_posts():
        assert client.get(post.get_absolute_url()).status_code == 404
        assert editor.get(post.get_absolute_url()).status_code == 404


def test_scheduled_post_appears_once_its_time_has_come(client):
    with time_machine.travel(NOW, tick=False):
        post = PostFactory(title="Monday's guest", publish_at=NOW + timedelta(hours=6))
        assert client.get(post.get_absolute_url()).status_code == 404
        assert listed_titles(client.get(reverse("blog:home"))) == []

    with time_machine.travel(NOW + timedelta(hours=6, seconds=1), tick=False):
        assert client.get(post.get_absolute_url()).status_code == 200
        assert listed_titles(client.get(reverse("blog:home"))) == ["Monday's guest"]


def test_editor_previews_a_draft_and_the_page_is_not_indexed():
    post = PostFactory(title="Half written", status=Post.Status.DRAFT, publish_at=None)
    url = reverse("blog:preview", args=[post_preview_token(post=post)])

    response = editor_client().get(url)

    doc = parse(response)
    assert response.status_code == 200
    assert texts(doc, "h1") == ["Half written"]
    assert [m.get("content") for m in doc.cssselect("meta[name=robots]")] == ["noindex"]
    assert doc.cssselect("link[rel=canonical]") == []
    assert texts(doc, ".notice") == [
        "Preview. This post is a draft; readers cannot see it."
    ]
    assert doc.cssselect(".discussion") == []
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_anonymous_preview_goes_to_the_login_page(client):
    post = PostFactory(status=Post.Status.DRAFT, publish_at=None)
    url = reverse("blog:preview", args=[post_preview_token(post=post)])

    response = client.get(url)

    assert response.status_code == 302
    assert (
        response["Location"]
        == f"{reverse('admin:login')}?next={url.replace(':', '%3A')}"
    )


def test_preview_is_not_found_without_permission_or_with_a_bad_token(client):
    post = PostFactory(status=Post.Status.DRAFT, publish_at=None)
    token = post_preview_token(post=post)
    client.force_login(UserFactory(username="reader"))
    forged = TimestampSigner(salt="not-" + PREVIEW_SALT).sign(str(post.pk))

    assert client.get(reverse("blog:preview", args=[token])).status_code == 404
    assert (
        editor_client().get(reverse("blog:preview", args=[forged])).status_code == 404
    )
    assert (
        editor_client().get(reverse("blog:preview", args=[token + "x"])).status_code
        == 404
    )


def test_preview_link_expires_after_fourteen_days():
    post = PostFactory(status=Post.Status.DRAFT, publish_at=None)
    with time_machine.travel(NOW, tick=False):
        url = reverse("blog:preview", args=[post_preview_token(post=post)])
    editor = editor_client()

    with time_machine.travel(NOW + timedelta(days=13, hours=23), tick=False):
        assert editor.get(url).status_code == 200
    with time_machine.travel(NOW + timedelta(days=14, seconds=1), tick=False):
        assert editor.get(url).status_code == 404


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


def test_post_page_head_has_canonical_opengraph_and_feed_links(client):
    post = PostFactory(
        title="Leading from the back",
        slug="leading-from-the-back",
        excerpt="Why the best view of a team is from behind it.",
        featured_image="posts/2024/porch.jpg",
        featured_image_alt="Two chairs on a wooden porch",
    )

    head = parse(client.get(post.get_absolute_url())).head

    assert head.findtext("title") == "Leading from the back — My Porch"
    meta = {
        m.get("property") or m.get("name"): m.get("content") for m in head.iter("meta")
    }
    assert meta["description"] == "Why the best view of a team is from behind it."
    assert head.cssselect("link[rel=canonical]")[0].get("href") == (
        "http://testserver/posts/leading-from-the-back/"
    )
    assert (
        meta["og:title"],
        meta["og:type"],
        meta["og:url"],
        meta["og:description"],
    ) == (
        "Leading from the back",
        "article",
        "http://testserver/posts/leading-from-the-back/",
        "Why the best view of a team is from behind it.",
    )
    assert meta["og:image"] == "http://testserver/media/posts/2024/porch.jpg"
    assert meta["og:image:alt"] == "Two chairs on a wooden porch"
    feeds = {
        link.get("type"): link.get("href")
        for link in head.cssselect("link[rel=alternate]")
    }
    assert feeds == {
        "application/rss+xml": "http://testserver/feed/",
        "application/atom+xml": "http://testserver/feed/atom/",
    }
    assert parse(client.get(post.get_absolute_url())).cssselect(".featured-image img")[
        0
    ].get("alt") == ("Two chairs on a wooden porch")


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
