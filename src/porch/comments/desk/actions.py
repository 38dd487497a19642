"""What the desk asks of the moderation services, in the desk's own words.

Each function is a thin call into ``porch.comments.moderation_actions``, so the desk,
the admin and the API write the same events and examples. The desk's action names
(``offensive``, ``off_topic``) map onto the audit log's (``remove_offensive``...).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from porch.comments.desk.selectors import moderated_posts
from porch.comments.models import Comment
from porch.comments.moderation_actions import (
    ModerationRefusedError,
    comment_edit_by_moderator,
    comment_moderate,
    commenter_block,
    user_may_moderate,
)
from porch.comments.services import CommentAuthor, comment_submit
from porch.moderation.models import BlockRule, ModerationEvent
from porch.people.roles import EDITOR, HOST, user_role

User = AbstractBaseUser | AnonymousUser
EVENT_FOR_ACTION = {
    "approve": ModerationEvent.Action.APPROVE,
    "spam": ModerationEvent.Action.SPAM,
    "offensive": ModerationEvent.Action.REMOVE_OFFENSIVE,
    "off_topic": ModerationEvent.Action.REMOVE_OFF_TOPIC,
}
DONE_WORDS = {
    "approve": "Approved",
    "spam": "Marked as spam",
    "offensive": "Removed as offensive",
    "off_topic": "Removed as off-topic",
}


def moderates_anything(user: User) -> bool:
    """Whether ``user`` gets a desk at all (a host with no comments yet does)."""
    return user_role(user) in {HOST, EDITOR} or moderated_posts(user).exists()


def may_moderate(user: User, comment: Comment) -> bool:
    """Whether ``user`` may act on ``comment``: its post decides."""
    return user_may_moderate(user, comment.post)


def describe(action: str, comments: Sequence[Comment]) -> str:
    """What the moderator is told after ``action`` on ``comments``."""
    done = DONE_WORDS[action]
    if len(comments) == 1:
        return f"{done}: the comment by {comments[0].author_name}."
    return f"{done}: {len(comments)} comments."


def moderate(*, comment: Comment, actor: AbstractBaseUser, action: str) -> Comment:
    """One click on the desk; raises ``ModerationRefusedError`` (nothing changed)."""
    return comment_moderate(
        comment=comment, actor=actor, action=EVENT_FOR_ACTION[action]
    )


@transaction.atomic
def moderate_many(
    *, comments: Sequence[Comment], actor: AbstractBaseUser, action: str
) -> None:
    """A bulk action: every comment or, on the first refusal, none of them."""
    for comment in comments:
        moderate(comment=comment, actor=actor, action=action)


@transaction.atomic
def edit(
    *, comment: Comment, actor: AbstractBaseUser, body: str, approve: bool
) -> Comment:
    """Replace the text (the log keeps both versions), then approve if asked."""
    comment_edit_by_moderator(comment=comment, actor=actor, body=body)
    if approve and comment.status != Comment.Status.APPROVED:
        moderate(comment=comment, actor=actor, action="approve")
    return comment


@transaction.atomic
def reply(*, comment: Comment, actor: AbstractBaseUser, body: str, ip: str) -> Comment:
    """Approve ``comment`` (a reply needs a shown parent), then answer it as ``actor``.

    The reply goes through ``comment_submit`` like any other, rate limits included;
    a refusal there rolls the approval back too.
    """
    if comment.status != Comment.Status.APPROVED:
        moderate(comment=comment, actor=actor, action="approve")
    return comment_submit(
        post=comment.post,
        author=CommentAuthor.for_account(actor),
        body=body,
        parent_id=comment.pk,
        ip=ip,
    )


def block(
    *,
    actor: AbstractBaseUser,
    kind: str,
    value: str,
    comment: Comment | None,
    expires_in_days: int,
    note: str,
) -> BlockRule:
    """Block a typed value, or the commenter of ``comment`` (their own details).

    Raises ``ModerationRefusedError`` with a message for the form; nothing is saved.
    """
    expires = (
        timezone.now() + timedelta(days=expires_in_days) if expires_in_days else None
    )
    try:
        return commenter_block(
            actor=actor,
            kind=kind,
            value=value.strip(),
            comment=comment if not value.strip() else None,
            reason=note,
            expires_at=expires,
        )
    except ValidationError as error:
        raise ModerationRefusedError(" ".join(error.messages)) from None
