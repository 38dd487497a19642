"""The cards on the home page and every list: comment counts, images, excerpts."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from porch.comments.models import Comment
from porch.core.page_cache import page_cache_invalidate
from tests.blog.pages import NOW, parse, texts
from tests.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db


def card_counts(client, url: str = "/") -> dict[str, str]:
    doc = parse(client.get(url))
    return {
        card.cssselect(".post-card__title a")[0].text: " ".join(
            card.cssselect(".post-card__comments a")[0].text_content().split()
        )
        for card in doc.cssselect(".post-card")
    }


@time_machine.travel(NOW, tick=False)
def test_cards_say_how_many_thoughts_each_post_has(client):
    quiet = PostFactory(title="Quiet", publish_at=NOW - timedelta(days=3))
    single = PostFactory(title="Single", publish_at=NOW - timedelta(days=2))
    busy = PostFactory(title="Busy", publish_at=NOW - timedelta(days=1))
    CommentFactory(post=single)
    first = CommentFactory.create_batch(11, post=busy)[0]
    CommentFactory(post=busy, parent=first)  # replies count too
    # Held, spam and removed comments are not shown, so not counted.
    for status in (Comment.Status.PENDING, Comment.Status.SPAM, Comment.Status.REMOVED):
        CommentFactory(post=quiet, status=status)

    assert card_counts(client) == {
        "Busy": "12 thoughts",
        "Single": "One thought",
        "Quiet": "No thoughts yet",
    }
    link = parse(client.get("/")).cssselect(".post-card__comments a")[0]
    assert link.get("href") == f"{busy.get_absolute_url()}#comments"
    assert link.get("aria-describedby") == f"post-card-{busy.pk}"


@time_machine.travel(NOW, tick=False)
def test_the_counts_cost_no_query_per_card(client):
    def home_queries() -> int:
        # Made from scratch each time: no cached page, no cached site-wide values.
        page_cache_invalidate("count from scratch")
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        return len(queries.captured_queries)

    post = PostFactory(publish_at=NOW - timedelta(hours=1))
    CommentFactory.create_batch(2, post=post)
    home_queries()  # the site's settings row, read once and kept
    with_one = home_queries()
    for hours in range(2, 11):
        other = PostFactory(publish_at=NOW - timedelta(hours=hours))
        CommentFactory.create_batch(hours % 3, post=other)

    assert home_queries() == with_one
    assert len(card_counts(client)) == 10


@time_machine.travel(NOW, tick=False)
def test_the_counts_show_on_tag_author_and_search_lists_too(client):
    post = PostFactory(title="Walking beside the team")
    CommentFactory.create_batch(3, post=post)

    for url in (
        post.author.get_absolute_url(),
        reverse("blog:search") + "?q=walking",
    ):
        assert card_counts(client, url) == {"Walking beside the team": "3 thoughts"}


def png(width: int, height: int) -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(buffer, format="PNG")
    return SimpleUploadedFile("porch.png", buffer.getvalue(), content_type="image/png")


@time_machine.travel(NOW, tick=False)
def test_a_card_shows_the_featured_image_sized_lazy_and_described(
    client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    post = PostFactory(
        title="Two chairs",
        excerpt="What a porch teaches about listening.",
        featured_image=png(640, 360),
        featured_image_alt="Two chairs on a wooden porch",
        publish_at=NOW - timedelta(days=1),
    )
    PostFactory(title="No picture", publish_at=NOW - timedelta(days=2))

    doc = parse(client.get("/"))

    (image,) = doc.cssselect(".post-card img")
    assert {key: image.get(key) for key in ("alt", "width", "height", "loading")} == {
        "alt": "Two chairs on a wooden porch",
        "width": "640",
        "height": "360",
        "loading": "lazy",
    }
    assert image.get("src") == post.featured_image.url
    assert texts(doc, ".post-card__excerpt")[0] == (
        "What a porch teaches about listening."
    )
    # The picture repeats the title's link: one stop for keyboards, none for readers.
    wrapper = image.getparent()
    assert (wrapper.get("tabindex"), wrapper.get("aria-hidden")) == ("-1", "true")


@time_machine.travel(NOW, tick=False)
def test_a_featured_image_missing_from_disk_leaves_the_card_without_it(
    client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    PostFactory(title="Lost picture", featured_image="posts/2024/gone.jpg")

    response = client.get("/")

    assert response.status_code == 200
    doc = parse(response)
    assert texts(doc, ".post-card__title") == ["Lost picture"]
    assert not doc.cssselect(".post-card img")


def test_the_post_page_gives_its_featured_image_a_size_too(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    post = PostFactory(featured_image=png(800, 450), featured_image_alt="A porch")

    (image,) = parse(client.get(post.get_absolute_url())).cssselect(
        ".featured-image img"
    )

    assert (image.get("alt"), image.get("width"), image.get("height")) == (
        "A porch",
        "800",
        "450",
    )
