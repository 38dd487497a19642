from dataclasses import replace
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from porch.comments.edits import comment_delete, comment_edit
from porch.comments.identity import IdentityProof
from porch.comments.models import Comment
from porch.comments.services import (
    CommentAuthor,
    CommentRateLimitedError,
    CommentRejectedError,
    comment_submit,
    ip_for_storage,
)
from porch.core.models import SiteSettings
from tests.factories import CommentFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db

ADA = CommentAuthor(name="Ada", email="ada@example.com", url="https://ada.example")


def submit(
    post, body="Walking beside works.", parent_id=None, author=ADA, ip="198.51.100.7"
):
    return comment_submit(
        post=post, author=author, body=body, parent_id=parent_id, ip=ip
    )


def settings_set(**values):
    SiteSettings.current()
    SiteSettings.objects.filter(pk=1).update(**values)
    cache.clear()


def test_new_commenter_is_held_and_known_commenter_is_approved():
    post = PostFactory()
    first = submit(post)
    assert first.status == "pending"
    first.status = Comment.Status.APPROVED  # a moderator let it in
    first.save(update_fields=["status"])
    returning = replace(ADA, proof=IdentityProof(comment_ids=frozenset({first.pk})))
    second = submit(post, body="And a second thought.", author=returning)

    assert first.moderation_reasons[0]["code"] == "first_time"
    assert second.status == "approved"
    assert first.body_html == "<p>Walking beside works.</p>\n"


def test_post_author_logged_in_is_approved():
    user = UserFactory()
    post = PostFactory(author__user=user)
    author = CommentAuthor(name="The author", email=user.email, user=user)

    comment = submit(post, author=author)

    assert (comment.status, comment.user) == ("approved", user)


def test_reply_past_max_depth_attaches_to_deepest_allowed_ancestor():
    settings_set(comment_max_depth=3)
    post = PostFactory()
    top = CommentFactory(post=post)
    level1 = CommentFactory(post=post, parent=top)
    level2 = CommentFactory(post=post, parent=level1)

    reply = submit(post, parent_id=level2.pk)

    assert (reply.parent, reply.depth) == (level1, 2)
    assert reply.path == f"{level1.path}/{reply.pk:010d}"


def test_duplicate_is_refused_and_nothing_saved():
    post = PostFactory()
    submit(post)

    with pytest.raises(CommentRejectedError) as refused:
        submit(post, body="  Walking beside works.  ")

    assert refused.value.message == "It looks as though you\u2019ve already said that!"
    assert refused.value.field == "body"
    assert Comment.objects.count() == 1


def test_closed_by_hand_is_refused():
    post = PostFactory(comments_open=False)

    with pytest.raises(
        CommentRejectedError, match=r"Comments are closed on this post\."
    ):
        submit(post)

    assert not Comment.objects.exists()


def test_comments_close_automatically_after_the_set_days():
    settings_set(comments_close_after_days=14)
    post = PostFactory(publish_at=timezone.now() - timedelta(days=15))
    fresh = PostFactory(publish_at=timezone.now() - timedelta(days=13))

    with pytest.raises(CommentRejectedError, match="closed"):
        submit(post)

    assert submit(fresh).post == fresh
    assert Comment.objects.count() == 1


def test_rate_limit_per_address_after_five_a_minute():
    post = PostFactory()
    for n in range(5):
        author = CommentAuthor(name="Bo", email=f"bo{n}@example.com")
        submit(post, body=f"Point {n}.", author=author)

    with pytest.raises(CommentRateLimitedError, match="Please wait a minute"):
        submit(
            post, body="One more.", author=CommentAuthor(name="Bo", email="x@ex.com")
        )

    assert Comment.objects.count() == 5


def test_rate_limit_per_email_across_addresses():
    post = PostFactory()
    for n in range(5):
        submit(post, body=f"Point {n}.", ip=f"198.51.{n}.1")

    with pytest.raises(CommentRateLimitedError):
        submit(post, body="Point six.", ip="192.0.2.99")

    assert Comment.objects.count() == 5


def test_rate_limit_counts_an_ipv6_network_not_each_address_in_it():
    # One IPv6 subscriber holds a whole /64: counting each address would let them
    # post without limit by changing the last bits.
    post = PostFactory()
    for n in range(5):
        author = CommentAuthor(name="Vi", email=f"vi{n}@example.com")
        submit(post, body=f"Point {n}.", author=author, ip=f"2001:db8:1:2::{n + 1}")

    with pytest.raises(CommentRateLimitedError, match="Please wait a minute"):
        submit(
            post,
            body="One more.",
            author=CommentAuthor(name="Vi", email="vi9@example.com"),
            ip="2001:db8:1:2:ffff::9",
        )

    assert Comment.objects.count() == 5
    other = CommentAuthor(name="Wu", email="wu@example.com")
    assert submit(post, body="Next door.", author=other, ip="2001:db8:1:3::1").pk


def test_rate_limit_frees_up_after_a_minute():
    post = PostFactory()
    with time_machine.travel("2030-01-01 12:00:00 +0000", tick=False) as clock:
        for n in range(5):
            submit(
                post,
                body=f"Point {n}.",
                author=CommentAuthor(name="C", email=f"c{n}@e.com"),
            )
        clock.shift(timedelta(seconds=61))
        later = submit(
            post, body="Later.", author=CommentAuthor(name="C", email="z@e.com")
        )
    assert later.pk is not None


def test_ip_is_stored_truncated_by_default():
    assert ip_for_storage("198.51.100.77") == "198.51.100.0"
    assert ip_for_storage("2001:db8:abcd:1234::1") == "2001:db8:abcd::"
    assert ip_for_storage("not an address") == ""


@override_settings(PORCH_COMMENT_IP_STORAGE="hash")
def test_ip_is_stored_as_a_keyed_hash_when_asked():
    stored = ip_for_storage("198.51.100.77")
    assert stored.startswith("hmac:")
    assert len(stored) == 37
    assert "198.51" not in stored
    assert stored == ip_for_storage("198.51.100.77")


def test_edit_allowed_at_14_minutes():
    with time_machine.travel("2030-01-01 12:00:00 +0000", tick=False) as clock:
        comment = CommentFactory(body="Frist!")
        clock.shift(timedelta(minutes=14))
        comment_edit(
            comment=comment,
            body="First *thought*.",
            writer_ids={comment.pk},
            ip="198.51.100.7",
        )
    comment.refresh_from_db()
    assert (comment.body, comment.body_html) == (
        "First *thought*.",
        "<p>First <em>thought</em>.</p>\n",
    )


def test_edit_refused_at_16_minutes_and_nothing_changes():
    with time_machine.travel("2030-01-01 12:00:00 +0000", tick=False) as clock:
        comment = CommentFactory(body="Frist!")
        clock.shift(timedelta(minutes=16))
        with pytest.raises(CommentRejectedError, match="15 minutes"):
            comment_edit(
                comment=comment,
                body="Changed.",
                writer_ids={comment.pk},
                ip="198.51.100.7",
            )
    comment.refresh_from_db()
    assert comment.body == "Frist!"


def test_edit_refused_for_someone_elses_comment():
    comment = CommentFactory(body="Mine.")

    with pytest.raises(CommentRejectedError, match="Only the person"):
        comment_edit(
            comment=comment,
            body="Yours now.",
            writer_ids={comment.pk + 1},
            ip="198.51.100.7",
        )

    comment.refresh_from_db()
    assert comment.body == "Mine."


def test_delete_within_window_keeps_the_row_as_removed():
    with time_machine.travel("2030-01-01 12:00:00 +0000", tick=False) as clock:
        comment = CommentFactory()
        clock.shift(timedelta(minutes=14))
        comment_delete(comment=comment, writer_ids={comment.pk})
    comment.refresh_from_db()
    assert comment.status == "removed"


def test_delete_refused_at_16_minutes():
    with time_machine.travel("2030-01-01 12:00:00 +0000", tick=False) as clock:
        comment = CommentFactory()
        clock.shift(timedelta(minutes=16))
        with pytest.raises(CommentRejectedError):
            comment_delete(comment=comment, writer_ids={comment.pk})
    comment.refresh_from_db()
    assert comment.status == "approved"


def test_edit_is_moderated_again_so_an_approved_comment_cannot_turn_into_spam():
    settings_set(moderation_disallowed_words="casino")
    post = PostFactory()
    earlier = CommentFactory(author_name="Ada", author_email="ada@example.com")
    returning = replace(ADA, proof=IdentityProof(comment_ids=frozenset({earlier.pk})))
    comment = submit(post, body="A fair point about walking.", author=returning)
    assert comment.status == "approved"

    comment_edit(
        comment=comment,
        body="Visit my casino.",
        writer_ids={comment.pk},
        ip="198.51.100.7",
    )

    comment.refresh_from_db()
    assert (comment.body, comment.status) == ("Visit my casino.", "spam")
    event = comment.moderation_events.order_by("-pk").first()
    assert (event.action, event.text_snapshot) == ("auto_spam", "Visit my casino.")


@pytest.mark.parametrize("status", ["pending", "spam"])
def test_edit_never_lifts_a_held_or_spam_comment(status):
    CommentFactory(author_email="ada@example.com")  # approved elsewhere: known
    comment = CommentFactory(author_email="ada@example.com", status=status)

    comment_edit(
        comment=comment,
        body="Harmless words now.",
        writer_ids={comment.pk},
        ip="198.51.100.7",
    )

    comment.refresh_from_db()
    assert (comment.body, comment.status) == ("Harmless words now.", status)


def test_edits_count_against_the_rate_limit_and_a_refused_edit_changes_nothing():
    comment = CommentFactory(body="Frist!")
    for attempt in range(5):
        comment_edit(
            comment=comment,
            body=f"Take {attempt}.",
            writer_ids={comment.pk},
            ip="198.51.100.9",
        )

    with pytest.raises(CommentRateLimitedError):
        comment_edit(
            comment=comment, body="Take 6.", writer_ids={comment.pk}, ip="198.51.100.9"
        )

    comment.refresh_from_db()
    assert comment.body == "Take 4."
