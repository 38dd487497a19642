"""Deleting a post with its whole discussion, from the admin: threads, replies and
subscriptions go with it in one transaction, the audit log keeps a line, and the
cached page is gone."""

import pytest
from django.contrib.admin.models import DELETION, LogEntry
from django.test import Client
from django.urls import reverse

from porch.blog.models import Post
from porch.comments.models import Comment, Subscription
from porch.core.models import SiteSettings
from porch.desk.errors import ModerationRefusedError
from porch.desk.services.posts import post_delete_with_discussion
from porch.moderation.models import ModerationEvent
from porch.people import roles
from tests.desk.desk_helpers import member
from tests.factories import (
    CommentFactory,
    PersonFactory,
    PostFactory,
    SubscriptionFactory,
)

pytestmark = pytest.mark.django_db

SECRET_EMAIL = "thread.writer@hidden.example"
SECRET_WORDS = "Words only the thread should remember"


def threaded_post(**fields):
    """A post with a three-level thread (2 replies) beside a lone comment."""
    post = PostFactory(**fields)
    top = CommentFactory(post=post, author_email=SECRET_EMAIL, body=SECRET_WORDS)
    reply = CommentFactory(post=post, parent=top)
    CommentFactory(post=post, parent=reply)
    CommentFactory(post=post)
    SubscriptionFactory(post=post)
    return post


def delete_url(post):
    return reverse("admin:blog_post_delete", args=[post.pk])


def logged_in(role, username):
    client = Client()
    client.force_login(member(role, username))
    return client


@pytest.mark.parametrize("role", [roles.HOST, roles.EDITOR])
def test_a_post_with_a_three_level_thread_deletes_cleanly(role):
    post, other = threaded_post(), threaded_post()
    client = logged_in(role, "deleter")

    response = client.post(delete_url(post), {"post": "yes"})

    assert response.status_code == 302
    assert not Post.objects.filter(pk=post.pk).exists()
    assert not Comment.objects.filter(post_id=post.pk).exists()
    assert not Subscription.objects.filter(post_id=post.pk).exists()
    # The other post's thread is untouched, its replies still under their parents.
    assert Comment.objects.filter(post=other, parent__isnull=False).count() == 2
    assert Subscription.objects.filter(post=other).count() == 1


def test_the_confirmation_says_how_many_comments_and_replies_go():
    post = threaded_post(title="The post with a thread")
    client = logged_in(roles.HOST, "hostess")

    page = client.get(delete_url(post)).content.decode()

    assert "Comments: 4" in page
    assert "Replies (among the comments): 2" in page
    assert "4 comments (2 replies among them)" in page
    assert "cannot be deleted" not in page.lower()
    # Numbers only: no comment's words or writer's address on the page.
    assert SECRET_WORDS not in page
    assert SECRET_EMAIL not in page


def test_the_audit_log_keeps_who_deleted_what_without_the_comments():
    post = threaded_post(title="A short-lived thread")
    pk = post.pk
    client = logged_in(roles.HOST, "hostess")

    client.post(delete_url(post), {"post": "yes"})

    event = ModerationEvent.objects.get(reasons__0__code="post_deleted")
    assert event.actor.username == "hostess"
    assert event.action == ModerationEvent.Action.REMOVE
    assert event.comment_id is None
    assert event.reasons[0]["message"] == (
        f"Post #{pk} “A short-lived thread” deleted with 4 comments "
        "(2 replies among them)"
    )
    assert event.text_snapshot == ""
    assert LogEntry.objects.filter(object_id=str(pk), action_flag=DELETION).exists()
    log = client.get(reverse("desk:log")).content.decode()
    assert "A short-lived thread" in log
    assert "post_deleted" in log
    assert SECRET_EMAIL not in log


@pytest.mark.parametrize("role", [roles.AUTHOR, roles.GUEST_CONTRIBUTOR])
def test_writers_may_not_delete_even_their_own_post(role):
    user = member(role, "writer")
    post = threaded_post(author=PersonFactory(user=user))
    client = Client()
    client.force_login(user)

    response = client.post(delete_url(post), {"post": "yes"})

    assert response.status_code == 403
    assert Comment.objects.filter(post=post).count() == 4
    with pytest.raises(ModerationRefusedError):
        post_delete_with_discussion(post=post, actor=user)
    assert Post.objects.filter(pk=post.pk).exists()
    assert not ModerationEvent.objects.exists()


def test_bulk_delete_takes_two_posts_with_their_discussions():
    first, second, kept = threaded_post(), threaded_post(), threaded_post()
    client = logged_in(roles.EDITOR, "editor")
    changelist = reverse("admin:blog_post_changelist")
    chosen = {"action": "delete_selected", "_selected_action": [first.pk, second.pk]}

    confirmation = client.post(changelist, chosen).content.decode()
    assert "Comments: 8" in confirmation
    assert "Replies (among the comments): 4" in confirmation
    response = client.post(changelist, {**chosen, "post": "yes"})

    assert response.status_code == 302
    assert list(Post.objects.all()) == [kept]
    assert Comment.objects.count() == 4
    assert ModerationEvent.objects.filter(reasons__0__code="post_deleted").count() == 2


def test_the_cached_page_is_gone_after_the_delete(client):
    SiteSettings.current()  # as on a running site: creating the row drops pages
    post = threaded_post()
    url = post.get_absolute_url()
    assert client.get(url).status_code == 200
    cached = client.get(url)
    assert (cached.status_code, len(cached.templates)) == (200, 0)  # from the cache

    logged_in(roles.HOST, "hostess").post(delete_url(post), {"post": "yes"})

    assert client.get(url).status_code == 404
