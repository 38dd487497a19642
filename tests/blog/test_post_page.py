"""The post page: guest intro and bio box, neighbours, visibility, previews, head."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.signing import TimestampSigner
from django.urls import reverse

from porch.blog.models import Post
from porch.blog.selectors import PREVIEW_SALT, post_preview_token
from tests.blog.pages import (
    NOW,
    editor_client,
    hidden_posts,
    listed_titles,
    parse,
    texts,
)
from tests.factories import (
    BookFactory,
    CategoryFactory,
    GuestPostFactory,
    PersonFactory,
    PostFactory,
    TagFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


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
        "May 6, 2024",
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
    # Named once, without the "writes at" the intro already says.
    assert texts(bio, ".author-site") == ["Website: Slow Mornings"]
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
