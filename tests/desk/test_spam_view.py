"""The desk's Spam view: spam stays recoverable, and "not spam" teaches the model."""

from __future__ import annotations

import pytest

from porch.comments.models import Comment
from porch.comments.services import CommentAuthor, comment_submit
from porch.moderation.models import ModerationEvent, ModerationExample
from tests.desk.desk_helpers import QUEUE, act, held, order_on_page, settings_set
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db

SPAM_VIEW = QUEUE + "?status=spam"


def filed_as_spam(**fields):
    comment = held(**fields)
    Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.SPAM)
    comment.refresh_from_db()
    return comment


def test_spam_view_lists_spam_newest_first_with_its_reasons(host_client):
    older = filed_as_spam(body="Cheap pills at pills.example")
    newer = filed_as_spam(
        body="Casino bonus, click now",
        reasons=[("rule:honeypot", "Filled in the field hidden from people.", [])],
    )
    waiting = held(body="A real question about the post.")

    html = host_client.get(SPAM_VIEW).content.decode()

    assert order_on_page(html, [older, newer]) == [newer, older]
    assert "2 comments filed as spam, newest first." in html
    assert "Spam is emptied after 30 days" in html
    assert "Filled in the field hidden from people." in html
    assert f'id="held-{waiting.pk}"' not in html
    assert 'value="approve">Not spam <kbd>a</kbd></button>' in html
    assert 'name="action" value="spam">Spam' not in html
    assert '<a href="/desk/?status=spam" aria-current="page">Spam</a>' in html


def test_the_held_queue_leaves_spam_out(host_client):
    spam = filed_as_spam(body="Cheap pills at pills.example")

    html = host_client.get(QUEUE).content.decode()

    assert f'id="held-{spam.pk}"' not in html
    assert '<a href="/desk/?status=spam">Spam</a>' in html


def test_spam_view_filters_by_post_and_search(host_client):
    post = PostFactory()
    here = filed_as_spam(post=post, body="Cheap pills here")
    filed_as_spam(body="Cheap pills elsewhere")

    by_post = host_client.get(SPAM_VIEW + f"&post={post.pk}").content.decode()
    by_words = host_client.get(SPAM_VIEW + "&q=elsewhere").content.decode()

    assert "1 comment filed as spam matches, newest first." in by_post
    assert f'id="held-{here.pk}"' in by_post
    assert f'id="held-{here.pk}"' not in by_words
    assert '<input type="hidden" name="status" value="spam">' in by_words


def test_spam_view_says_when_nothing_is_kept(host_client):
    settings_set(moderation_spam_retention_days=14)

    html = host_client.get(SPAM_VIEW).content.decode()

    assert "No spam is kept. Nothing was filed as spam in the last 14 days." in html


def test_not_spam_publishes_the_comment_and_teaches_the_model(host_client):
    spam = filed_as_spam(body="I really did mean this about the post.")

    response = act(host_client, spam, "approve")

    assert response.status_code == 302
    spam.refresh_from_db()
    assert spam.status == "approved"
    event = ModerationEvent.objects.get(comment=spam)
    assert event.action == "approve"
    example = ModerationExample.objects.get(comment=spam)
    assert (example.label, example.text) == (
        "approve",
        "I really did mean this about the post.",
    )


def test_a_guest_sees_only_their_own_posts_spam_and_cannot_restore_others(
    client, guest
):
    user, own = guest
    mine = filed_as_spam(post=own, body="Mine, caught by mistake")
    theirs = filed_as_spam(body="Someone else's spam")
    client.force_login(user)

    html = client.get(SPAM_VIEW).content.decode()
    refused = act(client, theirs, "approve")

    assert f'id="held-{mine.pk}"' in html
    assert f'id="held-{theirs.pk}"' not in html
    assert refused.status_code == 403
    theirs.refresh_from_db()
    assert theirs.status == "spam"
    assert not ModerationEvent.objects.exists()
    assert not ModerationExample.objects.exists()


BLATANT = (
    "CHEAP REPLICA WATCHES http://watches.example buy now free shipping "
    "http://watches.example/sale"
)


def test_certain_spam_is_filed_as_spam_and_reaches_the_spam_view(host_client):
    post = PostFactory(title="Walking beside the team")
    comment = comment_submit(
        post=post,
        author=CommentAuthor(name="Watches", email="sales@watches.example"),
        body=BLATANT,
        parent_id=None,
        ip="198.51.100.7",
    )

    spam_view = host_client.get(SPAM_VIEW).content.decode()
    queue = host_client.get(QUEUE).content.decode()

    assert comment.status == "spam"
    assert comment.moderation_scores["spam"] >= 0.98
    assert ModerationEvent.objects.get(comment=comment).action == "auto_spam"
    assert f'id="held-{comment.pk}"' in spam_view
    assert f'id="held-{comment.pk}"' not in queue


def test_spam_under_the_hosts_filing_level_is_only_held(host_client):
    settings_set(moderation_spam_file_at=1.0, moderation_hold_links=0)
    post = PostFactory(title="Walking beside the team")

    comment = comment_submit(
        post=post,
        author=CommentAuthor(name="Watches", email="sales@watches.example"),
        body="Replica watches, buy now",
        parent_id=None,
        ip="198.51.100.7",
    )

    assert comment.moderation_scores["spam"] < 1.0
    assert comment.status == "pending"
