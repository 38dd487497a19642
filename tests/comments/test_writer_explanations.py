"""The writer's own view of a held or removed comment: why, in plain words.

Only the writer (the signed writer cookie) is told; other readers see what they
saw before, and a list with a writer's notes never enters the shared cache.
"""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.test import Client

from porch.comments.explanations import (
    HELD_BECAUSE,
    held_explanation,
    removed_explanation,
)
from porch.comments.models import Comment
from porch.desk.services.comments import comment_moderate
from porch.people import roles
from tests.comments.test_rendering import item, writer_cookie
from tests.desk.desk_helpers import member
from tests.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db

POLICY = "Stay on topic and be kind."


def reasons(*codes: str) -> list[dict[str, object]]:
    return [
        {
            "code": code,
            "message": "Score 0.97, matched 'secret-word'.",
            "evidence": ["x"],
        }
        for code in codes
    ]


@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        (
            ["off_topic"],
            "Held for review: it looks off-topic for this post — the comment policy "
            "asks to stay on topic.",
        ),
        (
            ["offensive"],
            "Held for review: it may be offensive — the comment policy asks to keep "
            "the discussion civil.",
        ),
        (["spam"], "Held for review: it looks like spam."),
        (
            ["first_time"],
            "Held for review: your first comment here waits for the host's approval.",
        ),
        (["links"], "Held for review: it has many links."),
        (
            ["rule:moderation_words"],
            "Held for review: it uses a word the host reviews.",
        ),
        (["check_failed"], "Held for review: automatic check failed."),
        (
            ["links", "first_time", "links"],
            "Held for review: it has many links; your first comment here waits for "
            "the host's approval.",
        ),
        (["rule:added_later"], "Held for review: it waits for the host's review."),
        ([], "Held for review: it waits for the host's review."),
    ],
)
def test_held_reasons_read_as_plain_words(codes, expected):
    assert held_explanation(reasons(*codes)) == expected


def test_plain_words_never_carry_scores_or_evidence():
    said = held_explanation(reasons(*HELD_BECAUSE))

    assert "0.97" not in said
    assert "secret-word" not in said


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        ("remove_off_topic", "Removed by the moderator: it was off-topic."),
        ("remove_offensive", "Removed by the moderator: it was offensive."),
        ("remove", "Removed by the moderator: it broke the comment policy."),
    ],
)
def test_removals_read_as_the_policy_rule(action, expected):
    assert removed_explanation(action) == expected


@pytest.fixture
def post():
    return PostFactory(title="Walking beside the team", comment_policy=POLICY)


def held_on(post, *codes):
    return CommentFactory(
        post=post,
        status=Comment.Status.PENDING,
        body="Banana bread needs ripe bananas.",
        moderation_reasons=reasons(*codes),
    )


def test_writer_sees_why_held_others_see_nothing(client, post):
    comment = held_on(post, "off_topic", "first_time")
    writer_cookie(client, comment.pk, written_at=1)  # past the edit window

    mine = client.get(post.get_absolute_url()).content
    theirs = Client().get(post.get_absolute_url()).content

    assert item(mine, comment.pk)[-6:-2] == [
        '    <p class="comment__awaiting">Your comment is awaiting moderation.',
        '    <div class="comment__why" role="note">',
        "      <p>Held for review: it looks off-topic for this post — the comment "
        "policy asks to stay on topic; your first comment here waits for the "
        "host's approval.",
        '    <div class="comment__content">',
    ]
    assert b"0.97" not in mine
    assert b"secret-word" not in mine
    assert b"Held for review" not in theirs
    assert b"Banana bread" not in theirs


def removed_by_moderator(post, action):
    comment = CommentFactory(post=post, body="Banana bread needs ripe bananas.")
    comment_moderate(
        comment=comment,
        actor=member(roles.HOST, "hostess"),
        action=action,
        notify=False,
    )
    return comment


def test_writer_sees_their_removed_comment_with_the_policy_reason(client, post):
    comment = removed_by_moderator(post, "remove_off_topic")
    writer_cookie(client, comment.pk, written_at=1)

    mine = client.get(post.get_absolute_url()).content

    assert item(mine, comment.pk)[0] == (
        f'<li class="comment depth-1 is-removed" id="comment-{comment.pk}" value="1">'
    )
    assert item(mine, comment.pk)[-8:] == [
        '    <div class="comment__why" role="note">',
        "      <p>Removed by the moderator: it was off-topic. Only you see this "
        "comment now.",
        '      <div class="comment__policy">',
        "        <p>The comment policy:",
        f"        <p>{POLICY}",
        '    <div class="comment__content">',
        "      <p>Banana bread needs ripe bananas.",
        '    <p class="comment__actions">',
    ]


def test_other_readers_still_see_nothing_of_a_removed_comment(client, post):
    comment = removed_by_moderator(post, "remove_offensive")
    writer_cookie(client, comment.pk, written_at=1)
    client.get(post.get_absolute_url())  # the writer's own list first

    theirs = Client().get(post.get_absolute_url()).content

    assert f'id="comment-{comment.pk}"'.encode() not in theirs
    assert b"Removed by the moderator" not in theirs
    assert b"Banana bread" not in theirs


def test_a_comment_the_writer_withdrew_is_not_explained(client, post):
    comment = CommentFactory(post=post, status=Comment.Status.REMOVED)
    writer_cookie(client, comment.pk, written_at=1)

    mine = client.get(post.get_absolute_url()).content

    assert f'id="comment-{comment.pk}"'.encode() not in mine
    assert b"Removed by the moderator" not in mine


def test_a_removed_then_restored_comment_is_not_explained(client, post):
    comment = removed_by_moderator(post, "remove")
    comment_moderate(
        comment=comment, actor=member(roles.EDITOR, "eddie"), action="approve"
    )
    writer_cookie(client, comment.pk, written_at=1)

    mine = client.get(post.get_absolute_url()).content

    assert b"Removed by the moderator" not in mine
    assert b"comment__why" not in mine


def test_the_writers_list_is_never_cached(client, post, monkeypatch):
    held = held_on(post, "spam")
    removed = removed_by_moderator(post, "remove_off_topic")
    stored: list[str] = []
    store = caches["discussion"]
    monkeypatch.setattr(store, "set", lambda key, *args, **kw: stored.append(key))
    writer_cookie(client, held.pk, removed.pk, written_at=1)

    mine = client.get(post.get_absolute_url()).content
    after_writer = list(stored)
    theirs = Client().get(post.get_absolute_url()).content

    assert b"Held for review: it looks like spam." in mine
    assert after_writer == []
    assert len(stored) == 1  # the stranger's list is the shared one
    assert b"comment__why" not in theirs
    assert b"Held for review" not in theirs
