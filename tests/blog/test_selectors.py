"""Reads behind the blog pages: time zones, ordering ties, access, query counts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from porch.blog import selectors
from porch.blog.models import Post
from porch.core.page_cache import page_cache_invalidate
from tests.factories import (
    BookFactory,
    GuestPostFactory,
    PostFactory,
    TagFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_archive_months_follow_the_sites_time_zone(settings):
    settings.TIME_ZONE = "America/New_York"
    # 02:00 UTC on 1 March is still the evening of 29 February in New York.
    PostFactory(title="Leap evening", publish_at=datetime(2024, 3, 1, 2, tzinfo=UTC))
    PostFactory(title="Spring", publish_at=datetime(2024, 3, 15, 12, tzinfo=UTC))

    months = selectors.archive_months()
    february = selectors.posts_in_month(year=2024, month=2)

    assert [(m.month, m.post_count) for m in months] == [
        (date(2024, 3, 1), 1),
        (date(2024, 2, 1), 1),
    ]
    assert [post.title for post in february] == ["Leap evening"]
    assert months[1].url == "/archive/2024/2/"


def test_neighbours_of_posts_sharing_a_publish_time_follow_list_order():
    same_time = datetime(2024, 1, 1, 9, tzinfo=UTC)
    first, second, third = PostFactory.create_batch(3, publish_at=same_time)

    neighbours = selectors.post_neighbours(post=second)

    listed = list(selectors.posts_for_home())
    assert listed == [third, second, first]
    assert (neighbours.previous, neighbours.next) == (first, third)


def test_post_for_reader_hides_drafts_even_from_a_superuser():
    draft = PostFactory(status=Post.Status.DRAFT, publish_at=None)
    host = UserFactory(username="host", is_superuser=True, is_staff=True)

    with pytest.raises(Http404):
        selectors.post_for_reader(slug=draft.slug, user=host)


def test_preview_token_needs_a_user_who_may_change_posts():
    post = PostFactory(status=Post.Status.REVIEW)
    token = selectors.post_preview_token(post=post)
    host = UserFactory(username="host", is_superuser=True)

    assert selectors.post_for_preview(token=token, user=host) == post
    with pytest.raises(Http404):
        selectors.post_for_preview(token=token, user=AnonymousUser())


def test_preview_of_a_deleted_post_is_not_found():
    post = PostFactory(status=Post.Status.DRAFT, publish_at=None)
    token = selectors.post_preview_token(post=post)
    post.delete()
    host = UserFactory(username="host", is_superuser=True)

    with pytest.raises(Http404):
        selectors.post_for_preview(token=token, user=host)


def test_post_page_reads_take_the_same_queries_however_many_books_and_tags(
    django_assert_num_queries,
):
    def read(slug: str) -> None:
        page_cache_invalidate("each read from scratch")
        post = selectors.post_for_reader(slug=slug)
        selectors.post_page(post=post)
        [book.title for book in post.author.books.all()]
        [tag.name for tag in post.tags.all()]
        [category.name for category in post.categories.all()]
        assert post.series is not None
        assert post.author.display_name

    small = GuestPostFactory(publish_at=datetime(2024, 1, 1, tzinfo=UTC))
    large = GuestPostFactory(publish_at=datetime(2024, 1, 2, tzinfo=UTC))
    BookFactory.create_batch(5, person=large.author)
    large.tags.add(*TagFactory.create_batch(6))

    # Post with author and series, categories, tags, books, previous and next, and
    # when the next scheduled post goes live (how long the neighbours may be kept).
    with django_assert_num_queries(6):
        read(small.slug)
    with django_assert_num_queries(6):
        read(large.slug)


def test_posts_for_listing_keeps_the_given_order():
    older = PostFactory(publish_at=datetime(2024, 1, 1, tzinfo=UTC))
    newer = PostFactory(publish_at=datetime(2024, 1, 1, tzinfo=UTC) + timedelta(days=1))

    ranked = selectors.posts_for_listing(Post.objects.visible().order_by("publish_at"))

    assert list(ranked) == [older, newer]


def test_a_post_that_is_not_a_guest_post_spends_no_query_on_books(
    django_assert_num_queries,
):
    post = PostFactory(publish_at=datetime(2024, 1, 1, tzinfo=UTC))
    BookFactory.create_batch(2, person=post.author)

    # Post with author and series, categories, tags, previous and next, and when
    # the next scheduled post goes live (how long the neighbours may be kept).
    page_cache_invalidate("a read from scratch")
    with django_assert_num_queries(5):
        found = selectors.post_for_reader(slug=post.slug)
        selectors.post_page(post=found)
        [tag.name for tag in found.tags.all()]
        [category.name for category in found.categories.all()]
    assert not found.is_guest_post


def test_neighbours_skip_posts_readers_cannot_see_and_end_at_either_side():
    first = PostFactory(publish_at=datetime(2024, 1, 1, tzinfo=UTC))
    PostFactory(publish_at=datetime(2024, 1, 2, tzinfo=UTC), status=Post.Status.DRAFT)
    last = PostFactory(publish_at=datetime(2024, 1, 3, tzinfo=UTC))

    assert selectors.post_neighbours(post=first) == selectors.PostNeighbours(
        previous=None, next=last
    )
    assert selectors.post_neighbours(post=last) == selectors.PostNeighbours(
        previous=first, next=None
    )
