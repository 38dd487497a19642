import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from porch.comments.discussion import discussion_for_post
from porch.comments.models import Comment
from porch.comments.selectors import comment_page_number
from porch.core.models import SiteSettings
from porch.core.page_cache import page_cache_invalidate
from tests.comments.helpers import discussion_build
from tests.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db


def settings_set(**values):
    SiteSettings.current()
    SiteSettings.objects.filter(pk=1).update(**values)
    from django.core.cache import cache

    cache.clear()


def outline(nodes):
    return [(node.number, node.pk, outline(node.replies)) for node in nodes]


def test_tree_nests_replies_under_their_parents_in_order():
    post = PostFactory()
    first = CommentFactory(post=post)
    second = CommentFactory(post=post)
    reply = CommentFactory(post=post, parent=first)
    reply_to_reply = CommentFactory(post=post, parent=reply)
    late_reply = CommentFactory(post=post, parent=first)

    discussion = discussion_for_post(post=post)

    assert outline(discussion.threads) == [
        (
            1,
            first.pk,
            [
                (None, reply.pk, [(None, reply_to_reply.pk, [])]),
                (None, late_reply.pk, []),
            ],
        ),
        (2, second.pk, []),
    ]
    assert discussion.approved_count == 5


def test_held_comment_is_shown_only_to_its_writer():
    post = PostFactory()
    shown = CommentFactory(post=post)
    held = CommentFactory(post=post, status=Comment.Status.PENDING)

    for_others = discussion_for_post(post=post)
    for_writer = discussion_for_post(post=post, viewer_pending_ids={held.pk})

    assert [n.pk for n in for_others.threads] == [shown.pk]
    assert [n.pk for n in for_writer.threads] == [shown.pk, held.pk]
    assert for_writer.threads[1].is_awaiting_moderation
    assert for_writer.approved_count == 1


def test_removed_comment_with_replies_stays_as_a_placeholder():
    post = PostFactory()
    removed = CommentFactory(post=post, status=Comment.Status.REMOVED)
    reply = CommentFactory(post=post, parent=removed)
    CommentFactory(post=post, status=Comment.Status.REMOVED)  # no replies: gone

    threads = discussion_for_post(post=post).threads

    assert outline(threads) == [(1, removed.pk, [(None, reply.pk, [])])]
    assert threads[0].is_placeholder


def test_top_level_numbers_continue_across_pages():
    settings_set(comments_per_page=2)
    post = PostFactory()
    discussion_build(post=post, threads=5, replies_each=1)

    pages = [discussion_for_post(post=post, page=n) for n in (1, 2, 3)]

    assert [[node.number for node in page.threads] for page in pages] == [
        [1, 2],
        [3, 4],
        [5],
    ]
    assert [len(page.threads[0].replies) for page in pages] == [1, 1, 1]
    assert pages[0].page_count == 3


def test_newest_first_reverses_threads_but_not_replies():
    settings_set(comments_per_page=2, comment_order="newest")
    post = PostFactory()
    old, middle, new = (CommentFactory(post=post) for _ in range(3))
    first_reply = CommentFactory(post=post, parent=old)
    second_reply = CommentFactory(post=post, parent=old)

    page_one = discussion_for_post(post=post, page=1)
    page_two = discussion_for_post(post=post, page=2)

    assert outline(page_one.threads) == [(3, new.pk, []), (2, middle.pk, [])]
    assert outline(page_two.threads) == [
        (1, old.pk, [(None, first_reply.pk, []), (None, second_reply.pk, [])])
    ]


def test_a_page_past_the_end_shows_the_last_page():
    settings_set(comments_per_page=2)
    post = PostFactory()
    discussion_build(post=post, threads=3)

    discussion = discussion_for_post(post=post, page=99)

    assert (discussion.page, [n.number for n in discussion.threads]) == (2, [3])


def test_reply_lands_on_its_thread_page():
    settings_set(comments_per_page=2)
    post = PostFactory()
    discussion_build(post=post, threads=4)
    third = Comment.objects.filter(post=post, parent=None).order_by("path")[2]
    reply = CommentFactory(post=post, parent=third)

    assert comment_page_number(comment=reply) == 2
    assert comment_page_number(comment=Comment.objects.order_by("path")[0]) == 1


def test_permalink_redirects_to_the_right_page(client):
    settings_set(comments_per_page=2)
    post = PostFactory()
    discussion_build(post=post, threads=4)
    fourth = Comment.objects.filter(post=post, parent=None).order_by("path")[3]
    reply = CommentFactory(post=post, parent=fourth)

    response = client.get(reverse("comments:permalink", args=[reply.pk]))

    assert response.status_code == 302
    assert (
        response["Location"] == f"{post.get_absolute_url()}?cpage=2#comment-{reply.pk}"
    )


def test_permalink_of_a_held_comment_is_not_found_for_others(client):
    held = CommentFactory(status=Comment.Status.PENDING)

    response = client.get(reverse("comments:permalink", args=[held.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize("threads", [10, 1000])
def test_selector_uses_three_queries_whatever_the_size(
    threads, django_assert_num_queries
):
    post = PostFactory()
    discussion_build(post=post, threads=threads // 2, replies_each=1)
    SiteSettings.current()

    with django_assert_num_queries(3):
        discussion = discussion_for_post(post=post)

    assert discussion.approved_count == threads


def test_post_page_runs_the_same_queries_for_10_and_1000_comments(client, settings):
    settings.PAGE_CACHE = "off"  # the renderer's queries, not a page cache hit's
    counts = []
    for size in (10, 1000):
        post = PostFactory()
        discussion_build(post=post, threads=size // 5, replies_each=4)
        client.get(post.get_absolute_url())  # warm the settings cache
        # Every fragment of the page ends, as when a comment is approved: the cost
        # of a page made from the database, which must not grow with the discussion.
        page_cache_invalidate("measuring a page made from scratch")
        with CaptureQueriesContext(connection) as queries:
            response = client.get(post.get_absolute_url())
        assert response.status_code == 200
        assert f"{size} thoughts on".encode() in response.content
        counts.append(len(queries))
    assert counts[0] == counts[1]
