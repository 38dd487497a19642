"""The clock and notification switches of comment_submit and comment_moderate.

Writers of past history (``porch demo``) pass ``now`` and ``notify=False``; the
defaults are a reader's comment and a moderator's click, today, telling people.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django_tasks_db.models import DBTaskResult

from porch.comments.models import Comment
from porch.comments.services import CommentAuthor, comment_submit
from porch.desk.services.comments import comment_moderate
from porch.moderation.models import ModerationEvent, ModerationExample
from porch.people import roles
from porch.people.services import user_role_set
from tests.factories import CommentFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db

WRITTEN = datetime(2026, 2, 3, 10, 15, tzinfo=UTC)
BEA = CommentAuthor(name="Bea Holm", email="bea@tern.example")


@pytest.fixture
def queued_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    def paths() -> set[str]:
        return set(DBTaskResult.objects.values_list("task_path", flat=True))

    return paths


def test_a_comment_written_at_a_given_time_is_stamped_with_it(
    django_capture_on_commit_callbacks, queued_tasks
):
    post = PostFactory(publish_at=WRITTEN - timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        comment = comment_submit(
            post=post,
            author=BEA,
            body="We tried this at the allotment.",
            parent_id=None,
            ip="198.51.100.23",
            now=WRITTEN,
            notify=False,
        )

    comment.refresh_from_db()
    assert (comment.created_at, comment.updated_at) == (WRITTEN, WRITTEN)
    event = ModerationEvent.objects.get(comment=comment)
    assert (event.action, event.created_at) == ("auto_hold", WRITTEN)
    assert queued_tasks() == set()


def test_a_comment_tells_the_staff_by_default(
    django_capture_on_commit_callbacks, queued_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment_submit(
            post=PostFactory(),
            author=BEA,
            body="We tried this at the allotment.",
            parent_id=None,
            ip="198.51.100.23",
        )

    assert queued_tasks() == {"porch.comments.tasks.comment_staff_notify"}


def test_a_decision_taken_at_a_given_time_is_stamped_with_it(
    django_capture_on_commit_callbacks, queued_tasks
):
    host = user_role_set(user=UserFactory(), role=roles.HOST)
    comment = CommentFactory(status=Comment.Status.PENDING)
    approved_at = WRITTEN + timedelta(minutes=25)
    with django_capture_on_commit_callbacks(execute=True):
        comment_moderate(
            comment=comment,
            actor=host,
            action="approve",
            now=approved_at,
            notify=False,
        )

    comment.refresh_from_db()
    assert (comment.status, comment.updated_at) == ("approved", approved_at)
    event = ModerationEvent.objects.get(comment=comment, actor=host)
    assert event.created_at == approved_at
    assert ModerationExample.objects.get(comment=comment).created_at == approved_at
    assert queued_tasks() == {"porch.moderation.tasks.moderation_adapter_train"}


def test_an_approval_tells_subscribers_by_default(
    django_capture_on_commit_callbacks, queued_tasks
):
    host = user_role_set(user=UserFactory(), role=roles.HOST)
    comment = CommentFactory(status=Comment.Status.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        comment_moderate(comment=comment, actor=host, action="approve")

    assert queued_tasks() == {
        "porch.comments.tasks.comment_subscribers_notify",
        "porch.moderation.tasks.moderation_adapter_train",
    }
