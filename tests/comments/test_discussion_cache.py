"""The cached comment list: the same page for everyone it may be, never stale.

Each test first lets a stranger load the page (which caches the list), then changes
something and checks what the next reader gets.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from porch.comments.models import Comment
from porch.core.models import SiteSettings
from porch.core.page_cache import page_cache_invalidate
from porch.desk.services.comments import comment_moderate
from tests.comments.helpers import discussion_build, form_started, known_commenter
from tests.comments.test_rendering import comment_list, outline, writer_cookie
from tests.factories import CommentFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Ada",
    "email": "ada@example.com",
    "body": "Walking beside works.",
    "started": form_started(),
}


def ids_shown(client: Client, url: str) -> list[str]:
    found = comment_list(client.get(url).content)
    return [] if found is None else [row[0] for row in outline(found)]


def test_later_readers_get_the_same_list_without_reading_a_comment():
    post = PostFactory()
    discussion_build(post=post, threads=30, replies_each=2)
    url = post.get_absolute_url()
    first = Client().get(url)

    with CaptureQueriesContext(connection) as queries:
        second = Client().get(url)

    reads = [q["sql"] for q in queries if "comments_comment" in q["sql"]]
    # The fingerprint is read once per change (a fragment of the page cache's
    # generation), the list once per fingerprint.
    assert reads == []
    assert outline(comment_list(second.content)) == outline(comment_list(first.content))
    assert b"90 thoughts on" in second.content


def test_an_approved_comment_shows_to_the_next_reader(client):
    post = PostFactory()
    # A known commenter (this browser wrote an approved comment): approved at once.
    known_commenter(client, name=FORM["name"], email=FORM["email"])
    url = post.get_absolute_url()
    assert ids_shown(Client(), url) == []

    client.post(reverse("comments:create", args=[post.slug]), FORM)

    comment = Comment.objects.get(post=post)
    assert comment.status == Comment.Status.APPROVED
    page = Client().get(url).content
    assert outline(comment_list(page))[0][0] == f"comment-{comment.pk}"
    assert b"One thought on" in page


def test_a_removed_comment_leaves_the_cached_page():
    post = PostFactory()
    kept, removed = CommentFactory(post=post), CommentFactory(post=post)
    url = post.get_absolute_url()
    assert ids_shown(Client(), url) == [f"comment-{kept.pk}", f"comment-{removed.pk}"]

    host = UserFactory(username="host", is_superuser=True)
    comment_moderate(comment=removed, actor=host, action="remove")

    assert ids_shown(Client(), url) == [f"comment-{kept.pk}"]


def test_held_comment_shows_to_its_writer_only_while_the_list_is_cached(client):
    post = PostFactory()
    shown = CommentFactory(post=post)
    url = post.get_absolute_url()
    assert ids_shown(Client(), url) == [f"comment-{shown.pk}"]
    held = CommentFactory(post=post, status=Comment.Status.PENDING)
    an_hour_ago = (timezone.now() - timedelta(hours=1)).timestamp()
    writer_cookie(client, held.pk, written_at=an_hour_ago)  # past the edit window

    mine = client.get(url).content
    others = ids_shown(Client(), url)

    assert ids_shown(client, url) == [f"comment-{shown.pk}", f"comment-{held.pk}"]
    assert b"Your comment is awaiting moderation." in mine
    assert b"comment__edit" not in mine
    assert others == [f"comment-{shown.pk}"]


def test_edit_links_show_within_the_window_then_the_cached_list_returns(client):
    post = PostFactory()
    mine = CommentFactory(post=post)
    url = post.get_absolute_url()
    Client().get(url)
    writer_cookie(client, mine.pk)
    edit = f'href="/comments/{mine.pk}/edit/"'.encode()

    within = client.get(url).content
    stranger = Client().get(url).content
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        after = client.get(url).content

    assert edit in within
    assert edit not in stranger
    assert edit not in after
    assert outline(comment_list(after)) == outline(comment_list(stranger))


def test_comments_elsewhere_do_not_keep_a_writer_from_the_cache(client):
    post, other = PostFactory(), PostFactory()
    shown = CommentFactory(post=post)
    elsewhere = CommentFactory(post=other, status=Comment.Status.PENDING)
    url = post.get_absolute_url()
    Client().get(url)
    writer_cookie(client, elsewhere.pk)

    with CaptureQueriesContext(connection) as queries:
        page = client.get(url).content

    reads = [q["sql"] for q in queries if 'FROM "comments_comment"' in q["sql"]]
    assert len(reads) == 1  # the writer's own comments here (none)
    assert outline(comment_list(page)) == [
        (f"comment-{shown.pk}", "comment depth-1", "1", [])
    ]
    assert b"comment__edit" not in page


def test_refused_comment_keeps_its_text_and_errors_beside_the_cached_list(client):
    post = PostFactory()
    shown = CommentFactory(post=post)
    Client().get(post.get_absolute_url())
    typed = {"body": "Half a thought, no name", "parent": shown.pk}

    response = client.post(reverse("comments:create", args=[post.slug]), typed)

    assert response.status_code == 400
    assert b"Half a thought, no name" in response.content
    assert ids_shown(client, post.get_absolute_url()) == [f"comment-{shown.pk}"]
    assert not Comment.objects.exclude(pk=shown.pk).exists()


def test_each_reader_gets_their_own_csrf_token_and_identity(client):
    post = PostFactory()
    CommentFactory(post=post)
    Client().get(post.get_absolute_url())
    member = UserFactory(username="mira", first_name="Mira", last_name="Patel")
    client.force_login(member)

    page = client.get(post.get_absolute_url())
    stranger = Client().get(post.get_absolute_url())

    token = page.context["csrf_token"]
    assert f'value="{token}"'.encode() in page.content
    assert f'value="{token}"'.encode() not in stranger.content
    assert b"You are commenting as Mira Patel." in page.content
    assert b"You are commenting as" not in stranger.content


def test_reply_links_go_when_the_post_closes_by_age():
    SiteSettings.current()
    SiteSettings.objects.filter(pk=1).update(comments_close_after_days=14)
    post = PostFactory(publish_at=timezone.now() - timedelta(days=13))
    CommentFactory(post=post)
    url = post.get_absolute_url()
    assert b'class="comment-reply-link"' in Client().get(url).content

    with time_machine.travel(timezone.now() + timedelta(days=2)):
        closed = Client().get(url).content

    assert b'class="comment-reply-link"' not in closed


def test_bulk_inserts_show_once_their_writer_announces_them():
    post = PostFactory()
    url = post.get_absolute_url()
    assert ids_shown(Client(), url) == []

    discussion_build(post=post, threads=2)  # bulk_create: no signals, no save()
    assert ids_shown(Client(), url) == []  # unannounced: the page as it was
    page_cache_invalidate("comments imported")  # as the importers do

    assert len(ids_shown(Client(), url)) == 2


def test_a_change_saved_by_another_process_shows_at_once():
    post = PostFactory()
    kept, spam = CommentFactory(post=post), CommentFactory(post=post)
    url = post.get_absolute_url()
    assert len(ids_shown(Client(), url)) == 2

    # As the task worker's save would: the bump it makes goes through the shared
    # generation (a link in the data dir, or a Redis key), not this process's memory.
    spam.status = Comment.Status.SPAM
    spam.save()

    assert ids_shown(Client(), url) == [f"comment-{kept.pk}"]


def test_made_up_page_numbers_are_not_cached():
    post = PostFactory()
    discussion_build(post=post, threads=3)
    Client().get(post.get_absolute_url() + "?cpage=99999")

    with CaptureQueriesContext(connection) as queries:
        Client().get(post.get_absolute_url() + "?cpage=99999")

    page_reads = [q for q in queries if "comments_comment" in q["sql"]]
    assert len(page_reads) == 3  # thread count, page, heading count
