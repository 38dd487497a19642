"""A moderator's actions on comments: decide, edit, reply, one comment or many.

Each action changes the comment, writes a ``ModerationEvent`` (the audit log) and,
for a decision about the comment's worth, a ``ModerationExample`` (the learning
loop), all in one transaction. Who may act is ``porch.blog.access``; a refusal
changes nothing. What each action does is the table ``DECISIONS``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from porch.blog.access import user_may_moderate
from porch.blog.models import Post
from porch.comments import notifications
from porch.comments.duplicates import comment_fingerprint_free
from porch.comments.models import Comment
from porch.comments.services import CommentAuthor, comment_submit
from porch.comments.verdicts import DECISIONS, comment_submission
from porch.core.models import SiteSettings
from porch.core.sanitize import render_comment_markdown
from porch.desk.errors import ModerationRefusedError
from porch.desk.notices import comment_removal_notify
from porch.moderation.models import ModerationEvent, ModerationExample
from porch.moderation.tasks import adapter_train_soon

Action = ModerationEvent.Action


def _example_record(
    *, comment: Comment, label: str, actor: AbstractBaseUser, now: datetime | None
) -> ModerationExample:
    seen = comment_submission(comment)
    example = ModerationExample.objects.create(
        comment=comment,
        label=label,
        text=comment.body,
        author_name=comment.author_name,
        author_url=comment.author_url,
        post_title=seen.post_title,
        post_text=seen.post_text,
        post_questions="\n".join(seen.post_questions),
        parent_text=seen.parent_body,
        parent_author_name=seen.parent_author_name,
        actor_id=actor.pk,
        created_at=now or timezone.now(),
    )
    adapter_train_soon()  # the learning loop: refit the site's adapter after commit
    return example


def check_may_moderate(actor: AbstractBaseUser, post: Post) -> None:
    """Raise ``ModerationRefusedError`` unless ``actor`` may moderate ``post``."""
    if not user_may_moderate(actor, post):
        raise ModerationRefusedError("You may not moderate comments on this post.")


@transaction.atomic
def comment_moderate(
    *,
    comment: Comment,
    actor: AbstractBaseUser,
    action: str,
    note: str = "",
    now: datetime | None = None,
    notify: bool = True,
) -> Comment:
    """Apply a moderator's decision: approve, hold, spam, remove_offensive,
    remove_off_topic or remove.

    Writes the event (``note`` becomes its reason) and, except for ``hold``, a
    labeled example. Approving tells subscribers after the commit; removing emails
    the commenter which rule was broken when the host turned that on. Raises
    ``ModerationRefusedError`` (nothing changed) for an unknown action or an actor
    who may not moderate the post. Use ``comment_edit_by_moderator`` for edits.

    ``now`` stamps the change, its event and example (default: the clock's time);
    ``notify=False`` tells nobody, for writers of past history like ``porch demo``.
    """
    if action not in DECISIONS:
        raise ModerationRefusedError(f"Unknown moderation action {action!r}.")
    check_may_moderate(actor, comment.post)
    decision = DECISIONS[action]
    was = comment.status
    if was == Comment.Status.REMOVED and decision.status != was:
        comment.fingerprint = comment_fingerprint_free(comment)
    comment.status = decision.status
    comment.save(update_fields=["status", "fingerprint", "updated_at"])
    if now is not None:  # updated_at is stamped by the clock on save (auto_now)
        comment.updated_at = now
        Comment.objects.filter(pk=comment.pk).update(updated_at=now)
    reasons = [{"code": "moderator", "message": note, "evidence": []}] if note else []
    ModerationEvent.objects.create(
        comment=comment,
        actor_id=actor.pk,
        action=action,
        reasons=reasons,
        scores=comment.moderation_scores,
        text_snapshot=comment.body,
        created_at=now or timezone.now(),
    )
    if decision.example_label is not None:
        _example_record(
            comment=comment, label=decision.example_label, actor=actor, now=now
        )
    comment_id = comment.pk
    if notify and decision.status == Comment.Status.APPROVED and was != decision.status:
        transaction.on_commit(
            lambda: notifications.comment_approved(comment_id=comment_id)
        )
    if notify and _removal_to_tell(comment, action=action, was=was):
        transaction.on_commit(
            lambda: comment_removal_notify.enqueue(comment_id=comment_id, action=action)
        )
    return comment


def _removal_to_tell(comment: Comment, *, action: str, was: str) -> bool:
    return bool(
        DECISIONS[action].removal_rule
        and was != comment.status
        and comment.author_email
        and SiteSettings.current().moderation_email_commenter_on_removal
    )


@transaction.atomic
def comments_moderate(
    *, comments: Sequence[Comment], actor: AbstractBaseUser, action: str
) -> None:
    """A bulk action: ``comment_moderate`` on every comment or, on the first
    refusal, on none of them."""
    for comment in comments:
        comment_moderate(comment=comment, actor=actor, action=action)


@transaction.atomic
def comment_edit_by_moderator(
    *, comment: Comment, actor: AbstractBaseUser, body: str, approve: bool = False
) -> Comment:
    """Replace a comment's text (a moderator's edit); the event keeps both texts.

    With ``approve``, a comment not yet approved is then approved as well (its own
    event). Raises ``ModerationRefusedError`` for an empty text or an actor who may
    not moderate the post, and ``ValidationError`` for a text too long; nothing
    changes then.
    """
    check_may_moderate(actor, comment.post)
    before, after = comment.body, body.strip()
    if not after:
        raise ModerationRefusedError("A comment cannot be edited down to nothing.")
    comment.body = after
    comment.body_html = render_comment_markdown(after)
    comment.full_clean(exclude=["path", "parent", "post", "user"])
    comment.save(update_fields=["body", "body_html", "updated_at"])
    ModerationEvent.objects.create(
        comment=comment,
        actor_id=actor.pk,
        action=Action.EDIT,
        text_snapshot=after,
        text_before=before,
        text_after=after,
    )
    if approve and comment.status != Comment.Status.APPROVED:
        comment_moderate(comment=comment, actor=actor, action=Action.APPROVE)
    return comment


@transaction.atomic
def comment_reply_by_moderator(
    *, comment: Comment, actor: AbstractBaseUser, body: str, ip: str
) -> Comment:
    """Approve ``comment`` (a reply needs a shown parent), then answer it as ``actor``.

    The reply goes through ``comment_submit`` like any other, rate limits included;
    a refusal there (``CommentRejectedError``) rolls the approval back too.
    """
    if comment.status != Comment.Status.APPROVED:
        comment_moderate(comment=comment, actor=actor, action=Action.APPROVE)
    return comment_submit(
        post=comment.post,
        author=CommentAuthor.for_account(actor),
        body=body,
        parent_id=comment.pk,
        ip=ip,
    )
